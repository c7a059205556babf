"""Which company and terminal a database holds: the one lookup that crosses companies.

Every repository is scoped to its unit of work's company, so something must first find
that company. A register knows only its terminal's code (``[terminal] id = "T01"`` in its
settings); ``find_terminal`` finds the terminal of that code in the whole database, and
the composition root (PyPOS's bootstrap) builds its units of work for the company found.
Nothing else uses this module: a terminal's database holds its one company, and a
database shared by several companies (OFFICE, GATE) never serves a register this way.
"""

from __future__ import annotations

from attrs import frozen
from sqlalchemy import Engine, select

from adapters.sqlalchemy import tables
from saleflex_core.exceptions import StorageError


@frozen
class TerminalKey:
    """Where a terminal belongs: its company, its store and its global id."""

    company_id: str
    store_id: str
    terminal_id: str


def find_terminal(engine: Engine, code: str) -> TerminalKey | None:
    """The terminal whose code is ``code``, None when the database holds none.

    A code is unique only within a store: a database where two stores (or companies)
    use it cannot serve a register named by its code alone, and is a StorageError.
    """
    t = tables.terminal
    query = select(t.c.company_id, t.c.store_id, t.c.id).where(t.c.code == code)
    with engine.connect() as conn:
        found = [TerminalKey(*row) for row in conn.execute(query)]
    if len(found) > 1:
        raise StorageError(
            f"{len(found)} terminals are called {code} in this database: a register's "
            "database holds one store's terminals"
        )
    return found[0] if found else None


def company_ids(engine: Engine) -> list[str]:
    """The companies this database holds (one for a terminal's database, none when new)."""
    t = tables.company
    with engine.connect() as conn:
        return list(conn.execute(select(t.c.id).order_by(t.c.id)).scalars())
