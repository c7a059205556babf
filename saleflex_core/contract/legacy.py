"""Outbox payloads stored before v1, translated into v1: what migration 0003 runs on old rows.

Before v1 a row's payload was the storage dump of the aggregate (``to_wire(document)``,
``to_wire(closure)``, ``to_wire(movement)`` of schema 0001): attribute names, enum values,
``{"minor", "currency"}`` money, Decimal text and NAIVE local times of the till. This
module reads exactly that shape, key by key (never through the storage converter, which
follows today's classes), and hands the values to the v1 builders, so an old row becomes
the payload a v1 terminal would have sent for the same fact.

Frozen with the v1 contract: it reads the 0001 dump shape and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from typing import Any

from attrs import frozen

from saleflex_core.contract.builders import cash_payload, closure_payload, sale_payload
from saleflex_core.domain.adjustment import Adjustment, AdjustmentKind
from saleflex_core.domain.cash import CashMovement, MovementKind
from saleflex_core.domain.catalog import PaymentKind, SoldBy
from saleflex_core.domain.closure import Closure, ClosureState, PeriodTotals, VatTotal
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.events import CASH_MOVED, CLOSURE_CLOSED, SALE_CANCELLED, SALE_COMPLETED
from saleflex_core.domain.line import AuditEntry, Line, Payment
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import ValidationError

Stored = Mapping[str, Any]


@frozen
class Translated:
    """An old row as v1: its payload, when the fact happened (UTC) and its business date."""

    payload: dict[str, Any]
    occurred_at: datetime
    business_date: date


def translate_stored(event_type: str, stored: Stored, *, zone: tzinfo) -> Translated:
    """The v1 form of an outbox payload stored by schema 0001.

    ``zone`` is the store's time zone: old instants are the till's naive local time, read
    in it (an hour that came twice at a DST fall-back reads as its first pass). The
    business date is the local date of the sale's end, of the cash movement, of the
    period's Z (the rules of ``domain/store_time.py``). Anything not of that shape is a
    ValidationError.
    """
    try:
        translate = _TRANSLATIONS[event_type]
    except KeyError:
        raise ValidationError(f"No v1 translation for {event_type!r}") from None
    try:
        return translate(stored, _Clock(zone))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValidationError(f"Not a 0001 {event_type} payload: {exc!r}") from exc


class _Clock:
    """Reads an old naive local time in the store's zone; aware ones are kept as they are."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone

    def __call__(self, text: str) -> datetime:
        local = datetime.fromisoformat(text)
        if local.tzinfo is None:
            local = local.replace(tzinfo=self.zone, fold=0)
        return local.astimezone(UTC)

    def day(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()


def _sale(stored: Stored, clock: _Clock) -> Translated:
    document = _document(stored, clock)
    assert document.ended_at is not None
    return Translated(sale_payload(document), document.ended_at, clock.day(document.ended_at))


def _document(d: Stored, clock: _Clock) -> Document:
    currency = d["currency"]
    return Document(
        id=d["id"],
        terminal_id=d["terminal_id"],
        store_id=d["store_id"],
        cashier_id=d["cashier_id"],
        currency=currency,
        started_at=clock(d["started_at"]),
        state=DocumentState(d["state"]),
        lines=[_line(line) for line in d["lines"]],
        adjustment=_adjustment(d["adjustment"]),
        payments=[_payment(p) for p in d["payments"]],
        audit=[_audit(entry, clock) for entry in d["audit"]],
        closure_number=d["closure_number"],
        receipt_number=d["receipt_number"],
        unique_id=d["unique_id"],
        ended_at=clock(d["ended_at"]),
        ended_by=d.get("ended_by"),
        business_date=clock.day(clock(d["ended_at"])),
    )


def _line(d: Stored) -> Line:
    return Line(
        line_no=d["line_no"],
        product_id=d["product_id"],
        plu=d["plu"],
        name=d["name"],
        department_code=d["department_code"],
        vat_code=d["vat_code"],
        vat_rate=_decimal(d["vat_rate"]),
        sold_by=SoldBy(d["sold_by"]),
        quantity=_decimal(d["quantity"]),
        unit_price=_money(d["unit_price"]),
        barcode=d.get("barcode", ""),
        adjustment=_adjustment(d.get("adjustment")),
        voided=d.get("voided", False),
        price_overridden=d.get("price_overridden", False),
    )


def _adjustment(d: Stored | None) -> Adjustment | None:
    if d is None:
        return None
    amount = None if d.get("amount") is None else _money(d["amount"])
    percent = None if d.get("percent") is None else _decimal(d["percent"])
    return Adjustment(AdjustmentKind(d["kind"]), amount, percent)


def _payment(d: Stored) -> Payment:
    tendered, change = _money(d["tendered"]), _money(d["change"])
    return Payment(d["seq"], d["type_code"], PaymentKind(d["kind"]), tendered, change)


def _audit(d: Stored, clock: _Clock) -> AuditEntry:
    return AuditEntry(
        clock(d["at"]),
        d["action"],
        d["cashier_id"],
        d.get("approved_by"),
        d.get("reason", ""),
        d.get("detail", ""),
    )


def _closure(d: Stored, clock: _Clock) -> Translated:
    """A Z. A dump from before floats were kept has no ``opening_float``/``float_left``:
    such a period opened with none and left none (``Closure.successor`` of those days)."""
    currency = d["currency"]
    zero = {"minor": 0, "currency": currency}
    closure = Closure(
        terminal_id=d["terminal_id"],
        number=d["number"],
        currency=currency,
        opened_at=clock(d["opened_at"]),
        grand_total_at_open=_money(d["grand_total_at_open"]),
        state=ClosureState(d["state"]),
        next_receipt=d["next_receipt"],
        totals=_period_totals(d["totals"]),
        closed_at=clock(d["closed_at"]),
        closed_by=d["closed_by"],
        counted_cash=_money(d["counted_cash"]),
        opening_float=_money(d.get("opening_float") or zero),
        float_left=_money(d.get("float_left") or zero),
        business_date=clock.day(clock(d["closed_at"])),
    )
    assert closure.closed_at is not None and closure.business_date is not None
    payload = closure_payload(closure)
    return Translated(payload, closure.closed_at, closure.business_date)


_COUNTS = ("sales_count", "cancelled_count", "voided_lines", "discount_count", "surcharge_count")
_AMOUNTS = (
    "sales_total",
    "cancelled_total",
    "discounts",
    "surcharges",
    "cash_tendered",
    "change_given",
    "cash_in",
    "cash_out",
)
_BUCKETS = ("by_payment", "by_department", "by_cashier")


def _period_totals(d: Stored) -> PeriodTotals:
    totals = PeriodTotals(d["currency"])
    for name in _COUNTS:
        setattr(totals, name, d.get(name, 0))
    for name in _AMOUNTS:
        if name in d:
            setattr(totals, name, _money(d[name]))
    for name in _BUCKETS:
        setattr(totals, name, {key: _money(v) for key, v in d.get(name, {}).items()})
    totals.by_vat = {
        code: VatTotal(_money(v["gross"]), _money(v["vat"]))
        for code, v in d.get("by_vat", {}).items()
    }
    return totals


def _cash(d: Stored, clock: _Clock) -> Translated:
    movement = CashMovement(
        id=d["id"],
        terminal_id=d["terminal_id"],
        closure_number=d["closure_number"],
        kind=MovementKind(d["kind"]),
        amount=_money(d["amount"]),
        reason=d["reason"],
        cashier_id=d["cashier_id"],
        at=clock(d["at"]),
        approved_by=d.get("approved_by"),
        approval_reason=d.get("approval_reason", ""),
        business_date=clock.day(clock(d["at"])),
    )
    return Translated(cash_payload(movement), movement.at, movement.business_date)


def _money(d: Stored) -> Money:
    minor = d["minor"]
    if type(minor) is not int:
        raise ValidationError(f"Money in minor units, not {minor!r}")
    return Money(minor, d["currency"])


def _decimal(text: object) -> Decimal:
    if not isinstance(text, str):
        raise ValidationError(f"A decimal was stored as text, not {text!r}")
    return Decimal(text)


_TRANSLATIONS: dict[str, Callable[[Stored, _Clock], Translated]] = {
    SALE_COMPLETED: _sale,
    SALE_CANCELLED: _sale,
    CLOSURE_CLOSED: _closure,
    CASH_MOVED: _cash,
}
