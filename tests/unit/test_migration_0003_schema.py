"""Migration 0003's frozen schema is the program's schema, to the letter, while 0003 is
the newest revision (later revisions change ``tables.py``; 0003 must not follow them)."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.schema import CreateIndex, CreateTable

from adapters.sqlalchemy import tables
from adapters.sqlalchemy.database import SCHEMA_REVISION
from adapters.sqlalchemy.migrations.v0003 import schema, schema_books

pytestmark = pytest.mark.skipif(
    SCHEMA_REVISION != "0003", reason="a later revision changed the program's tables"
)


def ddl(metadata: MetaData, dialect: Dialect) -> list[tuple[str, str, list[str]]]:
    """Every CREATE TABLE and CREATE INDEX, in the order the tables are created."""
    return [
        (
            table.name,
            str(CreateTable(table).compile(dialect=dialect)),
            sorted(str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes),
        )
        for table in metadata.sorted_tables
    ]


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "pg"])
def test_the_frozen_schema_creates_what_tables_py_creates(dialect: Dialect) -> None:
    assert schema_books.sync_queue_item.metadata is schema.metadata
    assert ddl(schema.metadata, dialect) == ddl(tables.metadata, dialect)
