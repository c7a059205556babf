"""pytest plugin: a PostgreSQL server per session and an empty database per test.

Registered in ``tests/conftest.py`` with ``pytest_plugins = ["tests.support.pg_fixtures"]``.
Where the server comes from is explained in ``tests.support.postgres``. Without one the tests
that use these fixtures are skipped, except under ``CI=true``, where they fail: in CI the
PostgreSQL tests must run.

Usage::

    @pytest.mark.integration
    @pytest.mark.postgres
    def test_saves_a_sale(postgres_url: str) -> None:
        engine = sqlalchemy.create_engine(postgres_url)  # postgresql+psycopg://…/t_<hex>
        ...

Tests that use the fixtures are given the ``postgres`` marker automatically, so
``pytest -m "not postgres"`` leaves them out even where the explicit marker was forgotten.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support.postgres import PostgresServer, PostgresUnavailable

FIXTURES = frozenset({"postgres_server", "postgres_url"})


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server, started on first use and stopped at the end."""
    server = PostgresServer()
    unavailable = _start(server)
    if unavailable is not None:
        if in_ci():
            pytest.fail(f"PostgreSQL is required under CI=true: {unavailable}", pytrace=False)
        pytest.skip(f"PostgreSQL unavailable: {unavailable}")
    try:
        yield server
    finally:
        server.stop()


def _start(server: PostgresServer) -> str | None:
    """Start ``server``; returns why it cannot be, or None once it runs."""
    try:
        server.start()
    except PostgresUnavailable as exc:
        return str(exc)
    return None


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """SQLAlchemy URL of an empty database made for this test and dropped after it."""
    with postgres_server.database() as url:
        yield url


# tryfirst: the marker must be on the items before `-m` deselects by marker.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)
