"""Every stored value of a terminal's database, read the same way before and after a migration.

Tables are reflected, so values come back typed whatever the schema revision and backend
(JSON parsed, booleans as bool); an instant is given its zone (a SQLite file answers naive
text: the old programs' local time before 0003, UTC after it).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime, tzinfo
from typing import Any

from sqlalchemy import Engine, MetaData, select, text

Rows = list[dict[str, Any]]


def every_row(engine: Engine) -> dict[str, Rows]:
    """Each table's rows (alembic_version left out), in primary-key order."""
    found = MetaData()
    found.reflect(engine)
    result = {}
    with engine.connect() as conn:
        for name, table in found.tables.items():
            if name == "alembic_version":
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            result[name] = [
                dict(row) for row in conn.execute(select(table).order_by(*order)).mappings()
            ]
    return result


def without(rows: Rows, columns: Collection[str]) -> list[tuple[tuple[str, Any], ...]]:
    """``rows`` without ``columns``, as sorted tuples: comparable whatever their order."""
    kept = [tuple(sorted((k, v) for k, v in row.items() if k not in columns)) for row in rows]
    return sorted(kept, key=repr)


def aware(value: datetime | None, zone: tzinfo = UTC) -> datetime | None:
    """A stored instant with its zone: a naive value is read in ``zone``."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=zone)


def revision(engine: Engine) -> str:
    with engine.connect() as conn:
        found: str = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        return found
