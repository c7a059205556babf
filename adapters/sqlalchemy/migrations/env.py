"""Alembic environment: runs SaleFlex migrations on the engine it is given.

On SQLite a batch migration rebuilds a table: it copies it, drops the old one and renames
the copy. With foreign keys on, that drop would cascade-delete every row that refers to
the table (a receipt's lines and payments), so they are off while migrating, checked
before the commit and on again afterwards (SQLite's own procedure for schema changes).
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


def _sqlite_foreign_keys(connection: Connection, on: bool) -> None:
    """Outside any transaction (SQLite ignores this pragma inside one)."""
    if connection.dialect.name == "sqlite":
        connection.connection.driver_connection.execute(  # type: ignore[union-attr]
            f"PRAGMA foreign_keys={'ON' if on else 'OFF'}"
        )


def _check_foreign_keys(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise StorageError(f"The migration left rows without their parent: {broken[:5]}")


with engine.connect() as connection:
    _sqlite_foreign_keys(connection, on=False)
    try:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
            _check_foreign_keys(connection)
    finally:
        _sqlite_foreign_keys(connection, on=True)
