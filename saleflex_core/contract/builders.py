"""Payload builders: the v1 wire form of a numbered document, a closed period, a cash movement.

Each reads the domain object and writes the wire classes of ``v1.py`` field by field, so
what is sent is decided here and in ``contracts/v1``, never by how the domain is stored.
Internal fields (a closure's ``next_receipt``, a draft's ``subtotal_at``, a state the
event type already says) are not sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from saleflex_core.contract.converter import to_v1
from saleflex_core.contract.v1 import (
    AdjustmentV1,
    ApprovalV1,
    CashierTotalV1,
    CashMovedV1,
    ClosureV1,
    CountedV1,
    DepartmentTotalV1,
    DrawerV1,
    GrandTotalV1,
    LineV1,
    OverrideV1,
    PaymentTotalV1,
    PaymentV1,
    ReceiptRangeV1,
    ReceiptV1,
    SaleCashiersV1,
    SaleV1,
    TotalsV1,
    VatRefV1,
    VatShareV1,
    VatTotalV1,
)
from saleflex_core.contract.v1 import PaymentKind as WirePaymentKind
from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.cash import CashMovement, MovementKind
from saleflex_core.domain.catalog import PaymentKind, SoldBy
from saleflex_core.domain.closure import Closure, ClosureState
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.line import AuditEntry, Line, Payment
from saleflex_core.domain.money import Money
from saleflex_core.domain.totals import Totals
from saleflex_core.exceptions import StateError

GRAMS = Decimal("0.001")
V = TypeVar("V")

# Spelled out, not .value: a domain enum's rename or new member cannot slip onto the wire.
_PAYMENT_KINDS: dict[PaymentKind, WirePaymentKind] = {
    PaymentKind.CASH: "cash",
    PaymentKind.CARD: "card",
    PaymentKind.VOUCHER: "voucher",
    PaymentKind.OTHER: "other",
}


def sale_payload(document: Document) -> dict[str, Any]:
    """The v1 payload of ``sale.completed`` or ``sale.cancelled`` for a numbered document."""
    return dict(to_v1(sale_v1(document)))


def closure_payload(closure: Closure) -> dict[str, Any]:
    """The v1 payload of ``closure.closed`` for a closed period."""
    return dict(to_v1(closure_v1(closure)))


def cash_payload(movement: CashMovement) -> dict[str, Any]:
    """The v1 payload of ``cash.moved``."""
    return dict(to_v1(cash_v1(movement)))


def sale_v1(document: Document) -> SaleV1:
    """A completed or cancelled document as the wire sees it; a draft is refused."""
    numbered = document.state in (DocumentState.COMPLETED, DocumentState.CANCELLED)
    if not numbered or document.ended_at is None or document.unique_id is None:
        raise StateError(f"A {document.state.value} sale is not an event: it has no number")
    assert document.closure_number is not None and document.receipt_number is not None
    totals = document.totals()
    shares = {share.line_no: share.amount for share in totals.shares}
    zero = Money.zero(document.currency)
    return SaleV1(
        document_id=document.id,
        receipt=ReceiptV1(document.closure_number, document.receipt_number, document.unique_id),
        currency=document.currency,
        started_at=document.started_at,
        ended_at=document.ended_at,
        cashier=SaleCashiersV1(document.cashier_id, document.ended_by or document.cashier_id),
        lines=tuple(line_v1(line, shares.get(line.line_no, zero)) for line in document.lines),
        adjustment=_document_adjustment(document.adjustment, totals),
        payments=tuple(payment_v1(payment) for payment in document.payments),
        totals=totals_v1(totals),
        vat=tuple(
            VatShareV1(share.code, share.rate, share.gross, share.vat, share.net)
            for share in totals.vat
        ),
        overrides=tuple(override_v1(entry) for entry in document.audit),
    )


def line_v1(line: Line, amount: Money) -> LineV1:
    """One line; ``amount`` is what it finally counts for (its share of the document)."""
    weighed = line.sold_by is SoldBy.WEIGHT
    adjustment = None
    if line.adjustment is not None:
        adjustment = adjustment_v1(line.adjustment, line.adjustment_amount)
    return LineV1(
        line_no=line.line_no,
        product_id=line.product_id,
        plu=line.plu,
        barcode=line.barcode or None,
        name=line.name,
        sold_by="weight" if weighed else "piece",
        quantity=line.quantity.quantize(GRAMS) if weighed else line.quantity,
        unit_price=line.unit_price,
        price_overridden=line.price_overridden,
        gross=line.gross,
        adjustment=adjustment,
        net=line.net,
        amount=Money.zero(line.unit_price.currency) if line.voided else amount,
        vat=VatRefV1(line.vat_code, line.vat_rate),
        department_code=line.department_code,
        voided=line.voided,
    )


def adjustment_v1(adjustment: Adjustment, signed: Money) -> AdjustmentV1:
    """``signed`` is the adjustment's effect (negative for a discount); the wire says kind."""
    return AdjustmentV1(
        "discount" if adjustment.is_discount else "surcharge",
        adjustment.percent,
        -signed if signed.minor < 0 else signed,
    )


