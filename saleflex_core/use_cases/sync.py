"""Upstream delivery from the outbox: at-least-once, in sequence order, off the sale's path.

The rules (a terminal's queue, see ``domain.delivery``):
- Events go in batches of the lowest PENDING ``sequence`` numbers, in that order.
- accepted and duplicate answers mark an event SENT (the receiver has it either way).
- rejected(reason) parks it FAILED with the reason and the queue moves past it; a
  supervisor may send it again (``retry_failed``).
- A transient failure (``SyncError``: unreachable, timeout, 5xx) or an event left
  unanswered keeps that event and every later one of the batch PENDING, and the WHOLE
  queue backs off (exponential, full jitter, capped): nothing overtakes an earlier event.

Network I/O happens outside any transaction; the register's own writes never wait on it.
One sync job per terminal pushes its queue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from attrs import frozen

from saleflex_core.domain.delivery import DeliveryResult, SyncState
from saleflex_core.domain.events import OutboxItem, OutboxStatus
from saleflex_core.domain.organisation import Cashier, Role
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.exceptions import NotFound, StateError, SyncError
from saleflex_core.logger import get_logger
from saleflex_core.ports import Clock, RandomSource, UnitOfWork, Upstream
from saleflex_core.use_cases.auth import Override, authorize

log = get_logger(__name__)


@frozen
class SyncResult:
    """One push: events now SENT, events parked FAILED, events still PENDING after it,
    the transient failure if there was one, and when the queue may try again."""

    sent: int
    parked: int
    pending: int
    error: str | None = None
    next_attempt_at: datetime | None = None


def push_outbox(
    uow: UnitOfWork,
    *,
    ref: ReferenceData,
    upstream: Upstream,
    clock: Clock,
    jitter: RandomSource,
    limit: int = 100,
) -> SyncResult:
    """Deliver up to ``limit`` of the terminal's pending events, unless the queue backs off.

    ``jitter`` draws the random part of the back-off (inject a seeded one in tests).
    """
    now = clock.now()
    terminal_id = ref.terminal.id
    with uow:
        state = uow.outbox.state(terminal_id) or SyncState(ref.store.company_id, terminal_id)
        batch = [] if state.waiting(now) else uow.outbox.pending(terminal_id, limit)
        if not batch:
            pending = uow.outbox.figures(terminal_id).pending
            waiting_until = state.next_attempt_at if state.waiting(now) else None
            return SyncResult(0, 0, pending, next_attempt_at=waiting_until)
    error: str | None = None
    try:
        answers = {answer.event_id: answer for answer in upstream.deliver(batch)}
    except SyncError as exc:
        log.warning("Upstream delivery failed, the queue backs off: %s", exc.message)
        error, answers = exc.message, {}
    updates, error = _answered(batch, answers, now, error)
    return _record(uow, state, updates, error, now, jitter)


def _record(
    uow: UnitOfWork,
    state: SyncState,
    updates: Sequence[OutboxItem],
    error: str | None,
    now: datetime,
    jitter: RandomSource,
) -> SyncResult:
    """Store what the receiver answered and the queue's new state, in one transaction."""
    with uow:
        state = uow.outbox.state(state.terminal_id) or state
        uow.outbox.save_delivery(updates)
        if updates[0].status is not OutboxStatus.PENDING:  # the receiver answered
            state = state.succeeded(now)
        if error is not None:
            state = state.failed(error, now, jitter.random())
        uow.outbox.save_state(state)
        pending = uow.outbox.figures(state.terminal_id).pending
        uow.commit()
    sent = sum(1 for item in updates if item.status is OutboxStatus.SENT)
    parked = sum(1 for item in updates if item.status is OutboxStatus.FAILED)
    return SyncResult(sent, parked, pending, error, state.next_attempt_at)


def _answered(
    batch: Sequence[OutboxItem],
    answers: Mapping[str, DeliveryResult],
    now: datetime,
    error: str | None,
) -> tuple[list[OutboxItem], str | None]:
    """The batch after the answers; the first unanswered event and all after it wait."""
    updates: list[OutboxItem] = []
    for index, item in enumerate(batch):
        answer = answers.get(item.event_id)
        if answer is None:
            error = error or f"No answer for event {item.sequence} ({item.event_type})"
            return updates + [later.postponed(error) for later in batch[index:]], error
        if answer.delivered:
            updates.append(item.delivered(now))
        else:
            reason = answer.reason or "refused without a reason"
            log.error("Upstream refused event %s for good: %s", item.event_id, reason)
            updates.append(item.parked(reason, now))
    return updates, None


def retry_failed(
    uow: UnitOfWork,
    *,
    ref: ReferenceData,
    cashier: Cashier,
    event_id: str,
    override: Override | None = None,
) -> OutboxItem:
    """A supervisor sends a parked (FAILED) event again: it is PENDING in its own place.

    It goes out with the next batch, lowest sequence first, so before later events that
    are still waiting; the receiver answers it again (accepted, duplicate or rejected).
    """
    with uow:
        approved_by = authorize(
            uow,
            actor=cashier,
            needed=Role.SUPERVISOR,
            override=override,
            action="Sending a refused event again",
        )
        item = uow.outbox.get(event_id)
        if item.terminal_id != ref.terminal.id:
            raise NotFound(f"Outbox event {event_id} does not exist")
        if item.status is not OutboxStatus.FAILED:
            raise StateError("Only an event the receiver refused can be sent again")
        item = item.requeued()
        uow.outbox.save(item)
        uow.commit()
    log.info("Event %s (%s) queued again, approved by %s", event_id, item.sequence, approved_by)
    return item
