"""GATE for the register's window tests: a real gunicorn on 127.0.0.1 (one worker), on a
SQLite file (the quick start's database). ``Gate`` starts and stops the server on one
port, so a register that lost it finds it again at the same address. The shop it holds
is ``tests.sync.gate_process.seeded``'s (the demo's catalogue and cashiers: cashier 1 /
PIN 1234, supervisor 2 / PIN 9999).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
from attrs import define

from tests.gate.live_server import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60.0


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
