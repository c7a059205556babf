"""``saleflex-gate``: a fresh database is made current and served; --demo seeds the demo
company once and never again; a database GATE cannot use is one line and exit status 1."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from attrs import evolve

from adapters.sqlalchemy.database import make_engine, open_database
from adapters.sqlalchemy.hub.database import open_hub_database
from adapters.sqlalchemy.hub.uow import SqlHubUnitOfWork
from adapters.system import SystemClock, SystemSecrets, UuidIds
from saleflex_core import demo
from saleflex_core.use_cases.gate_demo import SECOND_STORE_ID, DemoPorts, gate_demo, seed_demo
from tests.conftest import demo_data
from tests.gate.live_server import REPO_ROOT, free_port
from tests.gate.support import TEST_PASSWORDS

PORTS = DemoPorts(SystemClock(), UuidIds(), SystemSecrets(), TEST_PASSWORDS)

pytestmark = pytest.mark.integration
GATE = [sys.executable, "-m", "apps.gate_web"]


def test_saleflex_gate_demo_serves_a_fresh_database_with_the_demo_company(
    tmp_path: Path,
) -> None:
    url, port = f"sqlite:///{tmp_path / 'gate.db'}", free_port()
    command = [*GATE, "--database-url", url, "--port", str(port), "--workers", "1", "--demo"]
    log = tmp_path / "gate.log"
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        assert _ready(base, server), log.read_text()
        printed = log.read_text()
        # What it printed works: a till enrols with its code, the admin signs in.
        code = re.search(r"terminal S001/T01 \(\S+\): enrolment code (\S+)", printed)
        assert code is not None, printed
        enrolled = requests.post(f"{base}/api/v1/terminal/enrol", json={"code": code[1]},
                                 timeout=10)  # fmt: skip
        assert enrolled.json()["terminal_id"] == demo.TERMINAL_ID, enrolled.text
        admin = re.search(r"company admin: (\S+), password (\S+) ", printed)
        assert admin is not None, printed
        sign_in = {"company_id": "ACME", "username": admin[1], "password": admin[2]}
        assert requests.post(f"{base}/api/v1/auth/token", json=sign_in, timeout=10).ok
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=15) == 0
    assert "demo company ACME seeded:" in printed
    assert "store S002 SaleFlex Demo Station Shop (Europe/Berlin)" in printed
    assert f"API docs at http://127.0.0.1:{port}/api/v1/docs" in printed
    engine = make_engine(url)
    with SqlHubUnitOfWork(engine, company_id=demo.COMPANY_ID) as uow:
        stores = [uow.organisation.store(s).name for s in (demo.STORE_ID, SECOND_STORE_ID)]
        products = uow.catalog.products()
    engine.dispose()
    assert stores == ["SaleFlex Demo Market", "SaleFlex Demo Station Shop"]
    assert len(products) == len(demo_data().products) > 100


def _ready(base: str, server: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if requests.get(f"{base}/readyz", timeout=5).status_code == 200:
                return True
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)  # not listening yet
    return False


def test_the_demo_is_seeded_once_and_never_again(gate_database_url: str) -> None:
    engine = open_hub_database(gate_database_url)
    company = gate_demo(demo_data())
    first = seed_demo(SqlHubUnitOfWork(engine, company_id=demo.COMPANY_ID), company, PORTS)
    assert first.created and [s.id for s in first.stores] == [demo.STORE_ID, SECOND_STORE_ID]
    tills = [(t.store_id, t.code) for t in first.terminals]
    assert tills == [(demo.STORE_ID, "T01"), (demo.STORE_ID, "T02"), (SECOND_STORE_ID, "T01")]
    assert first.terminals[0].terminal_id == demo.TERMINAL_ID  # the demo register's till
    assert first.admin is not None and first.admin[0] == "admin@acme"
    with SqlHubUnitOfWork(engine, company_id=demo.COMPANY_ID) as uow:
        changed = uow.catalog.products()[0]
        uow.catalog.save_product(evolve(changed, name="Renamed"))
        uow.commit()
    again = seed_demo(SqlHubUnitOfWork(engine, company_id=demo.COMPANY_ID), company, PORTS)
    assert not again.created and again.terminals == () and again.admin is None
    with SqlHubUnitOfWork(engine, company_id=demo.COMPANY_ID) as uow:
        names = {p.id: p.name for p in uow.catalog.products()}
    engine.dispose()
    assert names[changed.id] == "Renamed"  # the shop's change survives a second --demo
    assert len(names) == len(company.data.products)


def test_a_database_gate_cannot_use_is_one_line_and_status_1(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'terminal.db'}"
    open_database(url).dispose()  # a register's books, not a hub
    done = subprocess.run(
        [*GATE, "--database-url", url, "--port", str(free_port())],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("saleflex-gate: The GATE database is at schema 0003")
