"""Opening OFFICE's store database: the hub's schema first (its own chain), then the
relay's tables (the office chain, revisions ``o0001``..., stamped in
``office_alembic_version``), each made current under the migration lock, in one
transaction. A new database gets both schemas at once; a GATE database (companies, but
no relay tables) or one at a revision this OFFICE does not know is refused untouched.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy import exc as sa_exc

from adapters.sqlalchemy import tables
from adapters.sqlalchemy.errors import explain
from adapters.sqlalchemy.hub.chain import chain_head, chain_revisions, hub_alembic_config
from adapters.sqlalchemy.hub.database import _migrating, open_hub_database, readiness_problems
from adapters.sqlalchemy.office.relay import to_link
from adapters.sqlalchemy.office.tables import office_metadata, relay_link
from saleflex_core.domain.relay import OfficeLink
from saleflex_core.exceptions import StorageError

OFFICE_SCHEMA_REVISION = "o0001"
"""The relay tables' newest revision (the office chain)."""
VERSION_TABLE = "office_alembic_version"
MIGRATIONS = Path(__file__).with_name("migrations")


def open_office_database(url: str, *, migrations: Path = MIGRATIONS) -> Engine:
    """OFFICE's engine on ``url`` (SQLite file or PostgreSQL), both schemas current
    (StorageError when the database cannot be OFFICE's; it is then left as it was)."""
    engine = open_hub_database(url)
    head = OFFICE_SCHEMA_REVISION if migrations == MIGRATIONS else chain_head(migrations)
    try:
        with engine.connect() as conn:
            current = office_revision(conn)
        if current != head:
            _bring_up_to_date(engine, head, migrations)
    except sa_exc.DBAPIError as error:
        engine.dispose()
        raise StorageError(f"Cannot use the OFFICE database: {explain(error)}") from error
    except BaseException:
        engine.dispose()
        raise
    return engine


def office_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def _bring_up_to_date(engine: Engine, head: str, migrations: Path) -> None:
    with _migrating(engine) as conn:
        revision = office_revision(conn)
        if revision == head:
            return
        if revision is None:
            if conn.execute(select(tables.company.c.id).limit(1)).first() is not None:
                raise StorageError(
                    "The database holds a hub's companies but no OFFICE tables: it is a "
                    "GATE database (OFFICE needs an empty database or its own)"
                )
            if migrations == MIGRATIONS:  # a first start: the newest tables at once
                office_metadata.create_all(conn)
                conn.execute(
                    text(
                        f"CREATE TABLE {VERSION_TABLE} (version_num VARCHAR(32) NOT NULL, "
                        f"CONSTRAINT {VERSION_TABLE}_pkc PRIMARY KEY (version_num))"
                    )
                )
                conn.execute(text(f"INSERT INTO {VERSION_TABLE} VALUES (:v)"), {"v": head})
                return
        elif revision not in chain_revisions(migrations):
            raise StorageError(
                f"The OFFICE database's relay tables are at {revision}, which this OFFICE "
                f"does not know (it needs {head}): a newer OFFICE's database"
            )
        upgrade_office(conn, "head", migrations)


def upgrade_office(conn: Connection, revision: str, migrations: Path = MIGRATIONS) -> None:
    """Run the office chain up to ``revision`` on ``conn`` (inside its transaction)."""
    from alembic import command

    config = hub_alembic_config(migrations)
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


def readiness(engine: Engine) -> list[str]:
    """What keeps OFFICE from serving (empty when ready)."""
    problems = readiness_problems(engine)
    if problems:
        return problems
    with engine.connect() as conn:
        revision = office_revision(conn)
    return [] if revision == OFFICE_SCHEMA_REVISION else [f"relay tables at {revision}"]


def read_link(engine: Engine) -> OfficeLink | None:
    """The link of the one company this database serves (None: not enrolled yet). The
    one read across companies, for OFFICE's composition root."""
    with engine.connect() as conn:
        rows = conn.execute(select(relay_link)).mappings().all()
    if len(rows) > 1:
        raise StorageError("This OFFICE database holds links of several companies")
    return to_link(rows[0]) if rows else None
