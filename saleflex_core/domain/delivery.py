"""What a receiver answers for each event, and the delivery state of a terminal's queue.

The queue of one terminal is delivered in ``sequence`` order and backs off as a whole:
after a transient failure (unreachable, timeout, 5xx, an event left unanswered) nothing
is sent until ``next_attempt_at``, so no later event can overtake an earlier one. The
wait is exponential with full jitter (a random point between 0 and ``BASE * 2**(n-1)``
after the n-th failure in a row), capped at ``CAP``: many terminals coming back after an
outage do not all knock at once.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from attrs import evolve, frozen

BACKOFF_BASE = timedelta(seconds=2)
BACKOFF_CAP = timedelta(minutes=15)


class Outcome(enum.Enum):
    ACCEPTED = "accepted"  # stored now
    DUPLICATE = "duplicate"  # stored before, with the same payload: delivered all the same
    REJECTED = "rejected"  # refused for good; sending it again will not change that


@frozen
class DeliveryResult:
    """The receiver's answer for one event of a batch."""

    event_id: str
    outcome: Outcome
    reason: str | None = None

    @classmethod
    def accepted(cls, event_id: str) -> DeliveryResult:
        return cls(event_id, Outcome.ACCEPTED)

    @classmethod
    def duplicate(cls, event_id: str) -> DeliveryResult:
        return cls(event_id, Outcome.DUPLICATE)

    @classmethod
    def rejected(cls, event_id: str, reason: str) -> DeliveryResult:
        return cls(event_id, Outcome.REJECTED, reason)

    @property
    def delivered(self) -> bool:
        return self.outcome is not Outcome.REJECTED


def backoff_delay(failures: int, draw: float) -> timedelta:
    """The wait after ``failures`` transient failures in a row; ``draw`` is in [0, 1).

    Full jitter: ``draw * min(CAP, BASE * 2**(failures - 1))``.
    """
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * (1 << min(max(failures, 1) - 1, 30)))
    return ceiling * min(max(draw, 0.0), 1.0)


@frozen
class OutboxFigures:
    """How many events of a terminal wait or are parked, and when the oldest waiting one
    happened."""

    pending: int
    failed: int
    oldest_pending_at: datetime | None


@frozen
class SyncState:
    """The delivery state of one terminal's outbox (one row per terminal)."""

    company_id: str
    terminal_id: str
    failures: int = 0  # transient failures in a row
    next_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None

    def waiting(self, now: datetime) -> bool:
        """Still backing off: nothing is sent before ``next_attempt_at``.

        No back-off is longer than ``BACKOFF_CAP``: a wait beyond it means the clock was
        set back since the failure (a fast clock corrected). The back-off is over then;
        else the queue would stand still for as long as the clock's step, hours perhaps.
        """
        if self.next_attempt_at is None:
            return False
        return now < self.next_attempt_at <= now + BACKOFF_CAP

    def succeeded(self, now: datetime) -> SyncState:
        """The receiver answered: the back-off is over (an error stays shown as the last)."""
        return evolve(self, failures=0, next_attempt_at=None, last_success_at=now)

    def failed(self, error: str, now: datetime, draw: float) -> SyncState:
        failures = self.failures + 1
        return evolve(
            self,
            failures=failures,
            next_attempt_at=now + backoff_delay(failures, draw),
            last_error=error,
            last_error_at=now,
        )
