"""Facts that leave the machine, and the outbox item that carries each one.

Every event has an ``event_id`` that is unique for the fact it states: a UUID derived
from the fact's own key (``event_id_for``), so the same fact can never be queued under
two ids; receivers keep the ids they have applied, so delivering an event twice changes
nothing the second time. Events of one terminal are ordered by ``sequence`` (1, 2, 3, ...
without gaps), which the outbox gives in the fact's own transaction; the wall clock only
labels them (``occurred_at``).
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from attrs import evolve, frozen

from saleflex_core.domain.organisation import Store, Terminal

SALE_COMPLETED = "sale.completed"
SALE_CANCELLED = "sale.cancelled"
CLOSURE_CLOSED = "closure.closed"
CASH_MOVED = "cash.moved"

SCHEMA_VERSION = 1
# Names the UUIDs of SaleFlex events (uuid5): the same fact always gets the same id.
EVENT_NAMESPACE = uuid.UUID("5a1ef1e5-0e7e-4c1d-9b7a-000000000001")
NOT_NUMBERED = 0  # the sequence of an item the outbox has not taken yet


class OutboxStatus(enum.Enum):
    PENDING = "pending"  # waiting for delivery, in sequence order
    SENT = "sent"  # the receiver has it (accepted now or before: a duplicate)
    FAILED = "failed"  # refused for good; parked with its reason until a supervisor retries


@frozen
class EventSource:
    """Where an event happens: the company, store and terminal named in its envelope."""

    company_id: str
    store_id: str
    terminal_id: str

    @classmethod
    def of(cls, store: Store, terminal: Terminal) -> EventSource:
        return cls(store.company_id, store.id, terminal.id)


def event_id_for(source: EventSource, event_type: str, subject: str) -> str:
    """The event id of ``event_type`` about ``subject`` (a document id, ``T01/4``, ...).

    A name-based UUID (uuid5) of the fact's key, so queueing the same fact again gives
    the same id and the receiver treats it as the duplicate it is.
    """
    name = f"{source.company_id}/{source.store_id}/{source.terminal_id}/{event_type}/{subject}"
    return str(uuid.uuid5(EVENT_NAMESPACE, name))


@frozen
class OutboxItem:
    """One event waiting for (or done with) upstream delivery: its v1 envelope, then its
    delivery state. ``payload`` is the JSON-safe wire payload.

    ``sequence`` is ``NOT_NUMBERED`` until ``UnitOfWork.outbox.add`` numbers the item.
    ``last_error`` is the last transient failure (it stays PENDING) or, for a FAILED
    item, the receiver's reason; ``failed_at`` is when it was parked.
    """

    event_id: str
    event_type: str
    schema_version: int
    company_id: str
    store_id: str
    terminal_id: str
    sequence: int
    occurred_at: datetime
    business_date: date
    payload: dict[str, Any]
    attempts: int = 0
    status: OutboxStatus = OutboxStatus.PENDING
    last_error: str | None = None
    failed_at: datetime | None = None
    sent_at: datetime | None = None

    @classmethod
    def new(
        cls,
        event_type: str,
        subject: str,
        payload: dict[str, Any],
        *,
        source: EventSource,
        occurred_at: datetime,
        business_date: date,
    ) -> OutboxItem:
        """An event about ``subject``, not yet numbered (``uow.outbox.add`` numbers it)."""
        return cls(
            event_id_for(source, event_type, subject),
            event_type,
            SCHEMA_VERSION,
            source.company_id,
            source.store_id,
            source.terminal_id,
            NOT_NUMBERED,
            occurred_at,
            business_date,
            payload,
        )

    def numbered(self, sequence: int) -> OutboxItem:
        return evolve(self, sequence=sequence)

    def delivered(self, now: datetime) -> OutboxItem:
        """The receiver has it (accepted, or a duplicate of what it had)."""
        return evolve(
            self,
            status=OutboxStatus.SENT,
            attempts=self.attempts + 1,
            last_error=None,
            failed_at=None,
            sent_at=now,
        )

    def postponed(self, error: str) -> OutboxItem:
        """A transient failure: it stays PENDING, in its place in the queue."""
        return evolve(self, attempts=self.attempts + 1, last_error=error)

    def parked(self, reason: str, now: datetime) -> OutboxItem:
        """Refused for good: FAILED with the receiver's reason; the queue moves past it."""
        return evolve(
            self,
            status=OutboxStatus.FAILED,
            attempts=self.attempts + 1,
            last_error=reason,
            failed_at=now,
        )

    def requeued(self) -> OutboxItem:
        """A supervisor sends a parked item again; its reason stays until it is delivered."""
        return evolve(self, status=OutboxStatus.PENDING)
