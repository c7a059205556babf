"""The hub's whole schema: ``hub_metadata`` with every part's tables registered on it."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

# Each part of the hub registers its tables by being imported here, one line each:
# access
from adapters.sqlalchemy.hub import (  # noqa: F401
    access,
    audit,
    terminal_access,
)

# feed
from adapters.sqlalchemy.hub import feed as _feed  # noqa: F401

# ingest
from adapters.sqlalchemy.hub import ledger_tables as _ingest  # noqa: F401
from adapters.sqlalchemy.hub.metadata import hub_metadata

HUB_SCHEMA_REVISION = "h0003"
"""The hub's newest schema revision (its own Alembic chain)."""


def create_hub_schema(engine: Engine) -> None:
    """Give an empty database the hub's newest schema in one transaction, stamped."""
    with engine.begin() as conn:
        stamp_new_schema(conn)


def stamp_new_schema(conn: Connection) -> None:
    """Create ``hub_metadata``'s tables on ``conn`` and stamp ``HUB_SCHEMA_REVISION`` the
    way Alembic stamps (the chain builds the same schema: a test holds them equal)."""
    hub_metadata.create_all(conn)
    conn.execute(
        text(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
    )
    conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": HUB_SCHEMA_REVISION})
