"""Running the real register window (`python -m apps.pos_desktop`) on a test display.

Each run is a child process driven by a `SALEFLEX_POS_SCRIPT` of key presses and clicks
that go through the same callbacks as the widgets. Screenshots are kept under
`tests/e2e/artifacts/` (or `$SALEFLEX_TEST_ARTIFACTS`) to look at.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("SALEFLEX_TEST_ARTIFACTS") or Path(__file__).parent / "artifacts")
BAGUETTE, COLA, CROISSANT = "5901234100106", "5901234400305", "5901234100304"
SIGN_IN = [{"type": "1"}, {"type": "1234"}]
RUN_TIMEOUT = 60
SCREEN = "1920x1080"  # the Xvfb screen: room for the largest window size tested


def free_display() -> int:
    """A display number no X server holds. Each pytest-xdist worker searches its own
    range (gw0 from :90, gw1 from :110 ...) so two workers never race for the same one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    first = 90 + 20 * (int(worker) if worker.isdigit() else 0)
    for number in range(first, first + 110):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    raise RuntimeError(f"no free X display number between :{first} and :{first + 109}")


def env(display: str, script: Path, size: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SALEFLEX_")}
    env |= {"DISPLAY": display, "SALEFLEX_POS_SCRIPT": str(script)}
    return env if size is None else env | {"SALEFLEX_WINDOW_SIZE": size}


def write_script(path: Path, steps: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(steps), encoding="utf-8")
    return path


def start(
    data_dir: Path, display: str, script: Path, size: str | None = None, *, demo: bool = True
) -> subprocess.Popen[str]:
    """The register on ``data_dir``: the demo's, or (``demo=False``) a shop's."""
    options = ["--demo"] if demo else []
    return subprocess.Popen(
        [sys.executable, "-m", "apps.pos_desktop", "--data-dir", str(data_dir), *options],
        cwd=REPO_ROOT,
        env=env(display, script, size),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(
    data_dir: Path, display: str, script: Path, size: str | None = None, *, demo: bool = True
) -> None:
    process = start(data_dir, display, script, size, demo=demo)
    out, err = process.communicate(timeout=RUN_TIMEOUT)
    log = (data_dir / "logs" / "pos.log").read_text(encoding="utf-8")
    assert process.returncode == 0, f"exit {process.returncode}\n{out}\n{err}\n{log[-3000:]}"
    assert "Unexpected error" not in log, log[-3000:]


def query(database: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(database)) as conn:
        return conn.execute(sql).fetchall()


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.unlink(missing_ok=True)
    return path
