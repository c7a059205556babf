"""One GATE process per test module (on PostgreSQL, as in production), shared by its
tests: each test makes its own terminals, so none sees another's events."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.postgres import PostgresServer
from tests.sync.gate_process import SyncGate, seeded, serve_gate


@pytest.fixture(scope="module")
def sync_gate(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SyncGate]:
    log = tmp_path_factory.mktemp("gate") / "gunicorn.log"
    with postgres_server.database() as database_url, serve_gate(database_url, log) as url:
        yield seeded(url, database_url)
