"""Upstream delivery from the outbox: at-least-once, with back-off, off the sale's path.

Network I/O happens outside any transaction; the register's own writes never wait on it.
"""

from __future__ import annotations

from attrs import frozen

from saleflex_core.exceptions import SyncError
from saleflex_core.logger import get_logger
from saleflex_core.ports import Clock, UnitOfWork, Upstream

log = get_logger(__name__)


@frozen
class SyncResult:
    sent: int
    failed: int
    pending: int
    error: str | None = None


def push_outbox(
    uow: UnitOfWork, *, upstream: Upstream, clock: Clock, limit: int = 100
) -> SyncResult:
    """Deliver up to ``limit`` due events; unacknowledged ones are retried later."""
    now = clock.now()
    with uow:
        items = uow.outbox.due(now, limit)
    if not items:
        with uow:
            return SyncResult(0, 0, uow.outbox.pending_count())
    error = None
    try:
        acknowledged = upstream.deliver(items)
    except SyncError as exc:
        log.warning("Upstream delivery failed, will retry: %s", exc.message)
        error, acknowledged = exc.message, set()
    with uow:
        for item in items:
            done = item.key in acknowledged
            uow.outbox.save(
                item.delivered() if done else item.failed(error or "not acknowledged", now)
            )
        pending = uow.outbox.pending_count()
        uow.commit()
    sent = sum(1 for item in items if item.key in acknowledged)
    return SyncResult(sent, len(items) - sent, pending, error)
