"""A sale discount changed and taken back in the real window, by keyboard alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .window import BAGUETTE, COLA, SIGN_IN, query, run, write_script

pytestmark = [pytest.mark.e2e, pytest.mark.gui]


def _dump(tmp_path: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((tmp_path / f"{name}.json").read_text())
    return data


def test_a_sale_discount_is_changed_then_removed(tmp_path: Path, display: str) -> None:
    steps = [
        *SIGN_IN,
        {"type": BAGUETTE},
        {"type": COLA},
        {"keys": ["1", "0", "F7", "2", "0", "F7"]},
        {"dump": str(tmp_path / "changed.json")},
        {"key": "F7"},  # nothing typed: remove it, after a yes
        {"wait": 2},
        {"dump": str(tmp_path / "asked.json")},
        {"key": "F1"},
        {"dump": str(tmp_path / "removed.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps))

    changed = _dump(tmp_path, "changed")
    assert (changed["message"], changed["total"]) == ("Sale discount changed to 20 %", "1.98")
    asked = _dump(tmp_path, "asked")
    assert asked["screen"] == "confirm_cancel"
    assert asked["confirm_yes"] == "Yes, remove"
    removed = _dump(tmp_path, "removed")
    assert (removed["screen"], removed["total"]) == ("sale", "2.48")
    assert removed["message"] == "The sale discount was removed"
    [(adjustment,)] = query(tmp_path / "terminal.db", "SELECT adjustment FROM temp_document")
    assert adjustment is None or json.loads(adjustment) is None  # SQL or JSON null
