"""The closure (fiscal period) of a terminal: numbering, running totals, X and Z.

A terminal always has exactly one OPEN closure. It hands out gapless receipt numbers and
cash movement numbers (each 1, 2, 3 ... per period) and accumulates every numbered
document and cash movement as it happens, so an X report is a read of the running totals
and a Z closes them in constant time. Closure numbers grow by one per terminal forever;
the grand total is perpetual.

The drawer's cash carries over: a period opens with the float the previous Z left in the
drawer, and expects opening float + cash in - cash out + cash tendered - change given.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from attrs import define, evolve, field, frozen

from saleflex_core.domain.cash import NOT_NUMBERED, CashMovement, MovementKind
from saleflex_core.domain.catalog import PaymentKind
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.money import Money, check_amount
from saleflex_core.domain.store_time import utc
from saleflex_core.exceptions import IllegalTransition, StateError, ValidationError


class ClosureState(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


@frozen
class VatTotal:
    gross: Money
    vat: Money


def _add(bucket: dict[str, Money], key: str, amount: Money) -> None:
    bucket[key] = bucket[key] + amount if key in bucket else amount


@define
class PeriodTotals:
    """Running totals of a period. ``sales_total`` counts completed sales only.

    ``discount_count`` and ``surcharge_count`` count the adjustments of completed sales
    (on a line or on the sale) by what they did: one that came to 0.00 counts in neither.
    """

    currency: str
    sales_count: int = 0
    cancelled_count: int = 0
    voided_lines: int = 0
    discount_count: int = 0
    surcharge_count: int = 0
    sales_total: Money = field(default=None)
    cancelled_total: Money = field(default=None)
    discounts: Money = field(default=None)
    surcharges: Money = field(default=None)
    cash_tendered: Money = field(default=None)
    change_given: Money = field(default=None)
    cash_in: Money = field(default=None)
    cash_out: Money = field(default=None)
    by_payment: dict[str, Money] = field(factory=dict)
    by_vat: dict[str, VatTotal] = field(factory=dict)
    by_department: dict[str, Money] = field(factory=dict)
    by_cashier: dict[str, Money] = field(factory=dict)

    def __attrs_post_init__(self) -> None:
        zero = Money.zero(self.currency)
        for name in (
            "sales_total",
            "cancelled_total",
            "discounts",
            "surcharges",
            "cash_tendered",
            "change_given",
            "cash_in",
            "cash_out",
        ):
            if getattr(self, name) is None:
                setattr(self, name, zero)

    def add_document(self, document: Document) -> None:
        """Count one numbered document (completed or cancelled) into the period."""
        totals = document.totals()
        self.voided_lines += sum(1 for line in document.lines if line.voided)
        if document.state is DocumentState.CANCELLED:
            self.cancelled_count += 1
            self.cancelled_total += totals.total
            return
        if document.state is not DocumentState.COMPLETED:
            raise StateError(f"Only numbered documents count, not a {document.state.value} one")
        self.sales_count += 1
        self.sales_total += totals.total
        self.discounts += totals.discounts
        self.surcharges += totals.surcharges
        made = [line.adjustment_amount.minor for line in document.active_lines]
        made.append(totals.document_adjustment.minor)
        self.discount_count += sum(1 for minor in made if minor < 0)
        self.surcharge_count += sum(1 for minor in made if minor > 0)
        self.change_given += totals.change
        for payment in document.payments:
            _add(self.by_payment, payment.type_code, payment.applied)
            if payment.kind is PaymentKind.CASH:
                self.cash_tendered += payment.tendered
        for share in totals.vat:
            old = self.by_vat.get(share.code)
            self.by_vat[share.code] = (
                VatTotal(share.gross, share.vat)
                if old is None
                else VatTotal(old.gross + share.gross, old.vat + share.vat)
            )
        for line_share in totals.shares:
            _add(self.by_department, line_share.department_code, line_share.amount)
        # Credit whoever completed the sale, not who opened it (a parked sale changes hands).
        _add(self.by_cashier, document.ended_by or document.cashier_id, totals.total)

    def add_movement(self, movement: CashMovement) -> None:
        if movement.kind is MovementKind.IN:
            self.cash_in += movement.amount
        else:
            self.cash_out += movement.amount

    @property
    def net_cash(self) -> Money:
        """What the period's own work put into the drawer: change handed out is not takings.

        Cash in - cash out + cash tendered - change given; the drawer also holds the
        opening float (``Closure.expected_cash``).
        """
        return self.cash_in - self.cash_out + self.cash_tendered - self.change_given


@define
class Closure:
    """One period of one terminal, from its opening to its Z.

    Instants are aware UTC. ``business_date`` is the store's local date of the Z
    (``closed_at``): the day whose report the Z is, even when the period opened the
    evening before (the next period opens at the Z). An open period has none yet.
    """

    terminal_id: str
    number: int
    currency: str
    opened_at: datetime
    grand_total_at_open: Money
    state: ClosureState = ClosureState.OPEN
    next_receipt: int = 1
    next_movement: int = 1
    totals: PeriodTotals = field(default=None)
    closed_at: datetime | None = None
    closed_by: str | None = None
    counted_cash: Money | None = None
    opening_float: Money = field(default=None)
    float_left: Money | None = None
    business_date: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.totals is None:
            self.totals = PeriodTotals(self.currency)
        if self.opening_float is None:
            self.opening_float = Money.zero(self.currency)

    @classmethod
    def first(cls, *, terminal_id: str, currency: str, at: datetime) -> Closure:
        """Closure 1 of a new terminal, opened at the instant ``at`` (aware UTC)."""
        return cls(terminal_id, 1, currency, utc(at), Money.zero(currency))

    @property
    def grand_total(self) -> Money:
        """Perpetual total of every completed sale on this terminal, this period included."""
        return self.grand_total_at_open + self.totals.sales_total

    @property
    def receipt_range(self) -> tuple[int, int] | None:
        return (1, self.next_receipt - 1) if self.next_receipt > 1 else None

    @property
    def expected_cash(self) -> Money:
        """Cash that should be in the drawer: the opening float and the period's net cash."""
        return self.opening_float + self.totals.net_cash

    @property
    def difference(self) -> Money | None:
        """Counted minus expected cash: negative when the drawer is short."""
        if self.counted_cash is None:
            return None
        return self.counted_cash - self.expected_cash

    @property
    def taken_out(self) -> Money | None:
        """Cash taken from the drawer at the Z: what was counted less the float left in it."""
        if self.counted_cash is None or self.float_left is None:
            return None
        return self.counted_cash - self.float_left

    def complete_document(self, document: Document, at: datetime, day: date, by: str) -> None:
        """Complete ``document`` by cashier ``by`` under the next receipt number; count it in.

        ``at`` is the instant (aware UTC) and ``day`` its business date in the store."""
        self._require_open()
        number = self.next_receipt
        document.complete(
            closure_number=self.number, receipt_number=number, at=at, business_date=day, by=by
        )
        self._count(document)

    def cancel_document(self, document: Document, at: datetime, day: date, by: str) -> None:
        """Cancel ``document`` by cashier ``by`` under the next receipt number; count it in.

        ``at`` is the instant (aware UTC) and ``day`` its business date in the store."""
        self._require_open()
        number = self.next_receipt
        document.cancel(
            closure_number=self.number, receipt_number=number, at=at, business_date=day, by=by
        )
        self._count(document)

    def _count(self, document: Document) -> None:
        self.next_receipt += 1
        self.totals.add_document(document)

    def record_movement(self, movement: CashMovement) -> CashMovement:
        """Count ``movement`` into the period under its next movement number; the movement
        as numbered (1, 2, 3 ... per period: the order it is listed in, whatever the clock)."""
        self._require_open()
        if movement.closure_number != self.number:
            raise ValidationError("This cash movement belongs to another period")
        if movement.number != NOT_NUMBERED:
            raise StateError(f"Cash movement {movement.id} is numbered already")
        numbered = evolve(movement, number=self.next_movement)
        self.next_movement += 1
        self.totals.add_movement(numbered)
        return numbered

    def close(
        self,
        *,
        counted_cash: Money,
        at: datetime,
        business_date: date,
        closed_by: str,
        float_left: Money | None = None,
    ) -> None:
        """The Z: freeze this period's totals with the cashier's counted cash (at most what a
        till holds, ``check_amount``). ``at`` is the instant of the Z (aware UTC),
        ``business_date`` its local date in the store: the Z's date.

        ``float_left`` is the cash left in the drawer for the next period, between 0 and
        the counted cash. Not given, everything counted stays in the drawer: the Z itself
        moves no cash, so the next period expects what is physically there. Whatever the
        cashier takes to the safe is counted minus ``float_left`` (``taken_out``).
        """
        self._require_open()
        if counted_cash.currency != self.currency or counted_cash.minor < 0:
            raise ValidationError("The counted cash must be zero or more, in the store currency")
        check_amount(counted_cash, "The counted cash")
        left = counted_cash if float_left is None else float_left
        if left.currency != self.currency or not 0 <= left.minor <= counted_cash.minor:
            raise ValidationError(
                "The float left in the drawer must be between zero and the cash counted"
            )
        self.state = ClosureState.CLOSED
        self.counted_cash = counted_cash
        self.float_left = left
        self.closed_at = utc(at)
        self.closed_by = closed_by
        self.business_date = business_date

    def successor(self, at: datetime) -> Closure:
        """The next period: number + 1, receipts from 1, the grand total and float carried."""
        if self.state is not ClosureState.CLOSED:
            raise IllegalTransition(f"Closure {self.number} is still open")
        left = Money.zero(self.currency) if self.float_left is None else self.float_left
        return Closure(
            self.terminal_id,
            self.number + 1,
            self.currency,
            utc(at),
            self.grand_total,
            opening_float=left,
        )

    def _require_open(self) -> None:
        if self.state is not ClosureState.OPEN:
            raise IllegalTransition(f"Closure {self.number} is already closed")
