"""The relay's repositories: the link to GATE, the queue toward it, the feed's page marks."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, select, update

from adapters.sqlalchemy import mappers
from adapters.sqlalchemy.hub.ledger_tables import received_event
from adapters.sqlalchemy.office.tables import (
    feed_mark,
    relay_head,
    relay_link,
    relay_queue,
    relay_state,
)
from adapters.sqlalchemy.upsert import advance, upsert
from saleflex_core.domain.delivery import SyncState
from saleflex_core.domain.ingest import IncomingEvent
from saleflex_core.domain.organisation import check_company
from saleflex_core.domain.relay import OfficeLink, ParkedEvent, RelayedEvent, RelayFigures


class _Scoped:
    def __init__(self, conn: Connection, company: str) -> None:
        self.conn = conn
        self.company = company


class SqlOfficeLink(_Scoped):
    def get(self) -> OfficeLink | None:
        t = relay_link
        row = self.conn.execute(select(t).where(t.c.company_id == self.company)).mappings().first()
        return None if row is None else to_link(row)

    def save(self, link: OfficeLink) -> None:
        check_company(self.company, link.company_id, "OFFICE's link")
        row = {
            "company_id": link.company_id,
            "store_id": link.store_id,
            "office_id": link.office_id,
            "upstream_url": link.upstream_url,
            "api_key": link.api_key,
            "api_key_id": link.api_key_id,
        }
        upsert(self.conn, relay_link, [row], ["company_id"])


def to_link(row: Any) -> OfficeLink:
    return OfficeLink(
        row["company_id"],
        row["store_id"],
        row["office_id"],
        row["upstream_url"],
        row["api_key"],
        row["api_key_id"],
    )


class SqlRelayQueue(_Scoped):
    def enqueue(self, events: Sequence[IncomingEvent]) -> None:
        if not events:
            return
        last = self._advance(len(events))
        first = last - len(events) + 1
        rows = [
            {
                "company_id": self.company,
                "position": first + n,
                "event_id": event.event_id,
                "terminal_id": event.envelope["terminal_id"],
                "sequence": event.sequence,
            }
            for n, event in enumerate(events)
        ]
        self.conn.execute(relay_queue.insert(), rows)

    def pending(self, limit: int) -> list[RelayedEvent]:
        q, r = relay_queue, received_event
        rows = self.conn.execute(
            select(q.c.position, q.c.event_id, q.c.terminal_id, q.c.sequence, r.c.envelope)
            .select_from(
                q.join(r, and_(r.c.company_id == q.c.company_id, r.c.event_id == q.c.event_id))
            )
            .where(q.c.company_id == self.company, q.c.parked_at.is_(None))
            .order_by(q.c.position)
            .limit(limit)
        ).all()
        return [RelayedEvent(int(p), e, t, int(s), env) for p, e, t, s, env in rows]

    def forwarded(self, event_ids: Collection[str]) -> None:
        if event_ids:
            q = relay_queue
            self.conn.execute(
                delete(q).where(q.c.company_id == self.company, q.c.event_id.in_(list(event_ids)))
            )

    def park(self, event_id: str, reason: str, at: datetime) -> None:
        q = relay_queue
        self.conn.execute(
            update(q)
            .where(q.c.company_id == self.company, q.c.event_id == event_id)
            .values(parked_at=at, reason=reason[:500])
        )

    def requeue(self, event_id: str) -> bool:
        q = relay_queue
        done = self.conn.execute(
            update(q)
            .where(
                q.c.company_id == self.company, q.c.event_id == event_id, q.c.parked_at.is_not(None)
            )
            .values(parked_at=None, reason=None)
        )
        return done.rowcount == 1

    def parked(self, limit: int) -> list[ParkedEvent]:
        q = relay_queue
        rows = self.conn.execute(
            select(q.c.event_id, q.c.terminal_id, q.c.sequence, q.c.reason, q.c.parked_at)
            .where(q.c.company_id == self.company, q.c.parked_at.is_not(None))
            .order_by(q.c.position)
            .limit(limit)
        ).all()
        return [ParkedEvent(e, t, int(s), reason or "", at) for e, t, s, reason, at in rows]

    def figures(self) -> RelayFigures:
        q, r = relay_queue, received_event
        waiting = q.c.parked_at.is_(None)
        counts = self.conn.execute(
            select(
                func.count().filter(waiting), func.count().filter(q.c.parked_at.is_not(None))
            ).where(q.c.company_id == self.company)
        ).one()
        first = self.conn.execute(
            select(r.c.received_at)
            .select_from(
                q.join(r, and_(r.c.company_id == q.c.company_id, r.c.event_id == q.c.event_id))
            )
            .where(q.c.company_id == self.company, waiting)
            .order_by(q.c.position)
            .limit(1)
        ).scalar()
        return RelayFigures(int(counts[0] or 0), int(counts[1] or 0), first)

    def state(self) -> SyncState | None:
        t = relay_state
        row = self.conn.execute(select(t).where(t.c.company_id == self.company)).mappings().first()
        return None if row is None else mappers.to_sync_state(row)

    def save_state(self, state: SyncState) -> None:
        check_company(self.company, state.company_id, "The relay's state")
        upsert(self.conn, relay_state, [mappers.sync_state_row(state)], ["company_id"])

    def _advance(self, count: int) -> int:
        """Move the company's arrival head by ``count`` (locking it until commit)."""
        return advance(self.conn, relay_head, self.company, count)


class SqlFeedMarks(_Scoped):
    def add(self, position: int) -> None:
        self.conn.execute(feed_mark.insert(), {"company_id": self.company, "position": position})

    def between(self, after: int, upto: int) -> list[int]:
        t = feed_mark
        return [
            int(p)
            for p in self.conn.execute(
                select(t.c.position)
                .where(t.c.company_id == self.company, t.c.position > after, t.c.position <= upto)
                .order_by(t.c.position)
            ).scalars()
        ]

    def first_after(self, after: int) -> int | None:
        t = feed_mark
        found = self.conn.execute(
            select(func.min(t.c.position)).where(
                t.c.company_id == self.company, t.c.position > after
            )
        ).scalar()
        return None if found is None else int(found)
