"""``Till``: the register's screens without a window, one small controller per screen.

The Till composes the controllers (``pin_pad``, ``sale``, ``discounts`` (its F5 and F7),
``payment``, ``suspended``, ``cash``, ``reports``, ``closing`` (the Z's form),
``supervisor``, ``confirm``, ``viewer``, ``outbox`` (the sync screen), ``enrolment`` and
``status`` for the status bar), each owning only its own state, and routes every key to
the controller of the screen that is showing. The view calls one method per key press or
click, then re-reads what it draws (``presenters.drawn``): ``screen``, ``message``,
``sale_view()``, ``entry_view()``, ``status_bar()``, ``key_map()``, ``quick_keys()``,
``products``, ``parked``, ``quick_tenders()``, ``preview``, ``question``, ``approval``,
``refused``, ``sync_panel()``, ``form_view()``. A refused operation becomes ``message``;
nothing here raises a SaleFlexError.

Keyboard first: ``press_key`` takes a key name ("F2", "5", ",", "Enter", "Esc", "Del",
"Backspace"); a keyboard-wedge scanner is digits then "Enter", like typing a PLU.
"""

from __future__ import annotations

from collections.abc import Callable

from apps.pos_desktop.presenters.back_office import CashController, ReportsController
from apps.pos_desktop.presenters.closing import ClosingController
from apps.pos_desktop.presenters.desk import (
    TYPED_KEYS,
    Controller,
    Desk,
    FunctionKey,
    Screen,
    action,
)
from apps.pos_desktop.presenters.dialogs import ConfirmController, PreviewController
from apps.pos_desktop.presenters.discounts import DiscountController
from apps.pos_desktop.presenters.drawn import TillViews
from apps.pos_desktop.presenters.enrolment import Connect, EnrolController
from apps.pos_desktop.presenters.errors import message_for
from apps.pos_desktop.presenters.form import FormScreen
from apps.pos_desktop.presenters.help import HELP_NOTES
from apps.pos_desktop.presenters.outbox import SyncController
from apps.pos_desktop.presenters.parked import ParkedController
from apps.pos_desktop.presenters.payment import PaymentController
from apps.pos_desktop.presenters.selling import SaleController
from apps.pos_desktop.presenters.sign_in import SignInController
from apps.pos_desktop.presenters.status import StatusController
from apps.pos_desktop.presenters.supervisor import SupervisorController
from apps.pos_desktop.presenters.upstream import SyncFeed
from saleflex_core.exceptions import SaleFlexError, StateError
from saleflex_core.ports import Clock, PrinterStatusQuery
from saleflex_core.register import Register

_ALIASES = {"Escape": "Esc", "Delete": "Del", "Return": "Enter", "KP_Enter": "Enter"}
_ARROWS = {"Up": -1, "Down": 1}  # move the selected line


