"""The window tests' clipping check finds what it is there to find: a caption too wide
for its button, a widget across the window's edge or wholly off it, cells running into
each other; and not what is hidden or scrolled out of sight on purpose."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .window import REPO_ROOT, RUN_TIMEOUT

pytestmark = [pytest.mark.e2e, pytest.mark.gui]


def test_the_check_reports_each_kind_of_clipping(display: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.e2e.clipping_child"],
        cwd=REPO_ROOT,
        env=os.environ | {"DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=True,
    )
    problems: list[str] = json.loads(done.stdout.splitlines()[-1])

    assert sorted(p.split()[0].rstrip(":") for p in problems) == ["away", "edge", "narrow", "wide"]
    assert "narrow: caption ['A caption far too long for it'] does not fit 60x40" in problems
    assert "edge at 700,100-1000,140 is off 800x600" in problems
    assert "wide runs into next" in problems
