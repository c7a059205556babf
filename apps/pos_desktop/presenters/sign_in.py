"""The sign-in screen: cashier number, Enter, PIN, Enter (or both at once from a form)."""

from __future__ import annotations

from apps.pos_desktop.presenters.errors import info
from apps.pos_desktop.presenters.session import Screen, TillBase, action
from saleflex_core.exceptions import ValidationError


class SigningIn(TillBase):
    @action
    def sign_in(self, cashier_id: str, pin: str) -> None:
        """Check the PIN; the sale left open (by a crash or a sign-out) comes back."""
        self.signing_in_as = None
        cashier = self.register.sign_in(cashier_id.strip(), pin)
        sale = self.register.sale
        # A sale interrupted while paying goes on paying: its items can no longer change.
        self.screen = Screen.PAYMENT if sale is not None and sale.payments else Screen.SALE
        self._select_last()
        text = f"Welcome, {cashier.name}"
        if sale is not None:
            text += ": the open sale was restored"
        self.message = info(text)

    @action
    def sign_out(self) -> None:
        """Back to the PIN pad; an open sale stays saved for the next sign-in."""
        self.register.sign_out()
        self.keypad.clear()
        self.quantity = None
        self.products = None
        self.approval = None
        self.question = None
        self.signing_in_as = None
        self.screen = Screen.SIGN_IN

    def _enter_on_sign_in(self, text: str) -> None:
        """Enter on the PIN pad: first the cashier number, then the PIN."""
        if self.signing_in_as is None:
            if not text.strip():
                self.message = info("Type your cashier number, then Enter")
                return
            self.signing_in_as = text.strip()
            return
        if not text:
            raise ValidationError("Type your PIN, then Enter")
        self.sign_in(self.signing_in_as, text)
