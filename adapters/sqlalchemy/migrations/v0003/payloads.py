"""Old outbox payloads (storage dumps of schema 0001/0002) as v1 wire payloads.

Pure functions of the old payload and a way to turn its naive local times into v1
instants: what ``contracts/v1`` says each type carries, nothing internal (a closure's
``next_receipt``, a document's ``state`` or ``subtotal_at``). A period closed before 0002
carried no drawer float: its opening float and float left are 0, as migration 0002 set
them in the closure table.
"""

from __future__ import annotations

from typing import Any

from adapters.sqlalchemy.migrations.v0003.sale_payload import Instant, Old, money, sale
from saleflex_core.exceptions import StorageError

SALE_COMPLETED = "sale.completed"
SALE_CANCELLED = "sale.cancelled"
CLOSURE_CLOSED = "closure.closed"
CASH_MOVED = "cash.moved"
TYPES = (SALE_COMPLETED, SALE_CANCELLED, CLOSURE_CLOSED, CASH_MOVED)


def v1_payload(event_type: str, old: Old, instant: Instant) -> dict[str, Any]:
    """The v1 payload of an old outbox row of ``event_type``."""
    if event_type in (SALE_COMPLETED, SALE_CANCELLED):
        return sale(old, instant)
    if event_type == CLOSURE_CLOSED:
        return closure(old, instant)
    if event_type == CASH_MOVED:
        return cash(old, instant)
    raise StorageError(f"The outbox holds an event of unknown type {event_type!r}")


def closure(old: Old, instant: Instant) -> dict[str, Any]:
    """The Z of a closed period, from the old dump of its closure."""
    currency, t = old["currency"], old["totals"]
    zero = money(0, currency)
    opening_float = old.get("opening_float") or zero
    float_left = old.get("float_left") or zero
    counted = old["counted_cash"]
    expected = (
        opening_float["minor"]
        + t["cash_in"]["minor"]
        - t["cash_out"]["minor"]
        + t["cash_tendered"]["minor"]
        - t["change_given"]["minor"]
    )
    at_open = old["grand_total_at_open"]["minor"]
    last = old["next_receipt"] - 1
    return {
        "closure_number": old["number"],
        "currency": currency,
        "opened_at": instant(old["opened_at"]),
        "closed_at": instant(old["closed_at"]),
        "closed_by": old["closed_by"],
        "receipts": {"first": 1, "last": last} if last >= 1 else None,
        "sales": _counted(t["sales_count"], t["sales_total"]),
        "cancelled": _counted(t["cancelled_count"], t["cancelled_total"]),
        "voided_lines": t["voided_lines"],
        "discounts": _counted(t["discount_count"], t["discounts"]),
        "surcharges": _counted(t.get("surcharge_count", 0), t["surcharges"]),
        "grand_total": {
            "at_open": money(at_open, currency),
            "at_close": money(at_open + t["sales_total"]["minor"], currency),
        },
        "cash": {
            "opening_float": dict(opening_float),
            "cash_in": dict(t["cash_in"]),
            "cash_out": dict(t["cash_out"]),
            "tendered": dict(t["cash_tendered"]),
            "change_given": dict(t["change_given"]),
            "expected": money(expected, currency),
            "counted": dict(counted),
            "difference": money(counted["minor"] - expected, currency),
            "float_left": dict(float_left),
            "taken_out": money(counted["minor"] - float_left["minor"], currency),
        },
        "by_payment": [
            {"type_code": k, "amount": dict(v)} for k, v in sorted(t["by_payment"].items())
        ],
        "by_vat": [
            {
                "code": k,
                "gross": dict(v["gross"]),
                "vat": dict(v["vat"]),
                "net": money(v["gross"]["minor"] - v["vat"]["minor"], currency),
            }
            for k, v in sorted(t["by_vat"].items())
        ],
        "by_department": [
            {"department_code": k, "amount": dict(v)} for k, v in sorted(t["by_department"].items())
        ],
        "by_cashier": [
            {"cashier_id": k, "amount": dict(v)} for k, v in sorted(t["by_cashier"].items())
        ],
    }


def _counted(count: int, total: Old) -> dict[str, Any]:
    return {"count": count, "total": dict(total)}


def cash(old: Old, instant: Instant) -> dict[str, Any]:
    """A cash movement; ``approval`` when a supervisor approved it."""
    approval = None
    if old["approved_by"] is not None:
        approval = {"approved_by": old["approved_by"], "reason": old["approval_reason"]}
    return {
        "movement_id": old["id"],
        "closure_number": old["closure_number"],
        "kind": old["kind"],
        "amount": dict(old["amount"]),
        "reason": old["reason"],
        "cashier_id": old["cashier_id"],
        "at": instant(old["at"]),
        "approval": approval,
    }
