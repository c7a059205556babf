"""The outbox contract on every storage adapter: gapless per-terminal sequences (also under
concurrent writers), rollback, sequence order, parked events, the queue's state, and a
register's day delivered in order (see conftest.py for the adapters)."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory import MemoryPrinter, MemoryUpstream, SequentialIds, SteppingClock
from saleflex_core import Devices, Register, demo
from saleflex_core.domain.delivery import OutboxFigures, SyncState
from saleflex_core.domain.events import (
    CASH_MOVED,
    CLOSURE_CLOSED,
    SALE_CANCELLED,
    SALE_COMPLETED,
    EventSource,
    OutboxItem,
    OutboxStatus,
)
from saleflex_core.exceptions import NotFound, SaleFlexError, StateError
from saleflex_core.ports import UnitOfWork
from tests.conftest import COLA, SUPERVISOR, demo_data

Factory = Callable[[], UnitOfWork]
T0 = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
T1 = EventSource(demo.COMPANY_ID, "S1", "T1")
T2 = EventSource(demo.COMPANY_ID, "S1", "T2")


def event(subject: str, source: EventSource = T1, at: datetime = T0) -> OutboxItem:
    return OutboxItem.new(
        SALE_COMPLETED,
        subject,
        {"id": subject},
        source=source,
        occurred_at=at,
        business_date=at.date(),
    )


def add(make_uow: Factory, *items: OutboxItem) -> list[OutboxItem]:
    with make_uow() as uow:
        numbered = [uow.outbox.add(item) for item in items]
        uow.commit()
    return numbered


def test_each_terminal_numbers_its_events_1_2_3(make_uow: Factory) -> None:
    first = add(make_uow, event("a"), event("b"), event("x", T2))
    second = add(make_uow, event("c"), event("y", T2))
    assert [i.sequence for i in first + second] == [1, 2, 1, 3, 2]
    with make_uow() as uow:
        assert uow.outbox.get(first[1].event_id) == first[1]
        assert [i.event_id for i in uow.outbox.pending("T1", 10)] == [
            first[0].event_id,
            first[1].event_id,
            second[0].event_id,
        ]


def test_a_rollback_takes_the_number_back(make_uow: Factory) -> None:
    add(make_uow, event("a"))
    with make_uow() as uow:
        assert uow.outbox.add(event("lost")).sequence == 2  # never committed
    (kept,) = add(make_uow, event("b"))
    assert kept.sequence == 2
    with make_uow() as uow, pytest.raises(NotFound):
        uow.outbox.get(event("lost").event_id)


def test_the_same_fact_cannot_be_queued_twice(make_uow: Factory) -> None:
    add(make_uow, event("a"))
    with make_uow() as uow, pytest.raises(SaleFlexError):
        uow.outbox.add(event("a"))
    (b,) = add(make_uow, event("b"))
    assert b.sequence == 2  # the refused one took no number


def test_the_outbox_numbers_its_events_itself(make_uow: Factory) -> None:
    with make_uow() as uow, pytest.raises(StateError):
        uow.outbox.add(event("a").numbered(7))


def test_concurrent_writers_get_distinct_gapless_numbers(make_uow: Factory) -> None:
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for n in range(8):
                add(make_uow, event(f"w{worker}-{n}"))
        except SaleFlexError as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with make_uow() as uow:
        numbers = [i.sequence for i in uow.outbox.pending("T1", 100)]
    assert numbers == list(range(1, 33))


def test_delivery_state_parks_and_figures(make_uow: Factory) -> None:
    a, b, c = add(make_uow, event("a", at=T0), event("b", at=T0 + timedelta(1)), event("c"))
    now = T0 + timedelta(hours=1)
    with make_uow() as uow:
        assert uow.outbox.figures("T1") == OutboxFigures(3, 0, T0)
        assert uow.outbox.state("T1") is None
        uow.outbox.save(a.delivered(now))
        uow.outbox.save(b.parked("unknown VAT code", now))
        uow.outbox.save(c.postponed("timed out"))
        state = SyncState(demo.COMPANY_ID, "T1").failed("timed out", now, 0.5)
        uow.outbox.save_state(state)
        uow.commit()
    with make_uow() as uow:
        assert uow.outbox.get(a.event_id).status is OutboxStatus.SENT
        assert uow.outbox.get(a.event_id).sent_at == now
        assert uow.outbox.failed("T1") == [b.parked("unknown VAT code", now)]
        assert uow.outbox.pending("T1", 10) == [c.postponed("timed out")]
        assert uow.outbox.figures("T1") == OutboxFigures(1, 1, T0)
        assert uow.outbox.pending_count() == 1
        assert uow.outbox.state("T1") == state
        uow.outbox.save_state(state.succeeded(now))
        uow.commit()
    with make_uow() as uow:
        assert uow.outbox.state("T1") == state.succeeded(now)
        with pytest.raises(NotFound):
            uow.outbox.save(event("never queued"))


@pytest.fixture
def register(make_uow: Factory) -> Register:
    demo.install(make_uow(), demo_data())
    till = Register(
        make_uow(),
        terminal_id=demo.TERMINAL_ID,
        clock=SteppingClock(),
        ids=SequentialIds("doc"),
        devices=Devices(printer=MemoryPrinter()),
    )
    till.sign_in("2", "9999")
    return till


def test_a_day_is_numbered_without_gaps_and_delivered_in_order(register: Register) -> None:
    register.scan(COLA)
    register.tender("CASH")
    register.complete()
    register.scan(COLA)
    register.cancel()
    register.cash_in("50", "float")
    with pytest.raises(SaleFlexError):  # refused: takes no number
        register.cash_out("5000", "too much", override=SUPERVISOR)
    register.close_period("51.19")
    register.scan(COLA)
    register.tender("CASH")
    register.complete()
    with register.uow as uow:
        queued = uow.outbox.pending(demo.TERMINAL_ID, 100)
    assert [(i.sequence, i.event_type) for i in queued] == [
        (1, SALE_COMPLETED),
        (2, SALE_CANCELLED),
        (3, CASH_MOVED),
        (4, CLOSURE_CLOSED),
        (5, SALE_COMPLETED),
    ]
    upstream = MemoryUpstream()
    upstream.online = False
    assert register.push_outbox(upstream, random.Random(1)).error == "Upstream is offline"
    assert register.sync_status().depth == 5
    upstream.online = True
    upstream.refuse[queued[1].event_id] = "cancelled sales are not taken yet"
    register.clock.advance(timedelta(seconds=2))  # type: ignore[attr-defined]
    result = register.push_outbox(upstream, random.Random(1))
    assert (result.sent, result.parked, result.pending) == (4, 1, 0)
    assert upstream.applied == [queued[n].event_id for n in (0, 2, 3, 4)]
    (parked,) = register.failed_events()
    assert parked.last_error == "cancelled sales are not taken yet"
    register.retry_event(parked.event_id)  # the signed-in supervisor may
    del upstream.refuse[parked.event_id]
    assert register.push_outbox(upstream, random.Random(1)).sent == 1
    status = register.sync_status()
    assert (status.depth, status.failed, status.last_error) == (0, 0, "Upstream is offline")
    assert status.last_success_at is not None