def _document_adjustment(adjustment: Adjustment | None, totals: Totals) -> AdjustmentV1 | None:
    if adjustment is None:
        return None
    return adjustment_v1(adjustment, totals.document_adjustment)


def payment_v1(payment: Payment) -> PaymentV1:
    return PaymentV1(
        payment.seq,
        payment.type_code,
        _PAYMENT_KINDS[payment.kind],
        payment.tendered,
        payment.change,
        payment.applied,
    )


def totals_v1(totals: Totals) -> TotalsV1:
    return TotalsV1(
        subtotal=totals.subtotal,
        discounts=totals.discounts,
        surcharges=totals.surcharges,
        total=totals.total,
        tendered=totals.tendered,
        change=totals.change,
        paid=totals.paid,
    )


def override_v1(entry: AuditEntry) -> OverrideV1:
    return OverrideV1(
        entry.at, entry.action, entry.cashier_id, entry.approved_by, entry.reason, entry.detail
    )


def closure_v1(closure: Closure) -> ClosureV1:
    """A closed period (its Z) as the wire sees it; an open one is refused."""
    if closure.state is not ClosureState.CLOSED:
        raise StateError(f"Closure {closure.number} is still open: it is not an event yet")
    assert closure.closed_at is not None and closure.closed_by is not None
    t = closure.totals
    receipts = closure.receipt_range
    return ClosureV1(
        closure_number=closure.number,
        currency=closure.currency,
        opened_at=closure.opened_at,
        closed_at=closure.closed_at,
        closed_by=closure.closed_by,
        receipts=None if receipts is None else ReceiptRangeV1(*receipts),
        sales=CountedV1(t.sales_count, t.sales_total),
        cancelled=CountedV1(t.cancelled_count, t.cancelled_total),
        voided_lines=t.voided_lines,
        discounts=CountedV1(t.discount_count, t.discounts),
        surcharges=CountedV1(t.surcharge_count, t.surcharges),
        grand_total=GrandTotalV1(closure.grand_total_at_open, closure.grand_total),
        cash=drawer_v1(closure),
        by_payment=tuple(PaymentTotalV1(k, v) for k, v in _sorted(t.by_payment)),
        by_vat=tuple(VatTotalV1(k, v.gross, v.vat, v.gross - v.vat) for k, v in _sorted(t.by_vat)),
        by_department=tuple(DepartmentTotalV1(k, v) for k, v in _sorted(t.by_department)),
        by_cashier=tuple(CashierTotalV1(k, v) for k, v in _sorted(t.by_cashier)),
    )


def drawer_v1(closure: Closure) -> DrawerV1:
    """The cash of a closed period, as the Z prints it."""
    t = closure.totals
    counted, left = closure.counted_cash, closure.float_left
    difference, taken_out = closure.difference, closure.taken_out
    assert counted is not None and left is not None
    assert difference is not None and taken_out is not None
    return DrawerV1(
        opening_float=closure.opening_float,
        cash_in=t.cash_in,
        cash_out=t.cash_out,
        tendered=t.cash_tendered,
        change_given=t.change_given,
        expected=closure.expected_cash,
        counted=counted,
        difference=difference,
        float_left=left,
        taken_out=taken_out,
    )


def cash_v1(movement: CashMovement) -> CashMovedV1:
    """A cash movement; ``approval`` when someone approved it.

    Not its number in the period: the envelope's ``sequence`` orders a terminal's
    movements already (ARCHITECTURE.md, the v1 event contract)."""
    approval = None
    if movement.approved_by is not None:
        approval = ApprovalV1(movement.approved_by, movement.approval_reason)
    return CashMovedV1(
        movement_id=movement.id,
        closure_number=movement.closure_number,
        kind="in" if movement.kind is MovementKind.IN else "out",
        amount=movement.amount,
        reason=movement.reason,
        cashier_id=movement.cashier_id,
        at=movement.at,
        approval=approval,
    )


def _sorted(bucket: Mapping[str, V]) -> Sequence[tuple[str, V]]:
    return sorted(bucket.items())
