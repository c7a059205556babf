"""CASH and REPORT: cash in / out, the X report, the Z's form, the last receipt again."""

from __future__ import annotations

from apps.pos_desktop.presenters.closing import ClosingController
from apps.pos_desktop.presenters.desk import Controller, Desk, FunctionKey, Screen, action
from apps.pos_desktop.presenters.dialogs import PreviewController
from apps.pos_desktop.presenters.errors import device_warning, info, warning
from apps.pos_desktop.presenters.outbox import SyncController
from apps.pos_desktop.presenters.status import StatusController
from apps.pos_desktop.presenters.supervisor import SupervisorController
from saleflex_core.domain.receipt import LayoutLine, text_of
from saleflex_core.use_cases.auth import Override
from saleflex_core.use_cases.cash import CashMoved


class CashController(Controller):
    prompt = "Amount"

    def __init__(
        self, desk: Desk, *, supervisor: SupervisorController, status: StatusController
    ) -> None:
        super().__init__(desk)
        self.supervisor = supervisor
        self.status = status

    @action
    def show(self) -> None:
        self.desk.signed_in()
        self.desk.screen = Screen.CASH

    @action
    def cash_in(self, amount: str | None = None, reason: str = "Float") -> None:
        """Put cash into the drawer (``amount`` or what was typed)."""
        self.desk.signed_in()
        typed = self.desk.amount(self.desk.typed(amount, "Type the amount first"))
        self._moved("Cash in", self.register.cash_in(typed, reason))

    @action
    def cash_out(self, amount: str | None = None, reason: str = "Pickup") -> None:
        """Take cash out; above the terminal's limit a supervisor approves it."""
        self.desk.signed_in()
        typed = self.desk.amount(self.desk.typed(amount, "Type the amount first"))

        def run(override: Override | None) -> None:
            self._moved("Cash out", self.register.cash_out(typed, reason, override))

        self.supervisor.run(run, ("Bank pickup", "Change for the float", "Petty cash"))

    def keys(self) -> tuple[FunctionKey, ...]:
        return (
            FunctionKey("F1", "Cash in", "pay", self.cash_in),
            FunctionKey("F2", "Cash out", "void", self.cash_out),
            FunctionKey("Esc", "Back", "plain", self.back),
        )

    def _moved(self, what: str, moved: CashMoved) -> None:
        self.desk.keypad.clear()
        self.desk.screen = Screen.SALE
        self.status.after_booking(moved.device_errors)
        currency = self.desk.currency
        shown = f"{what} {moved.movement.amount.format(currency)}"
        drawer = moved.expected_cash.format(currency)
        self.desk.message = device_warning(
            f"{shown}; the drawer should hold {drawer}", moved.device_errors
        )


class ReportsController(Controller):
    """REPORT: the X report, the Z closure's form (``closing``), the last receipt."""

    prompt = "Cash counted (for Z)"  # typed before F2, it fills the Z's form

    def __init__(
        self,
        desk: Desk,
        *,
        closing: ClosingController,
        status: StatusController,
        preview: PreviewController,
        outbox: SyncController | None = None,
    ) -> None:
        super().__init__(desk)
        self.closing = closing
        self.status = status
        self.preview = preview
        self.outbox = outbox

    @action
    def show(self) -> None:
        self.desk.signed_in()
        self.desk.screen = Screen.REPORT

    @action
    def x_report(self) -> str:
        """The running totals of the period: printed, and shown on the preview screen."""
        self.desk.signed_in()
        report = self.register.x_report()
        text = self._text(report.layout)
        self.status.after_devices(report.device_errors)
        self.preview.show("X report", text)
        if report.device_errors:
            self.desk.message = warning("; ".join(report.device_errors))
        return text

    @action
    def reprint_last(self) -> None:
        """Print a copy of the last receipt; a printer fault is told, not hidden."""
        self.register.reprint_last()
        self.status.after_devices(())
        self.desk.message = info("Copy printed")

    @action
    def preview_last(self) -> str:
        """The last receipt as text, on the preview screen."""
        self.desk.signed_in()
        text = self._text(self.register.last_receipt())
        self.preview.show("Last receipt", text)
        return text

    def keys(self) -> tuple[FunctionKey, ...]:
        keys = [
            FunctionKey("F1", "X report", "plain", self.x_report),
            FunctionKey("F2", "Z closure", "void", self.closing.open),
            FunctionKey("F3", "Reprint last", "plain", self.reprint_last),
            FunctionKey("F4", "Preview last", "plain", self.preview_last),
        ]
        if self.outbox is not None:  # the upstream and the events it refused
            keys.append(FunctionKey("F5", "Sync", "plain", self.outbox.show))
        return (*keys, FunctionKey("Esc", "Back", "plain", self.back))

    def _text(self, layout: tuple[LayoutLine, ...] | list[LayoutLine]) -> str:
        return text_of(layout, self.register.width)
