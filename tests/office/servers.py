"""Real GATE and OFFICE processes on 127.0.0.1 for the relay's end-to-end tests.

``GateProcess`` runs GATE under gunicorn on a given port (stopping it and starting it
again there is GATE's restart); ``OfficeProcess`` runs ``python -m apps.office_web`` (the
``saleflex-office`` command) in a process group of its own, so ``kill()`` is a SIGKILL of
the whole server, as a power cut would be.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.gate.live_server import REPO_ROOT, free_port

START_TIMEOUT_S = 60.0


def wait_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server exited ({server.returncode}):\n{log.read_text()}")
        try:
            if requests.get(f"{url}/readyz", timeout=5).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass  # not listening yet
        time.sleep(0.05)
    raise AssertionError(f"{url} was not ready within {START_TIMEOUT_S} s:\n{log.read_text()}")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class GateProcess:
    """GATE (gunicorn, one worker: quicker to boot) on ``database_url`` at ``port``;
    ``stop()`` then ``start()`` is GATE's restart at the same address."""

    def __init__(self, database_url: str, log: Path, port: int) -> None:
        self.database_url, self.log, self.port = database_url, log, port
        self.url = f"http://127.0.0.1:{port}"
        self.server: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        if self.server is not None and self.server.poll() is None:
            return  # running already
        command = [
            sys.executable, "-m", "gunicorn", "--workers", "1", "--bind",
            f"127.0.0.1:{self.port}", "--no-control-socket", "--graceful-timeout", "5",
            "apps.gate_web.wsgi:app",
        ]  # fmt: skip
        env = {**os.environ, "SALEFLEX_GATE_DATABASE_URL": self.database_url}
        with self.log.open("ab") as out:
            self.server = subprocess.Popen(
                command, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        wait_ready(self.url, self.server, self.log)

    def stop(self) -> None:
        if self.server is not None:
            stop(self.server)


class OfficeProcess:
    """``saleflex-office`` on ``database_url`` at a port of its own, relaying to ``gate``."""

    def __init__(self, database_url: str, gate: str, log: Path, *options: str) -> None:
        self.database_url, self.gate, self.log = database_url, gate, log
        self.options = options
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server: subprocess.Popen[bytes] | None = None

    def command(self, *extra: str) -> list[str]:
        return [sys.executable, "-m", "apps.office_web", "--database-url", self.database_url,
                *extra]  # fmt: skip

    def start(self, *first: str) -> None:
        """Serve (``first``: the first start's options, ``--enrolment-code CODE``)."""
        command = self.command("--host", "127.0.0.1", "--port", str(self.port),
                               "--upstream-url", self.gate, *self.options, *first)  # fmt: skip
        with self.log.open("ab") as out:
            self.server = subprocess.Popen(
                command, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        wait_ready(self.url, self.server, self.log)

    def run(self, *options: str) -> subprocess.CompletedProcess[str]:
        """A one-off command on the same database (``--status``, ``--forward-now``)."""
        return subprocess.run(self.command(*options), cwd=REPO_ROOT, capture_output=True,
                              text=True, timeout=60, check=False)  # fmt: skip

    def kill(self) -> None:
        """SIGKILL the whole server (master and worker) at once."""
        assert self.server is not None
        os.killpg(self.server.pid, signal.SIGKILL)
        self.server.wait()

    def stop(self) -> None:
        if self.server is not None:
            stop(self.server)
