"""v1 envelopes (already checked against contracts/v1) as the hub's rows, by hand: plain
dicts for batched inserts, no object in between (this is the ingest's hot path)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from saleflex_core.domain.events import SALE_COMPLETED
from saleflex_core.domain.hub_ledger import SALE_TOTALS, thousandths

instant = datetime.fromisoformat
day = date.fromisoformat


class SaleRows:
    """The rows of a batch's sales: heads, lines, payments and VAT shares."""

    def __init__(self, company: str) -> None:
        self.company = company
        self.heads: list[dict[str, Any]] = []
        self.lines: list[dict[str, Any]] = []
        self.payments: list[dict[str, Any]] = []
        self.vat: list[dict[str, Any]] = []

    def add(self, envelope: dict[str, Any]) -> None:
        company, sale_id, payload = self.company, envelope["event_id"], envelope["payload"]
        self.heads.append(_head(company, envelope))
        self.lines += [_line(company, sale_id, line) for line in payload["lines"]]
        self.payments += [
            {
                "company_id": company,
                "sale_id": sale_id,
                "seq": p["seq"],
                "type_code": p["type_code"],
                "kind": p["kind"],
                "tendered": p["tendered"]["minor"],
                "change": p["change"]["minor"],
                "amount": p["amount"]["minor"],
            }
            for p in payload["payments"]
        ]
        self.vat += [
            {
                "company_id": company,
                "sale_id": sale_id,
                "code": v["code"],
                "rate": v["rate"],
                "gross": v["gross"]["minor"],
                "vat": v["vat"]["minor"],
                "net": v["net"]["minor"],
            }
            for v in payload["vat"]
        ]


def _head(company: str, envelope: dict[str, Any]) -> dict[str, Any]:
    payload = envelope["payload"]
    receipt, totals, cashier = payload["receipt"], payload["totals"], payload["cashier"]
    return {
        "company_id": company,
        "id": envelope["event_id"],
        "store_id": envelope["store_id"],
        "terminal_id": envelope["terminal_id"],
        "business_date": day(envelope["business_date"]),
        "status": "completed" if envelope["type"] == SALE_COMPLETED else "cancelled",
        "document_id": payload["document_id"],
        "closure_number": receipt["closure_number"],
        "receipt_number": receipt["receipt_number"],
        "unique_id": receipt["unique_id"],
        "currency": payload["currency"],
        "started_at": instant(payload["started_at"]),
        "ended_at": instant(payload["ended_at"]),
        "opened_by": cashier["opened_by"],
        "ended_by": cashier["ended_by"],
        "adjustment": payload["adjustment"],
        "overrides": payload["overrides"],
        **{name: totals[name]["minor"] for name in SALE_TOTALS},
    }


def _line(company: str, sale_id: str, line: dict[str, Any]) -> dict[str, Any]:
    return {
        "company_id": company,
        "sale_id": sale_id,
        "line_no": line["line_no"],
        "product_id": line["product_id"],
        "plu": line["plu"],
        "barcode": line["barcode"],
        "name": line["name"],
        "sold_by": line["sold_by"],
        "quantity": thousandths(line["quantity"]),
        "unit_price": line["unit_price"]["minor"],
        "price_overridden": line["price_overridden"],
        "gross": line["gross"]["minor"],
        "adjustment": line["adjustment"],
        "net": line["net"]["minor"],
        "amount": line["amount"]["minor"],
        "vat_code": line["vat"]["code"],
        "vat_rate": line["vat"]["rate"],
        "department_code": line["department_code"],
        "voided": line["voided"],
    }


def closure_row(company: str, envelope: dict[str, Any]) -> dict[str, Any]:
    z = envelope["payload"]
    cash = z["cash"]
    return {
        "company_id": company,
        "id": envelope["event_id"],
        "store_id": envelope["store_id"],
        "terminal_id": envelope["terminal_id"],
        "closure_number": z["closure_number"],
        "business_date": day(envelope["business_date"]),
        "currency": z["currency"],
        "opened_at": instant(z["opened_at"]),
        "closed_at": instant(z["closed_at"]),
        "closed_by": z["closed_by"],
        "sales_count": z["sales"]["count"],
        "sales_total": z["sales"]["total"]["minor"],
        "cash_expected": cash["expected"]["minor"],
        "cash_counted": cash["counted"]["minor"],
        "cash_difference": cash["difference"]["minor"],
        "z": z,
    }


def cash_row(company: str, envelope: dict[str, Any]) -> dict[str, Any]:
    moved = envelope["payload"]
    return {
        "company_id": company,
        "id": envelope["event_id"],
        "store_id": envelope["store_id"],
        "terminal_id": envelope["terminal_id"],
        "business_date": day(envelope["business_date"]),
        "movement_id": moved["movement_id"],
        "closure_number": moved["closure_number"],
        "kind": moved["kind"],
        "amount": moved["amount"]["minor"],
        "currency": moved["amount"]["currency"],
        "reason": moved["reason"],
        "cashier_id": moved["cashier_id"],
        "at": instant(moved["at"]),
        "approval": moved["approval"],
    }
