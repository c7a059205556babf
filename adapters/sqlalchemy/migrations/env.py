"""Alembic environment: runs SaleFlex migrations on the engine it is given."""

from __future__ import annotations

from alembic import context

from adapters.sqlalchemy.database import make_engine
from adapters.sqlalchemy.tables import metadata

config = context.config
engine = config.attributes.get("engine") or make_engine(
    config.get_main_option("sqlalchemy.url") or ""
)

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
