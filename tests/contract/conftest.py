"""The storage adapters every contract test runs against: memory, SQLite, PostgreSQL
(the terminal's units of work, ``make_uow``, and GATE's, ``make_hub_uow``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.memory import MemoryDatabase, MemoryHubUnitOfWork, MemoryUnitOfWork
from adapters.sqlalchemy.database import open_database, sqlite_url
from adapters.sqlalchemy.hub.database import open_hub_database
from adapters.sqlalchemy.hub.uow import SqlHubUnitOfWork
from adapters.sqlalchemy.uow import SqlUnitOfWork
from saleflex_core import demo
from saleflex_core.ports import UnitOfWork
from saleflex_core.ports.hub import HubUnitOfWork

ADAPTERS = [
    pytest.param("memory"),
    pytest.param("sqlite", marks=pytest.mark.integration),
    pytest.param("postgres", marks=[pytest.mark.integration, pytest.mark.postgres]),
]


@pytest.fixture(params=ADAPTERS)
def make_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], UnitOfWork]]:
    """A factory of units of work that all see the same, initially empty, store: each
    for the demo's company unless given another (``make_uow("C2")``)."""
    if request.param == "memory":
        database = MemoryDatabase()
        yield lambda company_id=demo.COMPANY_ID: MemoryUnitOfWork(database, company_id=company_id)
        return
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "terminal.db")
    else:
        url = request.getfixturevalue("postgres_url")
    engine: Engine = open_database(url)
    try:
        yield lambda company_id=demo.COMPANY_ID: SqlUnitOfWork(engine, company_id=company_id)
    finally:
        engine.dispose()


@pytest.fixture(params=ADAPTERS)
def make_hub_uow(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[str], HubUnitOfWork]]:
    """A factory of GATE's units of work (``make_hub_uow(company_id)``) that all see the
    same, initially empty, hub: in memory, on a SQLite file or on PostgreSQL."""
    if request.param == "memory":
        database = MemoryDatabase()
        yield lambda company_id: MemoryHubUnitOfWork(database, company_id=company_id)
        return
    if request.param == "sqlite":
        url = sqlite_url(tmp_path / "hub.db")
    else:
        url = request.getfixturevalue("postgres_url")
    engine: Engine = open_hub_database(url)
    try:
        yield lambda company_id: SqlHubUnitOfWork(engine, company_id=company_id)
    finally:
        engine.dispose()
