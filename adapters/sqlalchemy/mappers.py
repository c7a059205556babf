"""Explicit row <-> object mapping: no ORM mapping of domain classes."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import RowMapping

from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.cash import CashMovement, MovementKind
from saleflex_core.domain.catalog import (
    Department,
    PaymentKind,
    PaymentType,
    Product,
    SoldBy,
    StorePrice,
    VatRate,
)
from saleflex_core.domain.closure import Closure, ClosureState, PeriodTotals
from saleflex_core.domain.delivery import SyncState
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.events import OutboxItem, OutboxStatus
from saleflex_core.domain.line import AuditEntry, Line, Payment
from saleflex_core.domain.money import DECIMALS, Currency, Money
from saleflex_core.domain.organisation import Cashier, Company, Role, Store, Terminal
from saleflex_core.storage import from_storage, to_storage

Row = RowMapping
MILLI = Decimal(1000)


# --- documents ---------------------------------------------------------------------------
def document_head(document: Document, permanent: bool) -> dict[str, Any]:
    row = {
        "id": document.id,
        "terminal_id": document.terminal_id,
        "store_id": document.store_id,
        "cashier_id": document.cashier_id,
        "currency": document.currency,
        "state": document.state.value,
        "started_at": document.started_at,
        "subtotal_at": document.subtotal_at,
        "adjustment": to_storage(document.adjustment),
        "audit": to_storage(document.audit),
        "business_date": document.business_date,
    }
    if permanent:
        row |= {
            "closure_number": document.closure_number,
            "receipt_number": document.receipt_number,
            "unique_id": document.unique_id,
            "ended_at": document.ended_at,
            "ended_by": document.ended_by,
        }
    return row


def line_row(document_id: str, line: Line) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "line_no": line.line_no,
        "product_id": line.product_id,
        "plu": line.plu,
        "name": line.name,
        "department_code": line.department_code,
        "vat_code": line.vat_code,
        "vat_rate": str(line.vat_rate),
        "sold_by": line.sold_by.value,
        "quantity_milli": int(DECIMALS.multiply(line.quantity, MILLI)),
        "unit_price_minor": line.unit_price.minor,
        "barcode": line.barcode,
        "adjustment": to_storage(line.adjustment),
        "voided": line.voided,
        "price_overridden": line.price_overridden,
    }


def payment_row(document_id: str, payment: Payment) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "seq": payment.seq,
        "type_code": payment.type_code,
        "kind": payment.kind.value,
        "tendered_minor": payment.tendered.minor,
        "change_minor": payment.change.minor,
    }


def to_line(row: Row, currency: str) -> Line:
    sold_by = SoldBy(row["sold_by"])
    quantity = DECIMALS.divide(Decimal(row["quantity_milli"]), MILLI)
    exponent = Decimal(1) if sold_by is SoldBy.PIECE else Decimal("0.001")
    quantity = quantity.quantize(exponent, context=DECIMALS)
    return Line(
        line_no=row["line_no"],
        product_id=row["product_id"],
        plu=row["plu"],
        name=row["name"],
        department_code=row["department_code"],
        vat_code=row["vat_code"],
        vat_rate=Decimal(row["vat_rate"]),
        sold_by=sold_by,
        quantity=quantity,
        unit_price=Money(row["unit_price_minor"], currency),
        barcode=row["barcode"],
        adjustment=_adjustment(row["adjustment"]),
        voided=bool(row["voided"]),
        price_overridden=bool(row["price_overridden"]),
    )


def to_payment(row: Row, currency: str) -> Payment:
    return Payment(
        row["seq"],
        row["type_code"],
        PaymentKind(row["kind"]),
        Money(row["tendered_minor"], currency),
        Money(row["change_minor"], currency),
    )


def to_document(head: Row, lines: Sequence[Row], payments: Sequence[Row]) -> Document:
    currency = head["currency"]
    permanent = "receipt_number" in head
    return Document(
        id=head["id"],
        terminal_id=head["terminal_id"],
        store_id=head["store_id"],
        cashier_id=head["cashier_id"],
        currency=currency,
        started_at=head["started_at"],
        state=DocumentState(head["state"]),
        lines=[to_line(r, currency) for r in sorted(lines, key=lambda r: r["line_no"])],
        adjustment=_adjustment(head["adjustment"]),
        payments=[to_payment(r, currency) for r in sorted(payments, key=lambda r: r["seq"])],
        audit=from_storage(head["audit"], list[AuditEntry]),
        subtotal_at=head["subtotal_at"],
        closure_number=head["closure_number"] if permanent else None,
        receipt_number=head["receipt_number"] if permanent else None,
        unique_id=head["unique_id"] if permanent else None,
        ended_at=head["ended_at"] if permanent else None,
        ended_by=head["ended_by"] if permanent else None,
        business_date=head["business_date"],
    )


def _adjustment(data: Any) -> Adjustment | None:
    return None if data is None else from_storage(data, Adjustment)


# --- closures, cash, outbox ----------------------------------------------------------------
def closure_row(closure: Closure) -> dict[str, Any]:
    return {
        "terminal_id": closure.terminal_id,
        "number": closure.number,
        "currency": closure.currency,
        "state": closure.state.value,
        "opened_at": closure.opened_at,
        "grand_total_at_open_minor": closure.grand_total_at_open.minor,
        "next_receipt": closure.next_receipt,
        "next_movement": closure.next_movement,
        "totals": to_storage(closure.totals),
        "closed_at": closure.closed_at,
        "closed_by": closure.closed_by,
        "counted_cash_minor": _minor(closure.counted_cash),
        "opening_float_minor": closure.opening_float.minor,
        "float_left_minor": _minor(closure.float_left),
        "business_date": closure.business_date,
    }


def _minor(amount: Money | None) -> int | None:
    return None if amount is None else amount.minor


def _money(minor: int | None, currency: str) -> Money | None:
    return None if minor is None else Money(minor, currency)


def to_closure(row: Row) -> Closure:
    currency = row["currency"]
    return Closure(
        terminal_id=row["terminal_id"],
        number=row["number"],
        currency=currency,
        opened_at=row["opened_at"],
        grand_total_at_open=Money(row["grand_total_at_open_minor"], currency),
        state=ClosureState(row["state"]),
        next_receipt=row["next_receipt"],
        next_movement=row["next_movement"],
        totals=from_storage(row["totals"], PeriodTotals),
        closed_at=row["closed_at"],
        closed_by=row["closed_by"],
        counted_cash=_money(row["counted_cash_minor"], currency),
        opening_float=Money(row["opening_float_minor"], currency),
        float_left=_money(row["float_left_minor"], currency),
        business_date=row["business_date"],
    )


def movement_row(movement: CashMovement) -> dict[str, Any]:
    return {
        "id": movement.id,
        "terminal_id": movement.terminal_id,
        "closure_number": movement.closure_number,
        "number": movement.number,
        "kind": movement.kind.value,
        "amount_minor": movement.amount.minor,
        "currency": movement.amount.currency,
        "reason": movement.reason,
        "cashier_id": movement.cashier_id,
        "at": movement.at,
        "approved_by": movement.approved_by,
        "approval_reason": movement.approval_reason,
        "business_date": movement.business_date,
    }


def to_movement(row: Row) -> CashMovement:
    return CashMovement(
        row["id"],
        row["terminal_id"],
        row["closure_number"],
        MovementKind(row["kind"]),
        Money(row["amount_minor"], row["currency"]),
        row["reason"],
        row["cashier_id"],
        row["at"],
        row["approved_by"],
        row["approval_reason"],
        business_date=row["business_date"],
        number=row["number"],
    )


def outbox_row(item: OutboxItem) -> dict[str, Any]:
    return {
        "company_id": item.company_id,
        "event_id": item.event_id,
        "event_type": item.event_type,
        "schema_version": item.schema_version,
        "store_id": item.store_id,
        "terminal_id": item.terminal_id,
        "sequence": item.sequence,
        "occurred_at": item.occurred_at,
        "business_date": item.business_date,
        "payload": item.payload,
        **delivery_row(item),
    }


def delivery_row(item: OutboxItem) -> dict[str, Any]:
    """The columns of an event's delivery: what changes after it was queued."""
    return {
        "attempts": item.attempts,
        "status": item.status.value,
        "last_error": _cut(item.last_error),
        "failed_at": item.failed_at,
        "sent_at": item.sent_at,
    }


