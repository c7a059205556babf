"""``UtcDateTime``: instants go into SQLite and PostgreSQL aware and come back aware UTC."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, Table, create_engine, insert, select, text
from sqlalchemy.exc import StatementError

from adapters.sqlalchemy import tables
from adapters.sqlalchemy.types import NaiveDateTime, UtcDateTime

pytestmark = pytest.mark.integration

ISTANBUL = timezone(timedelta(hours=3))
metadata = MetaData()
instants = Table(
    "instants", metadata, Column("id", Integer, primary_key=True), Column("at", UtcDateTime)
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'instants.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    made = create_engine(url)
    metadata.create_all(made)
    yield made
    made.dispose()


def test_an_aware_instant_comes_back_aware_utc(engine: Engine) -> None:
    eleven_in_istanbul = datetime(2026, 1, 5, 11, 0, 0, 250, tzinfo=ISTANBUL)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # the session's zone must not matter
            conn.execute(text("SET TIME ZONE 'Asia/Tokyo'"))
        conn.execute(insert(instants), [{"id": 1, "at": eleven_in_istanbul}, {"id": 2, "at": None}])
        back = conn.execute(select(instants.c.at).order_by(instants.c.id)).scalars().all()
    assert back == [datetime(2026, 1, 5, 8, 0, 0, 250, tzinfo=UTC), None]
    assert back[0] is not None and back[0].tzinfo is UTC


def test_a_naive_datetime_is_refused_and_nothing_is_written(engine: Engine) -> None:
    naive = datetime(2026, 1, 5, 9, 0)
    refusal = "naive datetime 2026-01-05T09:00:00"
    with pytest.raises(StatementError, match=refusal) as refused, engine.begin() as conn:
        conn.execute(insert(instants), {"id": 1, "at": naive})
    assert isinstance(refused.value.orig, NaiveDateTime)
    with engine.connect() as conn:
        assert conn.execute(select(instants)).all() == []


def test_storage_forms_sqlite_text_and_postgresql_timestamptz(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(instants), {"id": 1, "at": datetime(2026, 1, 5, 11, 0, tzinfo=ISTANBUL)}
        )
        if engine.dialect.name == "sqlite":
            stored = conn.execute(text("SELECT at FROM instants")).scalar_one()
            assert stored == "2026-01-05 08:00:00.000000"  # UTC text: text order is time order
        else:
            kind = conn.execute(
                text("SELECT data_type FROM information_schema.columns WHERE column_name = 'at'")
            ).scalar_one()
            assert kind == "timestamp with time zone"


def test_every_instant_column_of_the_schema_is_a_utc_datetime() -> None:
    from sqlalchemy import DateTime

    columns = [c for t in tables.metadata.sorted_tables for c in t.columns]
    instants_ = [c for c in columns if isinstance(c.type, DateTime | UtcDateTime)]
    assert instants_, "the schema keeps instants"
    assert all(isinstance(c.type, UtcDateTime) for c in instants_), [
        f"{c.table.name}.{c.name}" for c in instants_ if not isinstance(c.type, UtcDateTime)
    ]
