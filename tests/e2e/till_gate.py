"""GATE for the register's window tests: a real gunicorn on 127.0.0.1, on a SQLite file.

``seed_shop`` writes the company ``ACME`` (``tests.gate.support.seed_company``) with the
demo's catalogue and cashiers as master data (what an enrolled register pulls: cashier
1 / PIN 1234, supervisor 2 / PIN 9999); ``new_terminal`` adds a terminal and answers its
one-time enrolment code. ``Gate`` starts and stops the server on one port, so a register
that lost it finds it again at the same address.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import requests
from attrs import define

from adapters.system import SystemClock, SystemSecrets, UuidIds
from saleflex_core import demo
from saleflex_core.domain import access
from saleflex_core.domain.access import GateRole
from saleflex_core.domain.master_data import Upserts
from saleflex_core.use_cases.gate_feed import Editor, change_master_data
from saleflex_core.use_cases.gate_terminals import create_terminal
from tests.gate.live_server import free_port
from tests.gate.support import hub, seed_company

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPANY, STORE = "ACME", "S1"
START_TIMEOUT_S = 60.0


@cache
def catalogue() -> demo.DemoData:
    return demo.demo_data(pin_iterations=1000)  # light PIN hashes: a test signs in often


def seed_shop(database_url: str) -> None:
    """``ACME`` with stores S1 and S2, and the demo's catalogue and cashiers."""
    seed_company(database_url, COMPANY)
    data = catalogue()
    upserts = Upserts(
        vat_rates=data.vat_rates,
        departments=data.departments,
        payment_types=data.payment_types,
        products=data.products,
        cashiers=data.cashiers,
        quick_keys=data.quick_keys,
    )
    with hub(database_url) as unit_of_work:
        change_master_data(unit_of_work(COMPANY), editor=_editor(), upserts=upserts)


def new_terminal(database_url: str, code: str) -> str:
    """A terminal ``code`` of store S1, not enrolled yet: its one-time enrolment code."""
    with hub(database_url) as unit_of_work:
        _, issued = create_terminal(
            unit_of_work(COMPANY),
            clock=SystemClock(),
            ids=UuidIds(),
            secrets=SystemSecrets(),
            caller=_boss(),
            store_id=STORE,
            code=code,
            name=f"Till {code}",
        )
    return issued.secret


@define
class Gate:
    """GATE under gunicorn (one worker) on ``port``; ``start`` again after ``stop`` is a
    restart on the same database and address."""

    database_url: str
    log: Path
    port: int = 0
    server: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Gate:
        self.port = self.port or free_port()
        command = [
            sys.executable, "-m", "gunicorn", "--workers", "1",
            "--bind", f"127.0.0.1:{self.port}", "--no-control-socket",
            "--graceful-timeout", "5", "apps.gate_web.wsgi:app",
        ]  # fmt: skip
        env = {**os.environ, "SALEFLEX_GATE_DATABASE_URL": self.database_url}
        with self.log.open("ab") as out:
            self.server = subprocess.Popen(
                command, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        self._wait_until_ready()
        return self

    def stop(self) -> None:
        if self.server is None:
            return
        self.server.send_signal(signal.SIGTERM)
        try:
            self.server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()
        self.server = None

    def _wait_until_ready(self) -> None:
        assert self.server is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log.read_text()}")
            try:
                if requests.get(f"{self.url}/readyz", timeout=5).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or its worker not booted yet
            time.sleep(0.05)
        raise AssertionError(f"GATE was not ready in {START_TIMEOUT_S} s:\n{self.log.read_text()}")


def _boss() -> access.Caller:
    return access.person(COMPANY, "seed", frozenset({GateRole.COMPANY_ADMIN}))


def _editor() -> Editor:
    return Editor(_boss(), SystemClock(), UuidIds())
