"""What a received event changes in the hub's books besides its own rows: stock and the
daily totals. Both are written in the ingest's transaction, so they never disagree with
the sales they come from.

- **Stock.** A completed sale takes each live (not voided) line's quantity out of its
  store's default warehouse (``DEFAULT_WAREHOUSE``; a store gets it with its first sale):
  pieces and kilograms alike, in thousandths. A cancelled sale moves no stock (nothing
  left the shop), nor does a closure or a cash movement.
- **Daily totals** per store, business date and currency: completed sales (count and
  total, their discounts, surcharges and VAT), cancelled sales (count and total), cash
  put in and taken out, and Zs received. Reads come from this table, never from a scan
  of the sales.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from attrs import evolve, frozen

from saleflex_core.domain.events import CASH_MOVED, CLOSURE_CLOSED, SALE_CANCELLED, SALE_COMPLETED
from saleflex_core.domain.money import DECIMALS

DEFAULT_WAREHOUSE = "MAIN"
SALE_MOVE = "sale"
# Names a store's default warehouse (uuid5 of company and store): every GATE node agrees.
WAREHOUSE_NAMESPACE = uuid.UUID("5a1ef1e5-0e7e-4c1d-9b7a-000000000002")
THOUSANDTHS = Decimal(1000)


def default_warehouse_id(company_id: str, store_id: str) -> str:
    """The id of ``store_id``'s default warehouse."""
    return str(uuid.uuid5(WAREHOUSE_NAMESPACE, f"{company_id}/{store_id}/{DEFAULT_WAREHOUSE}"))


def thousandths(quantity: str) -> int:
    """``"0.750"`` -> 750: a v1 quantity in thousandths (pieces or kilograms)."""
    if quantity.isascii() and quantity.isdigit():  # whole pieces, most lines: no Decimal
        return int(quantity) * 1000
    return int(DECIMALS.multiply(Decimal(quantity), THOUSANDTHS))


def quantity_text(amount: int) -> str:
    """750 thousandths read back -> ``"0.750"``; 2000 -> ``"2"`` (pieces read whole)."""
    if amount % 1000 == 0:
        return str(amount // 1000)
    return format(Decimal(amount).scaleb(-3), "f")


def sold_quantity_text(amount: int, sold_by: str) -> str:
    """A sale line's quantity read back as the terminal sent it: a weight keeps its
    three decimals (``"0.750"``, ``"1.000"``), pieces read as ``quantity_text``."""
    if sold_by == "weight":
        return format(Decimal(amount).scaleb(-3).quantize(Decimal("0.001")), "f")
    return quantity_text(amount)


SALE_TOTALS = ("subtotal", "discounts", "surcharges", "total", "tendered", "change", "paid")
"""A sale's totals, as v1 names them and the hub keeps them."""
DAY_COUNTS = ("sales_count", "cancelled_count", "closures")
"""The day's figures that are counts; the others (``FIGURES``) are money."""


@frozen
class StockMove:
    """``quantity`` thousandths into (positive) or out of (negative) a warehouse."""

    warehouse_id: str
    product_id: str
    quantity: int
    reason: str
    event_id: str
    line_no: int
    store_id: str
    business_date: str
    at: str


def sale_moves(envelope: dict[str, Any], warehouse_id: str) -> list[StockMove]:
    """The stock a ``sale.completed`` takes out of ``warehouse_id`` (none for other types)."""
    if envelope["type"] != SALE_COMPLETED:
        return []
    payload = envelope["payload"]
    return [
        StockMove(
            warehouse_id,
            line["product_id"],
            -thousandths(line["quantity"]),
            SALE_MOVE,
            envelope["event_id"],
            line["line_no"],
            envelope["store_id"],
            envelope["business_date"],
            payload["ended_at"],
        )
        for line in payload["lines"]
        if not line["voided"]
    ]


@frozen
class DayTotals:
    """One store's figures of one business date, in one currency (minor units)."""

    store_id: str
    business_date: str
    currency: str
    sales_count: int = 0
    sales_total: int = 0
    discounts: int = 0
    surcharges: int = 0
    vat: int = 0
    cancelled_count: int = 0
    cancelled_total: int = 0
    cash_in: int = 0
    cash_out: int = 0
    closures: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.store_id, self.business_date, self.currency)

    def plus(self, other: DayTotals) -> DayTotals:
        return evolve(
            self,
            **{name: getattr(self, name) + getattr(other, name) for name in FIGURES},
        )


FIGURES = (
    "sales_count",
    "sales_total",
    "discounts",
    "surcharges",
    "vat",
    "cancelled_count",
    "cancelled_total",
    "cash_in",
    "cash_out",
    "closures",
)


def day_figures(envelope: dict[str, Any]) -> DayTotals:
    """What one event adds to its store's day."""
    kind, payload = envelope["type"], envelope["payload"]
    store, day = envelope["store_id"], envelope["business_date"]
    if kind == CASH_MOVED:
        amount = payload["amount"]
        inward = payload["kind"] == "in"
        return DayTotals(
            store,
            day,
            amount["currency"],
            cash_in=amount["minor"] if inward else 0,
            cash_out=0 if inward else amount["minor"],
        )
    if kind == CLOSURE_CLOSED:
        return DayTotals(store, day, payload["currency"], closures=1)
    totals = payload["totals"]
    if kind == SALE_CANCELLED:
        return DayTotals(
            store,
            day,
            payload["currency"],
            cancelled_count=1,
            cancelled_total=totals["total"]["minor"],
        )
    return DayTotals(
        store,
        day,
        payload["currency"],
        sales_count=1,
        sales_total=totals["total"]["minor"],
        discounts=totals["discounts"]["minor"],
        surcharges=totals["surcharges"]["minor"],
        vat=sum(share["vat"]["minor"] for share in payload["vat"]),
    )


def day_totals(envelopes: Iterable[dict[str, Any]]) -> list[DayTotals]:
    """The events' figures summed per store, business date and currency, sorted by key
    (writers then lock the rows in one order: no deadlock between two batches)."""
    summed: dict[tuple[str, str, str], DayTotals] = {}
    for envelope in envelopes:
        figures = day_figures(envelope)
        known = summed.get(figures.key)
        summed[figures.key] = figures if known is None else known.plus(figures)
    return [summed[key] for key in sorted(summed)]
