"""OFFICE's ports: what a store's relay needs beyond the hub's (``saleflex_core.ports.hub``).

OFFICE keeps its store's books on the hub's schema (received events, sales, the change
feed, terminals and their key digests), so its unit of work is the hub's plus the relay's
own repositories: its link to GATE, the queue toward GATE, and where GATE's master-data
pages end in its feed (``domain/relay.py`` says the rules).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from saleflex_core.domain.delivery import DeliveryResult, SyncState
from saleflex_core.domain.ingest import IncomingEvent
from saleflex_core.domain.relay import OfficeLink, ParkedEvent, RelayedEvent, RelayFigures
from saleflex_core.ports.hub import HubUnitOfWork


class EventRelay(Protocol):
    """GATE as an OFFICE forwards to it, with the office's own key."""

    def forward(self, envelopes: Sequence[str]) -> Sequence[DeliveryResult]:
        """Send received envelopes (canonical JSON text, as the tills sent them, several
        tills' in one batch) in order; answer per ``event_id`` as ``Upstream.deliver``.

        Raise SyncError when GATE cannot be reached or fails as a whole."""
        ...


class OfficeLinkRepository(Protocol):
    def get(self) -> OfficeLink | None:
        """This OFFICE's link to GATE (None: not enrolled yet)."""
        ...

    def save(self, link: OfficeLink) -> None: ...


class RelayQueueRepository(Protocol):
    """The events on their way to GATE, at their arrival positions (1, 2, 3 ...)."""

    def enqueue(self, events: Sequence[IncomingEvent]) -> None:
        """Queue newly stored events at the next positions, in the batch's order; the
        company's enqueuers wait for each other, so positions commit in order."""
        ...

    def pending(self, limit: int) -> list[RelayedEvent]:
        """Up to ``limit`` waiting events, lowest positions first, with their envelopes."""
        ...

    def forwarded(self, event_ids: Collection[str]) -> None:
        """GATE holds these: off the queue."""
        ...

    def park(self, event_id: str, reason: str, at: datetime) -> None:
        """GATE refused it for good: it waits aside with the reason."""
        ...

    def requeue(self, event_id: str) -> bool:
        """Put a parked event back in its own place; False if none is parked by that id."""
        ...

    def parked(self, limit: int) -> list[ParkedEvent]:
        """Parked events, oldest position first."""
        ...

    def figures(self) -> RelayFigures: ...
    def state(self) -> SyncState | None:
        """The queue's delivery state (back-off, last success, last error)."""
        ...

    def save_state(self, state: SyncState) -> None: ...


class FeedMarkRepository(Protocol):
    """Where each of GATE's master-data pages ends in OFFICE's change feed."""

    def add(self, position: int) -> None: ...
    def between(self, after: int, upto: int) -> list[int]:
        """The ends in (``after``, ``upto``], in order."""
        ...

    def first_after(self, after: int) -> int | None: ...


class OfficeUnitOfWork(HubUnitOfWork, Protocol):
    """OFFICE's unit of work: the hub's on the store database, and the relay's."""

    @property
    def link(self) -> OfficeLinkRepository: ...
    @property
    def relay(self) -> RelayQueueRepository: ...
    @property
    def feed_marks(self) -> FeedMarkRepository: ...
