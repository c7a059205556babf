"""The till's state between key presses, and the two ways an action can wait.

``TillBase`` holds what every screen shares: the register, the screen, the keypad, the
message line. ``action`` wraps each method the view calls: a refused operation (any
``SaleFlexError``) becomes the message and changes nothing else. An action the signed-in
cashier may not do alone waits on the SUPERVISOR_PIN screen; a cancellation waits for a yes.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Concatenate, ParamSpec, TypeVar

from attrs import frozen

from apps.pos_desktop.presenters.errors import Message, info, message_for, warning
from apps.pos_desktop.presenters.keypad import Keypad
from apps.pos_desktop.presenters.view_models import Preview, ProductList, SuspendedRow
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import (
    AuthenticationFailed,
    PermissionDenied,
    SaleFlexError,
    StateError,
    ValidationError,
)
from saleflex_core.logger import get_logger
from saleflex_core.ports import PrinterStatusQuery
from saleflex_core.register import Register
from saleflex_core.use_cases.auth import Override
from saleflex_core.use_cases.results import Finished

log = get_logger(__name__)
MAX_AMOUNT_DIGITS = 6  # whole digits of a typed amount: 999 999.99 is more than a till holds


class Screen(enum.Enum):
    SIGN_IN = "sign_in"
    SALE = "sale"
    PAYMENT = "payment"
    SUSPENDED = "suspended"
    CASH = "cash"
    REPORT = "report"
    CONFIRM_CANCEL = "confirm_cancel"
    SUPERVISOR_PIN = "supervisor_pin"
    PREVIEW = "preview"


@frozen
class Pending:
    """An action waiting for approval: ``run`` gets the supervisor's override (or None)."""

    prompt: str
    run: Callable[[Override | None], None]
    back_to: Screen


P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T", bound="TillBase")


def action(method: Callable[Concatenate[T, P], R]) -> Callable[Concatenate[T, P], R | None]:
    """A method the view calls: a SaleFlexError becomes the message; anything else rises."""

    @functools.wraps(method)
    def run(self: T, /, *args: P.args, **kwargs: P.kwargs) -> R | None:
        self.message = None
        try:
            return method(self, *args, **kwargs)
        except SaleFlexError as exc:
            self.message = message_for(exc)
            return None

    return run


class TillBase:
    """State shared by every screen; the screen mixins add the actions."""

    def __init__(
        self, register: Register, *, printer_status: PrinterStatusQuery | None = None
    ) -> None:
        self.register = register
        self.currency = register.ref.store.currency
        self.screen = Screen.SALE if register.cashier is not None else Screen.SIGN_IN
        self.keypad = Keypad()
        self.message: Message | None = None
        self.quantity: Decimal | None = None  # the "×" key's quantity for the next scan
        self.selected: int | None = None
        self.products: ProductList | None = None  # a department's or a search's list
        self.preview: Preview | None = None
        self.last: Finished | None = None  # the sale just finished, shown until the next
        self.approval: Pending | None = None
        self.question: Pending | None = None
        self.upstream: bool | None = None  # None until a sync job reports
        self.signing_in_as: str | None = None  # the cashier number typed before the PIN
        self.parked: tuple[SuspendedRow, ...] = ()  # the suspended sales being listed
        self._preview_back = Screen.SALE
        self._printer_status = printer_status
        self._printer = "no status" if printer_status is None else "not checked"
        if register.devices.printer is None:
            self._printer = "no printer"
        self.closure_no, self.outbox_depth = self._read_counters()
        self._select_last()

    # --- helpers for the screen mixins --------------------------------------------------
    def _signed_in(self) -> None:
        if self.register.cashier is None:
            raise StateError("Sign in first")

    def _open_sale(self) -> None:
        self._signed_in()
        if self.register.sale is None:
            raise StateError("There is no open sale: scan an item first")

    def _select_last(self) -> None:
        sale = self.register.sale
        live = [] if sale is None else [x.line_no for x in sale.lines if not x.voided]
        self.selected = live[-1] if live else None

    def _read_counters(self) -> tuple[int | None, int]:
        status = self.register.status()
        return status.closure_number, status.outbox_depth

    def _refresh_counters(self) -> None:
        """Re-read the status bar's counters; they are only shown, so a failed read is
        logged and the old values stay, after an operation that already succeeded."""
        try:
            self.closure_no, self.outbox_depth = self._read_counters()
        except SaleFlexError as exc:
            log.warning("Status bar counters not refreshed: %s", exc.message)

    def _amount(self, text: str) -> Money:
        """Typed money; an amount with more whole digits than a till ever takes is a barcode
        typed into the wrong place (the entry is cleared for the next try)."""
        amount = self.register.money(text)
        if abs(amount.minor) >= 10 ** (MAX_AMOUNT_DIGITS + self.currency.exponent):
            self.keypad.clear()
            raise ValidationError(f"{text} is too large to be an amount: was it a barcode?")
        return amount

    def _show(self, title: str, text: str) -> None:
        if self.screen is not Screen.PREVIEW:
            self._preview_back = self.screen
        self.preview = Preview(title, text)
        self.screen = Screen.PREVIEW

    def _after_devices(self, errors: tuple[str, ...]) -> None:
        """Printer faults reported after a commit show in the status bar until it prints again."""
        if self.register.devices.printer is None:
            return
        faults = [e for e in errors if e.startswith("Printer")]
        self._printer = "; ".join(faults) if faults else "ready"

    # --- waiting for a supervisor or a yes -----------------------------------------------
    def _with_supervisor(self, run: Callable[[Override | None], None]) -> None:
        """Run alone; when the core says a supervisor must approve, ask for one."""
        try:
            run(None)
        except AuthenticationFailed:
            raise
        except PermissionDenied as exc:
            if self.register.cashier is None:
                raise
            self.approval = Pending(exc.message, run, self.screen)
            self.screen = Screen.SUPERVISOR_PIN
            self.message = warning(f"{exc.message}: supervisor, enter your id, PIN and reason")

    @action
    def approve(self, supervisor_id: str, pin: str, reason: str) -> None:
        """The supervisor's id, PIN and reason for the waiting action."""
        pending = self.approval
        if pending is None:
            raise StateError("Nothing is waiting for a supervisor")
        if not reason.strip():
            raise ValidationError("Give a reason")
        self.screen = pending.back_to  # the action may move on from there
        try:
            pending.run(Override(supervisor_id.strip(), pin, reason.strip()))
        except PermissionDenied:  # wrong PIN or not a supervisor: let them try again
            self.screen = Screen.SUPERVISOR_PIN
            raise
        except SaleFlexError:
            self.approval = None
            raise
        self.approval = None

    @action
    def decline(self) -> None:
        """Leave the supervisor screen; the action is not done."""
        if self.approval is not None:
            self.screen = self.approval.back_to
            self.approval = None
            self.message = info("Not approved: nothing was changed")

    def _ask(self, question: str, run: Callable[[], None]) -> None:
        self.question = Pending(question, lambda _: run(), self.screen)
        self.screen = Screen.CONFIRM_CANCEL

    @action
    def confirm(self, yes: bool) -> None:
        """Answer the question on the confirmation screen."""
        pending = self.question
        if pending is None:
            raise StateError("There is nothing to confirm")
        self.question = None
        self.screen = pending.back_to
        if yes:
            pending.run(None)
        else:
            self.message = info("Nothing was changed")