def to_outbox(row: Row) -> OutboxItem:
    return OutboxItem(
        event_id=row["event_id"],
        event_type=row["event_type"],
        schema_version=row["schema_version"],
        company_id=row["company_id"],
        store_id=row["store_id"],
        terminal_id=row["terminal_id"],
        sequence=row["sequence"],
        occurred_at=row["occurred_at"],
        business_date=row["business_date"],
        payload=row["payload"],
        attempts=row["attempts"],
        status=OutboxStatus(row["status"]),
        last_error=row["last_error"],
        failed_at=row["failed_at"],
        sent_at=row["sent_at"],
    )


def sync_state_row(state: SyncState) -> dict[str, Any]:
    return {
        "company_id": state.company_id,
        "terminal_id": state.terminal_id,
        "failures": state.failures,
        "next_attempt_at": state.next_attempt_at,
        "last_success_at": state.last_success_at,
        "last_error": _cut(state.last_error),
        "last_error_at": state.last_error_at,
    }


def to_sync_state(row: Row) -> SyncState:
    return SyncState(
        row["company_id"],
        row["terminal_id"],
        row["failures"],
        row["next_attempt_at"],
        row["last_success_at"],
        row["last_error"],
        row["last_error_at"],
    )


def _cut(text: str | None) -> str | None:
    """Error texts are kept to their column's 500 characters."""
    return None if text is None else text[:500]


