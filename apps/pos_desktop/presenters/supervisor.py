"""SUPERVISOR_PIN: an action the signed-in cashier may not do alone waits for approval."""

from __future__ import annotations

from collections.abc import Callable

from apps.pos_desktop.presenters.desk import Controller, Desk, FunctionKey, Pending, Screen, action
from apps.pos_desktop.presenters.errors import info, warning
from saleflex_core.exceptions import (
    AuthenticationFailed,
    PermissionDenied,
    SaleFlexError,
    StateError,
    ValidationError,
)
from saleflex_core.use_cases.auth import Override


class SupervisorController(Controller):
    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.pending: Pending | None = None

    def run(self, work: Callable[[Override | None], None]) -> None:
        """Run ``work`` alone; when the core says a supervisor must approve, ask for one."""
        try:
            work(None)
        except AuthenticationFailed:
            raise
        except PermissionDenied as exc:
            if self.register.cashier is None:
                raise
            self.pending = Pending(exc.message, work, self.desk.screen)
            self.desk.screen = Screen.SUPERVISOR_PIN
            self.desk.message = warning(f"{exc.message}: supervisor, enter your id, PIN and reason")

    @action
    def approve(self, supervisor_id: str, pin: str, reason: str) -> None:
        """The supervisor's id, PIN and reason for the waiting action."""
        pending = self.pending
        if pending is None:
            raise StateError("Nothing is waiting for a supervisor")
        if not reason.strip():
            raise ValidationError("Give a reason")
        self.desk.screen = pending.back_to  # the action may move on from there
        try:
            pending.run(Override(supervisor_id.strip(), pin, reason.strip()))
        except PermissionDenied:  # wrong PIN or not a supervisor: let them try again
            self.desk.screen = Screen.SUPERVISOR_PIN
            raise
        except SaleFlexError:
            self.pending = None
            raise
        self.pending = None

    @action
    def decline(self) -> None:
        """Leave the supervisor screen; the action is not done."""
        if self.pending is not None:
            self.desk.screen = self.pending.back_to
            self.pending = None
            self.desk.message = info("Not approved: nothing was changed")

    def keys(self) -> tuple[FunctionKey, ...]:
        return (FunctionKey("Esc", "Not approved", "plain", self.back),)

    def back(self) -> None:
        self.decline()

    def reset(self) -> None:
        self.pending = None
