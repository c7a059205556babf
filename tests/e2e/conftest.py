"""A private Xvfb server for the window tests (Dear PyGui aborts without a display)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .window import SCREEN, free_display


@pytest.fixture(scope="session")
def display() -> Iterator[str]:
    """A private Xvfb server; its DISPLAY goes to the child processes only."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Xvfb is missing: .ci/setup installs it")
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    number = free_display()
    server = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", f"{SCREEN}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + 10
    while not socket.exists():
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            _, err = server.communicate()
            pytest.fail(f"Xvfb :{number} did not start: {err.decode(errors='replace')}")
        time.sleep(0.05)
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)
