"""SUPERVISOR_PIN: an action the signed-in cashier may not do alone waits for approval.

The approval is a form (supervisor id, PIN, reason) that works by touch alone and by
keyboard alone: the supervisor id has the focus when it opens, the keypad or keyboard types
into the focused field, a tap on a field focuses it, Tab or Enter moves on, Enter on the
reason approves. The reason is typed, or picked from the action's standard reasons with a
tap or its function key.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from apps.pos_desktop.presenters.desk import Desk, FunctionKey, Pending, Screen, action
from apps.pos_desktop.presenters.errors import info, warning
from apps.pos_desktop.presenters.form import Field, Form, FormScreen
from saleflex_core.exceptions import (
    AuthenticationFailed,
    PermissionDenied,
    SaleFlexError,
    StateError,
    ValidationError,
)
from saleflex_core.use_cases.auth import Override

GENERAL_REASONS = ("Customer request", "Operator error", "Manager decision")
MAX_REASONS = 4  # F1 to F4
FIELDS = (
    Field("supervisor", "Supervisor id"),
    Field("pin", "PIN", secret=True),
    Field("reason", "Reason", letters=True),
)


class SupervisorController(FormScreen):
    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.pending: Pending | None = None
        self.reasons: tuple[str, ...] = ()
        self.form = Form(*FIELDS)

    def run(
        self,
        work: Callable[[Override | None], None],
        reasons: tuple[str, ...] = GENERAL_REASONS,
    ) -> None:
        """Run ``work`` alone; when the core says a supervisor must approve, ask for one."""
        try:
            work(None)
        except AuthenticationFailed:
            raise
        except PermissionDenied as exc:
            if self.register.cashier is None:
                raise
            self.pending = Pending(exc.message, work, self.desk.screen)
            self.reasons = reasons[:MAX_REASONS]
            self.form.reset()
            self.desk.screen = Screen.SUPERVISOR_PIN
            self.desk.message = warning(f"{exc.message}: supervisor, enter your id, PIN and reason")

    @action
    def approve(
        self, supervisor_id: str | None = None, pin: str | None = None, reason: str | None = None
    ) -> None:
        """The supervisor's id, PIN and reason (else what the form holds) for the action."""
        pending = self.pending
        if pending is None:
            raise StateError("Nothing is waiting for a supervisor")
        values = self.form.values
        supervisor_id = values["supervisor"] if supervisor_id is None else supervisor_id
        pin = values["pin"] if pin is None else pin
        reason = values["reason"] if reason is None else reason
        self._check(supervisor_id, pin, reason)
        self.desk.screen = pending.back_to  # the action may move on from there
        try:
            pending.run(Override(supervisor_id.strip(), pin, reason.strip()))
        except PermissionDenied:  # wrong PIN or not a supervisor: let them try again
            self.desk.screen = Screen.SUPERVISOR_PIN
            self.form.values["pin"] = ""
            self.form.focus_on("pin")
            raise
        except SaleFlexError:
            self._done()
            raise
        self._done()

    def _check(self, supervisor_id: str, pin: str, reason: str) -> None:
        """A missing entry is told and focused before anyone's PIN is checked."""
        for name, value, missing in (
            ("supervisor", supervisor_id, "Type the supervisor's id"),
            ("pin", pin, "Type the supervisor's PIN"),
            ("reason", reason, "Give a reason"),
        ):
            if not value.strip():
                self.form.focus_on(name)
                raise ValidationError(missing)

    @action
    def decline(self) -> None:
        """Leave the supervisor screen; the action is not done."""
        if self.pending is not None:
            self.desk.screen = self.pending.back_to
            self._done()
            self.desk.message = info("Not approved: nothing was changed")

    @action
    def pick_reason(self, reason: str) -> None:
        """A standard reason: the form is complete, Enter (or Approve) approves."""
        self.form.set("reason", reason)
        self.form.focus_on(None)

    def submit(self) -> None:
        """Enter on the reason (or after a standard reason): approve."""
        self.approve()

    def keys(self) -> tuple[FunctionKey, ...]:
        picks = tuple(
            FunctionKey(f"F{i + 1}", reason, "plain", partial(self.pick_reason, reason))
            for i, reason in enumerate(self.reasons)
        )
        return (
            *picks,
            FunctionKey("Tab", "Next field", "plain", self.next_field),
            FunctionKey("Esc", "Not approved", "plain", self.back),
        )

    def back(self) -> None:
        self.decline()

    def reset(self) -> None:
        self._done()

    def _done(self) -> None:
        self.pending = None
        self.reasons = ()
        self.form.reset()
