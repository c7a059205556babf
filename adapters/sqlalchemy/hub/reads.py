"""Integrators' reads of the hub's books: filtered keyset pages and single resources, as
JSON-safe read models (money ``{"minor", "currency"}``, instants RFC 3339, dates ISO)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, Connection, Select, Table, select, tuple_

from adapters.sqlalchemy.hub import sale_view
from adapters.sqlalchemy.hub.ledger_tables import (
    daily_totals,
    hub_cash_movement,
    hub_closure,
    hub_sale,
    stock_level,
    stock_movement,
    warehouse,
)
from adapters.sqlalchemy.types import UtcDateTime
from saleflex_core.domain.hub_ledger import DAY_COUNTS, FIGURES, quantity_text
from saleflex_core.domain.hub_reads import Page, ReadFilter
from saleflex_core.exceptions import ValidationError

Render = Callable[[Any], dict[str, Any]]


def encode_cursor(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, columns: Sequence[Column[Any]]) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list) or len(values) != len(columns):
            raise ValueError(cursor)
        return [_typed(value, column) for value, column in zip(values, columns, strict=True)]
    except (ValueError, TypeError, binascii.Error) as error:
        raise ValidationError("This cursor is not one GATE gave: start again without it") from error


def _typed(value: Any, column: Column[Any]) -> Any:
    if isinstance(column.type, UtcDateTime):
        # Bound in a row comparison, the value skips UtcDateTime's own conversion: make it
        # UTC here (SQLite compares the UTC wall-clock text) and refuse a naive one.
        instant = datetime.fromisoformat(value)
        if instant.tzinfo is None:
            raise ValueError(value)
        return instant.astimezone(UTC)
    if column.name == "business_date":
        return date.fromisoformat(value)
    return value


def _where(query: Select[Any], table: Table, where: ReadFilter, kind: str | None) -> Select[Any]:
    stores = where.store_ids()
    if stores is not None:
        query = query.where(table.c.store_id.in_(sorted(stores)))
    for name in ("terminal_id", "product_id", "warehouse_id"):
        value = getattr(where, name)
        if value is not None and name in table.c:
            query = query.where(table.c[name] == value)
    if where.business_date is not None:
        query = query.where(table.c.business_date == date.fromisoformat(where.business_date))
    if where.type is not None and kind is not None:
        query = query.where(table.c[kind] == where.type)
    return query


class SqlHubReader:
    """One company's reads (see ``HubReader``)."""

    def __init__(self, conn: Connection, company: str) -> None:
        self.conn = conn
        self.company = company

    def _page(
        self,
        table: Table,
        order: Sequence[str],
        where: ReadFilter,
        after: str | None,
        limit: int,
        *,
        kind: str | None,
        render: Render,
    ) -> tuple[list[Any], Page]:
        columns = [table.c[name] for name in order]
        query = _where(select(table).where(table.c.company_id == self.company), table, where, kind)
        if after is not None:
            query = query.where(tuple_(*columns) > tuple_(*decode_cursor(after, columns)))
        rows = list(self.conn.execute(query.order_by(*columns).limit(limit + 1)).mappings())
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = encode_cursor([rows[-1][name] for name in order]) if more else None
        return rows, Page([render(r) for r in rows], cursor)

    def sales(self, where: ReadFilter, after: str | None, limit: int) -> Page:
        rows, page = self._page(
            hub_sale, ("ended_at", "id"), where, after, limit, kind="status", render=dict
        )
        return Page(sale_view.sales(self.conn, self.company, rows), page.next_cursor)

    def sale(self, sale_id: str) -> dict[str, Any] | None:
        row = (
            self.conn.execute(
                select(hub_sale).where(
                    hub_sale.c.company_id == self.company, hub_sale.c.id == sale_id
                )
            )
            .mappings()
            .first()
        )
        return None if row is None else sale_view.sales(self.conn, self.company, [row])[0]

    def closures(self, where: ReadFilter, after: str | None, limit: int) -> Page:
        order = ("closed_at", "id")
        return self._page(hub_closure, order, where, after, limit, kind=None, render=_closure)[1]

    def closure(self, closure_id: str) -> dict[str, Any] | None:
        t = hub_closure
        row = (
            self.conn.execute(select(t).where(t.c.company_id == self.company, t.c.id == closure_id))
            .mappings()
            .first()
        )
        return None if row is None else _closure(row)

    def cash_movements(self, where: ReadFilter, after: str | None, limit: int) -> Page:
        order = ("at", "id")
        return self._page(hub_cash_movement, order, where, after, limit, kind="kind", render=_cash)[
            1
        ]

    def stock_levels(self, where: ReadFilter, after: str | None, limit: int) -> Page:
        order = ("warehouse_id", "product_id")
        return self._page(stock_level, order, where, after, limit, kind=None, render=_level)[1]

    def stock_movements(self, where: ReadFilter, after: str | None, limit: int) -> Page:
        order = ("at", "event_id", "line_no")
        return self._page(stock_movement, order, where, after, limit, kind="reason", render=_move)[
            1
        ]

    def daily_totals(self, where: ReadFilter, after: str | None, limit: int) -> Page:
        order = ("business_date", "store_id", "currency")
        return self._page(daily_totals, order, where, after, limit, kind=None, render=_day)[1]

    def warehouses(self, store_id: str) -> list[dict[str, Any]]:
        t = warehouse
        rows = self.conn.execute(
            select(t.c.id, t.c.store_id, t.c.code)
            .where(t.c.company_id == self.company, t.c.store_id == store_id)
            .order_by(t.c.code)
        ).mappings()
        return [dict(r) for r in rows]


