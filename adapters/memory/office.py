"""OFFICE in memory: its unit of work (the hub's plus the relay's repositories) and GATE
as the relay forwards to it (``MemoryGate``: an idempotent receiver that can be down).

The queue's rows are keyed by arrival position; its head is a row of its own, so a unit
of work left without commit takes its positions back with its rows, as in SQL.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from adapters.memory.hub import MemoryHubUnitOfWork
from adapters.memory.hub_access import utc
from adapters.memory.storage import _Overlay
from saleflex_core.domain.delivery import DeliveryResult, SyncState
from saleflex_core.domain.ingest import IncomingEvent
from saleflex_core.domain.organisation import check_company
from saleflex_core.domain.relay import OfficeLink, ParkedEvent, RelayedEvent, RelayFigures
from saleflex_core.exceptions import StorageError, SyncError

if TYPE_CHECKING:
    from saleflex_core.ports.office import EventRelay, OfficeUnitOfWork

HEAD = "head"


class MemoryOfficeLink:
    def __init__(self, rows: _Overlay[OfficeLink], company: str) -> None:
        self.rows = rows
        self.company = company

    def get(self) -> OfficeLink | None:
        return self.rows.get(self.company)

    def save(self, link: OfficeLink) -> None:
        check_company(self.company, link.company_id, "OFFICE's link")
        self.rows.put(self.company, link)


class MemoryRelayQueue:
    def __init__(
        self,
        rows: _Overlay[dict[str, Any]],
        head: _Overlay[int],
        states: _Overlay[SyncState],
        received: _Overlay[Any],
    ) -> None:
        self.rows = rows
        self.head = head
        self.states = states
        self.received = received

    def _received(self, event_id: str) -> dict[str, Any]:
        """The received event a queued one is (the SQL adapter joins them)."""
        found: dict[str, Any] | None = self.received.get(event_id)
        if found is None:
            raise StorageError(f"Queued event {event_id} was never received")
        return found

    def enqueue(self, events: Sequence[IncomingEvent]) -> None:
        last = self.head.get(HEAD) or 0
        for n, event in enumerate(events, start=1):
            if any(r["event_id"] == event.event_id for r in self.rows.raw_values()):
                raise StorageError(f"Event {event.event_id} is queued already")
            row = {"event_id": event.event_id, "terminal_id": event.envelope["terminal_id"]}
            row |= {"sequence": event.sequence, "parked_at": None, "reason": None}
            self.rows.put(last + n, row | {"position": last + n})
        self.head.put(HEAD, last + len(events))

    def _sorted(self) -> list[dict[str, Any]]:
        return sorted(self.rows.values(), key=lambda r: int(r["position"]))

    def pending(self, limit: int) -> list[RelayedEvent]:
        waiting = [r for r in self._sorted() if r["parked_at"] is None][:limit]
        return [
            RelayedEvent(
                r["position"],
                r["event_id"],
                r["terminal_id"],
                r["sequence"],
                self._received(r["event_id"])["envelope"],
            )
            for r in waiting
        ]

    def forwarded(self, event_ids: Collection[str]) -> None:
        for row in self._sorted():
            if row["event_id"] in event_ids:
                self.rows.delete(row["position"])

    def park(self, event_id: str, reason: str, at: datetime) -> None:
        for row in self._sorted():
            if row["event_id"] == event_id:
                self.rows.put(row["position"], row | {"parked_at": utc(at), "reason": reason[:500]})

    def requeue(self, event_id: str) -> bool:
        for row in self._sorted():
            if row["event_id"] == event_id and row["parked_at"] is not None:
                self.rows.put(row["position"], row | {"parked_at": None, "reason": None})
                return True
        return False

    def parked(self, limit: int) -> list[ParkedEvent]:
        rows = [r for r in self._sorted() if r["parked_at"] is not None][:limit]
        return [
            ParkedEvent(r["event_id"], r["terminal_id"], r["sequence"], r["reason"], r["parked_at"])
            for r in rows
        ]

    def figures(self) -> RelayFigures:
        rows = self._sorted()
        waiting = [r for r in rows if r["parked_at"] is None]
        first = self._received(waiting[0]["event_id"])["received_at"] if waiting else None
        return RelayFigures(len(waiting), len(rows) - len(waiting), first)

    def state(self) -> SyncState | None:
        return self.states.get(HEAD)

    def save_state(self, state: SyncState) -> None:
        def kept(at: datetime | None) -> datetime | None:
            return None if at is None else utc(at)

        self.states.put(
            HEAD,
            attrs.evolve(
                state,
                next_attempt_at=kept(state.next_attempt_at),
                last_success_at=kept(state.last_success_at),
                last_error_at=kept(state.last_error_at),
            ),
        )


class MemoryFeedMarks:
    def __init__(self, rows: _Overlay[int]) -> None:
        self.rows = rows

    def add(self, position: int) -> None:
        if self.rows.get(position) is not None:
            raise StorageError(f"Feed position {position} is marked already")
        self.rows.put(position, position)

    def between(self, after: int, upto: int) -> list[int]:
        return sorted(p for p in self.rows.raw_values() if after < p <= upto)

    def first_after(self, after: int) -> int | None:
        return min((p for p in self.rows.raw_values() if p > after), default=None)


class MemoryOfficeUnitOfWork(MemoryHubUnitOfWork):
    """One transaction on an OFFICE kept in a ``MemoryDatabase``."""

    def __enter__(self) -> MemoryOfficeUnitOfWork:
        super().__enter__()
        table = self.overlay
        self.link = MemoryOfficeLink(table("relay_link"), self.company_id)
        self.relay = MemoryRelayQueue(
            table("relay_queue"),
            table("relay_head"),
            table("relay_state"),
            table("received_events"),
        )
        self.feed_marks = MemoryFeedMarks(table("feed_marks"))
        return self


class MemoryGate:
    """GATE as an OFFICE's relay sees it: it keeps each event id with its envelope (the
    same again is a duplicate, another envelope under that id is rejected), refuses the
    ids in ``refuse``, and raises SyncError while ``online`` is False."""

    def __init__(self) -> None:
        self.online = True
        self.received: dict[str, str] = {}  # event id -> canonical envelope
        self.applied: list[str] = []  # event ids in the order stored
        self.batches: list[list[str]] = []
        self.refuse: dict[str, str] = {}
        self.answers_kept: int | None = None

    def forward(self, envelopes: Sequence[str]) -> list[DeliveryResult]:
        if not self.online:
            raise SyncError("GATE is offline")
        ids = [str(json.loads(envelope)["event_id"]) for envelope in envelopes]
        self.batches.append(ids)
        answers = [self._receive(i, e) for i, e in zip(ids, envelopes, strict=True)]
        return answers if self.answers_kept is None else answers[: self.answers_kept]

    def _receive(self, event_id: str, envelope: str) -> DeliveryResult:
        known = self.received.get(event_id)
        if known is not None:
            if known == envelope:
                return DeliveryResult.duplicate(event_id)
            return DeliveryResult.rejected(event_id, "received before with another payload")
        if event_id in self.refuse:
            return DeliveryResult.rejected(event_id, self.refuse[event_id])
        self.received[event_id] = envelope
        self.applied.append(event_id)
        return DeliveryResult.accepted(event_id)


if TYPE_CHECKING:  # mypy holds the adapters to the ports

    def _is_an_office_unit_of_work(uow: MemoryOfficeUnitOfWork) -> OfficeUnitOfWork:
        return uow

    def _is_an_event_relay(gate: MemoryGate) -> EventRelay:
        return gate
