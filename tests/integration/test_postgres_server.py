"""The PostgreSQL test fixtures: a working server, one empty database per test, cleanup, and
a skip without a server that becomes a failure under CI=true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import sqlalchemy
from sqlalchemy.engine import make_url

from tests.support.postgres import BINDIR_VARIABLE, URL_VARIABLE, PostgresServer, libpq_url

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[2]
THIS_FILE = Path(__file__).relative_to(REPO_ROOT)
# Names of the databases handed to test_each_test_gets_its_own_empty_database so far.
SEEN_DATABASES: set[str] = set()


@pytest.mark.postgres
def test_a_table_round_trips(postgres_url: str) -> None:
    with psycopg.connect(libpq_url(postgres_url)) as conn:
        conn.execute("CREATE TABLE item (code text PRIMARY KEY, price_minor bigint NOT NULL)")
        conn.execute("INSERT INTO item VALUES (%s, %s), (%s, %s)", ("A", 129, "B", 899))
        conn.commit()
    with psycopg.connect(libpq_url(postgres_url)) as conn:
        rows = conn.execute("SELECT code, price_minor FROM item ORDER BY code").fetchall()
    assert rows == [("A", 129), ("B", 899)]


@pytest.mark.postgres
@pytest.mark.parametrize("run", [1, 2])
def test_each_test_gets_its_own_empty_database(postgres_url: str, run: int) -> None:
    with psycopg.connect(libpq_url(postgres_url)) as conn:
        name = conn.execute("SELECT current_database()").fetchone()
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
        # Left behind on purpose: the other run must not see it.
        conn.execute("CREATE TABLE left_by_a_previous_test (id int)")
        conn.commit()
    assert name is not None
    assert name[0] not in SEEN_DATABASES
    assert tables == []
    SEEN_DATABASES.add(name[0])


@pytest.mark.postgres
def test_the_url_is_a_sqlalchemy_url(postgres_url: str) -> None:
    engine = sqlalchemy.create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            name = conn.execute(sqlalchemy.text("SELECT current_database()")).scalar_one()
    finally:
        engine.dispose()
    assert engine.dialect.driver == "psycopg"
    assert name == make_url(postgres_url).database


@pytest.mark.postgres
def test_the_database_is_dropped_even_while_connected(postgres_server: PostgresServer) -> None:
    with postgres_server.database() as url:
        left_open = psycopg.connect(libpq_url(url))
    try:
        with psycopg.connect(libpq_url(postgres_server.url)) as admin:
            found = admin.execute(
                "SELECT count(*) FROM pg_database WHERE datname = %s", (make_url(url).database,)
            ).fetchone()
    finally:
        left_open.close()
    assert found == (0,)


def run_without_a_server(**environ: str) -> subprocess.CompletedProcess[str]:
    """Run test_a_table_round_trips in a fresh pytest that can find no PostgreSQL."""
    env = {k: v for k, v in os.environ.items() if k not in {URL_VARIABLE, "CI"}}
    env |= {BINDIR_VARIABLE: "/nonexistent", **environ}
    argv = [sys.executable, "-m", "pytest", "-p", "tests.support.pg_fixtures"]
    argv += ["-p", "no:cacheprovider", f"{THIS_FILE}::test_a_table_round_trips"]
    return subprocess.run(
        argv, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def test_without_a_server_postgres_tests_skip() -> None:
    done = run_without_a_server()
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout
    assert "PostgreSQL unavailable" in done.stdout


def test_without_a_server_postgres_tests_fail_under_ci() -> None:
    done = run_without_a_server(CI="true")
    assert done.returncode == 1, done.stdout
    assert "1 error" in done.stdout
    assert "PostgreSQL is required under CI=true" in done.stdout
