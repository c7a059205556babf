"""OFFICE's relay: what tills push is received into the store database and queued for
GATE in the same transaction; the queue goes to GATE in arrival order, at least once
(``domain/relay.py`` says the rules).

Network I/O happens outside any transaction: a till's push never waits for GATE, and a
forward never holds the database while GATE thinks. One forwarder per OFFICE database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import attrs
from attrs import frozen

from saleflex_core.domain.access import Caller
from saleflex_core.domain.delivery import DeliveryResult, SyncState
from saleflex_core.domain.ingest import MAX_BATCH, IncomingEvent
from saleflex_core.domain.relay import (
    STREAM,
    OfficeLink,
    ParkedEvent,
    RelayedEvent,
    RelayFigures,
)
from saleflex_core.exceptions import NotFound, StateError, SyncError
from saleflex_core.logger import get_logger
from saleflex_core.ports import Clock, RandomSource
from saleflex_core.ports.office import EventRelay, OfficeUnitOfWork
from saleflex_core.use_cases.gate_ingest import receive_events

log = get_logger(__name__)


@frozen
class Forwarded:
    """One forward: events GATE now holds, events it refused (parked), events still
    waiting, the transient failure if there was one, and when the queue tries again."""

    sent: int
    parked: int
    pending: int
    error: str | None = None
    next_attempt_at: datetime | None = None


def receive(
    uow: OfficeUnitOfWork, *, clock: Clock, caller: Caller, events: Sequence[IncomingEvent]
) -> list[DeliveryResult]:
    """A till's push at OFFICE: GATE's rules and books on the store database, and every
    event stored now queued for GATE in the same transaction (``gate_ingest``)."""
    return receive_events(
        uow, clock=clock, caller=caller, events=events, also=lambda new: uow.relay.enqueue(new)
    )


def forward(
    uow: OfficeUnitOfWork,
    *,
    relay: EventRelay,
    clock: Clock,
    jitter: RandomSource,
    limit: int = MAX_BATCH,
) -> Forwarded:
    """Forward up to ``limit`` of the queue's lowest positions to GATE, unless the queue
    backs off; record GATE's answers (see the module)."""
    now = clock.now()
    with uow:
        link = linked(uow)
        state = uow.relay.state() or SyncState(link.company_id, link.office_id)
        batch = [] if state.waiting(now) else uow.relay.pending(limit)
        if not batch:
            waiting_until = state.next_attempt_at if state.waiting(now) else None
            return Forwarded(0, 0, uow.relay.figures().pending, next_attempt_at=waiting_until)
    error: str | None = None
    try:
        answers = {a.event_id: a for a in relay.forward([event.envelope for event in batch])}
    except SyncError as exc:
        log.warning("GATE cannot take the relay's batch, the queue backs off: %s", exc.message)
        error, answers = exc.message, {}
    return _record(uow, state, batch, answers, error, now, jitter)


def _record(
    uow: OfficeUnitOfWork,
    state: SyncState,
    batch: Sequence[RelayedEvent],
    answers: Mapping[str, DeliveryResult],
    error: str | None,
    now: datetime,
    jitter: RandomSource,
) -> Forwarded:
    """GATE's answers and the queue's new state, in one transaction. The first event
    left unanswered and every later one stay queued (nothing overtakes)."""
    held: list[str] = []
    refused: list[tuple[RelayedEvent, str]] = []
    for event in batch:
        answer = answers.get(event.event_id)
        if answer is None:
            error = error or f"GATE left event {event.event_id} unanswered"
            break
        if answer.delivered:
            held.append(event.event_id)
        else:
            refused.append((event, answer.reason or "refused without a reason"))
    with uow:
        state = uow.relay.state() or state
        uow.relay.forwarded(held)
        for event, reason in refused:
            log.error("GATE refused relayed event %s for good: %s", event.event_id, reason)
            uow.relay.park(event.event_id, reason, now)
        if held or refused:
            state = state.succeeded(now)
        if error is not None:
            state = state.failed(error, now, jitter.random())
        uow.relay.save_state(state)
        pending = uow.relay.figures().pending
        uow.commit()
    return Forwarded(len(held), len(refused), pending, error, state.next_attempt_at)


def retry_parked(uow: OfficeUnitOfWork, *, event_id: str) -> None:
    """Send an event GATE refused again: it waits in its own place, before later ones."""
    with uow:
        if not uow.relay.requeue(event_id):
            raise NotFound(f"No event {event_id} is parked at this OFFICE")
        uow.commit()
    log.info("Relayed event %s queued again for GATE", event_id)


def end_backoff(uow: OfficeUnitOfWork) -> None:
    """GATE is back (an operator says so): the queue goes out at its next look instead of
    waiting out its back-off; a failure after it starts the back-off afresh."""
    with uow:
        state = uow.relay.state()
        if state is not None and (state.next_attempt_at is not None or state.failures):
            uow.relay.save_state(attrs.evolve(state, failures=0, next_attempt_at=None))
            uow.commit()
    log.info("The relay's back-off is ended by hand")


def linked(uow: OfficeUnitOfWork) -> OfficeLink:
    """This OFFICE's link to GATE; StateError before its enrolment."""
    link = uow.link.get()
    if link is None:
        raise StateError("This OFFICE is not enrolled at GATE yet: enrol it with its code first")
    return link


@frozen
class RelayStatus:
    """The relay at a glance: the queue, its delivery state, the events GATE refused
    (the oldest ``limit``), and how far the master data from GATE has got."""

    figures: RelayFigures
    state: SyncState | None
    parked: list[ParkedEvent]
    master_data_cursor: str | None


def status(uow: OfficeUnitOfWork, *, limit: int = 20) -> RelayStatus:
    """What ``saleflex-office --status`` shows."""
    with uow:
        return RelayStatus(
            uow.relay.figures(),
            uow.relay.state(),
            uow.relay.parked(limit),
            uow.sync_cursors.get(STREAM),
        )
