"""Facts that leave the machine, and the outbox item that carries each one.

Every event has a key that is unique for the fact it states; receivers keep the keys
they have applied, so delivering an event twice changes nothing the second time.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any

from attrs import evolve, frozen

SALE_COMPLETED = "sale.completed"
SALE_CANCELLED = "sale.cancelled"
CLOSURE_CLOSED = "closure.closed"
CASH_MOVED = "cash.moved"

MAX_BACKOFF = timedelta(minutes=15)


class OutboxStatus(enum.Enum):
    PENDING = "pending"
    SENT = "sent"


@frozen
class OutboxItem:
    """One event waiting for (or done with) upstream delivery. ``payload`` is JSON-safe."""

    key: str
    event_type: str
    payload: dict[str, Any]
    created_at: datetime
    attempts: int = 0
    next_attempt_at: datetime | None = None
    status: OutboxStatus = OutboxStatus.PENDING
    last_error: str | None = None

    @classmethod
    def new(
        cls, event_type: str, subject: str, payload: dict[str, Any], at: datetime
    ) -> OutboxItem:
        """An event about ``subject`` (a document id, ``terminal/closure``, ...)."""
        return cls(f"{event_type}:{subject}", event_type, payload, at, next_attempt_at=at)

    def is_due(self, now: datetime) -> bool:
        return self.status is OutboxStatus.PENDING and (
            self.next_attempt_at is None or self.next_attempt_at <= now
        )

    def delivered(self) -> OutboxItem:
        return evolve(self, status=OutboxStatus.SENT, attempts=self.attempts + 1, last_error=None)

    def failed(self, error: str, now: datetime) -> OutboxItem:
        """Schedule the next attempt with exponential back-off (2 s doubling, at most 15 min)."""
        attempts = self.attempts + 1
        delay = min(timedelta(seconds=2 ** min(attempts, 20)), MAX_BACKOFF)
        return evolve(self, attempts=attempts, next_attempt_at=now + delay, last_error=error)
