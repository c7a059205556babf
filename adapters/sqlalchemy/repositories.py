"""Closures and cash movements on SQLAlchemy Core (the outbox: outbox.py; master data:
master_data.py).

Every repository is built for one company (its unit of work's ``company``): each query
filters on ``company_id`` and each row written carries it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, Table, bindparam, insert, select, update

from adapters.sqlalchemy import mappers, tables
from adapters.sqlalchemy.errors import translate
from saleflex_core.domain.cash import CashMovement, check_numbered
from saleflex_core.domain.closure import Closure, ClosureState
from saleflex_core.exceptions import ConcurrencyError, NotFound


def one_row(conn: Connection, table: Table, what: str, company: str, **keys: Any) -> Any:
    where = [table.c[name] == value for name, value in keys.items()]
    row = conn.execute(select(table).where(table.c.company_id == company, *where))
    found = row.mappings().first()
    if found is None:
        raise NotFound(f"{what} {'/'.join(map(str, keys.values()))} does not exist")
    return found


ClosureKey = tuple[str, int]


class ClosureCache:
    """Closures as last saved by this unit of work, kept between units of work.

    Completing a sale then reads the open closure's version (locking its row) instead of
    parsing its running totals again; a moved version means a fresh read.
    """

    def __init__(self) -> None:
        self.committed: dict[ClosureKey, tuple[Closure, int]] = {}
        self.touched: dict[ClosureKey, tuple[Closure, int]] = {}
        self.saved: set[ClosureKey] = set()

    def keep(self) -> None:
        for key, entry in self.touched.items():
            if key in self.saved:
                self.committed[key] = entry
            else:  # read, maybe changed in memory, not saved: read it again next time
                self.committed.pop(key, None)
        self.touched, self.saved = {}, set()

    def forget(self) -> None:
        for key in self.touched:
            self.committed.pop(key, None)
        self.touched, self.saved = {}, set()


_c = tables.closure
_OPEN_VERSION = select(_c.c.number, _c.c.version).where(
    _c.c.company_id == bindparam("company"),
    _c.c.terminal_id == bindparam("terminal_id"),
    _c.c.state == ClosureState.OPEN.value,
)
# The open closure row carries the terminal's counters: a writer locks it for the
# transaction; a reader does not, so no sale ever waits for a report.
_OPEN_VERSION_LOCKED = _OPEN_VERSION.with_for_update()
_BY_KEY = select(_c).where(
    _c.c.company_id == bindparam("company"),
    _c.c.terminal_id == bindparam("t"),
    _c.c.number == bindparam("n"),
)
# The SET clause comes from the parameters given: every column of the row.
_BUMP = update(_c).where(
    _c.c.company_id == bindparam("key_company"),
    _c.c.terminal_id == bindparam("key_terminal"),
    _c.c.number == bindparam("key_number"),
    _c.c.version == bindparam("key_version"),
)


class SqlClosures:
    def __init__(self, conn: Connection, cache: ClosureCache, company: str) -> None:
        self.conn = conn
        self.cache = cache
        self.company = company

    def current(self, terminal_id: str) -> Closure | None:
        return self._open(_OPEN_VERSION, terminal_id)

    def lock_current(self, terminal_id: str) -> Closure | None:
        return self._open(_OPEN_VERSION_LOCKED, terminal_id)

    def _open(self, query: Select[Any], terminal_id: str) -> Closure | None:
        params = {"company": self.company, "terminal_id": terminal_id}
        row = self.conn.execute(query, params).first()
        if row is None:
            return None
        key = (terminal_id, row.number)
        entry = self.cache.committed.get(key)
        if entry is not None and entry[1] == row.version:
            self.cache.touched[key] = entry
            return entry[0]
        return self.get(terminal_id, row.number)

    def get(self, terminal_id: str, number: int) -> Closure:
        params = {"company": self.company, "t": terminal_id, "n": number}
        row = self.conn.execute(_BY_KEY, params).mappings().first()
        if row is None:
            raise NotFound(f"Closure {terminal_id}/{number} does not exist")
        closure = mappers.to_closure(row)
        self.cache.touched[(terminal_id, number)] = (closure, row["version"])
        return closure

    def save(self, closure: Closure) -> None:
        key = (closure.terminal_id, closure.number)
        known = self.cache.touched.get(key)
        row = {**mappers.closure_row(closure), "company_id": self.company}
        with translate(f"saving closure {closure.number}"):
            if known is None:
                version = 1
                self.conn.execute(insert(_c), {**row, "version": version})
            else:
                version = known[1] + 1
                params = {
                    "key_company": self.company,
                    "key_terminal": key[0],
                    "key_number": key[1],
                    "key_version": known[1],
                }
                bumped = self.conn.execute(_BUMP, {**row, **params, "version": version})
                if bumped.rowcount != 1:
                    raise ConcurrencyError(f"Closure {closure.number} was changed elsewhere")
        self.cache.touched[key] = (closure, version)
        self.cache.saved.add(key)


class SqlCash:
    def __init__(self, conn: Connection, company: str) -> None:
        self.conn = conn
        self.company = company

    def add(self, movement: CashMovement) -> None:
        check_numbered(movement)
        row = {**mappers.movement_row(movement), "company_id": self.company}
        with translate("recording the cash movement"):
            self.conn.execute(insert(tables.cash_movement), row)

    def for_closure(self, terminal_id: str, closure_number: int) -> list[CashMovement]:
        t = tables.cash_movement
        rows = self.conn.execute(
            select(t)
            .where(
                t.c.company_id == self.company,
                t.c.terminal_id == terminal_id,
                t.c.closure_number == closure_number,
            )
            .order_by(t.c.number)  # never the clock: it may have been set back
        ).mappings()
        return [mappers.to_movement(r) for r in rows]
