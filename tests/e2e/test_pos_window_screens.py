"""The sale screen in the real window: after a sale, and every quick-key page."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from .window import BAGUETTE, COLA, SIGN_IN, run, write_script

pytestmark = [pytest.mark.e2e, pytest.mark.gui]


def _json(path: Path) -> Any:
    return json.loads(path.read_text())


def test_the_change_shows_in_place_of_the_total_then_a_clean_screen(
    tmp_path: Path, display: str
) -> None:
    steps = [
        *SIGN_IN,
        {"type": BAGUETTE},
        {"type": COLA},
        {"check": str(tmp_path / "selling.json")},
        {"dump": str(tmp_path / "selling_dump.json")},
        {"key": "F9"},
        {"keys": ["5", "0", "Enter"]},
        {"wait": 3},
        {"check": str(tmp_path / "paid.json")},
        {"dump": str(tmp_path / "paid_dump.json")},
        {"key": "Esc"},
        {"dump": str(tmp_path / "idle_dump.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps))

    assert _json(tmp_path / "selling_dump.json")["big"] == ["TOTAL", "2.48"]
    paid = _json(tmp_path / "paid_dump.json")
    assert paid["big"] == ["CHANGE", "47.52"]
    assert paid["caption"] == "Receipt 1 done — change 47.52"
    # the long caption wraps in its own column: the big number stays where it was
    before = _json(tmp_path / "selling.json")["rects"]["sale_total"]
    after = _json(tmp_path / "paid.json")["rects"]["sale_total"]
    assert after[0] == before[0]
    idle = _json(tmp_path / "idle_dump.json")
    assert (idle["big"], idle["caption"]) == (["TOTAL", "0.00"], "Ready")


def test_every_quick_key_page_can_be_reached(tmp_path: Path, display: str) -> None:
    run(tmp_path, display, write_script(tmp_path / "first.json", [{"quit": True}]))
    with closing(sqlite3.connect(tmp_path / "terminal.db")) as conn, conn:
        conn.execute(
            "INSERT INTO quick_key (company_id, page, position, caption, kind, target, colour)"
            " VALUES ('ACME', 2, 1, 'Croissant', 'plu', '1003', '#b5651d')"
        )
    steps = [
        *SIGN_IN,
        {"click": "page:2"},
        {"click": "quick:2.1"},
        {"click": "page:1"},
        {"click": "quick:1.7"},
        {"dump": str(tmp_path / "sold.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "second.json", steps))

    sold = _json(tmp_path / "sold.json")
    assert [line["name"] for line in sold["lines"]] == ["Croissant", "Baguette"]
