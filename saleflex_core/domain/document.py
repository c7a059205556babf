"""The sale document: lines, adjustments, payments, its states and its totals.

``Document`` is the aggregate. It changes only through its methods, each of which
checks the state and the invariants first and changes nothing when it refuses:
every line amount is >= 0, the total is >= 0, the paid amount never exceeds the total,
and no amount is more than a till holds (``MAX_AMOUNT_MINOR``: prices, lines, adjustments,
subtotal, total, tenders), so a sale that was stored can always be totalled, paid or
cancelled. Totals follow the rounding rule written in ``money.py``.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from attrs import define, evolve, field

from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.catalog import PaymentType, Product, SoldBy
from saleflex_core.domain.line import (
    AuditEntry,
    Line,
    Payment,
    check_quantity,
    shown,
    worth_selling,
)
from saleflex_core.domain.money import MAX_AMOUNT_MINOR, Money, check_amount, total
from saleflex_core.domain.store_time import utc
from saleflex_core.domain.totals import Totals, compute_totals
from saleflex_core.exceptions import (
    IllegalTransition,
    PaymentError,
    StateError,
    ValidationError,
)


class DocumentState(enum.Enum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


_TRANSITIONS = {
    DocumentState.ACTIVE: {
        DocumentState.SUSPENDED,
        DocumentState.COMPLETED,
        DocumentState.CANCELLED,
    },
    DocumentState.SUSPENDED: {DocumentState.ACTIVE, DocumentState.CANCELLED},
    DocumentState.COMPLETED: set(),
    DocumentState.CANCELLED: set(),
}


@define
class Document:
    """A sale from first scan to completion or cancellation.

    ``cashier_id`` is who opened the sale; ``ended_by`` who completed or cancelled it
    (another cashier may take over a parked sale): the Z credits ``ended_by``.

    Instants are aware UTC. ``business_date`` is the store's local date of ``ended_at``,
    set when the document is numbered (``store_time`` says the rule); the unique id
    carries it.
    """

    id: str
    terminal_id: str
    store_id: str
    cashier_id: str
    currency: str
    started_at: datetime
    state: DocumentState = DocumentState.ACTIVE
    lines: list[Line] = field(factory=list)
    adjustment: Adjustment | None = None
    payments: list[Payment] = field(factory=list)
    audit: list[AuditEntry] = field(factory=list)
    subtotal_at: datetime | None = None
    closure_number: int | None = None
    receipt_number: int | None = None
    unique_id: str | None = None
    ended_at: datetime | None = None
    ended_by: str | None = None
    business_date: date | None = None

    @classmethod
    def start(
        cls,
        *,
        id: str,
        terminal_id: str,
        store_id: str,
        cashier_id: str,
        currency: str,
        at: datetime,
    ) -> Document:
        """A new, empty, ACTIVE sale, started at the instant ``at`` (aware UTC)."""
        return cls(id, terminal_id, store_id, cashier_id, currency, utc(at))

    # --- reading -------------------------------------------------------------------------
    @property
    def active_lines(self) -> list[Line]:
        return [line for line in self.lines if not line.voided]

    @property
    def is_empty(self) -> bool:
        return not self.active_lines

    def totals(self) -> Totals:
        return compute_totals(self.lines, self.adjustment, self.payments, self.currency)

    def line(self, line_no: int) -> Line:
        for line in self.lines:
            if line.line_no == line_no:
                return line
        raise ValidationError(f"There is no line {line_no} on this sale")

    # --- items ---------------------------------------------------------------------------
    def add_line(
        self,
        product: Product,
        quantity: Decimal,
        *,
        vat_rate: Decimal,
        barcode: str = "",
        unit_price: Money | None = None,
        label_price: bool = False,
    ) -> Line:
        """Sell ``quantity`` of ``product``.

        ``unit_price`` replaces the catalogue price: a price label's (``label_price``) or
        an open-price entry; either way the catalogue price is not used. A price label
        sells packs, so its line counts pieces even for an item sold by weight.
        """
        self._require_items_open()
        if not product.active:
            raise StateError(f"{product.name} is not for sale")
        price = product.unit_price if unit_price is None else unit_price
        self._require_currency(price)
        if price.minor <= 0:
            raise ValidationError(f"{product.name} has no price: enter the price")
        check_amount(price, f"The price of {product.name}")
        sold_by = SoldBy.PIECE if label_price else product.sold_by
        line = Line(
            line_no=len(self.lines) + 1,
            product_id=product.id,
            plu=product.plu,
            name=product.name,
            department_code=product.department_code,
            vat_code=product.vat_code,
            vat_rate=vat_rate,
            sold_by=sold_by,
            quantity=check_quantity(sold_by, quantity),
            unit_price=price,
            barcode=barcode,
            price_overridden=unit_price is not None
            and not label_price
            and product.unit_price.minor > 0,
        )
        self._replace_lines([*self.lines, worth_selling(line)])
        return line

    def change_quantity(self, line_no: int, quantity: Decimal) -> Line:
        self._require_items_open()
        line = self._live_line(line_no)
        changed = evolve(line, quantity=check_quantity(line.sold_by, quantity))
        return self._update_line(worth_selling(changed))

    def override_price(self, line_no: int, unit_price: Money) -> Line:
        self._require_items_open()
        self._require_currency(unit_price)
        if unit_price.minor <= 0:
            raise ValidationError("The new price must be more than zero")
        check_amount(unit_price, "The new price")
        line = self._live_line(line_no)
        changed = evolve(line, unit_price=unit_price, price_overridden=True)
        return self._update_line(worth_selling(changed))

    def void_line(self, line_no: int) -> Line:
        self._require_items_open()
        return self._update_line(evolve(self._live_line(line_no), voided=True))

    def adjust_line(self, line_no: int, adjustment: Adjustment | None) -> Line:
        """Set, replace or (with ``None``) remove the discount or surcharge of one line."""
        self._require_items_open()
        line = self._live_line(line_no)
        if adjustment is None and line.adjustment is None:
            raise StateError(f"Line {line_no} has no discount or surcharge to remove")
        if adjustment is not None:
            self._require_currency_of(adjustment)
            adjustment.check_against(line.gross, what=f"line {line_no}")
        return self._update_line(evolve(line, adjustment=adjustment))

    def adjust(self, adjustment: Adjustment | None) -> None:
        """Set, replace or (with ``None``) remove the discount or surcharge of the whole sale."""
        self._require_items_open()
        if adjustment is None and self.adjustment is None:
            raise StateError("The sale has no discount or surcharge to remove")
        if adjustment is not None:
            self._require_currency_of(adjustment)
            subtotal = total((line.net for line in self.active_lines), self.currency)
            if subtotal.minor == 0:
                raise StateError("There is nothing on the sale to discount")
            adjustment.check_against(subtotal, what="the sale")
        self._check_invariants(self.lines, adjustment)
        self.adjustment = adjustment

    def mark_subtotal(self, at: datetime) -> Totals:
        self._require_state(DocumentState.ACTIVE, "subtotal")
        if self.is_empty:
            raise StateError("There is nothing on the sale yet")
        self.subtotal_at = utc(at)
        return self.totals()

    # --- payments ------------------------------------------------------------------------
    def add_payment(self, payment_type: PaymentType, amount: Money) -> Payment:
        """Take a tender. Over-tender gives change only where the payment type allows it."""
        self._require_state(DocumentState.ACTIVE, "take a payment")
        self._require_currency(amount)
        if self.is_empty:
            raise PaymentError("There is nothing to pay: scan an item first")
        due = self.totals().due
        if due.minor <= 0:
            raise PaymentError("The sale is already paid")
        if amount.minor <= 0:
            raise ValidationError("The amount must be more than zero")
        check_amount(amount, "The payment")
        change = Money.zero(self.currency)
        if amount > due:
            if not payment_type.gives_change:
                raise PaymentError(
                    f"{payment_type.name} cannot pay more than is due ({shown(due)})"
                )
            change = amount - due
        payment = Payment(
            len(self.payments) + 1, payment_type.code, payment_type.kind, amount, change
        )
        self.payments.append(payment)
        return payment

    # --- lifecycle -----------------------------------------------------------------------
    def suspend(self) -> None:
        self._require_state(DocumentState.ACTIVE, "suspend")
        if self.is_empty:
            raise StateError("An empty sale cannot be suspended")
        if self.payments:
            raise StateError("A sale with payments cannot be suspended")
        self._move(DocumentState.SUSPENDED)

    def resume(self) -> None:
        self._move(DocumentState.ACTIVE)

    def cancel(
        self,
        *,
        closure_number: int,
        receipt_number: int,
        at: datetime,
        business_date: date,
        by: str | None = None,
    ) -> None:
        """Cancel the whole sale; it is numbered and kept like a completed one.

        ``by`` is the cashier who cancels it (the one who opened it when not given);
        ``business_date`` is the store's local date of ``at``.
        """
        if self.payments:
            raise PaymentError("This sale has payments: it cannot be cancelled")
        if not self.lines:
            raise StateError("There is nothing to cancel: the sale is empty")
        self._move(DocumentState.CANCELLED)
        self._number(closure_number, receipt_number, utc(at), business_date, by)

    def complete(
        self,
        *,
        closure_number: int,
        receipt_number: int,
        at: datetime,
        business_date: date,
        by: str | None = None,
    ) -> None:
        """Complete the paid sale; ``by`` completes it (the one who opened it when not given).

        ``business_date`` is the store's local date of ``at`` (``Store.business_date``).
        """
        self._require_state(DocumentState.ACTIVE, "complete")
        if self.is_empty:
            raise StateError("There is nothing to complete: the sale has no items")
        due = self.totals().due
        if due.minor != 0:
            raise PaymentError(f"The sale is not paid yet: {shown(due)} is due")
        self._move(DocumentState.COMPLETED)
        self._number(closure_number, receipt_number, utc(at), business_date, by)

    # --- internals -----------------------------------------------------------------------
    def _number(
        self, closure_number: int, receipt_number: int, at: datetime, day: date, by: str | None
    ) -> None:
        self.closure_number = closure_number
        self.receipt_number = receipt_number
        self.unique_id = unique_id(day, closure_number, receipt_number)
        self.ended_at = at
        self.ended_by = self.cashier_id if by is None else by
        self.business_date = day

    def _move(self, target: DocumentState) -> None:
        if target not in _TRANSITIONS[self.state]:
            raise IllegalTransition(f"A {self.state.value} sale cannot become {target.value}")
        self.state = target

    def _require_state(self, state: DocumentState, action: str) -> None:
        if self.state is not state:
            raise IllegalTransition(f"Cannot {action}: the sale is {self.state.value}")

    def _require_items_open(self) -> None:
        self._require_state(DocumentState.ACTIVE, "change the items")
        if self.payments:
            raise StateError("Payments were taken: the items can no longer change")

    def _require_currency(self, amount: Money) -> None:
        if amount.currency != self.currency:
            raise ValidationError(f"This sale is in {self.currency}, not {amount.currency}")

    def _require_currency_of(self, adjustment: Adjustment) -> None:
        if adjustment.amount is not None:
            self._require_currency(adjustment.amount)
            check_amount(adjustment.amount, f"The {adjustment.kind.value}")

    def _live_line(self, line_no: int) -> Line:
        line = self.line(line_no)
        if line.voided:
            raise StateError(f"Line {line_no} is already voided")
        return line

    def _update_line(self, new: Line) -> Line:
        lines = [new if line.line_no == new.line_no else line for line in self.lines]
        self._replace_lines(lines)
        return new

    def _replace_lines(self, lines: list[Line]) -> None:
        self._check_invariants(lines, self.adjustment)
        self.lines = lines

    def _check_invariants(self, lines: Sequence[Line], adjustment: Adjustment | None) -> None:
        """Refuse lines and an adjustment that break an invariant, before they are taken."""
        subtotal_minor = 0  # summed as int: this runs on every key press of a long sale
        for line in lines:
            if line.voided:
                continue
            net = line.net.minor
            if net < 0:
                raise ValidationError(f"The discount on line {line.line_no} is more than the line")
            if max(net, line.gross.minor) > MAX_AMOUNT_MINOR:
                check_amount(max(line.net, line.gross), f"Line {line.line_no}")
            subtotal_minor += net
        subtotal = check_amount(Money(subtotal_minor, self.currency), "The subtotal")
        if adjustment is not None:
            adjustment.check_against(subtotal, what="the sale")
            if subtotal.minor == 0:
                raise StateError("The sale discount needs items to apply to: remove it first")
            check_amount(subtotal + adjustment.on(subtotal), "The sale total")


def unique_id(business_date: date, closure_number: int, receipt_number: int) -> str:
    """``YYYYMMDD-{closure:04d}-{receipt:06d}`` of the document's business date (the store's
    local date, not UTC's); unique together with the terminal id."""
    return f"{business_date:%Y%m%d}-{closure_number:04d}-{receipt_number:06d}"
