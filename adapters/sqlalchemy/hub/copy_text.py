"""Rows as PostgreSQL's ``COPY ... FROM STDIN`` text format, for the ingest's hot path.

psycopg's ``Copy.write_row`` finds a dumper for every value and takes 4 to 7 µs to write
an aware datetime; a batch of 50 ten-line sales is some 17,000 values. Here each column
gets its formatter once per statement, from its SQLAlchemy type, and each value is one
call: a batch's ``COPY`` text costs less than half of what ``write_row`` (and the
per-value conversions before it) took (BENCHMARKS.md, third round).

What goes in is what SQLAlchemy's own insert would store: a ``UtcDateTime`` value through
the column's bind processing (a naive instant refused, an aware one made UTC), a ``JSON``
column's value as ``json.dumps`` writes it (``None`` as JSON ``null``, as SQLAlchemy's
``JSON`` does), ``None`` elsewhere as SQL NULL. Text is escaped as the format asks
(backslash, tab, newline, carriage return).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, Dialect, Integer, String

from adapters.sqlalchemy.types import UtcDateTime

NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
Format = Callable[[Any], str]


def copy_text(
    dialect: Dialect, columns: Sequence[Column[Any]], rows: Sequence[Mapping[str, Any]]
) -> bytes:
    """``rows`` (mappings holding each of ``columns`` by name) as COPY text, UTF-8."""
    pairs = [(column.name, _formatter(dialect, column)) for column in columns]
    lines = ["\t".join([form(row[name]) for name, form in pairs]) for row in rows]
    lines.append("")
    return "\n".join(lines).encode()


def text(value: str | None) -> str:
    """Text as COPY takes it: backslash, tab, newline and carriage return escaped.
    (Short text: one ``isprintable`` scan finds the three control characters; long text,
    a JSON document say, is scanned for each of the four, which is faster there.)"""
    if value is None:
        return NULL
    if len(value) < 100:
        plain = value.isprintable() and "\\" not in value
    else:
        plain = not ("\\" in value or "\t" in value or "\n" in value or "\r" in value)
    return value if plain else value.translate(_ESCAPES)


def _integer(value: int | None) -> str:
    return NULL if value is None else str(value)


def _boolean(value: bool | None) -> str:
    return NULL if value is None else ("t" if value else "f")


def _json(value: Any) -> str:
    return text(json.dumps(value))


def _formatter(dialect: Dialect, column: Column[Any]) -> Format:
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return _instants(kind, dialect)
    if isinstance(kind, JSON):
        return _json
    if isinstance(kind, Boolean):
        return _boolean
    if isinstance(kind, Integer):
        return _integer
    if isinstance(kind, Date):
        return _dates()
    if isinstance(kind, String):
        return text
    raise TypeError(f"No COPY text format for {column} ({kind!r})")


def _instants(kind: UtcDateTime, dialect: Dialect) -> Format:
    """Each instant through the column's bind processing, then ISO text with its offset;
    a statement's rows repeat few instants (a sale's ten movements share one)."""
    done: dict[datetime, str] = {}

    def instant(value: datetime | None) -> str:
        if value is None:
            return NULL
        found = done.get(value)
        if found is None or value.utcoffset() is None:  # a naive one equals no aware one
            found = done[value] = kind.process_bind_param(value, dialect).isoformat()  # type: ignore[union-attr]
        return found

    return instant


def _dates() -> Format:
    done: dict[date, str] = {}

    def day(value: date | None) -> str:
        if value is None:
            return NULL
        found = done.get(value)
        if found is None:
            found = done[value] = value.isoformat()
        return found

    return day
