"""``Till``: the register's screens without a window.

The view calls one method per key press or click, then re-reads what it draws:
``screen``, ``message``, ``sale_view()``, ``entry_view()``, ``status_bar()``, ``key_map()``,
``quick_keys()``, ``products``, ``parked``, ``quick_tenders()``, ``preview``, ``question``,
``approval``. A refused operation becomes ``message``; nothing here raises a SaleFlexError.

Keyboard first: ``press_key`` takes a key name ("F2", "5", ",", "Enter", "Esc", "Del",
"Backspace"); a keyboard-wedge scanner is digits then "Enter", like typing a PLU.
"""

from __future__ import annotations

from collections.abc import Callable

from apps.pos_desktop.presenters.back_office import BackOffice
from apps.pos_desktop.presenters.errors import info, warning
from apps.pos_desktop.presenters.payment import Paying
from apps.pos_desktop.presenters.selling import Selling
from apps.pos_desktop.presenters.session import Screen, action
from apps.pos_desktop.presenters.sign_in import SigningIn
from apps.pos_desktop.presenters.view_models import (
    EntryView,
    KeyView,
    SaleView,
    StatusBar,
    quick_key_views,
    sale_view,
)
from saleflex_core.exceptions import DeviceError

Handler = Callable[["Till"], object]
_ALIASES = {"Escape": "Esc", "Delete": "Del", "Return": "Enter", "KP_Enter": "Enter"}
_COLOURS = {"void": "#b23b3b", "pay": "#2e7d32", "plain": "#455a64"}


class Till(SigningIn, Selling, Paying, BackOffice):
    """One register's screens, driven by key presses; owns the Register session."""

    # --- the keypad --------------------------------------------------------------------
    @action
    def press_digit(self, digit: str) -> None:
        self.keypad.digit(digit)

    @action
    def press_separator(self, char: str = ".") -> None:
        self.keypad.separator(char)

    @action
    def press_backspace(self) -> None:
        self.keypad.backspace()

    @action
    def press_clear(self) -> None:
        self.keypad.clear()

    @action
    def press_enter(self, text: str | None = None) -> None:
        """Enter: ``text`` (a scanner's whole code) or what was typed, for this screen."""
        if self.screen is Screen.SIGN_IN:
            self._enter_on_sign_in(self.keypad.take() if text is None else text)
        elif self.screen is Screen.SALE:
            code = self.keypad.take() if text is None else text
            self._scan(code)
        elif self.screen is Screen.PAYMENT:
            self._enter_on_payment(text)

    @action
    def back(self) -> None:
        """Esc: clear what was typed, close a list, or leave this screen without changes."""
        if self.screen is Screen.SUPERVISOR_PIN:
            self.decline()
        elif self.screen is Screen.CONFIRM_CANCEL:
            self.confirm(False)
        elif self.screen is Screen.PREVIEW:
            self.preview = None
            self.screen = self._preview_back
        elif self.keypad.text:
            self.keypad.clear()
        elif self.screen is Screen.SIGN_IN:
            self.signing_in_as = None
        elif self.screen is not Screen.SALE:
            self.screen = Screen.SALE
        elif self.products is not None:
            self.products = None
        else:
            self.quantity = None

    @action
    def help(self) -> None:
        keys = " · ".join(f"{k.hotkey} {k.caption}" for k in self.key_map())
        self.message = info(keys)

    @action
    def suspend_or_list(self) -> None:
        """F8: park the open sale, or with none open list the parked ones."""
        if self.register.sale is not None:
            self.suspend()
        else:
            self.show_suspended()

    def press_key(self, name: str) -> bool:
        """A key from the keyboard or a function button; False when it means nothing here."""
        name = _ALIASES.get(name, name)
        handler = self._handlers().get(name)
        if handler is not None:
            handler(self)
        elif name in {"00", *"0123456789"}:
            self.press_digit(name)
        elif name in {".", ","}:
            self.press_separator(name)
        elif name == "Enter":
            self.press_enter()
        elif name == "Backspace":
            self.press_backspace()
        else:
            return False
        return True

    # --- what the view draws -----------------------------------------------------------
    def key_map(self) -> tuple[KeyView, ...]:
        """The function keys of the current screen; a click is ``press_key(view.key)``."""
        if self.screen is Screen.PAYMENT:
            pay = [KeyView(k.hotkey, k.caption, k.colour, k.hotkey) for k in self.payment_keys()]
            return (*pay, KeyView("Esc", "Back", _COLOURS["plain"], "Esc"))
        return tuple(
            KeyView(hotkey, caption, _COLOURS[colour], hotkey)
            for hotkey, caption, colour, _ in _KEYS.get(self.screen, ())
        )

    def quick_keys(self, page: int = 1) -> tuple[KeyView, ...]:
        """The store's department and PLU keys of one page, in their order and colours."""
        return quick_key_views(self.register.ref.quick_keys, page)

    def quick_key_pages(self) -> tuple[int, ...]:
        return tuple(sorted({k.page for k in self.register.ref.quick_keys}))

    def sale_view(self) -> SaleView:
        names = {p.code: p.name for p in self.register.ref.payment_types.values()}
        return sale_view(
            self.register.sale, self.currency, selected=self.selected, last=self.last, names=names
        )

    def entry_view(self) -> EntryView:
        text = self.keypad.text
        prompt = _PROMPTS.get(self.screen, "")
        if self.screen is Screen.SIGN_IN and self.signing_in_as is not None:
            prompt, text = f"PIN for cashier {self.signing_in_as}", "•" * len(text)
        quantity = "" if self.quantity is None else f"{self.quantity} ×"
        return EntryView(prompt, text, quantity)

    def status_bar(self) -> StatusBar:
        terminal = self.register.ref.terminal
        cashier = self.register.cashier
        upstream = {None: "not connected", True: "online", False: "offline"}[self.upstream]
        return StatusBar(
            terminal=f"{terminal.id} {terminal.name}",
            cashier="signed out" if cashier is None else f"{cashier.name} ({cashier.id})",
            closure_no="-" if self.closure_no is None else f"{self.closure_no:04d}",
            printer=self._printer,
            upstream=upstream,
            outbox_depth=str(self.outbox_depth),
        )

    def refresh_status(self) -> None:
        """Ask the printer how it is and re-read the counters (on a timer, not per key)."""
        self.refresh_counters()
        self.show_printer(self.read_printer())

    def refresh_counters(self) -> None:
        """Re-read the closure number and the outbox depth."""
        self._refresh_counters()

    def read_printer(self) -> str | None:
        """The printer's state in words, None without a status query. It may wait on the
        device: a window calls it off its UI thread and hands the answer to show_printer."""
        if self._printer_status is None:
            return None
        try:
            status = self._printer_status.status()
        except DeviceError as exc:
            return exc.message
        return "no status" if status is None else status.problem or "ready"

    def device_failed(self, problem: str) -> None:
        """A receipt or drawer job failed after the sale was stored: say so, keep the sale."""
        self.message = warning(f"{problem}. The sale is saved: reprint it from Reports (F11).")

    def show_printer(self, state: str | None) -> None:
        if state is not None:
            self._printer = state

    def set_upstream(self, online: bool | None) -> None:
        """What the sync job last saw of the upstream server."""
        self.upstream = online
        self._refresh_counters()

    def _handlers(self) -> dict[str, Handler]:
        if self.screen is Screen.PAYMENT:
            handlers: dict[str, Handler] = {"Esc": Till.back}
            for key in self.payment_keys():
                handlers[key.hotkey] = _tender(key.key)
            return handlers
        return {hotkey: handler for hotkey, _, _, handler in _KEYS.get(self.screen, ())}


