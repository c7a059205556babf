"""Alembic environment of the hub's chain: runs on the connection it is handed.

``hub.database`` opens the connection, takes the migration lock and begins the one
transaction every pending revision runs in (a failed upgrade leaves the database as it
was); this file only points Alembic at it. On SQLite, foreign keys are off on that
connection while batch migrations rebuild tables (see the terminal's ``migrations/env.py``).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from adapters.sqlalchemy.hub import schema  # noqa: F401  (registers every part's tables)
from adapters.sqlalchemy.hub.metadata import hub_metadata

connection: Connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=hub_metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():  # inside the caller's transaction: nothing of its own
    context.run_migrations()
