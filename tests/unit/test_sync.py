"""Outbox delivery: in sequence order, whole-queue back-off, parked refusals, idempotency."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from attrs import asdict

from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SteppingClock
from adapters.memory.upstream import MemoryUpstream
from saleflex_core.domain.delivery import BACKOFF_CAP, DeliveryResult, Outcome, backoff_delay
from saleflex_core.domain.events import (
    CASH_MOVED,
    CLOSURE_CLOSED,
    SALE_CANCELLED,
    SALE_COMPLETED,
    EventSource,
    OutboxItem,
    OutboxStatus,
)
from saleflex_core.exceptions import PermissionDenied, StateError
from saleflex_core.ports import UnitOfWork
from saleflex_core.register import Register
from tests.conftest import COLA, SUPERVISOR


class Draws:
    """A jitter source that hands out the given draws, in order, then the last one again."""

    def __init__(self, *draws: float) -> None:
        self.draws = list(draws)

    def random(self) -> float:
        return self.draws.pop(0) if len(self.draws) > 1 else self.draws[0]


TOP = Draws(0.999999)  # the longest wait full jitter allows


def sell(register: Register) -> str:
    register.scan(COLA)
    register.tender("CASH")
    return register.complete().sale.document_id


def queue(uow: UnitOfWork) -> list[OutboxItem]:
    """Every event of the in-memory store, whatever its status, in sequence order."""
    assert isinstance(uow, MemoryUnitOfWork)
    return sorted(uow.table("outbox").values(), key=lambda i: i.sequence)


def events(register: Register, count: int) -> list[OutboxItem]:
    """``count`` sales, then the queue."""
    for _ in range(count):
        sell(register)
    return queue(register.uow)


def test_every_fact_gets_the_next_sequence_number_of_its_terminal(register: Register) -> None:
    sell(register)
    register.scan(COLA)
    register.cancel()
    register.cash_in("50", "float")
    register.close_period("51.19", override=SUPERVISOR)
    sell(register)
    items = queue(register.uow)
    assert [(i.sequence, i.event_type) for i in items] == [
        (1, SALE_COMPLETED),
        (2, SALE_CANCELLED),
        (3, CASH_MOVED),
        (4, CLOSURE_CLOSED),
        (5, SALE_COMPLETED),
    ]
    store, terminal = register.ref.store, register.ref.terminal
    assert {(i.company_id, i.store_id, i.terminal_id) for i in items} == {
        (store.company_id, store.id, terminal.id)
    }
    assert {i.schema_version for i in items} == {1}
    assert all(i.business_date == i.occurred_at.date() for i in items)
    assert len({i.event_id for i in items}) == 5


def test_a_rolled_back_event_gives_its_number_back(register: Register) -> None:
    (first,) = events(register, 1)
    uow = register.uow
    with uow:
        taken = uow.outbox.add(_copy_of(first, "a fact that is never committed"))
        assert taken.sequence == 2
    sell(register)
    assert [i.sequence for i in queue(uow)] == [1, 2]


def _copy_of(item: OutboxItem, subject: str) -> OutboxItem:
    source = EventSource(item.company_id, item.store_id, item.terminal_id)
    return OutboxItem.new(
        item.event_type,
        subject,
        {},
        source=source,
        occurred_at=item.occurred_at,
        business_date=item.business_date,
    )


def test_push_delivers_in_sequence_order_and_marks_sent(register: Register) -> None:
    items = events(register, 3)
    upstream = MemoryUpstream()
    result = register.push_outbox(upstream, TOP)
    assert (result.sent, result.parked, result.pending, result.error) == (3, 0, 0, None)
    assert upstream.batches == [[1, 2, 3]]
    assert upstream.applied == [i.event_id for i in items]
    assert upstream.received[items[0].event_id] == items[0].payload
    assert {i.status for i in queue(register.uow)} == {OutboxStatus.SENT}
    assert register.push_outbox(upstream, TOP).sent == 0
    assert upstream.deliveries == 1  # nothing pending: the receiver is not called


def test_a_small_limit_sends_the_lowest_numbers_first(register: Register) -> None:
    events(register, 3)
    upstream = MemoryUpstream()
    register.push_outbox(upstream, TOP, limit=2)
    register.push_outbox(upstream, TOP, limit=2)
    assert upstream.batches == [[1, 2], [3]]


def test_a_transient_failure_backs_the_whole_queue_off(
    register: Register, clock: SteppingClock
) -> None:
    items = events(register, 2)
    clock.step = timedelta(0)  # time stands still until the test moves it
    upstream = MemoryUpstream()
    upstream.online = False
    failed = register.push_outbox(upstream, Draws(0.5))
    assert (failed.sent, failed.pending, failed.error) == (0, 2, "Upstream is offline")
    assert failed.next_attempt_at is not None
    # Full jitter, first failure: half (the draw) of the 2-second base.
    assert failed.next_attempt_at - clock.current == timedelta(seconds=1)
    after = queue(register.uow)
    assert [(i.status, i.attempts, i.last_error) for i in after] == [
        (OutboxStatus.PENDING, 1, "Upstream is offline")
    ] * 2
    upstream.online = True
    sell(register)  # a new event while the queue waits
    waiting = register.push_outbox(upstream, TOP)
    assert (waiting.sent, waiting.pending, upstream.deliveries) == (0, 3, 0)
    assert waiting.next_attempt_at == failed.next_attempt_at
    clock.advance(timedelta(seconds=1))
    done = register.push_outbox(upstream, TOP)
    assert (done.sent, done.pending, done.next_attempt_at) == (3, 0, None)
    assert upstream.batches == [[1, 2, 3]]
    assert upstream.applied[:2] == [i.event_id for i in items]


def test_nothing_overtakes_an_event_left_unanswered(
    register: Register, clock: SteppingClock
) -> None:
    items = events(register, 3)
    upstream = MemoryUpstream()
    upstream.answers_kept = 1  # the receiver stores all three; two answers are lost
    result = register.push_outbox(upstream, TOP)
    assert (result.sent, result.pending) == (1, 2)
    assert result.error == f"No answer for event 2 ({SALE_COMPLETED})"
    statuses = [i.status for i in queue(register.uow)]
    assert statuses == [OutboxStatus.SENT, OutboxStatus.PENDING, OutboxStatus.PENDING]
    upstream.answers_kept = None
    clock.advance(timedelta(seconds=2))  # the first failure after progress: at most 2 s
    again = register.push_outbox(upstream, TOP)
    assert (again.sent, again.pending) == (2, 0)  # duplicates count as delivered
    assert upstream.batches == [[1, 2, 3], [2, 3]]
    assert upstream.applied == [i.event_id for i in items]  # stored once each


def test_back_off_doubles_with_each_failure_up_to_the_cap(
    register: Register, clock: SteppingClock
) -> None:
    events(register, 1)
    upstream = MemoryUpstream()
    upstream.online = False
    waits = []
    for _ in range(12):
        result = register.push_outbox(upstream, TOP)
        assert result.next_attempt_at is not None
        waits.append(result.next_attempt_at - clock.current + clock.step)
        clock.current = result.next_attempt_at
    ceilings = [min(timedelta(seconds=2 * 2**n), BACKOFF_CAP) for n in range(12)]
    assert all(
        ceiling - timedelta(seconds=1) < wait <= ceiling
        for wait, ceiling in zip(waits, ceilings, strict=True)
    )
    assert waits[-1] <= BACKOFF_CAP


def test_jitter_spreads_the_waits_within_their_bounds(
    register: Register, clock: SteppingClock
) -> None:
    events(register, 1)
    upstream = MemoryUpstream()
    upstream.online = False
    jitter = random.Random(20261129)
    waits = []
    for failures in range(1, 9):
        result = register.push_outbox(upstream, jitter)
        assert result.next_attempt_at is not None
        wait = result.next_attempt_at - clock.current + clock.step
        assert timedelta(0) <= wait <= timedelta(seconds=2 * 2 ** (failures - 1))
        waits.append(wait)
        clock.current = result.next_attempt_at
    assert len(set(waits)) == len(waits)  # spread, not a fixed schedule
    again = random.Random(20261129)  # the same seed gives the same schedule
    for n, wait in enumerate(waits):  # to the microsecond a timedelta keeps
        assert abs(wait / timedelta(seconds=2 * 2**n) - again.random()) < 1e-5


def test_a_refused_event_is_parked_and_the_queue_moves_past_it(register: Register) -> None:
    items = events(register, 3)
    upstream = MemoryUpstream()
    upstream.refuse[items[1].event_id] = "unknown VAT code X"
    result = register.push_outbox(upstream, TOP)
    assert (result.sent, result.parked, result.pending, result.error) == (2, 1, 0, None)
    (parked,) = register.failed_events()
    assert (parked.event_id, parked.status, parked.last_error) == (
        items[1].event_id,
        OutboxStatus.FAILED,
        "unknown VAT code X",
    )
    assert parked.failed_at is not None
    status = register.sync_status()
    assert (status.depth, status.failed, status.last_error) == (0, 1, None)
    sell(register)
    assert register.push_outbox(upstream, TOP).sent == 1  # the parked one is not resent
    assert upstream.batches == [[1, 2, 3], [4]]


def test_a_supervisor_sends_a_parked_event_again(register: Register) -> None:
    items = events(register, 2)
    upstream = MemoryUpstream()
    upstream.refuse[items[0].event_id] = "store not enrolled yet"
    register.push_outbox(upstream, TOP)
    with pytest.raises(PermissionDenied, match="needs a supervisor"):
        register.retry_event(items[0].event_id)
    assert [i.event_id for i in register.failed_events()] == [items[0].event_id]
    requeued = register.retry_event(items[0].event_id, override=SUPERVISOR)
    assert (requeued.status, requeued.sequence) == (OutboxStatus.PENDING, 1)
    assert register.failed_events() == []
    del upstream.refuse[items[0].event_id]  # the store is enrolled now
    result = register.push_outbox(upstream, TOP)
    assert (result.sent, result.parked, result.pending) == (1, 0, 0)
    assert upstream.batches == [[1, 2], [1]]
    assert upstream.applied == [items[1].event_id, items[0].event_id]


def test_only_a_parked_event_can_be_sent_again(register: Register) -> None:
    (item,) = events(register, 1)
    with pytest.raises(StateError, match="refused"):
        register.retry_event(item.event_id, override=SUPERVISOR)
    assert queue(register.uow)[0] == item


def test_the_receiver_is_idempotent_on_the_event_id(register: Register) -> None:
    (item,) = events(register, 1)
    upstream = MemoryUpstream()
    assert upstream.deliver([item]) == [DeliveryResult.accepted(item.event_id)]
    assert upstream.deliver([item]) == [DeliveryResult.duplicate(item.event_id)]
    other = OutboxItem(**{**_fields(item), "payload": {"other": "payload"}})
    (answer,) = upstream.deliver([other])
    assert answer.outcome is Outcome.REJECTED and "another payload" in (answer.reason or "")
    assert upstream.received == {item.event_id: item.payload}
    assert upstream.applied == [item.event_id]


def _fields(item: OutboxItem) -> dict[str, object]:
    return asdict(item, recurse=False)


def test_an_event_the_receiver_already_has_counts_as_delivered(register: Register) -> None:
    (item,) = events(register, 1)
    upstream = MemoryUpstream()
    upstream.deliver([item])  # stored before: the answer was lost with a crash
    result = register.push_outbox(upstream, TOP)
    assert (result.sent, result.parked, result.pending) == (1, 0, 0)
    assert queue(register.uow)[0].status is OutboxStatus.SENT


def test_the_status_shows_depth_age_last_success_and_last_error(
    register: Register, clock: SteppingClock
) -> None:
    empty = register.sync_status()
    assert (empty.depth, empty.oldest_pending_age, empty.last_success_at) == (0, None, None)
    (first,) = events(register, 1)
    clock.advance(timedelta(minutes=10))
    upstream = MemoryUpstream()
    upstream.online = False
    register.push_outbox(upstream, TOP)
    status = register.sync_status()
    assert status.depth == 1 and status.failed == 0
    assert status.oldest_pending_age is not None
    assert status.oldest_pending_age > timedelta(minutes=10)
    assert status.oldest_pending_age == clock.current - clock.step - first.occurred_at
    assert (status.last_error, status.last_success_at) == ("Upstream is offline", None)
    assert status.next_attempt_at is not None
    upstream.online = True
    clock.current = status.next_attempt_at
    register.push_outbox(upstream, TOP)
    done = register.sync_status()
    assert (done.depth, done.oldest_pending_age, done.next_attempt_at) == (0, None, None)
    assert done.last_success_at is not None and done.last_success_at >= status.next_attempt_at
    assert done.last_error == "Upstream is offline"  # the last one seen, with its time
    assert done.last_error_at == status.last_error_at


def test_the_wait_is_full_jitter_under_a_cap_however_long_the_outage() -> None:
    assert backoff_delay(1, 0.0) == timedelta(0)
    assert backoff_delay(1, 0.5) == timedelta(seconds=1)
    assert backoff_delay(4, 0.5) == timedelta(seconds=8)
    assert backoff_delay(10_000, 0.999999) <= BACKOFF_CAP
    assert backoff_delay(10_000, 0.5) == BACKOFF_CAP / 2


def test_a_clock_set_back_after_a_failure_does_not_hold_the_queue(
    register: Register, clock: SteppingClock
) -> None:
    """A fast clock fails a push, then is corrected six hours back (NTP): the back-off it
    set lies six hours ahead of the corrected clock, longer than any back-off can be, so
    it is over; the queue goes out in sequence order on the next push."""
    items = events(register, 2)
    clock.step = timedelta(0)
    upstream = MemoryUpstream()
    upstream.online = False
    failed = register.push_outbox(upstream, TOP)
    assert failed.next_attempt_at is not None
    clock.advance(-timedelta(hours=6))
    status = register.sync_status()
    assert status.next_attempt_at is None  # the status bar says no wait either
    upstream.online = True
    done = register.push_outbox(upstream, TOP)
    assert (done.sent, done.pending) == (2, 0)
    assert upstream.applied == [i.event_id for i in items]


def test_a_back_off_within_its_cap_still_holds_after_a_small_step_back(
    register: Register, clock: SteppingClock
) -> None:
    events(register, 1)
    clock.step = timedelta(0)
    upstream = MemoryUpstream()
    upstream.online = False
    failed = register.push_outbox(upstream, Draws(0.5))
    assert failed.next_attempt_at is not None
    clock.advance(-timedelta(milliseconds=500))  # a small correction: the wait stays
    upstream.online = True
    held = register.push_outbox(upstream, TOP)
    assert (held.sent, upstream.deliveries) == (0, 0)
    assert register.sync_status().next_attempt_at == failed.next_attempt_at
