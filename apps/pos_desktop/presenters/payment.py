"""The payment screen: cash with quick tenders and change, card, voucher, split.

When nothing is due any more the sale completes by itself: numbered, stored, printed, and
the till is back on an empty sale showing the change.

A sale that comes to 0.00 (everything discounted) has nothing to tender: F9 then Enter
(or the payment screen's "Enter" key, or a payment key with no amount typed) completes
it, and since it gives goods away the core asks for a supervisor, whose approval form
opens as for a void after subtotal; not approved, the sale stays open as it was.
"""

from __future__ import annotations

from functools import partial

from apps.pos_desktop.presenters.desk import Controller, Desk, FunctionKey, Screen, action
from apps.pos_desktop.presenters.errors import device_warning, info
from apps.pos_desktop.presenters.selling import SaleController
from apps.pos_desktop.presenters.supervisor import SupervisorController
from apps.pos_desktop.presenters.view_models import KeyView, QuickTender
from saleflex_core.domain.catalog import PaymentKind
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import PaymentError, StateError
from saleflex_core.use_cases.auth import Override

ZERO_REASONS = ("Free item", "Replacement", "Promotion", "Manager decision")
ZERO_HINT = "Nothing to pay: Enter completes the sale of 0.00 once a supervisor approves"
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


class PaymentController(Controller):
    """PAYMENT: the open sale is paid; its items can no longer change."""

    prompt = "Amount tendered (Enter: cash)"

    def __init__(self, desk: Desk, sale: SaleController, supervisor: SupervisorController) -> None:
        super().__init__(desk)
        self.sale = sale
        self.supervisor = supervisor

    @action
    def open(self) -> None:
        """F9 on the sale screen: go and pay (a sale with no live line cannot be paid)."""
        sale = self.desk.open_sale()
        if not any(not line.voided for line in sale.lines):
            raise StateError("There is nothing to pay: scan an item first")
        self.sale.products = None
        self.desk.keypad.clear()
        self.desk.screen = Screen.PAYMENT
        if self._nothing_to_pay():
            self.desk.message = info(ZERO_HINT)

    def payment_keys(self) -> tuple[KeyView, ...]:
        """One button per payment type of the store (``KeyView.key`` is its code)."""
        return tuple(
            KeyView(p.code, p.name, _KIND_COLOURS[p.kind], f"F{i + 2}")
            for i, p in enumerate(self.register.ref.payment_types.values())
        )

    def keys(self) -> tuple[FunctionKey, ...]:
        pay = tuple(
            FunctionKey(k.hotkey, k.caption, k.colour, partial(self.tender, k.key))
            for k in self.payment_keys()
        )
        done: tuple[FunctionKey, ...] = ()
        if self._nothing_to_pay():
            done = (FunctionKey("Enter", "Complete 0.00", "pay", self.finish),)
        return (*pay, *done, FunctionKey("Esc", "Back", "plain", self.back))

    def quick_tenders(self) -> tuple[QuickTender, ...]:
        """Cash buttons: the exact amount due, then round amounts above it."""
        sale = self.register.sale
        if sale is None or sale.totals.due.minor <= 0:
            return ()
        amounts = quick_amounts(sale.totals.due, self.desk.currency.exponent)
        shown = [a.format(self.desk.currency) for a in amounts]
        captions = [f"Exact {shown[0]}", *shown[1:]]
        return tuple(QuickTender(c, a) for c, a in zip(captions, shown, strict=True))

    @action
    def tender(self, code: str, amount: str | None = None) -> None:
        """Take a payment of ``amount`` (else what was typed, else everything due).

        The sale completes as soon as nothing is due.
        """
        self.desk.open_sale()
        typed = amount if amount is not None else (self.desk.keypad.text or None)
        if typed is None and self._nothing_to_pay():
            self._finish()  # a sale of 0.00: nothing to tender
            return
        money = None if typed is None else self._check_tender(code, typed)
        sale = self.register.tender(code, money)
        self.desk.keypad.clear()
        self.desk.screen = Screen.PAYMENT
        if sale.totals.due.minor == 0:
            self._finish()
        else:
            self.desk.message = info(f"{sale.totals.due.format(self.desk.currency)} still due")

    @action
    def finish(self) -> None:
        """Complete a sale with nothing due: one of 0.00, or a paid one whose completion
        failed before (storage was busy, ...)."""
        self.desk.open_sale()
        self._finish()

    def _finish(self) -> None:
        """Complete the sale; one of 0.00 waits for a supervisor's approval."""

        def run(override: Override | None) -> None:
            done = self.register.complete(override)
            self.sale.finished(done)
            currency = self.desk.currency
            text = f"Change {done.change.format(currency)}" if done.change else "Paid, thank you"
            self.desk.message = device_warning(text, done.device_errors)

        self.supervisor.run(run, ZERO_REASONS)

    def enter(self, text: str | None) -> None:
        """Enter: cash for what was typed (or exactly what is due); with nothing due
        (paid, or a sale of 0.00) and nothing typed, complete the sale."""
        sale = self.register.sale
        if sale is not None and sale.totals.due.minor == 0 and not (text or self.desk.keypad.text):
            self.finish()
            return
        cash = [p for p in self.register.ref.payment_types.values() if p.kind is PaymentKind.CASH]
        if not cash:
            raise StateError("No cash payment type is set up: choose a payment type")
        self.tender(cash[0].code, text)

    def _nothing_to_pay(self) -> bool:
        """A sale of 0.00 with items, not paid: nothing to tender, a supervisor approves."""
        sale = self.register.sale
        return (
            sale is not None
            and not sale.payments
            and sale.totals.total.minor == 0
            and any(not line.voided for line in sale.lines)
        )

    def _check_tender(self, code: str, typed: str) -> Money:
        amount = self.desk.amount(typed)
        payment_type = self.register.ref.payment_type(code)
        due = self.desk.open_sale().totals.due
        if not payment_type.gives_change and due.minor > 0 and amount > due:
            raise PaymentError(
                f"{payment_type.name} cannot pay more than is due "
                f"({due.format(self.desk.currency)})"
            )
        return amount
