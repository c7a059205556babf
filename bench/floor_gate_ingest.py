"""The floor of ``gate_ingest.py``: psycopg writing the rows GATE writes for the same
batches, batched (``executemany`` per table, one transaction per batch), rows built before
the clock starts with the hub adapter's own row builders, so they are the same rows."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
import psycopg
from psycopg.types.json import Json

from adapters.sqlalchemy.hub.ledger import _movement_row
from adapters.sqlalchemy.hub.ledger_rows import SaleRows, day, instant
from saleflex_core.domain.hub_ledger import FIGURES, day_totals, default_warehouse_id, sale_moves

JSON_COLUMNS = {"adjustment", "overrides", "z", "approval"}
Rows = list[tuple[str, list[dict[str, Any]], str]]


def _sql(table: str, row: dict[str, Any], conflict: str = "") -> str:
    names = ", ".join(f'"{n}"' for n in row)
    marks = ", ".join(["%s"] * len(row))
    return f"INSERT INTO {table} ({names}) VALUES ({marks}) {conflict}"


def _values(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(Json(v) if k in JSON_COLUMNS and v is not None else v for k, v in row.items())


def batch_rows(events: Sequence[dict[str, Any]]) -> Rows:
    """Every row one batch makes, table by table, in GATE's order."""
    company, store = events[0]["company_id"], events[0]["store_id"]
    now = datetime.now(UTC)
    received = []
    for e in events:
        canonical = orjson.dumps(e, option=orjson.OPT_SORT_KEYS)
        received.append(
            {
                "company_id": company, "event_id": e["event_id"], "terminal_id": e["terminal_id"],
                "sequence": e["sequence"], "store_id": store, "type": e["type"],
                "business_date": day(e["business_date"]), "occurred_at": instant(e["occurred_at"]),
                "received_at": now, "fingerprint": hashlib.sha256(canonical).hexdigest(),
                "envelope": canonical.decode(),
            }
        )  # fmt: skip
    sales = SaleRows(company)
    for e in events:
        sales.add(e)
    warehouse = default_warehouse_id(company, store)
    moves = [m for e in events for m in sale_moves(e, warehouse)]
    levels: dict[tuple[str, str], int] = {}
    for m in moves:
        levels[(m.warehouse_id, m.product_id)] = (
            levels.get((m.warehouse_id, m.product_id), 0) + m.quantity
        )
    level_rows = [
        {"company_id": company, "warehouse_id": w, "product_id": p, "store_id": store,
         "quantity": q, "updated_at": now}
        for (w, p), q in sorted(levels.items())
    ]  # fmt: skip
    days = [
        {"company_id": company, "store_id": t.store_id, "business_date": day(t.business_date),
         "currency": t.currency, **{n: getattr(t, n) for n in FIGURES}}
        for t in day_totals(events)
    ]  # fmt: skip
    level_conflict = (
        "ON CONFLICT (company_id, warehouse_id, product_id) DO UPDATE SET "
        "quantity = stock_level.quantity + excluded.quantity, updated_at = excluded.updated_at"
    )
    day_conflict = (
        "ON CONFLICT (company_id, store_id, business_date, currency) DO UPDATE SET "
        + ", ".join(f"{n} = daily_totals.{n} + excluded.{n}" for n in FIGURES)
    )
    wh = [{"company_id": company, "id": warehouse, "store_id": store, "code": "MAIN"}]
    return [
        ("received_event", received, "ON CONFLICT DO NOTHING"),
        ("hub_sale", sales.heads, ""),
        ("hub_sale_line", sales.lines, ""),
        ("hub_sale_payment", sales.payments, ""),
        ("hub_sale_vat", sales.vat, ""),
        ("warehouse", wh, "ON CONFLICT DO NOTHING"),
        ("stock_movement", [_movement_row(company, m) for m in moves], ""),
        ("stock_level", level_rows, level_conflict),
        ("daily_totals", days, day_conflict),
    ]


def write(conn: psycopg.Connection[Any], rows: Rows) -> None:
    with conn.transaction(), conn.cursor() as cursor:
        for table, table_rows, conflict in rows:
            if table_rows:
                statement = _sql(table, table_rows[0], conflict)
                cursor.executemany(statement, [_values(r) for r in table_rows])


def floor_run(url: str, plan: dict[int, list[list[dict[str, Any]]]], connections: int) -> float:
    """Seconds to write every batch of ``plan`` from ``connections`` connections."""
    work = [batch_rows(events) for batches in plan.values() for events in batches]
    shares = [work[i::connections] for i in range(connections)]
    start = threading.Barrier(connections + 1)

    def writer(share: list[Rows]) -> None:
        with psycopg.connect(url) as conn:
            start.wait()
            for rows in share:
                write(conn, rows)

    threads = [threading.Thread(target=writer, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began
