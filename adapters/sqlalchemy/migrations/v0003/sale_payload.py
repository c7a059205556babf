"""A sale as schema 0001/0002 stored it in the outbox, as the v1 ``sale.*`` payload.

The old payload is the storage dump of the document: lines, adjustments and payments, no
totals. The v1 payload carries the totals, each line's amounts and the VAT breakdown, so
they are worked out here with the rules the program used when it printed the receipt
(``saleflex_core/domain/money.py`` and ``totals.py`` at revision 0003), copied rather than
imported so that later changes to the core cannot change what this migration writes:
amounts are integer minor units; quantity x price, a percentage and VAT are rounded half-up
once each; a document adjustment is spread over the live lines by largest remainder; VAT is
extracted per rate over the whole document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

Old = Mapping[str, Any]
Instant = Callable[[str], str]  # old naive local ISO text -> v1 instant text
PIECE = Decimal(1)
GRAMS = Decimal("0.001")


def money(minor: int, currency: str) -> dict[str, Any]:
    return {"minor": minor, "currency": currency}


def decimal_text(value: str | Decimal) -> str:
    """Fixed-point text, never an exponent: ``"2E+1"`` is ``"20"``."""
    return format(Decimal(value), "f")


def half_up(value: Decimal) -> int:
    return int(value.quantize(PIECE, rounding=ROUND_HALF_UP))


def sale(old: Old, instant: Instant) -> dict[str, Any]:
    """The v1 payload of ``sale.completed`` / ``sale.cancelled`` for an old document dump."""
    currency = old["currency"]
    lines = [_Line(line) for line in old["lines"]]
    live = [line for line in lines if not line.voided]
    nets = [line.net for line in live]
    subtotal = sum(nets)
    document_adjustment = _signed(old["adjustment"], subtotal)
    spread = _allocate(document_adjustment, nets)
    amounts = {line.line_no: line.net + part for line, part in zip(live, spread, strict=True)}
    adjustments = [line.adjustment for line in live] + [document_adjustment]
    payments = old["payments"]
    tendered = sum(p["tendered"]["minor"] for p in payments)
    change = sum(p["change"]["minor"] for p in payments)
    total = subtotal + document_adjustment
    return {
        "document_id": old["id"],
        "receipt": {
            "closure_number": old["closure_number"],
            "receipt_number": old["receipt_number"],
            "unique_id": old["unique_id"],
        },
        "currency": currency,
        "started_at": instant(old["started_at"]),
        "ended_at": instant(old["ended_at"]),
        "cashier": {
            "opened_by": old["cashier_id"],
            "ended_by": old.get("ended_by") or old["cashier_id"],  # 0001: its opener (0002)
        },
        "lines": [line.wire(amounts.get(line.line_no, 0), currency) for line in lines],
        "adjustment": _adjustment(old["adjustment"], document_adjustment, currency),
        "payments": [_payment(p) for p in payments],
        "totals": {
            "subtotal": money(subtotal, currency),
            "discounts": money(-sum(a for a in adjustments if a < 0), currency),
            "surcharges": money(sum(a for a in adjustments if a > 0), currency),
            "total": money(total, currency),
            "tendered": money(tendered, currency),
            "change": money(change, currency),
            "paid": money(tendered - change, currency),
        },
        "vat": _vat(live, amounts, currency),
        "overrides": [_override(entry, instant) for entry in old["audit"]],
    }


class _Line:
    """One old line and the amounts the v1 line states."""

    def __init__(self, old: Old) -> None:
        self.old = old
        self.line_no: int = old["line_no"]
        self.voided: bool = old["voided"]
        self.vat_code: str = old["vat_code"]
        self.vat_rate = Decimal(old["vat_rate"])
        quantity = Decimal(old["quantity"])
        self.quantity = quantity.quantize(GRAMS if old["sold_by"] == "weight" else PIECE)
        self.gross = half_up(Decimal(old["unit_price"]["minor"]) * quantity)
        self.adjustment = _signed(old["adjustment"], self.gross)
        self.net = self.gross + self.adjustment

    def wire(self, amount: int, currency: str) -> dict[str, Any]:
        old = self.old
        return {
            "line_no": self.line_no,
            "product_id": old["product_id"],
            "plu": old["plu"],
            "barcode": old["barcode"] or None,
            "name": old["name"],
            "sold_by": old["sold_by"],
            "quantity": decimal_text(self.quantity),
            "unit_price": money(old["unit_price"]["minor"], currency),
            "price_overridden": old["price_overridden"],
            "gross": money(self.gross, currency),
            "adjustment": _adjustment(old["adjustment"], self.adjustment, currency),
            "net": money(self.net, currency),
            "amount": money(0 if self.voided else amount, currency),
            "vat": {"code": self.vat_code, "rate": decimal_text(self.vat_rate)},
            "department_code": old["department_code"],
            "voided": self.voided,
        }


def _signed(adjustment: Old | None, base: int) -> int:
    """The effect of a stored adjustment on ``base`` minor units: negative for a discount."""
    if adjustment is None:
        return 0
    if adjustment["percent"] is not None:
        magnitude = half_up(Decimal(base) * (Decimal(adjustment["percent"]) / 100))
    else:
        magnitude = adjustment["amount"]["minor"]
    return -magnitude if adjustment["kind"] == "discount" else magnitude


def _adjustment(old: Old | None, signed: int, currency: str) -> dict[str, Any] | None:
    if old is None:
        return None
    percent = old["percent"]
    return {
        "kind": old["kind"],
        "percent": None if percent is None else decimal_text(percent),
        "amount": money(abs(signed), currency),
    }


def _allocate(amount: int, weights: Sequence[int]) -> list[int]:
    """``amount`` split in proportion to ``weights`` by largest remainder (earlier wins a
    tie), so the parts sum exactly; nothing to split gives zeros."""
    total_weight = sum(weights)
    if amount == 0 or total_weight <= 0:
        return [0] * len(weights)
    sign = -1 if amount < 0 else 1
    shares = [divmod(abs(amount) * weight, total_weight) for weight in weights]
    parts = [quotient for quotient, _ in shares]
    leftover = abs(amount) - sum(parts)
    for i in sorted(range(len(weights)), key=lambda i: (-shares[i][1], i))[:leftover]:
        parts[i] += 1
    return [sign * part for part in parts]


def _vat(live: Sequence[_Line], amounts: Mapping[int, int], currency: str) -> list[Any]:
    gross: dict[tuple[str, Decimal], int] = {}
    for line in live:
        key = (line.vat_code, line.vat_rate)
        gross[key] = gross.get(key, 0) + amounts[line.line_no]
    shares = []
    for (code, rate), minor in sorted(gross.items()):
        vat = half_up(Decimal(minor) * rate / (100 + rate))
        shares.append(
            {
                "code": code,
                "rate": decimal_text(rate),
                "gross": money(minor, currency),
                "vat": money(vat, currency),
                "net": money(minor - vat, currency),
            }
        )
    return shares


def _payment(old: Old) -> dict[str, Any]:
    tendered, change = old["tendered"], old["change"]
    return {
        "seq": old["seq"],
        "type_code": old["type_code"],
        "kind": old["kind"],
        "tendered": dict(tendered),
        "change": dict(change),
        "amount": money(tendered["minor"] - change["minor"], tendered["currency"]),
    }


def _override(entry: Old, instant: Instant) -> dict[str, Any]:
    return {
        "at": instant(entry["at"]),
        "action": entry["action"],
        "cashier_id": entry["cashier_id"],
        "approved_by": entry.get("approved_by"),
        "reason": entry.get("reason", ""),
        "detail": entry.get("detail", ""),
    }
