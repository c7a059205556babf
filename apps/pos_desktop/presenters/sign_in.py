"""SIGN_IN: cashier number, Enter, PIN, Enter (or both at once from a form).

A failed sign-in leaves nobody signed in: whoever was signed in before is signed out, the
till is back on the PIN pad with a clear message, and an open sale stays saved for the
next good sign-in (the same rule as ``Register.sign_in``). A wrong PIN must never leave the
previous cashier's session open to whoever typed it.
"""

from __future__ import annotations

from collections.abc import Callable

from apps.pos_desktop.presenters.desk import Controller, Desk, FunctionKey, Screen, action
from apps.pos_desktop.presenters.errors import info
from apps.pos_desktop.presenters.selling import SaleController
from saleflex_core.exceptions import AuthenticationFailed, ValidationError


class SignInController(Controller):
    prompt = "Cashier number"

    def __init__(self, desk: Desk, sale: SaleController, *, signed_out: Callable[[], None]) -> None:
        super().__init__(desk)
        self.sale = sale
        self.signed_out = signed_out  # the Till's sign-out: every screen forgets its state
        self.signing_in_as: str | None = None  # the cashier number typed before the PIN

    @action
    def sign_in(self, cashier_id: str, pin: str) -> None:
        """Check the PIN; the sale left open (by a crash or a sign-out) comes back."""
        self.signing_in_as = None
        try:
            cashier = self.register.sign_in(cashier_id.strip(), pin)
        except AuthenticationFailed as exc:
            self.signed_out()
            raise AuthenticationFailed(f"{exc.message}: nobody is signed in") from exc
        sale = self.register.sale
        # A sale interrupted while paying goes on paying: its items can no longer change.
        self.desk.screen = Screen.PAYMENT if sale is not None and sale.payments else Screen.SALE
        self.sale.select_last()
        text = f"Welcome, {cashier.name}"
        if sale is not None:
            text += ": the open sale was restored"
        self.desk.message = info(text)

    def entry(self) -> tuple[str, str]:
        text = self.desk.keypad.text
        if self.signing_in_as is None:
            return self.prompt, text
        return f"PIN for cashier {self.signing_in_as}", "•" * len(text)

    def enter(self, text: str | None) -> None:
        """Enter on the PIN pad: first the cashier number, then the PIN."""
        typed = self.desk.keypad.take() if text is None else text
        if self.signing_in_as is None:
            if not typed.strip():
                self.desk.message = info("Type your cashier number, then Enter")
                return
            self.signing_in_as = typed.strip()
            return
        if not typed:
            raise ValidationError("Type your PIN, then Enter")
        self.sign_in(self.signing_in_as, typed)

    def keys(self) -> tuple[FunctionKey, ...]:
        return (FunctionKey("Esc", "Clear", "plain", self.back),)

    def back(self) -> None:
        if self.desk.keypad.text:
            self.desk.keypad.clear()
        else:
            self.signing_in_as = None

    def reset(self) -> None:
        self.signing_in_as = None
