"""Reads of a terminal's outbox for a status line or a back office: how far behind it is,
and which events the receiver refused."""

from __future__ import annotations

from datetime import datetime, timedelta

from attrs import frozen

from saleflex_core.domain.events import OutboxItem
from saleflex_core.ports import UnitOfWork


@frozen
class SyncStatus:
    """The outbox of one terminal as someone watching it needs it.

    ``depth`` events wait (``oldest_pending_age`` the oldest of them); ``failed`` are parked
    until a supervisor sends them again; ``last_error`` is the last transient failure;
    ``next_attempt_at`` is set while the queue backs off.
    """

    depth: int
    failed: int
    oldest_pending_age: timedelta | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    next_attempt_at: datetime | None


def sync_status(uow: UnitOfWork, *, terminal_id: str, now: datetime) -> SyncStatus:
    """The terminal's outbox figures at ``now``."""
    with uow:
        figures = uow.outbox.figures(terminal_id)
        state = uow.outbox.state(terminal_id)
    oldest = figures.oldest_pending_at
    age = None if oldest is None else max(now - oldest, timedelta(0))
    if state is None:
        return SyncStatus(figures.pending, figures.failed, age, None, None, None, None)
    return SyncStatus(
        figures.pending,
        figures.failed,
        age,
        state.last_success_at,
        state.last_error,
        state.last_error_at,
        state.next_attempt_at if state.waiting(now) else None,  # a back-off over is none
    )


def failed_events(uow: UnitOfWork, *, terminal_id: str) -> list[OutboxItem]:
    """The terminal's parked events with the receiver's reasons, lowest sequence first."""
    with uow:
        return uow.outbox.failed(terminal_id)