def money(minor: int, currency: str) -> dict[str, Any]:
    return {"minor": minor, "currency": currency}


def _closure(r: Any) -> dict[str, Any]:
    return {
        "id": r["id"],
        "store_id": r["store_id"],
        "terminal_id": r["terminal_id"],
        "closure_number": r["closure_number"],
        "business_date": r["business_date"].isoformat(),
        "opened_at": r["opened_at"].isoformat(),
        "closed_at": r["closed_at"].isoformat(),
        "closed_by": r["closed_by"],
        "z": r["z"],
    }


def _cash(r: Any) -> dict[str, Any]:
    return {
        "id": r["id"],
        "store_id": r["store_id"],
        "terminal_id": r["terminal_id"],
        "business_date": r["business_date"].isoformat(),
        "movement_id": r["movement_id"],
        "closure_number": r["closure_number"],
        "kind": r["kind"],
        "amount": money(r["amount"], r["currency"]),
        "reason": r["reason"],
        "cashier_id": r["cashier_id"],
        "at": r["at"].isoformat(),
        "approval": r["approval"],
    }


def _level(r: Any) -> dict[str, Any]:
    return {
        "warehouse_id": r["warehouse_id"],
        "store_id": r["store_id"],
        "product_id": r["product_id"],
        "quantity": quantity_text(r["quantity"]),
        "updated_at": r["updated_at"].isoformat(),
    }


def _move(r: Any) -> dict[str, Any]:
    return {
        "event_id": r["event_id"],
        "line_no": r["line_no"],
        "warehouse_id": r["warehouse_id"],
        "store_id": r["store_id"],
        "product_id": r["product_id"],
        "quantity": quantity_text(r["quantity"]),
        "reason": r["reason"],
        "business_date": r["business_date"].isoformat(),
        "at": r["at"].isoformat(),
    }


def _day(r: Any) -> dict[str, Any]:
    currency = r["currency"]
    return {
        "store_id": r["store_id"],
        "business_date": r["business_date"].isoformat(),
        "currency": currency,
        **{n: r[n] if n in DAY_COUNTS else money(r[n], currency) for n in FIGURES},
    }
