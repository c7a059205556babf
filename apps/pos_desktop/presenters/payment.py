"""The payment screen: cash with quick tenders and change, card, voucher, split.

When nothing is due any more the sale completes by itself: numbered, stored, printed, and
the till is back on an empty sale showing the change.
"""

from __future__ import annotations

from apps.pos_desktop.presenters.errors import device_warning, info
from apps.pos_desktop.presenters.session import Screen, TillBase, action
from apps.pos_desktop.presenters.view_models import KeyView, QuickTender
from saleflex_core.domain.catalog import PaymentKind
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import PaymentError, StateError

QUICK_STEPS = (5, 10, 20, 50)  # major units: the notes a customer is likely to hand over
_KIND_COLOURS = {
    PaymentKind.CASH: "#2e7d32",
    PaymentKind.CARD: "#1565c0",
    PaymentKind.VOUCHER: "#6a1b9a",
    PaymentKind.OTHER: "#455a64",
}


def quick_amounts(due: Money, exponent: int) -> list[Money]:
    """Exact, then the next multiple of 5, 10, 20 and 50 above it (no repeats)."""
    amounts = [due]
    for step in QUICK_STEPS:
        size = step * 10**exponent
        rounded = Money(-(-due.minor // size) * size, due.currency)
        if rounded not in amounts:
            amounts.append(rounded)
    return amounts


class Paying(TillBase):
    @action
    def go_to_payment(self) -> None:
        self._open_sale()
        assert self.register.sale is not None
        if not any(not line.voided for line in self.register.sale.lines):
            raise StateError("There is nothing to pay: scan an item first")
        self.products = None
        self.keypad.clear()
        self.screen = Screen.PAYMENT

    def payment_keys(self) -> tuple[KeyView, ...]:
        """One button per payment type of the store (``KeyView.key`` is its code)."""
        return tuple(
            KeyView(p.code, p.name, _KIND_COLOURS[p.kind], f"F{i + 2}")
            for i, p in enumerate(self.register.ref.payment_types.values())
        )

    def quick_tenders(self) -> tuple[QuickTender, ...]:
        """Cash buttons: the exact amount due, then round amounts above it."""
        sale = self.register.sale
        if sale is None or sale.totals.due.minor <= 0:
            return ()
        amounts = quick_amounts(sale.totals.due, self.currency.exponent)
        shown = [a.format(self.currency) for a in amounts]
        captions = [f"Exact {shown[0]}", *shown[1:]]
        return tuple(QuickTender(c, a) for c, a in zip(captions, shown, strict=True))

    @action
    def tender(self, code: str, amount: str | None = None) -> None:
        """Take a payment of ``amount`` (else what was typed, else everything due).

        The sale completes as soon as nothing is due.
        """
        self._open_sale()
        typed = amount if amount is not None else (self.keypad.text or None)
        money = None if typed is None else self._check_tender(code, typed)
        sale = self.register.tender(code, money)
        self.keypad.clear()
        self.screen = Screen.PAYMENT
        if sale.totals.due.minor == 0:
            self._finish()
        else:
            self.message = info(f"{sale.totals.due.format(self.currency)} still due")

    @action
    def finish(self) -> None:
        """Complete a paid sale whose completion failed before (storage was busy, ...)."""
        self._open_sale()
        self._finish()

    def _finish(self) -> None:
        done = self.register.complete()
        self.last = done
        self.quantity = None
        self.selected = None
        self.screen = Screen.SALE
        self._after_devices(done.device_errors)
        self._refresh_counters()
        text = f"Change {done.change.format(self.currency)}" if done.change else "Paid, thank you"
        self.message = device_warning(text, done.device_errors)

    def _enter_on_payment(self, text: str | None) -> None:
        """Enter: cash for what was typed (or exactly what is due)."""
        sale = self.register.sale
        if sale is not None and sale.payments and sale.totals.due.minor == 0:
            self.finish()
            return
        cash = [p for p in self.register.ref.payment_types.values() if p.kind is PaymentKind.CASH]
        if not cash:
            raise StateError("No cash payment type is set up: choose a payment type")
        self.tender(cash[0].code, text)

    def _check_tender(self, code: str, typed: str) -> Money:
        amount = self._amount(typed)
        payment_type = self.register.ref.payment_type(code)
        sale = self.register.sale
        assert sale is not None
        due = sale.totals.due
        if not payment_type.gives_change and due.minor > 0 and amount > due:
            raise PaymentError(
                f"{payment_type.name} cannot pay more than is due ({due.format(self.currency)})"
            )
        return amount
