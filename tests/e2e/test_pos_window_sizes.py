"""The window at 800×600 and 1920×1080: laid out to the size, nothing off it or clipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .window import ARTIFACTS, BAGUETTE, COLA, SCREEN, SIGN_IN, artifact, run, write_script

pytestmark = [pytest.mark.e2e, pytest.mark.gui]

# Each screen of a day at the till, checked and photographed.
SCREENS: list[tuple[str, list[dict[str, Any]]]] = [
    ("sign_in", []),
    ("sale", [*SIGN_IN, {"type": BAGUETTE}, {"type": COLA}]),
    ("help", [{"key": "F1"}]),
    ("search", [{"key": "Esc"}, {"set": ["search_text", "croissant"]}, {"click": "search_go"}]),
    ("letters", [{"key": "Esc"}, {"click": "search_text"}]),
    ("approval", [{"key": "Esc"}, {"key": "F6"}, {"key": "F4"}]),
    ("payment", [{"key": "Esc"}, {"key": "F9"}]),
    ("paid", [{"keys": ["5", "0", "Enter"]}]),
    ("reports", [{"key": "F11"}]),
    ("z_form", [{"key": "F2"}, {"keys": ["5", "0", "Tab", "2", "0"]}]),
]


def _script(tmp_path: Path, size: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for name, reach in SCREENS:
        steps += [*reach, {"wait": 3}, {"check": str(tmp_path / f"{name}.json")}]
        steps.append({"screenshot": str(artifact(f"window_{size}_{name}.png"))})
    return [*steps, {"quit": True}]


@pytest.mark.parametrize("size", ["800x600", "1920x1080"])
def test_every_screen_fits_the_window(tmp_path: Path, display: str, size: str) -> None:
    run(tmp_path, display, write_script(tmp_path / "script.json", _script(tmp_path, size)), size)

    width, height = (int(n) for n in size.split("x"))
    for name, _ in SCREENS:
        check = json.loads((tmp_path / f"{name}.json").read_text())
        assert check["viewport"] == [width, height], name
        assert check["problems"] == [], name
        assert (ARTIFACTS / f"window_{size}_{name}.png").stat().st_size > 10_000
    help_text = json.loads((tmp_path / "help.json").read_text())["rects"]["preview_text"]
    assert help_text[2] <= width and help_text[3] <= height  # F1 help inside the window


def test_fullscreen_takes_the_whole_screen(tmp_path: Path, display: str) -> None:
    steps = [{"wait": 10}, {"check": str(tmp_path / "check.json")}, {"quit": True}]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps), "fullscreen")

    check = json.loads((tmp_path / "check.json").read_text())
    assert check["viewport"] == [int(n) for n in SCREEN.split("x")]  # the display's screen
    assert check["problems"] == []