def _tender(code: str) -> Handler:
    return lambda till: till.tender(code)


_PROMPTS = {
    Screen.SIGN_IN: "Cashier number",
    Screen.SALE: "Scan or type a PLU",
    Screen.PAYMENT: "Amount tendered (Enter: cash)",
    Screen.CASH: "Amount",
    Screen.REPORT: "Cash counted (for Z)",
}

_KEYS: dict[Screen, tuple[tuple[str, str, str, Handler], ...]] = {
    Screen.SIGN_IN: (("Esc", "Clear", "plain", Till.back),),
    Screen.SALE: (
        ("F1", "Help", "plain", Till.help),
        ("F2", "Qty ×", "plain", Till.press_quantity),
        ("F3", "Search", "plain", Till.search_typed),
        ("F4", "Void line", "void", Till.void_selected),
        ("F5", "Line disc. %", "plain", Till.discount_selected),
        ("F6", "Subtotal", "plain", Till.subtotal),
        ("F7", "Sale disc. %", "plain", Till.discount_sale),
        ("F8", "Suspend / resume", "plain", Till.suspend_or_list),
        ("F9", "Payment", "pay", Till.go_to_payment),
        ("F10", "Cash in/out", "plain", Till.show_cash),
        ("F11", "Reports", "plain", Till.show_reports),
        ("F12", "Sign out", "plain", Till.sign_out),
        ("Del", "Cancel sale", "void", Till.ask_cancel),
        ("Esc", "Clear", "plain", Till.back),
    ),
    Screen.SUSPENDED: (("Esc", "Back", "plain", Till.back),),
    Screen.CASH: (
        ("F1", "Cash in", "pay", Till.cash_in),
        ("F2", "Cash out", "void", Till.cash_out),
        ("Esc", "Back", "plain", Till.back),
    ),
    Screen.REPORT: (
        ("F1", "X report", "plain", Till.x_report),
        ("F2", "Z closure", "void", Till.z_report),
        ("F3", "Reprint last", "plain", Till.reprint_last),
        ("F4", "Preview last", "plain", Till.preview_last),
        ("Esc", "Back", "plain", Till.back),
    ),
    Screen.CONFIRM_CANCEL: (
        ("F1", "Yes, cancel", "void", lambda till: till.confirm(True)),
        ("Esc", "No", "plain", Till.back),
    ),
    Screen.SUPERVISOR_PIN: (("Esc", "Not approved", "plain", Till.back),),
    Screen.PREVIEW: (("Esc", "Back", "plain", Till.back),),
}
