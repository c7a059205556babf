"""What every row's rewrite needs to know about the database being upgraded.

- Its company: a terminal's database holds one (``store.company_id``); it becomes the
  ``company_id`` of every row. Several companies are refused: nobody could say whose the
  receipts are.
- Its terminals: each gets a new global id, a random UUID made here once (as a first start
  makes one), and keeps its old id as its ``code``; every column and outbox payload that
  named ``T01`` names the UUID instead. Not derived from the old id: every standalone
  shop's till is ``LOCAL``/``S1``/``T01``, and a global id must not be shared.
- The store's time zone, for the naive local times (see ``local_time.py``).
- Its cash movements' numbers: 1, 2, 3 ... per terminal and period, in the order the old
  program listed them (its local ``at``, then ``id``), and so each period's next number.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from attrs import frozen
from sqlalchemy import Connection, text

from adapters.sqlalchemy.migrations.v0003 import local_time
from saleflex_core.exceptions import StorageError


@frozen
class Terminal:
    id: str  # the new global UUID
    code: str  # the old id
    store_id: str


@frozen
class MovementNumbers:
    by_id: dict[str, int]  # each movement's number
    counts: dict[tuple[str, int], int]  # movements per (old terminal id, closure number)

    def next_for(self, old_terminal_id: str, closure_number: int) -> int:
        return self.counts.get((old_terminal_id, closure_number), 0) + 1


def number_movements(conn: Connection) -> MovementNumbers:
    """Number the old cash movements per period in their old listing order."""
    found = conn.execute(
        text(
            "SELECT id, terminal_id, closure_number FROM cash_movement"
            ' ORDER BY terminal_id, closure_number, "at", id'
        )
    ).all()
    by_id: dict[str, int] = {}
    counts: dict[tuple[str, int], int] = {}
    for movement_id, terminal_id, closure_number in found:
        key = (terminal_id, closure_number)
        counts[key] = by_id[movement_id] = counts.get(key, 0) + 1
    return MovementNumbers(by_id, counts)


@frozen
class Books:
    company_id: str
    zone_name: str
    zone: ZoneInfo
    terminals: dict[str, Terminal]  # by old id
    movements: MovementNumbers

    def terminal(self, old_id: str) -> Terminal:
        try:
            return self.terminals[old_id]
        except KeyError:
            raise StorageError(
                f"Rows name the terminal {old_id!r}, which the database does not hold"
            ) from None

    def terminal_id(self, old_id: str) -> str:
        return self.terminal(old_id).id

    def instant(self, local: datetime) -> datetime:
        return local_time.to_utc(local, self.zone)

    def maybe_instant(self, local: datetime | None) -> datetime | None:
        return None if local is None else self.instant(local)

    def instant_text(self, local: str) -> str:
        """An old payload's naive local ISO time as a v1 instant (UTC, with its offset)."""
        return self.instant(datetime.fromisoformat(local)).isoformat()


def read_books(conn: Connection, timezone: str | None) -> Books | None:
    """The books of the database; None when it holds no company (a new, empty one)."""
    companies = conn.execute(text("SELECT id FROM company ORDER BY id")).scalars().all()
    if len(companies) > 1:
        raise StorageError(
            f"The database holds {len(companies)} companies ({', '.join(companies)}): a "
            "terminal's database holds one, so its rows cannot be given their company"
        )
    if not companies:
        return None
    name = timezone or local_time.machine_zone_name()
    found = conn.execute(text("SELECT id, store_id FROM terminal ORDER BY id")).all()
    terminals = {old: Terminal(str(uuid.uuid4()), old, store) for old, store in found}
    movements = number_movements(conn)
    return Books(companies[0], name, local_time.zone(name), terminals, movements)


def business_date(local: datetime) -> date:
    """The store's local date of a fact: the date of the old local wall-clock time."""
    return local.date()
