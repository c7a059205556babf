"""pytest plugin: the committed field databases, as they are or upgraded, on SQLite and PostgreSQL.

``field`` is a private copy at its own revision (0001 or 0002), for a test that upgrades
it or damages it. ``upgraded_field`` is upgraded to the newest schema once per test module
(in Europe/Berlin, where the field databases were made), with every row read before (at
0002) and after, for the tests that only look.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from attrs import frozen
from sqlalchemy import Engine

from adapters.sqlalchemy.database import make_engine, upgrade
from tests.support.books import Rows, every_row
from tests.support.field_database import postgres_copy, sqlite_copy

STORE_ZONE = "Europe/Berlin"
FIELD = [
    ("0001", "sqlite"),
    ("0002", "sqlite"),
    pytest.param(("0001", "postgres"), marks=pytest.mark.postgres),
    pytest.param(("0002", "postgres"), marks=pytest.mark.postgres),
]


def _name(param: Any) -> str:
    return "-".join(param)


@frozen
class Upgraded:
    url: str
    engine: Engine
    before: dict[str, Rows]  # at 0002: what 0003 started from
    after: dict[str, Rows]


def _copy(request: pytest.FixtureRequest, folder: Path, stack: ExitStack) -> str:
    old_revision, backend = request.param
    if backend == "sqlite":
        return sqlite_copy(old_revision, folder)
    server = request.getfixturevalue("postgres_server")
    return postgres_copy(old_revision, stack.enter_context(server.database()))


@pytest.fixture(params=FIELD, ids=_name)
def field(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A field database at its own revision, not upgraded."""
    with ExitStack() as stack:
        engine = make_engine(_copy(request, tmp_path, stack))
        stack.callback(engine.dispose)
        yield engine


@pytest.fixture(scope="module", params=FIELD, ids=_name)
def upgraded_field(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Upgraded]:
    """A field database upgraded once for the module: look, do not touch."""
    with ExitStack() as stack:
        url = _copy(request, tmp_path_factory.mktemp("field"), stack)
        engine = make_engine(url)
        stack.callback(engine.dispose)
        upgrade(engine, "0002")
        before = every_row(engine)
        upgrade(engine, timezone=STORE_ZONE)
        yield Upgraded(url, engine, before, every_row(engine))
