"""Fixed inputs for the v1 goldens: one day of one till, built through the domain's methods.

Nothing here depends on the demo data, a clock or an id generator, so the payloads the
builders make from it can be compared with ``contracts/v1/examples`` for ever.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from attrs import frozen

from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.cash import CashMovement, MovementKind
from saleflex_core.domain.catalog import PaymentType, Product, SoldBy
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.document import Document
from saleflex_core.domain.line import AuditEntry
from saleflex_core.domain.money import Money

EUR = "EUR"
COMPANY_ID = "3f1c8f55-0d3a-4c55-9a57-5c1b7f0e2a10"
STORE_ID = "8b0e2d1c-6f4a-4b7e-9a1d-2c3e4f5a6b7c"
TERMINAL_ID = "5d7e9f10-2a3b-4c5d-8e6f-7a8b9c0d1e2f"
BUSINESS_DATE = date(2026, 3, 14)
APPLES = Product("p-apple", "3001", "Apples Elstar", "PRO", "B", Money(249, EUR), SoldBy.WEIGHT)
BAGUETTE = Product("p-baguette", "1001", "Baguette", "BAK", "B", Money(129, EUR))
COLA = Product("p-cola", "4003", "Cola 0.33 l", "DRI", "A", Money(119, EUR))
WINE = Product("p-wine", "4006", "Riesling 0.75 l", "DRI", "A", Money(899, EUR))
RATES = {"A": Decimal(19), "B": Decimal(7)}


def at(hour: int, minute: int, second: int = 0) -> datetime:
    """An instant of the day, in UTC (the store is in Europe/Berlin: UTC+1 in March)."""
    return datetime(2026, 3, 14, hour, minute, second, tzinfo=UTC)


def eur(minor: int) -> Money:
    return Money(minor, EUR)


@frozen
class Day:
    sale: Document
    cancelled: Document
    float_in: CashMovement
    pickup: CashMovement
    closure: Closure


def sale_in_progress() -> Document:
    """Weighed apples, baguettes with a line discount, a cola whose price a supervisor
    changed, a wine voided after subtotal with a supervisor, 1.00 off the sale; paid by card
    and cash with change."""
    doc = Document.start(
        id="0b6f1d2e-3c4a-4b5c-9d6e-7f8091a2b3c4",
        terminal_id=TERMINAL_ID,
        store_id=STORE_ID,
        cashier_id="1",
        currency=EUR,
        at=at(8, 41, 7),
    )
    doc.add_line(APPLES, Decimal("0.750"), vat_rate=RATES["B"])
    doc.add_line(BAGUETTE, Decimal(3), vat_rate=RATES["B"], barcode="5901234100106")
    doc.adjust_line(2, Adjustment.discount(percent=Decimal(10)))
    doc.add_line(COLA, Decimal(1), vat_rate=RATES["A"], barcode="5901234400305")
    doc.override_price(3, eur(99))
    doc.audit.append(
        AuditEntry(at(8, 42, 30), "override_price", "1", "2", "dented can", "line 3: 119 -> 99")
    )
    doc.add_line(WINE, Decimal(1), vat_rate=RATES["A"], barcode="5901234400602")
    doc.mark_subtotal(at(8, 43))
    doc.void_line(4)
    doc.audit.append(
        AuditEntry(
            at(8, 43, 20), "void_line", "1", "2", "customer changed mind", "line 4 Riesling 0.75 l"
        )
    )
    doc.adjust(Adjustment.discount(amount=eur(100)))
    doc.add_payment(PaymentType.card(), eur(300))
    doc.add_payment(PaymentType.cash(), eur(500))
    return doc


def cancelled_in_progress() -> Document:
    doc = Document.start(
        id="4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8",
        terminal_id=TERMINAL_ID,
        store_id=STORE_ID,
        cashier_id="1",
        currency=EUR,
        at=at(9, 5),
    )
    doc.add_line(BAGUETTE, Decimal(2), vat_rate=RATES["B"], barcode="5901234100106")
    return doc


def day() -> Day:
    """A float, the sale, a cancelled sale, a supervised pickup and the Z, in closure 7."""
    closure = Closure(TERMINAL_ID, 7, EUR, at(7, 0), eur(1_254_300), opening_float=eur(15_000))
    float_in = CashMovement(
        "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        TERMINAL_ID,
        7,
        MovementKind.IN,
        eur(5_000),
        "change float",
        "1",
        at(7, 55),
        business_date=BUSINESS_DATE,
    )
    closure.record_movement(float_in)
    sale = sale_in_progress()
    closure.complete_document(sale, at(8, 44, 2), BUSINESS_DATE, "1")
    cancelled = cancelled_in_progress()
    closure.cancel_document(cancelled, at(9, 6), BUSINESS_DATE, "3")
    pickup = CashMovement(
        "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        TERMINAL_ID,
        7,
        MovementKind.OUT,
        eur(18_000),
        "safe drop",
        "1",
        at(12, 30),
        approved_by="2",
        approval_reason="above the till limit",
        business_date=BUSINESS_DATE,
    )
    closure.record_movement(pickup)
    closure.close(
        counted_cash=eur(2_230),
        at=at(18, 2),
        business_date=BUSINESS_DATE,
        closed_by="2",
        float_left=eur(2_000),
    )
    return Day(sale, cancelled, float_in, pickup, closure)


@frozen
class Record:
    """An outbox item as decision 4 of issue #9 shapes it (the envelope's input)."""

    event_id: str
    event_type: str
    sequence: int
    occurred_at: datetime
    payload: dict[str, Any]
    business_date: date = BUSINESS_DATE
    schema_version: int = 1
    company_id: str = COMPANY_ID
    store_id: str = STORE_ID
    terminal_id: str = TERMINAL_ID
