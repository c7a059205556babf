"""Cash in / out, the X and Z reports, reprinting and previewing the last receipt."""

from __future__ import annotations

from apps.pos_desktop.presenters.errors import device_warning, info, warning
from apps.pos_desktop.presenters.session import Screen, TillBase, action
from saleflex_core.domain.receipt import LayoutLine, text_of
from saleflex_core.exceptions import ValidationError
from saleflex_core.use_cases.auth import Override
from saleflex_core.use_cases.cash import CashMoved


class BackOffice(TillBase):
    @action
    def show_cash(self) -> None:
        self._signed_in()
        self.screen = Screen.CASH

    @action
    def show_reports(self) -> None:
        self._signed_in()
        self.screen = Screen.REPORT

    @action
    def cash_in(self, amount: str | None = None, reason: str = "Float") -> None:
        """Put cash into the drawer (``amount`` or what was typed)."""
        self._signed_in()
        typed = self._amount(self._typed(amount, "Type the amount first"))
        moved = self.register.cash_in(typed, reason)
        self._moved("Cash in", moved)

    @action
    def cash_out(self, amount: str | None = None, reason: str = "Pickup") -> None:
        """Take cash out; above the terminal's limit a supervisor approves it."""
        self._signed_in()
        typed = self._amount(self._typed(amount, "Type the amount first"))

        def run(override: Override | None) -> None:
            moved = self.register.cash_out(typed, reason, override)
            self._moved("Cash out", moved)

        self._with_supervisor(run)

    @action
    def x_report(self) -> str:
        """The running totals of the period: printed, and shown on the preview screen."""
        self._signed_in()
        report = self.register.x_report()
        text = self._text(report.layout)
        self._after_devices(report.device_errors)
        self._show("X report", text)
        if report.device_errors:
            self.message = warning("; ".join(report.device_errors))
        return text

    @action
    def z_report(self, counted_cash: str | None = None) -> None:
        """Close the period with the cash counted (or typed); needs a supervisor."""
        self._signed_in()
        typed = self._typed(counted_cash, "Count the drawer and type the cash counted first")
        counted = self._amount(typed)  # a typing mistake is told before the supervisor comes

        def run(override: Override | None) -> None:
            report = self.register.close_period(counted, override)
            self.keypad.clear()
            self._after_devices(report.device_errors)
            self._refresh_counters()
            self._show(f"Z report {report.closure.number:04d}", self._text(report.layout))
            done = f"Period {report.closure.number} closed"
            self.message = device_warning(done, report.device_errors)

        self._with_supervisor(run)

    @action
    def reprint_last(self) -> None:
        """Print a copy of the last receipt; a printer fault is told, not hidden."""
        self.register.reprint_last()
        self._after_devices(())
        self.message = info("Copy printed")

    @action
    def preview_last(self) -> str:
        """The last receipt as text, on the preview screen."""
        self._signed_in()
        text = self._text(self.register.last_receipt())
        self._show("Last receipt", text)
        return text

    def _typed(self, given: str | None, missing: str) -> str:
        text = given if given is not None else self.keypad.text
        if not text.strip():
            raise ValidationError(missing)
        return text

    def _moved(self, what: str, moved: CashMoved) -> None:
        self.keypad.clear()
        self.screen = Screen.SALE
        self._after_devices(moved.device_errors)
        self._refresh_counters()
        shown = f"{what} {moved.movement.amount.format(self.currency)}"
        drawer = moved.expected_cash.format(self.currency)
        self.message = device_warning(
            f"{shown}; the drawer should hold {drawer}", moved.device_errors
        )

    def _text(self, layout: tuple[LayoutLine, ...] | list[LayoutLine]) -> str:
        return text_of(layout, self.register.width)
