"""Column types of our own: ``UtcDateTime`` keeps every stored instant aware and in UTC.

PostgreSQL stores it as ``timestamp with time zone`` (an instant; psycopg answers in the
session's zone and we turn it back to UTC). SQLite has no such type: the instant is stored
as the text of its UTC wall-clock time (``2026-01-05 08:00:00.000000``, the format
SQLAlchemy's ``DateTime`` writes, so text order is time order) and read back as aware
UTC. A naive datetime is refused before anything is written: nobody could tell which
wall clock it came from (terminals before migration 0003 stored their local time).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.types import DateTime, TypeDecorator


class NaiveDateTime(ValueError):
    """A naive datetime was about to be stored or was read where an instant belongs."""


class UtcDateTime(TypeDecorator[datetime]):
    """An instant: takes only aware datetimes, stores UTC, gives back aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"An instant must be a datetime, not {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDateTime(
                f"Refusing to store the naive datetime {value.isoformat()}: "
                "instants are stored timezone-aware (UTC)"
            )
        instant = value.astimezone(UTC)
        # SQLite keeps text without an offset: the UTC wall-clock time, read back as UTC.
        return instant.replace(tzinfo=None) if dialect.name == "sqlite" else instant

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"An instant column held {value!r}, not a datetime")
        if value.tzinfo is None:
            if dialect.name != "sqlite":
                raise NaiveDateTime(f"The database answered a naive datetime: {value!r}")
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
