"""Opening GATE's database: an empty one gets the hub's newest schema, an older one is
migrated through the hub's own Alembic chain, anything else is refused; readiness.

GATE runs as several worker processes that all open the database as they start, so
creating or migrating it happens once, under a lock, inside one transaction: on
PostgreSQL a transaction-level advisory lock, on SQLite the write lock ``BEGIN
IMMEDIATE`` takes. Whoever gets the lock second finds the schema current and goes on. A
failed migration leaves the database as it was, at its old revision.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy import exc as sa_exc

from adapters.sqlalchemy.database import _check, _make_parent, current_revision, make_engine
from adapters.sqlalchemy.database import sqlite_file as _sqlite_file
from adapters.sqlalchemy.errors import explain
from adapters.sqlalchemy.hub.chain import (
    MIGRATIONS,
    chain_head,
    chain_revisions,
    hub_alembic_config,
)
from adapters.sqlalchemy.hub.schema import HUB_SCHEMA_REVISION, create_hub_schema, stamp_new_schema
from saleflex_core.exceptions import StorageError
from saleflex_core.logger import get_logger

__all__ = ["create_hub_schema", "open_hub_database", "readiness_problems", "upgrade_hub"]

log = get_logger(__name__)
MIGRATION_LOCK = 0x5A1E_F1E0  # PostgreSQL advisory lock key: "one hub migration at a time"


def open_hub_database(url: str, *, migrations: Path = MIGRATIONS) -> Engine:
    """The hub's engine on ``url`` (SQLite file or PostgreSQL), its schema current.

    An empty database gets the newest schema (from ``hub_metadata``, stamped); one at an
    older revision of the hub's chain is migrated to its head; a database at a revision
    the chain does not know (a newer GATE's, a terminal's) or with tables but no revision
    is a StorageError and is left untouched. ``migrations`` names another chain (tests).
    """
    path = _sqlite_file(url)
    if path is not None:
        _make_parent(path)
    engine = make_engine(url)
    head = HUB_SCHEMA_REVISION if migrations == MIGRATIONS else chain_head(migrations)
    try:
        if _check(engine) != head:  # the usual start: current already, no lock taken
            _bring_up_to_date(engine, head, migrations)
    except sa_exc.DBAPIError as error:
        engine.dispose()
        raise StorageError(f"Cannot use the GATE database: {explain(error)}") from error
    except BaseException:  # a broken migration too: no engine left open behind it
        engine.dispose()
        raise
    return engine


def upgrade_hub(engine: Engine, revision: str = "head", *, migrations: Path = MIGRATIONS) -> None:
    """Apply the hub's chain up to ``revision``, in one transaction, under the lock."""
    with _migrating(engine) as conn:
        _run_chain(conn, revision, migrations)


def _bring_up_to_date(engine: Engine, head: str, migrations: Path) -> None:
    with _migrating(engine) as conn:
        revision = current_revision(conn)
        if revision == head:  # another worker did it while this one waited for the lock
            return
        if revision is None:
            if _holds_tables(conn):
                raise StorageError(
                    "The database holds tables but no schema revision: it is not a GATE "
                    "database (GATE needs an empty one or its own)"
                )
            if migrations == MIGRATIONS:  # a first start: the newest schema at once
                stamp_new_schema(conn)
                return
        elif revision not in chain_revisions(migrations):
            raise StorageError(
                f"The GATE database is at schema {revision}, which this GATE does not know "
                f"(it needs {head}): a newer GATE's database, or not a GATE database"
            )
        log.info("Migrating the GATE database from %s to %s", revision or "nothing", head)
        _run_chain(conn, "head", migrations)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that holds the migration lock, committed at the end.

    On SQLite a batch migration rebuilds a table (copy, drop, rename), and with foreign
    keys on the drop would cascade: they are off meanwhile, checked before the commit, and
    the connection is thrown away after so no pooled one keeps them off.
    """
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:  # outside any transaction: SQLite ignores this pragma inside one
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():  # on SQLite BEGIN IMMEDIATE: the database's one writer
                if not sqlite:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
                yield conn
                if sqlite:
                    _check_foreign_keys(conn)
        finally:
            if sqlite:
                conn.invalidate()


def _run_chain(conn: Connection, revision: str, migrations: Path) -> None:
    from alembic import command

    config = hub_alembic_config(migrations)
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


def _check_foreign_keys(conn: Connection) -> None:
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise StorageError(f"The migration left rows without their parent: {broken[:5]}")


def _holds_tables(conn: Connection) -> bool:
    return bool(inspect(conn).get_table_names())


def readiness_problems(engine: Engine) -> list[str]:
    """What keeps GATE from serving (empty when ready): database unreachable, schema old."""
    try:
        with engine.connect() as conn:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except sa_exc.DBAPIError as error:
        return [f"database unreachable: {explain(error)}"]
    if revision != HUB_SCHEMA_REVISION:
        return [f"schema is {revision}, needs {HUB_SCHEMA_REVISION}"]
    return []
