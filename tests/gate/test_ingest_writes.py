"""The ingest's cheaper writes (hub revision h0002) on SQLite and PostgreSQL: a hub
database of h0001 with sales in it is migrated when GATE opens it, keeps every row and
reads the same; a new database has the same keys; envelopes go lz4 on PostgreSQL; an
event whose instant holds a leap second is rejected alone; the ingest's own COPY text
stores what SQLAlchemy's insert stores."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import orjson
import pytest
from sqlalchemy import Engine, inspect, select, text

from adapters.memory.system import SteppingClock
from adapters.rest.terminal_events import read_batch
from adapters.sqlalchemy.database import make_engine
from adapters.sqlalchemy.hub.bulk import insert_rows
from adapters.sqlalchemy.hub.database import open_hub_database, upgrade_hub
from adapters.sqlalchemy.hub.ledger_tables import hub_cash_movement
from adapters.sqlalchemy.hub.uow import SqlHubUnitOfWork
from adapters.sqlalchemy.types import NaiveDateTime
from saleflex_core.domain import access
from saleflex_core.domain.hub_reads import ReadFilter
from saleflex_core.domain.ingest import IncomingEvent
from saleflex_core.use_cases.gate_ingest import receive_events
from tests.gate.conftest import make_gate
from tests.gate.ingest_support import COMPANY, STORE, TERMINAL, TERMINAL_KEY, authenticator, sale

pytestmark = pytest.mark.integration

CALLER = access.terminal(COMPANY, STORE, TERMINAL)
SALE_CHILDREN = ("hub_sale_line", "hub_sale_payment", "hub_sale_vat")
MOVEMENT_KEY = ["company_id", "at", "event_id", "line_no"]


def _push(engine: Engine, events: list[dict[str, Any]]) -> None:
    incoming = read_batch(orjson.dumps({"events": events}))
    assert all(isinstance(e, IncomingEvent) for e in incoming)
    uow = SqlHubUnitOfWork(engine, company_id=COMPANY)
    answers = receive_events(uow, clock=SteppingClock(), caller=CALLER, events=incoming)  # type: ignore[arg-type]
    assert {a.outcome.value for a in answers} == {"accepted"}


def _reads(engine: Engine) -> dict[str, Any]:
    with SqlHubUnitOfWork(engine, company_id=COMPANY) as uow:
        reader = uow.reader
        return {
            "levels": reader.stock_levels(ReadFilter(), None, 500),
            "movements": reader.stock_movements(ReadFilter(), None, 500),
            "movements_paged": reader.stock_movements(ReadFilter(product_id="P0002"), None, 1),
            "sales": reader.sales(ReadFilter(), None, 500),
            "days": reader.daily_totals(ReadFilter(), None, 500),
        }


def _schema(engine: Engine) -> dict[str, Any]:
    found = inspect(engine)
    return {
        "foreign_keys": {t: found.get_foreign_keys(t) for t in SALE_CHILDREN},
        "movement_key": found.get_pk_constraint("stock_movement")["constrained_columns"],
        "movement_indexes": [i["name"] for i in found.get_indexes("stock_movement")],
    }


def _envelope_compression(engine: Engine) -> str | None:
    with engine.connect() as conn:
        found: str | None = conn.execute(
            text(
                "SELECT attcompression FROM pg_attribute "
                "WHERE attrelid = 'received_event'::regclass AND attname = 'envelope'"
            )
        ).scalar()
        return found


def test_an_h0001_hub_is_migrated_and_reads_the_same(gate_database_url: str) -> None:
    engine = make_engine(gate_database_url)
    try:
        upgrade_hub(engine, "h0001")
        _push(engine, [sale(1), sale(2, lines=3)])
        before = _reads(engine)
        assert _schema(engine)["movement_key"] == ["company_id", "event_id", "line_no"]
    finally:
        engine.dispose()

    engine = open_hub_database(gate_database_url)
    try:
        assert _reads(engine) == before
        _push(engine, [sale(3)])  # the migrated tables take the next batch
        after = _reads(engine)
        assert len(after["movements"].items) == len(before["movements"].items) + 10
        assert _schema(engine) == {
            "foreign_keys": {t: [] for t in SALE_CHILDREN},
            "movement_key": MOVEMENT_KEY,
            "movement_indexes": [],
        }
        if engine.dialect.name == "postgresql":
            assert _envelope_compression(engine) == "l"  # lz4
    finally:
        engine.dispose()


def test_a_new_hub_has_the_keys_a_migrated_one_has(gate_database_url: str) -> None:
    engine = open_hub_database(gate_database_url)
    try:
        assert _schema(engine) == {
            "foreign_keys": {t: [] for t in SALE_CHILDREN},
            "movement_key": MOVEMENT_KEY,
            "movement_indexes": [],
        }
        if engine.dialect.name == "postgresql":
            assert _envelope_compression(engine) == "l"
    finally:
        engine.dispose()


def test_an_event_with_a_leap_second_is_rejected_alone(gate_database_url: str) -> None:
    """RFC 3339 allows second 60; no instant GATE stores can hold it. Before, the check
    took it and the batch failed at the write (a 500 at every resend)."""
    gate = make_gate(gate_database_url, authenticator())
    leap = sale(2) | {"occurred_at": "2026-03-14T08:44:60+00:00"}
    answer = gate.test_client().post(
        "/api/v1/terminal/events",
        json={"events": [sale(1), leap]},
        headers={"X-API-Key": TERMINAL_KEY},
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    results = [(r["outcome"], r["reason"]) for r in answer.get_json()["results"]]
    assert results == [
        ("accepted", None),
        (
            "rejected",
            'not a v1 event: data.occurred_at: "2026-03-14T08:44:60+00:00" is not a "date-time"',
        ),
    ]


TRICKY = ["plain", "back\\slash", "tab\there", "new\nline", "cr\rhere", "\\N", "\\.", "é€😀", ""]
TRICKY += ["long " * 30 + "\t\\\n\r", "long " * 30 + "\\", "é" * 120, "\x0b\x1f\u2028"]


def _cash_rows(prefix: str) -> list[dict[str, Any]]:
    at = datetime(2026, 3, 14, 9, 44, 2, 123456, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    return [
        {
            "company_id": COMPANY,
            "id": f"{prefix}{n}",
            "store_id": STORE,
            "terminal_id": TERMINAL,
            "business_date": date(2026, 3, 14),
            "movement_id": f"m{n}",
            "closure_number": n,
            "kind": "in",
            "amount": -(2**40) + n,
            "currency": "EUR",
            "reason": reason,
            "cashier_id": "c1",
            "at": at + timedelta(seconds=n % 3),
            "approval": [None, {"by": reason, "ok": True, "n": 1.5}, ["x"]][n % 3],
        }
        for n, reason in enumerate(TRICKY)
    ]


def test_copy_stores_what_an_insert_stores(postgres_url: str) -> None:
    """The ingest writes COPY's text itself (``copy_text``): each value must read back as
    SQLAlchemy's own insert of it does, escapes, NULLs, JSON and offsets included."""
    engine = open_hub_database(postgres_url)
    table = hub_cash_movement
    try:
        with engine.begin() as conn:
            insert_rows(conn, table, _cash_rows("copy-"))
            conn.execute(table.insert(), _cash_rows("insert-"))
        with engine.connect() as conn:
            rows = conn.execute(select(table).order_by(table.c.closure_number, table.c.id))
            found = [r._asdict() for r in rows]
        copied, inserted = found[::2], found[1::2]
        assert [r["id"] for r in copied] == [f"copy-{n}" for n in range(len(TRICKY))]
        assert [r["reason"] for r in copied] == TRICKY
        strip = [{k: v for k, v in r.items() if k != "id"} for r in copied]
        assert strip == [{k: v for k, v in r.items() if k != "id"} for r in inserted]
        naive = _cash_rows("naive-")[:1]
        naive[0]["at"] = naive[0]["at"].replace(tzinfo=None)
        with pytest.raises(NaiveDateTime), engine.begin() as conn:
            insert_rows(conn, table, naive)
    finally:
        engine.dispose()
