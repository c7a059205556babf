"""The floor of ``gate_ingest.py``: psycopg writing the rows GATE writes for the same
batches, as fast as plain psycopg writes them: one ``COPY ... FROM STDIN`` per table for
the inserted rows (received events too: the floor needs no ``ON CONFLICT``), one
``INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO UPDATE`` for the stock levels and
the daily totals, one transaction per batch. Rows are built before the clock starts with
the hub adapter's own row builders (so they are the same rows), the ``COPY`` data as the
text GATE sends (``copy_text``), the upserts' arrays as tuples ready to send: in the
clock the floor only sends."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
import psycopg
from sqlalchemy.dialects.postgresql import psycopg as pg_dialect

from adapters.sqlalchemy.hub import ledger_tables
from adapters.sqlalchemy.hub.copy_text import copy_text
from adapters.sqlalchemy.hub.ledger import _movement_row
from adapters.sqlalchemy.hub.ledger_rows import SaleRows, day, instant
from saleflex_core.domain.hub_ledger import FIGURES, day_totals, default_warehouse_id, sale_moves

Statement = tuple[str, Any]  # COPY: its text; INSERT: the arrays it binds
Rows = list[Statement]
DIALECT = pg_dialect.dialect()


def _copy(table: str, rows: list[dict[str, Any]]) -> Statement:
    names = ", ".join(f'"{n}"' for n in rows[0])
    columns = [getattr(ledger_tables, table).c[n] for n in rows[0]]
    return (f"COPY {table} ({names}) FROM STDIN", copy_text(DIALECT, columns, rows))


def _upsert(table: str, rows: list[dict[str, Any]], types: str, conflict: str) -> Statement:
    names = ", ".join(f'"{n}"' for n in rows[0])
    arrays = ", ".join(f"%b::{t}[]" for t in types.split())
    sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}) {conflict}"
    return (sql, tuple(list(column) for column in zip(*(r.values() for r in rows), strict=True)))


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
        "quantity = stock_level.quantity + excluded.quantity, "
        "updated_at = GREATEST(stock_level.updated_at, excluded.updated_at)"
    )
    day_conflict = (
        "ON CONFLICT (company_id, store_id, business_date, currency) DO UPDATE SET "
        + ", ".join(f"{n} = daily_totals.{n} + excluded.{n}" for n in FIGURES)
    )
    wh = [{"company_id": company, "id": warehouse, "store_id": store, "code": "MAIN"}]
    return [
        _copy("received_event", received),
        _copy("hub_sale", sales.heads),
        _copy("hub_sale_line", sales.lines),
        _copy("hub_sale_payment", sales.payments),
        _copy("hub_sale_vat", sales.vat),
        _upsert("warehouse", wh, "text text text text", "ON CONFLICT DO NOTHING"),
        _copy("stock_movement", [_movement_row(company, m) for m in moves]),
        _upsert("stock_level", level_rows, "text text text text int8 timestamptz", level_conflict),
        _upsert("daily_totals", days, "text text date text" + " int8" * len(FIGURES), day_conflict),
    ]


def write(conn: psycopg.Connection[Any], rows: Rows) -> None:
    with conn.transaction(), conn.cursor() as cursor:
        for sql, values in rows:
            if sql.startswith("COPY"):
                with cursor.copy(sql) as copy:
                    copy.write(values)
            else:
                cursor.execute(sql, values)


def floor_run(
    url: str,
    plan: dict[int, list[list[dict[str, Any]]]],
    connections: int,
    clock: Callable[[], Any] | None = None,
) -> tuple[float, Any, Any]:
    """Seconds to write every batch of ``plan`` from ``connections`` connections, and
    what ``clock`` (another meter, CPU say) read as the clock started and stopped."""
    work = [batch_rows(events) for batches in plan.values() for events in batches]
    shares = [work[i::connections] for i in range(connections)]
    start = threading.Barrier(connections + 1)
    meter = clock or (lambda: None)

    def writer(share: list[Rows]) -> None:
        with psycopg.connect(url) as conn:
            start.wait()
            for rows in share:
                write(conn, rows)

    threads = [threading.Thread(target=writer, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    start.wait()
    began, first = time.perf_counter(), meter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, first, meter()


def seed_history(url: str, plan: dict[int, list[list[dict[str, Any]]]]) -> None:
    """Write ``plan`` (other terminals' sales) as the hub's history, then ANALYZE: the
    timed runs meet tables as a running hub has them, with statistics. On tables never
    analysed the planner checks each line's foreign key by scanning ``hub_sale`` (the
    check grows with the table: 8 ms to 50 ms a batch over 2,000 sales, floor and GATE
    alike), which no hub that has run a minute (autovacuum) does."""
    with psycopg.connect(url) as conn:
        for batches in plan.values():
            for events in batches:
                write(conn, batch_rows(events))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
