"""Forms in the real window by touch alone (clicks only) and by keyboard alone (keys only)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .window import BAGUETTE, COLA, artifact, query, run, write_script

pytestmark = [pytest.mark.e2e, pytest.mark.gui]

BAGUETTE_KEY = "quick:1.7"  # the demo store's quick key for a baguette
TOUCH_SIGN_IN = [{"click": f"pad:{key}"} for key in ("1", "Enter", "1", "2", "3", "4", "Enter")]


def _approvals(database: Path) -> list[tuple[str, str | None, str]]:
    [(audit,)] = query(database, "SELECT audit FROM temp_document")
    return [(a["action"], a["approved_by"], a["reason"]) for a in json.loads(audit)]


def _dump(tmp_path: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((tmp_path / f"{name}.json").read_text())
    return data


def _form(dump: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    return {f["name"]: (f["text"], f["focused"]) for f in dump["form"]}


def test_a_supervisor_approves_a_void_by_touch_alone(tmp_path: Path, display: str) -> None:
    png = artifact("approval_touch.png")
    steps = [
        *TOUCH_SIGN_IN,
        {"click": BAGUETTE_KEY},
        {"click": BAGUETTE_KEY},
        {"click": "key:F6"},  # subtotal
        {"click": "key:F4"},  # void the last line: a supervisor must approve
        {"dump": str(tmp_path / "opened.json")},
        {"click": "pad:2"},  # into the supervisor id, which has the focus
        {"click": "field:pin"},
        *({"click": "pad:9"} for _ in range(4)),
        {"click": "reason:1"},
        {"dump": str(tmp_path / "filled.json")},
        {"screenshot": str(png)},
        {"click": "sup_ok"},
        {"dump": str(tmp_path / "done.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps))

    opened = _dump(tmp_path, "opened")
    assert opened["screen"] == "supervisor_pin"
    assert _form(opened)["supervisor"] == ("", True)
    assert opened["keyboard_focus"] == ["field:supervisor"]
    filled = _dump(tmp_path, "filled")
    assert _form(filled) == {
        "supervisor": ("2", False),
        "pin": ("••••", False),
        "reason": ("Scanned in error", False),
    }
    done = _dump(tmp_path, "done")
    assert done["screen"] == "sale"
    assert [line["voided"] for line in done["lines"]] == [False, True]
    assert _approvals(tmp_path / "terminal.db") == [("void_line", "2", "Scanned in error")]
    assert png.stat().st_size > 10_000


def test_a_supervisor_approves_a_void_by_keyboard_alone(tmp_path: Path, display: str) -> None:
    steps = [
        {"type": "1"},
        {"type": "1234"},
        {"type": BAGUETTE},
        {"type": COLA},
        {"key": "F6"},
        {"key": "F4"},
        {"dump": str(tmp_path / "opened.json")},
        {"keys": ["2", "Tab", "9", "9", "9", "9", "Enter"]},
        {"dump": str(tmp_path / "reason.json")},
        {"keys": ["F1", "Enter"]},
        {"dump": str(tmp_path / "done.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps))

    assert _dump(tmp_path, "opened")["keyboard_focus"] == ["field:supervisor"]
    reason = _dump(tmp_path, "reason")
    assert reason["keyboard_focus"] == ["field:reason"]  # a keyboard types the reason here
    assert _form(reason)["pin"] == ("••••", False)
    done = _dump(tmp_path, "done")
    assert (done["screen"], [x["voided"] for x in done["lines"]]) == ("sale", [False, True])
    assert _approvals(tmp_path / "terminal.db") == [("void_line", "2", "Customer changed mind")]


def test_a_product_is_found_by_touch_on_the_letters(tmp_path: Path, display: str) -> None:
    letters = [{"click": f"char:{c}"} for c in "DARK"]
    steps = [
        *TOUCH_SIGN_IN,
        {"click": "search_text"},  # a tap on the search field
        {"dump": str(tmp_path / "field.json")},
        *letters,
        {"click": "letter_key:Space"},
        {"click": "char:C"},
        {"click": "search_go"},
        {"click": "pick:0"},
        {"dump": str(tmp_path / "sold.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps))

    field = _dump(tmp_path, "field")
    assert _form(field) == {"search": ("", True)}
    assert field["keyboard_focus"] == ["search_text"]
    sold = _dump(tmp_path, "sold")
    assert [line["name"] for line in sold["lines"]] == ["Dark chocolate"]
