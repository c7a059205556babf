"""The Z in the real window: the cash counted and the float left, by keyboard alone and by
touch alone; a float above the cash counted is refused and nothing is closed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .window import BAGUETTE, SIGN_IN, artifact, query, run, write_script

pytestmark = [pytest.mark.e2e, pytest.mark.gui]

TOUCH_SIGN_IN = [{"click": f"pad:{key}"} for key in ("1", "Enter", "1", "2", "3", "4", "Enter")]
# A float of 100.00, then a baguette (1.29) paid with 5.00: the drawer holds 101.29.
A_DAY = [
    {"key": "F10"},
    {"keys": ["1", "0", "0", "F1"]},
    {"type": BAGUETTE},
    {"key": "F9"},
    {"keys": ["5", "Enter"]},
]


def _dump(tmp_path: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((tmp_path / f"{name}.json").read_text())
    return data


def _form(dump: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    return {f["name"]: (f["text"], f["focused"]) for f in dump["form"]}


def _closures(database: Path) -> list[tuple[Any, ...]]:
    return query(
        database,
        "SELECT number, state, counted_cash_minor, float_left_minor, opening_float_minor "
        "FROM closure ORDER BY number",
    )


def test_a_z_by_keyboard_alone_leaves_a_float_for_the_next_period(
    tmp_path: Path, display: str
) -> None:
    png = artifact("z_form_keyboard.png")
    steps = [
        *SIGN_IN,
        *A_DAY,
        {"key": "F11"},
        {"key": "F2"},
        {"dump": str(tmp_path / "opened.json")},
        {"keys": ["1", "0", "1", ".", "2", "9", "Enter", "1", "0", "0"]},
        {"wait": 2},
        {"dump": str(tmp_path / "filled.json")},
        {"screenshot": str(png)},
        {"key": "Enter"},  # a cashier: a supervisor approves
        {"keys": ["2", "Tab", "9", "9", "9", "9", "Enter", "F1", "Enter"]},
        {"dump": str(tmp_path / "closed.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps))

    opened = _dump(tmp_path, "opened")
    assert opened["screen"] == "close_period"
    assert _form(opened) == {"counted": ("", True), "float_left": ("", False)}
    assert opened["keyboard_focus"] == ["field:counted"]
    filled = _dump(tmp_path, "filled")
    assert _form(filled) == {"counted": ("101.29", False), "float_left": ("100", True)}
    assert filled["keyboard_focus"] == ["field:float_left"]
    assert filled["note"] == "100.00 stays in the drawer: take 1.29 out"
    closed = _dump(tmp_path, "closed")
    assert closed["screen"] == "preview"
    assert closed["message"] == "Period 1 closed: 100.00 stays in the drawer, take out 1.29"
    assert _closures(tmp_path / "terminal.db") == [
        (1, "closed", 10129, 10000, 0),
        (2, "open", None, None, 10000),
    ]
    assert png.stat().st_size > 10_000


def test_a_z_by_touch_alone_refuses_a_float_above_the_cash_counted(
    tmp_path: Path, display: str
) -> None:
    steps = [
        *TOUCH_SIGN_IN,
        {"click": "key:F10"},
        *({"click": f"pad:{key}"} for key in ("1", "0", "0")),
        {"click": "key:F1"},
        {"click": "key:F11"},
        {"click": "key:F2"},
        *({"click": f"pad:{key}"} for key in ("5", "0")),
        {"click": "field:float_left"},
        *({"click": f"pad:{key}"} for key in ("8", "0")),
        {"click": "close_ok"},
        {"dump": str(tmp_path / "refused.json")},
        {"click": "field:counted"},
        {"click": "pad:Clear"},
        *({"click": f"pad:{key}"} for key in ("1", "0", "0")),
        {"click": "field:float_left"},
        {"click": "pad:Clear"},
        {"click": "close_ok"},  # no float typed: all 100.00 stays in the drawer
        {"click": "field:pin"},
        *({"click": "pad:9"} for _ in range(4)),
        {"click": "field:supervisor"},
        {"click": "pad:2"},
        {"click": "reason:0"},
        {"click": "sup_ok"},
        {"dump": str(tmp_path / "closed.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps))

    refused = _dump(tmp_path, "refused")
    assert refused["screen"] == "close_period"
    assert refused["message"] == (
        "The float left (80.00) is more than the cash counted (50.00): nothing was closed"
    )
    assert _form(refused) == {"counted": ("50", False), "float_left": ("80", True)}
    closed = _dump(tmp_path, "closed")
    assert closed["message"] == "Period 1 closed: 100.00 stays in the drawer, take out 0.00"
    assert _closures(tmp_path / "terminal.db") == [
        (1, "closed", 10000, 10000, 0),
        (2, "open", None, None, 10000),
    ]
