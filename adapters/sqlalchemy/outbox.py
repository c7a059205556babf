"""The outbox on SQLAlchemy Core: events numbered per terminal, and each queue's state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, case, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from adapters.sqlalchemy import mappers, tables
from adapters.sqlalchemy.errors import translate
from adapters.sqlalchemy.repositories import one_row
from adapters.sqlalchemy.upsert import upsert
from saleflex_core.domain.delivery import OutboxFigures, SyncState
from saleflex_core.domain.events import NOT_NUMBERED, OutboxItem, OutboxStatus
from saleflex_core.domain.organisation import check_company
from saleflex_core.exceptions import NotFound, StateError

_q = tables.sync_queue_item
_s = tables.sync_sequence


def _next_sequence_statement(dialect: Any) -> Any:
    """Take a terminal's next number: one upsert that locks the terminal's counter row
    until the transaction ends, so concurrent writers queue and none skips or repeats."""
    return (
        dialect.insert(_s)
        .values(
            company_id=bindparam("company_id"),
            terminal_id=bindparam("terminal_id"),
            last_sequence=1,
        )
        .on_conflict_do_update(
            index_elements=[_s.c.company_id, _s.c.terminal_id],
            set_={"last_sequence": _s.c.last_sequence + 1},
        )
        .returning(_s.c.last_sequence)
    )


_NEXT_SEQUENCE = {
    "sqlite": _next_sequence_statement(sqlite),
    "postgresql": _next_sequence_statement(postgresql),
}
_INSERT_EVENT = insert(_q)
_DELIVERY = ("attempts", "status", "last_error", "failed_at", "sent_at")
_SAVE_DELIVERY = (
    update(_q)
    .where(_q.c.company_id == bindparam("key_company"), _q.c.event_id == bindparam("key_event"))
    .values({name: bindparam(name) for name in _DELIVERY})
)


def _continue_statement(dialect: Any) -> Any:
    """Raise a terminal's counter to a sequence (never lower it), in one upsert."""
    statement = dialect.insert(_s).values(
        company_id=bindparam("company_id"),
        terminal_id=bindparam("terminal_id"),
        last_sequence=bindparam("sequence"),
    )
    higher = statement.excluded.last_sequence > _s.c.last_sequence
    return statement.on_conflict_do_update(
        index_elements=[_s.c.company_id, _s.c.terminal_id],
        set_={
            "last_sequence": case(
                (higher, statement.excluded.last_sequence), else_=_s.c.last_sequence
            )
        },
    )


_CONTINUE = {
    "sqlite": _continue_statement(sqlite),
    "postgresql": _continue_statement(postgresql),
}


class SqlOutbox:
    """One company's outbox: it reads and writes only that company's events."""

    def __init__(self, conn: Connection, company: str) -> None:
        self.conn = conn
        self.company = company

    def add(self, item: OutboxItem) -> OutboxItem:
        if item.sequence != NOT_NUMBERED:
            raise StateError("The outbox numbers its events itself")
        check_company(self.company, item.company_id, f"Event {item.event_id}")
        with translate(f"queueing event {item.event_id}"):
            sequence = self.conn.execute(
                _NEXT_SEQUENCE[self.conn.dialect.name],
                {"company_id": item.company_id, "terminal_id": item.terminal_id},
            ).scalar_one()
            numbered = item.numbered(sequence)
            self.conn.execute(_INSERT_EVENT, mappers.outbox_row(numbered))
        return numbered

    def save(self, item: OutboxItem) -> None:
        key = (_q.c.company_id == self.company, _q.c.event_id == item.event_id)
        if self.conn.execute(update(_q).where(*key), mappers.outbox_row(item)).rowcount == 0:
            raise NotFound(f"Outbox event {item.event_id} does not exist")

    def save_delivery(self, items: Sequence[OutboxItem]) -> None:
        if not items:
            return
        rows = [
            mappers.delivery_row(item) | {"key_company": self.company, "key_event": item.event_id}
            for item in items
        ]
        with translate("saving the outbox's deliveries"):
            done = self.conn.execute(_SAVE_DELIVERY, rows).rowcount
        if done != len(items):
            raise NotFound(f"{len(items) - done} of these outbox events do not exist")

    def get(self, event_id: str) -> OutboxItem:
        row = one_row(self.conn, _q, "Outbox event", self.company, event_id=event_id)
        return mappers.to_outbox(row)

    def pending(self, terminal_id: str, limit: int) -> list[OutboxItem]:
        return self._of(terminal_id, OutboxStatus.PENDING, limit)

    def failed(self, terminal_id: str) -> list[OutboxItem]:
        return self._of(terminal_id, OutboxStatus.FAILED, None)

    def _of(self, terminal_id: str, status: OutboxStatus, limit: int | None) -> list[OutboxItem]:
        query = (
            select(_q)
            .where(_q.c.company_id == self.company, _q.c.terminal_id == terminal_id)
            .where(_q.c.status == status.value)
            .order_by(_q.c.sequence)
            .limit(limit)
        )
        return [mappers.to_outbox(r) for r in self.conn.execute(query).mappings()]

    def continue_after(self, terminal_id: str, sequence: int) -> None:
        params = {"company_id": self.company, "terminal_id": terminal_id, "sequence": sequence}
        with translate(f"continuing terminal {terminal_id}'s events after {sequence}"):
            self.conn.execute(_CONTINUE[self.conn.dialect.name], params)

    def pending_count(self) -> int:
        query = (
            select(func.count())
            .select_from(_q)
            .where(_q.c.company_id == self.company, _q.c.status == OutboxStatus.PENDING.value)
        )
        return int(self.conn.execute(query).scalar_one())

    def figures(self, terminal_id: str) -> OutboxFigures:
        query = (
            select(_q.c.status, func.count(), func.min(_q.c.occurred_at))
            .where(_q.c.company_id == self.company, _q.c.terminal_id == terminal_id)
            .where(_q.c.status.in_([OutboxStatus.PENDING.value, OutboxStatus.FAILED.value]))
            .group_by(_q.c.status)
        )
        found = {status: (count, oldest) for status, count, oldest in self.conn.execute(query)}
        pending, oldest = found.get(OutboxStatus.PENDING.value, (0, None))
        failed, _ = found.get(OutboxStatus.FAILED.value, (0, None))
        return OutboxFigures(int(pending), int(failed), oldest)

    def state(self, terminal_id: str) -> SyncState | None:
        t = tables.sync_state
        query = select(t).where(t.c.company_id == self.company, t.c.terminal_id == terminal_id)
        row = self.conn.execute(query).mappings().first()
        return None if row is None else mappers.to_sync_state(row)

    def save_state(self, state: SyncState) -> None:
        check_company(self.company, state.company_id, "A queue state")
        row = mappers.sync_state_row(state)
        with translate("saving the outbox's delivery state"):
            upsert(self.conn, tables.sync_state, [row], ["company_id", "terminal_id"])
