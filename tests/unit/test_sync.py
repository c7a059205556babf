"""Outbox delivery: at-least-once, exponential back-off, idempotent receivers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SteppingClock
from adapters.memory.upstream import MemoryUpstream
from saleflex_core.domain.events import (
    CASH_MOVED,
    MAX_BACKOFF,
    SALE_COMPLETED,
    OutboxItem,
    OutboxStatus,
)
from saleflex_core.register import Register
from saleflex_core.use_cases.sync import push_outbox
from saleflex_core.wire import to_wire
from tests.conftest import COLA, SUPERVISOR


class LostAcks(MemoryUpstream):
    """Stores what it gets, but the acknowledgement never arrives (network cut on the way back)."""

    def __init__(self) -> None:
        super().__init__()
        self.acks_lost = True

    def deliver(self, items: Sequence[OutboxItem]) -> set[str]:
        keys = super().deliver(items)
        return set() if self.acks_lost else keys


class Picky(MemoryUpstream):
    """Acknowledges only the keys it is told to; records every batch it was sent."""

    def __init__(self, refuse: set[str]) -> None:
        super().__init__()
        self.refuse = refuse
        self.batches: list[list[str]] = []

    def deliver(self, items: Sequence[OutboxItem]) -> set[str]:
        self.batches.append([item.key for item in items])
        keys = super().deliver(items)
        return keys - self.refuse


def sell(register: Register) -> str:
    register.scan(COLA)
    register.tender("CASH")
    return register.complete().sale.document_id


def item(uow: MemoryUnitOfWork, key: str) -> OutboxItem:
    with uow:
        return uow.outbox.get(key)


def pending(uow: MemoryUnitOfWork) -> int:
    with uow:
        return uow.outbox.pending_count()


@pytest.fixture
def two_events(register: Register) -> list[str]:
    doc = sell(register)
    movement = register.cash_in("50", "float").movement
    return [f"{SALE_COMPLETED}:{doc}", f"{CASH_MOVED}:{movement.id}"]


def test_push_delivers_due_events_and_marks_them_sent(
    register: Register, uow: MemoryUnitOfWork, two_events: list[str]
) -> None:
    upstream = MemoryUpstream()
    assert pending(uow) == 2
    result = register.push_outbox(upstream)
    assert (result.sent, result.failed, result.pending, result.error) == (2, 0, 0, None)
    assert set(upstream.received) == set(two_events)
    with uow:
        document = uow.documents.get(two_events[0].split(":", 1)[1])
    assert upstream.received[two_events[0]] == to_wire(document)
    for key in two_events:
        sent = item(uow, key)
        assert sent.status is OutboxStatus.SENT
        assert sent.attempts == 1
        assert sent.last_error is None
    assert pending(uow) == 0


def test_sent_events_are_not_sent_again(register: Register, two_events: list[str]) -> None:
    upstream = MemoryUpstream()
    register.push_outbox(upstream)
    result = register.push_outbox(upstream)
    assert (result.sent, result.failed, result.pending) == (0, 0, 0)
    assert upstream.deliveries == 1


def test_nothing_to_send(register: Register) -> None:
    upstream = MemoryUpstream()
    result = register.push_outbox(upstream)
    assert (result.sent, result.failed, result.pending, result.error) == (0, 0, 0, None)
    assert upstream.deliveries == 0


def test_offline_upstream_keeps_the_events_and_backs_off(
    register: Register, uow: MemoryUnitOfWork, clock: SteppingClock, two_events: list[str]
) -> None:
    upstream = MemoryUpstream()
    upstream.online = False
    pushed_at = clock.current
    result = register.push_outbox(upstream)
    assert (result.sent, result.failed, result.pending) == (0, 2, 2)
    assert result.error == "Upstream is offline"
    for key in two_events:
        failed = item(uow, key)
        assert failed.status is OutboxStatus.PENDING
        assert failed.attempts == 1
        assert failed.last_error == "Upstream is offline"
        assert failed.next_attempt_at == pushed_at + timedelta(seconds=2)
    assert upstream.received == {}


def test_not_due_before_the_back_off_has_passed(
    register: Register, uow: MemoryUnitOfWork, clock: SteppingClock, two_events: list[str]
) -> None:
    upstream = MemoryUpstream()
    upstream.online = False
    register.push_outbox(upstream)  # next attempt 2 s later; this push reads the clock once
    result = register.push_outbox(upstream)  # 1 s later: nothing is due
    assert (result.sent, result.failed, result.pending) == (0, 0, 2)
    assert all(item(uow, key).attempts == 1 for key in two_events)


def test_back_off_doubles_then_delivers_when_back_online(
    register: Register, uow: MemoryUnitOfWork, clock: SteppingClock, two_events: list[str]
) -> None:
    upstream = MemoryUpstream()
    upstream.online = False
    delays = []
    for attempt in range(1, 5):
        pushed_at = clock.current
        result = register.push_outbox(upstream)
        assert result.failed == 2
        failed = item(uow, two_events[0])
        assert failed.attempts == attempt
        assert failed.next_attempt_at is not None
        delays.append(failed.next_attempt_at - pushed_at)
        clock.advance(delays[-1])
    assert delays == [timedelta(seconds=s) for s in (2, 4, 8, 16)]
    upstream.online = True
    result = register.push_outbox(upstream)
    assert (result.sent, result.failed, result.pending) == (2, 0, 0)
    assert set(upstream.received) == set(two_events)
    assert item(uow, two_events[0]).attempts == 5
    assert item(uow, two_events[0]).status is OutboxStatus.SENT


def test_back_off_is_capped() -> None:
    at = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    event = OutboxItem.new(CASH_MOVED, "m1", {}, at)
    delays = []
    for _ in range(25):
        event = event.failed("offline", at)
        assert event.next_attempt_at is not None
        delays.append(event.next_attempt_at - at)
    assert delays[:3] == [timedelta(seconds=2), timedelta(seconds=4), timedelta(seconds=8)]
    assert max(delays) == MAX_BACKOFF
    assert delays[-1] == MAX_BACKOFF
    assert delays == sorted(delays)
    assert event.attempts == 25


def test_unacknowledged_events_are_retried_without_duplicates(
    register: Register, uow: MemoryUnitOfWork, clock: SteppingClock, two_events: list[str]
) -> None:
    upstream = LostAcks()
    result = register.push_outbox(upstream)
    assert (result.sent, result.failed, result.pending) == (0, 2, 2)
    assert item(uow, two_events[0]).last_error == "not acknowledged"
    assert set(upstream.received) == set(two_events)  # stored, but we do not know it
    first_payloads = dict(upstream.received)
    clock.advance(timedelta(seconds=2))
    upstream.acks_lost = False
    result = register.push_outbox(upstream)
    assert (result.sent, result.failed, result.pending) == (2, 0, 0)
    assert upstream.deliveries == 2
    assert upstream.received == first_payloads  # delivered twice, stored once


def test_receiver_is_idempotent_on_the_key(register: Register, uow: MemoryUnitOfWork) -> None:
    sell(register)
    upstream = MemoryUpstream()
    with uow:
        items = uow.outbox.due(register.clock.now(), 10)
    twice = OutboxItem(items[0].key, items[0].event_type, {"other": "payload"}, items[0].created_at)
    assert upstream.deliver(items) == {items[0].key}
    assert upstream.deliver([twice]) == {items[0].key}
    assert upstream.received == {items[0].key: items[0].payload}


def test_only_unacknowledged_keys_are_retried(
    register: Register, uow: MemoryUnitOfWork, clock: SteppingClock, two_events: list[str]
) -> None:
    sale_key, cash_key = two_events
    upstream = Picky(refuse={cash_key})
    result = register.push_outbox(upstream)
    assert (result.sent, result.failed, result.pending) == (1, 1, 1)
    assert item(uow, sale_key).status is OutboxStatus.SENT
    assert item(uow, cash_key).status is OutboxStatus.PENDING
    assert item(uow, cash_key).attempts == 1
    clock.advance(timedelta(seconds=2))
    upstream.refuse = set()
    result = register.push_outbox(upstream)
    assert (result.sent, result.failed, result.pending) == (1, 0, 0)
    assert upstream.batches == [[sale_key, cash_key], [cash_key]]


def test_limit_sends_the_oldest_first(
    register: Register, uow: MemoryUnitOfWork, two_events: list[str]
) -> None:
    upstream = Picky(refuse=set())
    result = register.push_outbox(upstream, limit=1)
    assert (result.sent, result.failed, result.pending) == (1, 0, 1)
    assert upstream.batches == [[two_events[0]]]
    result = register.push_outbox(upstream, limit=1)
    assert (result.sent, result.pending) == (1, 0)
    assert upstream.batches == [[two_events[0]], [two_events[1]]]


def test_pending_count_follows_new_and_sent_events(
    register: Register, uow: MemoryUnitOfWork, clock: SteppingClock
) -> None:
    upstream = MemoryUpstream()
    assert pending(uow) == 0
    sell(register)
    sell(register)
    assert pending(uow) == 2
    register.push_outbox(upstream)
    assert pending(uow) == 0
    register.cash_in("10", "float")
    register.close_period("10", override=SUPERVISOR)
    assert pending(uow) == 2  # cash.moved and closure.closed
    result = push_outbox(uow, upstream=upstream, clock=clock)
    assert (result.sent, result.pending) == (2, 0)
    assert len(upstream.received) == 4
