"""Which company and terminal a database holds: the one lookup that crosses companies.

Every repository is scoped to its unit of work's company, so something must first find
that company. A register knows only its terminal's code (``[terminal] id = "T01"`` in its
settings); ``find_terminal`` finds the terminal of that code in the whole database, and
the composition root (PyPOS's bootstrap) builds its units of work for the company found.
Nothing else uses this module: a terminal's database holds its one company, and a
database shared by several companies (OFFICE, GATE) never serves a register this way.

An enrolled register is named by its global id instead (``find_terminal_by_id``: its
``upstream.toml`` keeps it), and enrolment takes a new company's identity: the database's
former company, set up standalone and never used, is then dropped (``forget_company``),
which refuses a company with books.
"""

from __future__ import annotations

from attrs import field, frozen
from sqlalchemy import Engine, delete, exists, select

from adapters.sqlalchemy import tables
from saleflex_core.domain.closure import ClosureState
from saleflex_core.exceptions import StateError, StorageError


@frozen
class TerminalKey:
    """Where a terminal belongs: its company, its store and its global id; its code names
    it in its store (the register's settings, or GATE's code for an enrolled register)."""

    company_id: str
    store_id: str
    terminal_id: str
    code: str = field(default="", eq=False)  # a label in its store: the ids are the key


def find_terminal(engine: Engine, code: str) -> TerminalKey | None:
    """The terminal whose code is ``code``, None when the database holds none.

    A code is unique only within a store: a database where two stores (or companies)
    use it cannot serve a register named by its code alone, and is a StorageError.
    """
    t = tables.terminal
    query = select(t.c.company_id, t.c.store_id, t.c.id, t.c.code).where(t.c.code == code)
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


def find_terminal_by_id(engine: Engine, terminal_id: str) -> TerminalKey | None:
    """The terminal whose global id is ``terminal_id`` (an enrolled register's), or None."""
    t = tables.terminal
    query = select(t.c.company_id, t.c.store_id, t.c.id, t.c.code).where(t.c.id == terminal_id)
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return None if row is None else TerminalKey(*row)


# What makes a company's rows a shop's books: never dropped.
_BOOKS = (
    (tables.document, None),
    (tables.temp_document, None),
    (tables.cash_movement, None),
    (tables.sync_queue_item, None),
    (tables.closure, tables.closure.c.state == ClosureState.CLOSED.value),
)


def forget_company(engine: Engine, company_id: str) -> None:
    """Delete every row of ``company_id`` in one transaction: the standalone identity a
    register set up and never used, replaced by the one enrolment gave it.

    A company holding any numbered or open document, cash movement, event or closed
    period is refused (StateError) and nothing is deleted."""
    with engine.begin() as conn:
        for table, condition in _BOOKS:
            mine = table.c.company_id == company_id
            query = select(exists().where(mine if condition is None else mine & condition))
            if conn.execute(query).scalar():
                raise StateError(f"Company {company_id} has books in this database: kept")
        for table in reversed(tables.metadata.sorted_tables):
            column = table.c.id if table is tables.company else table.c.get("company_id")
            if column is not None:
                conn.execute(delete(table).where(column == company_id))
