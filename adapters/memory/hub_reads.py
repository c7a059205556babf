"""Integrators' reads of the memory hub's books (``HubReader``): filtered keyset pages
with the SQL adapter's cursors (base64 of the last row's sort key as JSON), so a cursor
from either adapter names the same place, and a cursor GATE never gave is refused."""

from __future__ import annotations

import base64
import binascii
import copy
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from adapters.memory import hub_rows
from adapters.memory.storage import _Overlay
from saleflex_core.domain.hub_ledger import DAY_COUNTS, FIGURES, quantity_text
from saleflex_core.domain.hub_reads import Page, ReadFilter
from saleflex_core.exceptions import ValidationError

Render = Callable[[dict[str, Any]], dict[str, Any]]
INSTANT, DAY, TEXT, NUMBER = "instant", "day", "text", "number"


def encode_cursor(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, kinds: Sequence[str]) -> tuple[Any, ...]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError(cursor)
        return tuple(_typed(value, kind) for value, kind in zip(values, kinds, strict=True))
    except (ValueError, TypeError, binascii.Error) as error:
        raise ValidationError("This cursor is not one GATE gave: start again without it") from error


def _typed(value: Any, kind: str) -> Any:
    if kind == INSTANT:
        if datetime.fromisoformat(value).tzinfo is None:
            raise ValueError(value)  # a naive instant: nobody could tell which clock it is
        return hub_rows.instant(value)
    if kind == DAY:
        return date.fromisoformat(value).isoformat()
    if not isinstance(value, str if kind == TEXT else int) or isinstance(value, bool):
        raise TypeError(value)
    return value


def _keeps(row: dict[str, Any], where: ReadFilter, typed: bool) -> bool:
    have = row["where"]
    stores = where.store_ids()
    if stores is not None and have["store_id"] not in stores:
        return False
    for name in ("terminal_id", "product_id", "warehouse_id", "business_date"):
        wanted = getattr(where, name)
        if name == "business_date" and wanted is not None:
            wanted = hub_rows.day(wanted)
        if wanted is not None and name in have and have[name] != wanted:
            return False
    return not (typed and where.type is not None and have["kind"] != where.type)


def _item(row: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(row["item"])  # nothing handed out is shared with storage


class MemoryHubReader:
    def __init__(self, tables: dict[str, _Overlay[Any]]) -> None:
        self.tables = tables

    def _page(
        self,
        table: str,
        kinds: Sequence[str],
        where: ReadFilter,
        after: str | None,
        limit: int,
        *,
        typed: bool,
        render: Render = _item,
    ) -> Page:
        start = None if after is None else decode_cursor(after, kinds)
        rows = sorted(
            (
                r
                for r in self.tables[table].raw_values()
                if _keeps(r, where, typed) and (start is None or r["order"] > start)
            ),
            key=lambda r: r["order"],
        )
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = encode_cursor(rows[-1]["order"]) if more else None
        return Page([render(r) for r in rows], cursor)

    def sales(self, where: ReadFilter, after: str | None, limit: int) -> Page:
        return self._page("hub_sales", (INSTANT, TEXT), where, after, limit, typed=True)

    def sale(self, sale_id: str) -> dict[str, Any] | None:
        row = self.tables["hub_sales"].get(sale_id)
        return None if row is None else _item(row)

    def closures(self, where: ReadFilter, after: str | None, limit: int) -> Page:
        return self._page("hub_closures", (INSTANT, TEXT), where, after, limit, typed=False)

    def closure(self, closure_id: str) -> dict[str, Any] | None:
        row = self.tables["hub_closures"].get(closure_id)
        return None if row is None else _item(row)

    def cash_movements(self, where: ReadFilter, after: str | None, limit: int) -> Page:
        return self._page("hub_cash", (INSTANT, TEXT), where, after, limit, typed=True)

    def stock_levels(self, where: ReadFilter, after: str | None, limit: int) -> Page:
        kinds = (TEXT, TEXT)
        return self._page("stock_levels", kinds, where, after, limit, typed=False, render=_level)

    def stock_movements(self, where: ReadFilter, after: str | None, limit: int) -> Page:
        kinds = (INSTANT, TEXT, NUMBER)
        return self._page("stock_movements", kinds, where, after, limit, typed=True)

    def daily_totals(self, where: ReadFilter, after: str | None, limit: int) -> Page:
        kinds = (DAY, TEXT, TEXT)
        return self._page("daily_totals", kinds, where, after, limit, typed=False, render=_day)

    def warehouses(self, store_id: str) -> list[dict[str, Any]]:
        mine = self.tables["warehouses"].select(lambda w: w["store_id"] == store_id)
        return [dict(w) for w in sorted(mine, key=lambda w: w["code"])]


def _level(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "warehouse_id": r["where"]["warehouse_id"],
        "store_id": r["where"]["store_id"],
        "product_id": r["where"]["product_id"],
        "quantity": quantity_text(r["quantity"]),
        "updated_at": r["updated_at"].isoformat(),
    }


def _day(r: dict[str, Any]) -> dict[str, Any]:
    store_id, business_date, currency = r["order"][1], r["order"][0], r["order"][2]
    return {
        "store_id": store_id,
        "business_date": business_date,
        "currency": currency,
        **{n: r[n] if n in DAY_COUNTS else hub_rows.money(r[n], currency) for n in FIGURES},
    }
