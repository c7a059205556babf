"""OFFICE's store database behaves alike in memory, on SQLite and on PostgreSQL: the
relay's use cases (receive and queue, forward, park and send again, enrol a till, pull
master data from GATE and serve it at GATE's page ends) run on each."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.memory import MemoryDatabase
from adapters.memory.office import MemoryGate, MemoryOfficeUnitOfWork
from adapters.sqlalchemy.database import sqlite_url
from adapters.sqlalchemy.office.database import open_office_database, read_link
from adapters.sqlalchemy.office.uow import SqlOfficeUnitOfWork
from saleflex_core.domain.ingest import TerminalCounters
from saleflex_core.exceptions import StorageError
from saleflex_core.ports.office import OfficeUnitOfWork
from saleflex_core.use_cases.office_enrolment import enrol_till
from saleflex_core.use_cases.office_master_data import pull_from_gate, serve_page
from saleflex_core.use_cases.office_relay import forward, receive, retry_parked
from tests.contract.conftest import ADAPTERS
from tests.unit.office_support import TILL, Office, enrolment, till_sale
from tests.unit.test_office_master_data import _gate_with_two_pages

MakeOffice = Callable[[str], OfficeUnitOfWork]


@pytest.fixture(params=ADAPTERS)
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Office]:
    if request.param == "memory":
        database = MemoryDatabase()
        yield Office(lambda c: MemoryOfficeUnitOfWork(database, company_id=c))
        return
    url = (
        sqlite_url(tmp_path / "office.db")
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    engine: Engine = open_office_database(url)
    try:
        made = Office(lambda c: SqlOfficeUnitOfWork(engine, company_id=c))
        if request.param != "memory":
            link = read_link(engine)
            assert link is not None and link.api_key == made.link.api_key
        yield made
    finally:
        engine.dispose()


def test_the_queue_forwards_parks_and_sends_again(office: Office) -> None:
    gate, jitter = MemoryGate(), random.Random(1)
    events = [till_sale(n) for n in (1, 2, 3, 4)]
    receive(office.uow, clock=office.clock, caller=office.till, events=events[:3])
    receive(office.uow, clock=office.clock, caller=office.till, events=events[2:])
    with office.uow as uow:
        queued = uow.relay.pending(10)
        figures = uow.relay.figures()
    assert [(e.position, e.event_id) for e in queued] == [
        (n + 1, e.event_id) for n, e in enumerate(events)
    ]
    assert queued[3].envelope == events[3].canonical
    assert figures.pending == 4 and figures.oldest_pending_at is not None
    gate.refuse[events[1].event_id] = "no"
    gate.online = False
    assert forward(office.uow, relay=gate, clock=office.clock, jitter=jitter).error
    gate.online = True
    office.clock.advance(timedelta(hours=1))
    done = forward(office.uow, relay=gate, clock=office.clock, jitter=jitter, limit=3)
    assert (done.sent, done.parked, done.pending) == (2, 1, 1)
    with office.uow as uow:
        state = uow.relay.state()
        assert [p.reason for p in uow.relay.parked(10)] == ["no"]
    assert state is not None and state.failures == 0 and state.last_success_at is not None
    retry_parked(office.uow, event_id=events[1].event_id)
    del gate.refuse[events[1].event_id]
    last = forward(office.uow, relay=gate, clock=office.clock, jitter=jitter)
    assert (last.sent, last.pending) == (2, 0)
    assert gate.applied == [events[0].event_id, events[2].event_id, events[1].event_id,
                            events[3].event_id]  # fmt: skip


def test_a_till_enrolled_through_office_pushes_with_its_key(office: Office) -> None:
    office.enroller.issue("code", enrolment(TILL, counters=TerminalCounters(1, 0, None)))
    enrol_till(office.uow, enroller=office.enroller, clock=office.clock, code="code")
    receive(office.uow, clock=office.clock, caller=office.till, events=[till_sale(2)])
    office.enroller.issue("again", enrolment(TILL, key="sfk.ACME.second"))
    again = enrol_till(office.uow, enroller=office.enroller, clock=office.clock, code="again")
    assert again.counters == TerminalCounters(2, 0, (1, 2))
    with office.uow as uow:
        valid = [k for k in uow.terminal_keys.for_terminal(TILL) if k.revoked_at is None]
        assert [k.id for k in valid] == ["key-sfk.ACME.second"]
    with pytest.raises(StorageError), office.uow as uow:
        uow.relay.enqueue([till_sale(2)])  # a queued event id is queued once


def test_master_data_is_served_at_gates_page_ends(office: Office) -> None:
    pull_from_gate(office.uow, source=_gate_with_two_pages(), limit=4)
    first = serve_page(office.uow, caller=office.till, since=None, limit=2)
    assert [p["id"] for p in first["upserts"]["products"]] == ["p1", "p2"] and first["has_more"]
    rest = serve_page(office.uow, caller=office.till, since=first["next_cursor"], limit=2)
    assert [p["unit_price"]["minor"] for p in rest["upserts"]["products"]] == [150, 100]
    assert rest["has_more"] is False
    with office.uow as uow:
        assert {p.id for p in uow.catalog.products()} == {"p1", "p2", "p3"}
