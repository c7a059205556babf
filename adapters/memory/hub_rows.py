"""v1 envelopes as the memory hub keeps them: each fact's read model (what ``HubReader``
answers, exactly as the SQL adapter reads its rows back: instants in UTC, quantities in
their read form, children in key order) with the fields it is filtered and ordered by."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from saleflex_core.domain.events import SALE_COMPLETED
from saleflex_core.domain.hub_ledger import SALE_TOTALS, sold_quantity_text, thousandths

Row = dict[str, Any]  # {"where": filter fields, "order": sort key, "item": read model}


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def day(text: str) -> str:
    return date.fromisoformat(text).isoformat()


def plain(value: Any) -> Any:
    """``value`` as a JSON column gives it back (and a copy of it)."""
    return json.loads(json.dumps(value))


def money(minor: int, currency: str) -> dict[str, Any]:
    return {"minor": minor, "currency": currency}


def _where(envelope: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "store_id": envelope["store_id"],
        "terminal_id": envelope["terminal_id"],
        "business_date": day(envelope["business_date"]),
        **more,
    }


def sale_row(envelope: dict[str, Any]) -> Row:
    payload, sale_id = envelope["payload"], envelope["event_id"]
    status = "completed" if envelope["type"] == SALE_COMPLETED else "cancelled"
    cur = payload["currency"]
    receipt, totals, cashier = payload["receipt"], payload["totals"], payload["cashier"]
    ended_at = instant(payload["ended_at"])
    item = {
        **_where(envelope),
        "id": sale_id,
        "status": status,
        "document_id": payload["document_id"],
        "receipt": {k: receipt[k] for k in ("closure_number", "receipt_number", "unique_id")},
        "currency": cur,
        "started_at": instant(payload["started_at"]).isoformat(),
        "ended_at": ended_at.isoformat(),
        "cashier": {"opened_by": cashier["opened_by"], "ended_by": cashier["ended_by"]},
        "adjustment": plain(payload["adjustment"]),
        "totals": {name: money(totals[name]["minor"], cur) for name in SALE_TOTALS},
        "lines": [_line(line, cur) for line in sorted(payload["lines"], key=_by("line_no"))],
        "payments": [_payment(p, cur) for p in sorted(payload["payments"], key=_by("seq"))],
        "vat": [_vat(v, cur) for v in sorted(payload["vat"], key=_by("code"))],
        "overrides": plain(payload["overrides"]),
    }
    return {
        "where": _where(envelope, kind=status),
        "order": (ended_at, sale_id),
        "item": item,
        "receipt": (receipt["closure_number"], receipt["receipt_number"]),
    }


def _by(name: str) -> Any:
    return lambda child: child[name]


def _line(line: dict[str, Any], cur: str) -> dict[str, Any]:
    return {
        **{k: line[k] for k in ("line_no", "product_id", "plu", "barcode", "name", "sold_by")},
        "quantity": sold_quantity_text(thousandths(line["quantity"]), line["sold_by"]),
        "unit_price": money(line["unit_price"]["minor"], cur),
        "price_overridden": line["price_overridden"],
        "gross": money(line["gross"]["minor"], cur),
        "adjustment": plain(line["adjustment"]),
        "net": money(line["net"]["minor"], cur),
        "amount": money(line["amount"]["minor"], cur),
        "vat": {"code": line["vat"]["code"], "rate": line["vat"]["rate"]},
        "department_code": line["department_code"],
        "voided": line["voided"],
    }


def _payment(p: dict[str, Any], cur: str) -> dict[str, Any]:
    return {
        "seq": p["seq"],
        "type_code": p["type_code"],
        "kind": p["kind"],
        **{k: money(p[k]["minor"], cur) for k in ("tendered", "change", "amount")},
    }


def _vat(v: dict[str, Any], cur: str) -> dict[str, Any]:
    return {
        "code": v["code"],
        "rate": v["rate"],
        **{k: money(v[k]["minor"], cur) for k in ("gross", "vat", "net")},
    }


def closure_row(envelope: dict[str, Any]) -> Row:
    z = envelope["payload"]
    closed_at = instant(z["closed_at"])
    item = {
        "id": envelope["event_id"],
        **_where(envelope),
        "closure_number": z["closure_number"],
        "opened_at": instant(z["opened_at"]).isoformat(),
        "closed_at": closed_at.isoformat(),
        "closed_by": z["closed_by"],
        "z": plain(z),
    }
    return {"where": _where(envelope), "order": (closed_at, envelope["event_id"]), "item": item}


def cash_row(envelope: dict[str, Any]) -> Row:
    moved = envelope["payload"]
    at = instant(moved["at"])
    item = {
        "id": envelope["event_id"],
        **_where(envelope),
        "movement_id": moved["movement_id"],
        "closure_number": moved["closure_number"],
        "kind": moved["kind"],
        "amount": money(moved["amount"]["minor"], moved["amount"]["currency"]),
        "reason": moved["reason"],
        "cashier_id": moved["cashier_id"],
        "at": at.isoformat(),
        "approval": plain(moved["approval"]),
    }
    where = _where(envelope, kind=moved["kind"])
    return {"where": where, "order": (at, envelope["event_id"]), "item": item}