class Till(TillViews):
    """One register's screens, driven by key presses; owns the Register session."""

    def __init__(
        self,
        register: Register,
        *,
        printer_status: PrinterStatusQuery | None = None,
        sync: SyncFeed | None = None,
        clock: Clock | None = None,
        connect: Connect | None = None,
    ) -> None:
        self.register = register
        self.desk = desk = Desk(register)
        self.status = StatusController(desk, printer_status, sync=sync, clock=clock)
        self.supervisor = SupervisorController(desk)
        self.enrolment = EnrolController(
            desk, supervisor=self.supervisor, connect=connect or _not_offered
        )
        self.outbox = SyncController(
            desk,
            supervisor=self.supervisor,
            status=self.status,
            enrol=None if connect is None else self.enrolment.open,
        )
        self.confirm = ConfirmController(desk)
        self.viewer = PreviewController(desk)
        self.sale = SaleController(
            desk, supervisor=self.supervisor, confirm=self.confirm, status=self.status
        )
        self.discounts = DiscountController(desk, sale=self.sale, confirm=self.confirm)
        self.pin_pad = SignInController(desk, self.sale, signed_out=self._signed_out)
        self.payment = PaymentController(desk, self.sale, self.supervisor)
        self.suspended = ParkedController(desk, self.sale)
        self.cash = CashController(desk, supervisor=self.supervisor, status=self.status)
        self.closing = ClosingController(
            desk, supervisor=self.supervisor, status=self.status, preview=self.viewer
        )
        self.reports = ReportsController(
            desk,
            closing=self.closing,
            status=self.status,
            preview=self.viewer,
            outbox=self.outbox,
        )
        self._screens: dict[Screen, Controller] = {
            Screen.SIGN_IN: self.pin_pad,
            Screen.SALE: self.sale,
            Screen.PAYMENT: self.payment,
            Screen.SUSPENDED: self.suspended,
            Screen.CASH: self.cash,
            Screen.REPORT: self.reports,
            Screen.CLOSE_PERIOD: self.closing,
            Screen.CONFIRM_CANCEL: self.confirm,
            Screen.SUPERVISOR_PIN: self.supervisor,
            Screen.PREVIEW: self.viewer,
            Screen.SYNC: self.outbox,
            Screen.ENROL: self.enrolment,
        }

    # --- keys ---------------------------------------------------------------------------
    def press_key(self, name: str) -> bool:
        """A key from the keyboard or a function button; False when it means nothing here."""
        name = _ALIASES.get(name, name)
        handler = next((k.handler for k in self._keys() if k.hotkey == name), None)
        if handler is not None:
            self._run(handler)
        elif name in TYPED_KEYS:
            self.press_typed(name)
        elif name == "Enter":
            self.press_enter()
        elif name in _ARROWS and self.desk.screen is Screen.SALE:
            self.sale.move_selection(_ARROWS[name])
        elif name in _ARROWS and self.desk.screen is Screen.SYNC:
            self.outbox.move_selection(_ARROWS[name])
        else:
            return False
        return True

    @action
    def _run(self, handler: Callable[[], object]) -> None:
        handler()

    @action
    def press_typed(self, name: str) -> None:
        """A digit, "00", a decimal separator or Backspace, for the current screen."""
        self._current().type_key(name)

    @action
    def press_clear(self) -> None:
        self._current().clear()

    @action
    def press_enter(self, text: str | None = None) -> None:
        """Enter: ``text`` (a scanner's whole code) or what was typed, for this screen."""
        self._current().enter(text)

    @action
    def back(self) -> None:
        """Esc: clear what was typed, close a list, or leave this screen without changes."""
        self._current().back()

    @action
    def focus_field(self, name: str) -> None:
        """A tap on a field of this screen's form: it takes what is typed next."""
        current = self._current()
        if isinstance(current, FormScreen):
            current.focus(name)
        elif self.desk.screen is Screen.SALE and name == "search":
            self.sale.focus_search()

    @action
    def type_field(self, name: str, text: str) -> None:
        """What a keyboard typed straight into a field's widget."""
        current = self._current()
        if isinstance(current, FormScreen):
            current.typed_in(name, text)
        elif self.desk.screen is Screen.SALE and name == "search":
            self.sale.typed_search(text)

    @action
    def help(self) -> None:
        """F1: the keys of the sale screen, one to a line, and what some of them do on the
        screens they open, on the preview screen (it scrolls inside the window; Esc goes
        back)."""
        keys = "\n".join(f"{k.hotkey:<4} {k.caption}" for k in self.key_map())
        self.viewer.show("Keys", f"{keys}\n\n{HELP_NOTES}")

    @action
    def suspend_or_list(self) -> None:
        """F8: park the open sale, or with none open list the parked ones."""
        if self.register.sale is not None:
            self.sale.suspend()
        else:
            self.suspended.show()

    @action
    def sign_out(self) -> None:
        """Back to the PIN pad; an open sale stays saved for the next sign-in."""
        self._signed_out()

    def _signed_out(self) -> None:
        self.register.sign_out()
        self.desk.keypad.clear()
        self.sale.reset()
        self.sale.last = None  # the next cashier starts on a clean screen
        for forget in (self.supervisor, self.confirm, self.pin_pad, self.closing):
            forget.reset()
        self.desk.screen = Screen.SIGN_IN

    def sync_reported(self) -> None:
        """The sync worker reported again: the sync screen's list is read afresh (the
        message line stays as it is, unless the read fails)."""
        if self.desk.screen is Screen.SYNC:
            try:
                self.outbox.read()
            except SaleFlexError as exc:
                self.desk.message = message_for(exc)

    def device_failed(self, problem: str) -> None:
        """A receipt or drawer job failed after the sale was stored: say so, keep the sale."""
        self.status.device_failed(problem)

    # --- routing ------------------------------------------------------------------------
    def _current(self) -> Controller:
        return self._screens[self.desk.screen]

    def _keys(self) -> tuple[FunctionKey, ...]:
        if self.desk.screen is Screen.SALE:
            return self._sale_keys()
        return self._current().keys()

    def _sale_keys(self) -> tuple[FunctionKey, ...]:
        sale = self.sale
        return (
            FunctionKey("F1", "Help", "plain", self.help),
            FunctionKey("F2", "Qty ×", "plain", sale.press_quantity),
            FunctionKey("F3", "Search", "plain", sale.search_typed),
            FunctionKey("F4", "Void line", "void", sale.void_selected),
            FunctionKey("F5", "Line disc. %", "plain", self.discounts.discount_selected),
            FunctionKey("F6", "Subtotal", "plain", sale.subtotal),
            FunctionKey("F7", "Sale disc. %", "plain", self.discounts.discount_sale),
            FunctionKey("F8", "Suspend / resume", "plain", self.suspend_or_list),
            FunctionKey("F9", "Payment", "pay", self.payment.open),
            FunctionKey("F10", "Cash in/out", "plain", self.cash.show),
            FunctionKey("F11", "Reports", "plain", self.reports.show),
            FunctionKey("F12", "Sign out", "plain", self.sign_out),
            FunctionKey("Del", "Cancel sale", "void", sale.ask_cancel),
            FunctionKey("Esc", "Clear", "plain", self.back),
        )


def _not_offered(url: str, code: str) -> None:
    raise StateError("This register cannot be connected from here")
