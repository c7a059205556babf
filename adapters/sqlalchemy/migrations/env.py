"""Alembic environment: runs SaleFlex migrations on the engine it is given.

All pending migrations run in ONE transaction, on SQLite too (its DDL is transactional;
Alembic would otherwise commit after each revision): a failed upgrade leaves the
database as it was.

On SQLite a batch migration rebuilds a table: it copies it, drops the old one and renames
the copy. With foreign keys on, that drop would cascade-delete every row that refers to
the table (a receipt's lines and payments), so they are off while migrating and checked
before the commit (SQLite's own procedure for schema changes). The connection is thrown
away afterwards, so no pooled connection keeps foreign keys off.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from adapters.sqlalchemy.database import make_engine
from adapters.sqlalchemy.tables import metadata
from saleflex_core.exceptions import StorageError

config = context.config
engine = config.attributes.get("engine") or make_engine(
    config.get_main_option("sqlalchemy.url") or ""
)


def _foreign_keys_off(connection: Connection) -> None:
    """Outside any transaction: SQLite ignores this pragma inside one."""
    assert not connection.in_transaction()
    connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise StorageError(f"The migration left rows without their parent: {broken[:5]}")


with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        _foreign_keys_off(connection)
    try:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=True,
            transactional_ddl=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                _check_foreign_keys(connection)
    finally:
        if sqlite:
            connection.invalidate()
