"""Upgrading the outbox of a terminal in the field to the v1 envelope (INTERIM revision
``i9_outbox``; the same steps belong in the issue's 0003 and this test with them).

Old rows keep payload, status and attempts; each gets the event id the program gives the
same fact and its terminal's sequence in the order the old program delivered them; the
till then carries on numbering from there and nothing is sent twice.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from adapters.memory import MemoryUnitOfWork, MemoryUpstream, SequentialIds, SteppingClock
from adapters.sqlalchemy.database import make_engine, open_database, sqlite_url, upgrade
from adapters.sqlalchemy.uow import SqlUnitOfWork
from saleflex_core import Register, demo
from saleflex_core.domain.events import EventSource, OutboxStatus, event_id_for
from tests.conftest import COLA
from tests.integration.test_migration_0002 import a_day_of_trade, old_outbox_row, write_as_0001

pytestmark = pytest.mark.integration
DEMO = EventSource(demo.COMPANY_ID, demo.STORE_ID, demo.TERMINAL_ID)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "terminal.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def at_0002(url: str) -> Iterator[tuple[Engine, MemoryUnitOfWork]]:
    engine = make_engine(url)
    upgrade(engine, "0001")
    day = a_day_of_trade()
    write_as_0001(engine, day)
    upgrade(engine, "0002")
    with engine.begin() as conn:  # one event already delivered by the old program
        conn.execute(
            text("UPDATE sync_queue_item SET status = 'sent', attempts = 1 WHERE key = :k"),
            {"k": _old_keys(day)[0]},
        )
    yield engine, day
    engine.dispose()


def _old_keys(day: MemoryUnitOfWork) -> list[str]:
    """The old keys in the old delivery order (time, then key)."""
    rows = [old_outbox_row(item) for item in day.database.table("outbox").values()]
    return [r["key"] for r in sorted(rows, key=lambda r: (r["created_at"], r["key"]))]


def test_old_events_get_their_ids_and_numbers_in_the_old_order(
    at_0002: tuple[Engine, MemoryUnitOfWork],
) -> None:
    engine, day = at_0002
    keys = _old_keys(day)
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT event_id, event_type, sequence, status, attempts, company_id, store_id,"
                " terminal_id, schema_version FROM sync_queue_item ORDER BY sequence"
            )
        ).all()
        (last,) = conn.execute(text("SELECT last_sequence FROM sync_sequence")).one()
    expected_ids = [event_id_for(DEMO, *key.split(":", 1)) for key in keys]
    assert [r.event_id for r in rows] == expected_ids
    assert [r.sequence for r in rows] == list(range(1, len(keys) + 1)) and last == len(keys)
    assert [r.status for r in rows] == ["sent"] + ["pending"] * (len(keys) - 1)
    assert [r.attempts for r in rows] == [1] + [0] * (len(keys) - 1)
    assert {(r.company_id, r.store_id, r.terminal_id, r.schema_version) for r in rows} == {
        (demo.COMPANY_ID, demo.STORE_ID, demo.TERMINAL_ID, 1)
    }
    # The memory day queued the same facts: the same ids, the same payloads.
    with engine.connect() as conn:
        stored = dict(conn.execute(text("SELECT event_id, payload FROM sync_queue_item")).all())
    for item in day.database.table("outbox").values():
        payload = stored[item.event_id]  # SQLite's driver hands JSON back as text
        assert (json.loads(payload) if isinstance(payload, str) else payload) == item.payload


def test_the_till_numbers_on_and_sends_each_old_event_once(
    at_0002: tuple[Engine, MemoryUnitOfWork], url: str
) -> None:
    engine, day = at_0002
    upgrade(engine)
    engine.dispose()
    current = open_database(url, create=False)
    till = Register(
        SqlUnitOfWork(current), terminal_id="T01", clock=SteppingClock(), ids=SequentialIds("new")
    )
    till.sign_in("2", "9999")
    till.scan(COLA)
    till.tender("CASH")
    till.complete()
    old = len(day.database.table("outbox"))
    upstream = MemoryUpstream()
    result = till.push_outbox(upstream, random.Random(0))
    assert (result.sent, result.pending) == (old, 0)  # the old sent one is not sent again
    assert upstream.batches == [list(range(2, old + 2))]
    with SqlUnitOfWork(current) as uow:
        assert uow.outbox.figures("T01").pending == 0
        assert uow.outbox.get(upstream.applied[-1]).status is OutboxStatus.SENT
    current.dispose()
