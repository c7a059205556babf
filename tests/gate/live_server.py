"""GATE served by a real gunicorn (2 worker processes) on a free 127.0.0.1 port.

``live_gate`` starts ``gunicorn apps.gate_web.wsgi:app`` the way production does, on
the test's fresh database (``gate_database_url``: a SQLite file, or PostgreSQL), waits
until ``/readyz`` answers, and stops it after the test. Both workers open the fresh
database at once as they boot, so every use also exercises creating it under the lock.
Drive it with ``requests``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from attrs import frozen

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKERS = 2
START_TIMEOUT_S = 60.0


@frozen
class LiveGate:
    """A running GATE: ``url`` is its base (``http://127.0.0.1:<port>``)."""

    url: str
    database_url: str
    pid: int
    log: Path

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return [int(child) for child in children]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def live_gate(gate_database_url: str, tmp_path: Path) -> Iterator[LiveGate]:
    with running_gate(gate_database_url, tmp_path / "gunicorn.log") as gate:
        yield gate


@contextmanager
def running_gate(
    database_url: str, log: Path, port: int | None = None, *, workers: int = WORKERS
) -> Iterator[LiveGate]:
    """GATE under gunicorn (``workers`` processes) on ``database_url`` (on ``port``, else a
    free one) until the block ends; stopping it and starting it again on the same port is
    a GATE restart."""
    port = port or free_port()
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(workers),
        "--bind", f"127.0.0.1:{port}", "--no-control-socket", "--graceful-timeout", "5",
        "apps.gate_web.wsgi:app",
    ]  # fmt: skip
    env = {**os.environ, "SALEFLEX_GATE_DATABASE_URL": database_url}
    with log.open("ab") as out:
        server = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    gate = LiveGate(f"http://127.0.0.1:{port}", database_url, server.pid, log)
    try:
        _wait_until_ready(gate, server, workers)
        yield gate
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_ready(gate: LiveGate, server: subprocess.Popen[bytes], workers: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited ({server.returncode}):\n{gate.log.read_text()}")
        try:
            status = requests.get(f"{gate.url}/readyz", timeout=5).status_code
        except (requests.ConnectionError, requests.Timeout):
            status = None  # not listening yet, or no worker booted yet
        if status == 200 and len(gate.worker_pids()) == workers:
            return
        time.sleep(0.1)
    pytest.fail(f"GATE was not ready within {START_TIMEOUT_S} s:\n{gate.log.read_text()}")