# --- master data ---------------------------------------------------------------------------
def product_row(item: Product) -> dict[str, Any]:
    return {
        "id": item.id,
        "plu": item.plu,
        "name": item.name,
        "department_code": item.department_code,
        "vat_code": item.vat_code,
        "unit_price_minor": item.unit_price.minor,
        "currency": item.unit_price.currency,
        "sold_by": item.sold_by.value,
        "active": item.active,
    }


def to_product(row: Row, barcodes: Sequence[str]) -> Product:
    return Product(
        row["id"],
        row["plu"],
        row["name"],
        row["department_code"],
        row["vat_code"],
        Money(row["unit_price_minor"], row["currency"]),
        SoldBy(row["sold_by"]),
        tuple(barcodes),
        bool(row["active"]),
    )


def to_vat_rate(row: Row) -> VatRate:
    return VatRate(row["code"], Decimal(row["rate"]), row["name"])


def to_department(row: Row) -> Department:
    return Department(row["code"], row["name"], row["vat_code"])


def to_payment_type(row: Row) -> PaymentType:
    return PaymentType(
        row["code"], row["name"], PaymentKind(row["kind"]), bool(row["gives_change"])
    )


def to_cashier(row: Row) -> Cashier:
    return Cashier(row["id"], row["name"], Role(row["role"]), row["pin_hash"], bool(row["active"]))


def to_company(row: Row) -> Company:
    return Company(row["id"], row["name"])


def store_row(item: Store) -> dict[str, Any]:
    return {
        "id": item.id,
        "company_id": item.company_id,
        "name": item.name,
        "currency": item.currency.code,
        "currency_exponent": item.currency.exponent,
        "header": list(item.header),
        "footer": list(item.footer),
        "qr_template": item.qr_template,
        "timezone": item.timezone,
    }


def to_store(row: Row) -> Store:
    currency = Currency(row["currency"], row["currency_exponent"])
    return Store(
        row["id"],
        row["company_id"],
        row["name"],
        currency,
        tuple(row["header"]),
        tuple(row["footer"]),
        row["qr_template"],
        row["timezone"],
    )


def terminal_row(item: Terminal) -> dict[str, Any]:
    return {
        "company_id": item.company_id,
        "id": item.id,
        "store_id": item.store_id,
        "code": item.code,
        "name": item.name,
        "cash_out_limit_minor": item.cash_out_limit.minor,
        "currency": item.cash_out_limit.currency,
    }


def to_terminal(row: Row) -> Terminal:
    limit = Money(row["cash_out_limit_minor"], row["currency"])
    return Terminal(row["id"], row["company_id"], row["store_id"], row["code"], row["name"], limit)


def store_price_row(item: StorePrice) -> dict[str, Any]:
    return {
        "store_id": item.store_id,
        "product_id": item.product_id,
        "unit_price_minor": item.unit_price.minor,
        "currency": item.unit_price.currency,
    }


def to_store_price(row: Row) -> StorePrice:
    price = Money(row["unit_price_minor"], row["currency"])
    return StorePrice(row["store_id"], row["product_id"], price)
