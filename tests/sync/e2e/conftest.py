"""One GATE on PostgreSQL for the end-to-end sync tests of this package.

The company is seeded once (``gate_process.seeded``, plus store S3) and gunicorn started
once: starting GATE costs seconds, and the offline test stops it and starts it again on
the same port, which is what an outage looks like to a terminal. Each test enrols
terminals of its own in a store of its own, so its checks see only its own books: S2 the
faults test, S3 the offline test, S1 the kill test.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.gate_shop import GateService, new_store
from tests.support.postgres import PostgresServer
from tests.sync.gate_process import SyncGate, seeded

SHARED_MEMORY = Path("/dev/shm")


@pytest.fixture(scope="package")
def gate(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GateService]:
    with postgres_server.database() as database_url:
        service = GateService(database_url, tmp_path_factory.mktemp("gate") / "gunicorn.log")
        service.start()
        try:
            yield service
        finally:
            service.stop()


@pytest.fixture(scope="package")
def shop(gate: GateService) -> SyncGate:
    """Company ACME at ``gate``: stores S1, S2 and S3, the demo's catalogue and cashiers."""
    seeded_gate = seeded(gate.url, gate.database_url)
    new_store(gate.database_url, seeded_gate.creds.company_id, "S3")
    return seeded_gate


@pytest.fixture
def till_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder for the test's terminals: in shared memory when the machine has it.

    The tills commit every key press with ``synchronous=FULL``; on a busy disk the fsyncs
    alone would cost these tests tens of seconds. A process killed with SIGKILL loses
    nothing the kernel holds either way, which is all these tests kill.
    """
    if not SHARED_MEMORY.is_dir():
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="saleflex-sync-", dir=SHARED_MEMORY))
    try:
        yield folder
    finally:
        shutil.rmtree(folder)
