"""Alembic environment of the office chain: runs on the connection it is handed, inside
its transaction (``office.database``), keeping its revision in ``office_alembic_version``
so the hub's chain (``alembic_version``) and this one share the database."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from adapters.sqlalchemy.office.tables import office_metadata

connection: Connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=office_metadata,
    version_table="office_alembic_version",
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():  # inside the caller's transaction: nothing of its own
    context.run_migrations()
