"""One GATE on PostgreSQL for the end-to-end sync tests of this package.

The company is seeded once (``gate_shop.seed_shop``, plus store S3 for the offline test's
own daily totals) and gunicorn started once: starting GATE costs seconds, and the offline
test stops it and starts it again on the same port, which is what an outage looks like
to a terminal. Each test enrols terminals of its own, in a store of its own: S2 the
faults test, S3 the offline test, S1 the kill test.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.gate.support import Credentials
from tests.support.gate_shop import GateService, new_store, seed_shop
from tests.support.postgres import PostgresServer

SHARED_MEMORY = Path("/dev/shm")


@pytest.fixture(scope="package")
def shop_database(postgres_server: PostgresServer) -> Iterator[str]:
    with postgres_server.database() as url:
        yield url


@pytest.fixture(scope="package")
def shop(shop_database: str) -> Credentials:
    creds = seed_shop(shop_database)
    new_store(shop_database, creds.company_id, "S3")
    return creds


@pytest.fixture(scope="package")
def gate(
    shop: Credentials, shop_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GateService]:
    service = GateService(shop_database, tmp_path_factory.mktemp("gate") / "gunicorn.log")
    service.start()
    try:
        yield service
    finally:
        service.stop()


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
