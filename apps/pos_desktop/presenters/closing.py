"""CLOSE_PERIOD: the Z closure's form, the cash counted and the float left in the drawer.

The cashier counts the drawer and types the cash counted, then the float left in it for
the next period. Left empty, everything counted stays in the drawer (the core's rule for
``close_period``); what is taken out to the safe is the difference, shown while they type.
The form works by touch alone (tap a field, the keypad types into it) and by keyboard
alone (digits, Tab or Enter to the next field, Enter on the last closes). A float above
the cash counted is refused at once, before anyone approves, and nothing is closed; a
supervisor approves the Z (a manager needs no one), which is printed and previewed.
"""

from __future__ import annotations

from apps.pos_desktop.presenters.desk import Desk, FunctionKey, Screen, action
from apps.pos_desktop.presenters.dialogs import PreviewController
from apps.pos_desktop.presenters.errors import device_warning, info
from apps.pos_desktop.presenters.form import Field, Form, FormScreen
from apps.pos_desktop.presenters.status import StatusController
from apps.pos_desktop.presenters.supervisor import SupervisorController
from saleflex_core.domain.money import Money
from saleflex_core.domain.receipt import text_of
from saleflex_core.exceptions import ValidationError
from saleflex_core.use_cases.auth import Override

Z_REASONS = ("End of day", "End of shift", "Cashier change")
FIELDS = (
    Field("counted", "Cash counted", amount=True),
    Field("float_left", "Float left in drawer", amount=True),
)


class ClosingController(FormScreen):
    def __init__(
        self,
        desk: Desk,
        *,
        supervisor: SupervisorController,
        status: StatusController,
        preview: PreviewController,
    ) -> None:
        super().__init__(desk)
        self.supervisor = supervisor
        self.status = status
        self.preview = preview
        self.form = Form(*FIELDS)

    @action
    def open(self) -> None:
        """F2 on the reports screen: the Z's form; an amount typed before is the cash
        counted, and the float left takes the typing."""
        self.desk.signed_in()
        if self.desk.keypad.text.strip():
            self.desk.amount(self.desk.keypad.text)  # a barcode typed here is told at once
        self.form.reset()
        typed = self.desk.keypad.take()
        if typed.strip():
            self.form.values["counted"] = typed
            self.form.focus_on("float_left")
        self.desk.screen = Screen.CLOSE_PERIOD
        self.desk.message = info("Count the drawer, type the cash counted and the float left")

    @action
    def z_report(self, counted_cash: str | None = None, float_left: str | None = None) -> None:
        """Close the period with the cash counted and the float left in the drawer (else
        what the form holds; no float left: all the cash counted stays); needs a
        supervisor. A typing mistake is told before the supervisor is asked."""
        self.desk.signed_in()
        values = self.form.values
        counted, left = self._checked(
            values["counted"] if counted_cash is None else counted_cash,
            values["float_left"] if float_left is None else float_left,
        )

        def run(override: Override | None) -> None:
            report = self.register.close_period(counted, override, float_left=left)
            self.form.reset()
            self.desk.keypad.clear()
            self.status.after_booking(report.device_errors)
            self.desk.screen = Screen.REPORT  # where Esc on the preview goes back to
            closure = report.closure
            text = text_of(report.layout, self.register.width)
            self.preview.show(f"Z report {closure.number:04d}", text)
            kept = self._shown(closure.float_left or counted)
            out = self._shown(closure.taken_out or Money.zero(counted.currency))
            done = f"Period {closure.number} closed: {kept} stays in the drawer, take out {out}"
            self.desk.message = device_warning(done, report.device_errors)

        self.supervisor.run(run, Z_REASONS)

    def note(self) -> str:
        """What the form's amounts mean for the drawer, as they are typed."""
        counted = self._parsed(self.form.values["counted"])
        left_text = self.form.values["float_left"]
        left = self._parsed(left_text)
        if counted is None:
            return "Left empty, the float is all the cash counted: nothing is taken out"
        if not left_text.strip():
            return f"All {self._shown(counted)} stays in the drawer: nothing is taken out"
        if left is None:
            return ""
        if left > counted:
            return "The float left cannot be more than the cash counted"
        return f"{self._shown(left)} stays in the drawer: take {self._shown(counted - left)} out"

    def submit(self) -> None:
        """Enter on the last field: close the period."""
        self.z_report()

    def keys(self) -> tuple[FunctionKey, ...]:
        return (
            FunctionKey("F2", "Close period (Z)", "void", self.z_report),
            FunctionKey("Tab", "Next field", "plain", self.next_field),
            FunctionKey("Esc", "Back", "plain", self.back),
        )

    def back(self) -> None:
        """Esc: back to the reports; nothing was closed."""
        self.form.reset()
        self.desk.screen = Screen.REPORT

    def reset(self) -> None:
        self.form.reset()

    def _checked(self, counted_text: str, left_text: str) -> tuple[Money, Money | None]:
        """The amounts, or a ValidationError with the field that needs fixing focused."""
        if not counted_text.strip():
            self.form.focus_on("counted")
            raise ValidationError("Count the drawer and type the cash counted first")
        counted = self._amount("counted", counted_text)
        if not left_text.strip():
            return counted, None  # everything counted stays
        left = self._amount("float_left", left_text)
        if left > counted:
            self.form.focus_on("float_left")
            raise ValidationError(
                f"The float left ({self._shown(left)}) is more than the cash counted "
                f"({self._shown(counted)}): nothing was closed"
            )
        return counted, left

    def _amount(self, name: str, text: str) -> Money:
        try:
            return self.desk.amount(text)
        except ValidationError:
            self.form.focus_on(name)
            raise

    def _parsed(self, text: str) -> Money | None:
        try:
            return self.register.money(text) if text.strip() else None
        except ValidationError:
            return None

    def _shown(self, amount: Money) -> str:
        return amount.format(self.desk.currency)
