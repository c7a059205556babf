"""A stored sale read back with its lines, payments and VAT shares, in the v1 wire form
(a sale's lines read as the terminal sent them), plus where and when it happened."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, select

from adapters.sqlalchemy.hub.ledger_tables import hub_sale_line, hub_sale_payment, hub_sale_vat
from saleflex_core.domain.hub_ledger import SALE_TOTALS, sold_quantity_text


def sales(conn: Connection, company: str, heads: Sequence[Any]) -> list[dict[str, Any]]:
    """The read models of ``heads`` (hub_sale rows), their children read in 3 queries."""
    ids = [h["id"] for h in heads]
    lines = _children(conn, hub_sale_line, company, ids, "line_no")
    payments = _children(conn, hub_sale_payment, company, ids, "seq")
    vat = _children(conn, hub_sale_vat, company, ids, "code")
    return [_sale(h, lines[h["id"]], payments[h["id"]], vat[h["id"]]) for h in heads]


def _children(
    conn: Connection, table: Table, company: str, ids: list[str], order: str
) -> defaultdict[str, list[Any]]:
    found: defaultdict[str, list[Any]] = defaultdict(list)
    if ids:
        rows = conn.execute(
            select(table)
            .where(table.c.company_id == company, table.c.sale_id.in_(ids))
            .order_by(table.c.sale_id, table.c[order])
        ).mappings()
        for row in rows:
            found[row["sale_id"]].append(row)
    return found


def _sale(h: Any, lines: list[Any], payments: list[Any], vat: list[Any]) -> dict[str, Any]:
    cur = h["currency"]

    def m(minor: int) -> dict[str, Any]:
        return {"minor": minor, "currency": cur}

    return {
        "id": h["id"],
        "store_id": h["store_id"],
        "terminal_id": h["terminal_id"],
        "business_date": h["business_date"].isoformat(),
        "status": h["status"],
        "document_id": h["document_id"],
        "receipt": {
            "closure_number": h["closure_number"],
            "receipt_number": h["receipt_number"],
            "unique_id": h["unique_id"],
        },
        "currency": cur,
        "started_at": h["started_at"].isoformat(),
        "ended_at": h["ended_at"].isoformat(),
        "cashier": {"opened_by": h["opened_by"], "ended_by": h["ended_by"]},
        "adjustment": h["adjustment"],
        "totals": {name: m(h[name]) for name in SALE_TOTALS},
        "lines": [_line(r, m) for r in lines],
        "payments": [
            {
                "seq": p["seq"],
                "type_code": p["type_code"],
                "kind": p["kind"],
                "tendered": m(p["tendered"]),
                "change": m(p["change"]),
                "amount": m(p["amount"]),
            }
            for p in payments
        ],
        "vat": [
            {
                "code": v["code"],
                "rate": v["rate"],
                "gross": m(v["gross"]),
                "vat": m(v["vat"]),
                "net": m(v["net"]),
            }
            for v in vat
        ],
        "overrides": h["overrides"],
    }


def _line(r: Any, m: Any) -> dict[str, Any]:
    return {
        "line_no": r["line_no"],
        "product_id": r["product_id"],
        "plu": r["plu"],
        "barcode": r["barcode"],
        "name": r["name"],
        "sold_by": r["sold_by"],
        "quantity": sold_quantity_text(r["quantity"], r["sold_by"]),
        "unit_price": m(r["unit_price"]),
        "price_overridden": r["price_overridden"],
        "gross": m(r["gross"]),
        "adjustment": r["adjustment"],
        "net": m(r["net"]),
        "amount": m(r["amount"]),
        "vat": {"code": r["vat_code"], "rate": r["vat_rate"]},
        "department_code": r["department_code"],
        "voided": r["voided"],
    }
