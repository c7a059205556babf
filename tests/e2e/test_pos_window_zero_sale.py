"""A sale of 0.00 in the real window: F9, then Enter asks a supervisor; not approved the
sale stays open, approved it completes. By keyboard alone and by touch alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .window import COLA, SIGN_IN, query, run, write_script

pytestmark = [pytest.mark.e2e, pytest.mark.gui]

TOUCH_SIGN_IN = [{"click": f"pad:{key}"} for key in ("1", "Enter", "1", "2", "3", "4", "Enter")]
BAGUETTE_KEY = "quick:1.7"  # the demo store's quick key for a baguette


def _dump(tmp_path: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((tmp_path / f"{name}.json").read_text())
    return data


def _completed(database: Path) -> list[tuple[str, list[tuple[str, str | None]]]]:
    rows = query(database, "SELECT state, audit FROM document")
    return [
        (state, [(a["action"], a["approved_by"]) for a in json.loads(audit)])
        for state, audit in rows
    ]


def test_a_sale_of_nothing_by_keyboard_alone(tmp_path: Path, display: str) -> None:
    steps = [
        *SIGN_IN,
        {"type": COLA},
        {"keys": ["1", "0", "0", "F5"]},  # a 100 % line discount: the sale comes to 0.00
        {"key": "F9"},
        {"dump": str(tmp_path / "payment.json")},
        {"key": "Enter"},
        {"dump": str(tmp_path / "asked.json")},
        {"key": "Esc"},  # not approved
        {"dump": str(tmp_path / "declined.json")},
        {"key": "Enter"},
        {"keys": ["2", "Tab", "9", "9", "9", "9", "Enter", "F1", "Enter"]},
        {"dump": str(tmp_path / "done.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps))

    payment = _dump(tmp_path, "payment")
    assert payment["screen"] == "payment"
    assert payment["message"] == (
        "Nothing to pay: Enter completes the sale of 0.00 once a supervisor approves"
    )
    assert "Enter" in payment["keys"]
    asked = _dump(tmp_path, "asked")
    assert asked["screen"] == "supervisor_pin"
    assert asked["keyboard_focus"] == ["field:supervisor"]
    declined = _dump(tmp_path, "declined")
    assert (declined["screen"], declined["total"]) == ("payment", "0.00")
    assert declined["message"] == "Not approved: nothing was changed"
    assert [line["name"] for line in declined["lines"]] == ["Cola 330ml"]
    done = _dump(tmp_path, "done")
    assert (done["screen"], done["lines"]) == ("sale", [])
    assert done["message"] == "Paid, thank you"
    [(state, audit)] = _completed(tmp_path / "terminal.db")
    assert state == "completed"
    assert audit[-1] == ("complete_zero_total", "2")


def test_a_sale_of_nothing_by_touch_alone(tmp_path: Path, display: str) -> None:
    steps = [
        *TOUCH_SIGN_IN,
        {"click": BAGUETTE_KEY},
        *({"click": f"pad:{key}"} for key in ("1", "0", "0")),
        {"click": "key:F5"},
        {"click": "key:F9"},
        {"click": "key:Enter"},  # the payment screen's "Complete 0.00"
        {"click": "pad:2"},
        {"click": "field:pin"},
        *({"click": "pad:9"} for _ in range(4)),
        {"click": "reason:0"},
        {"click": "sup_ok"},
        {"dump": str(tmp_path / "done.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps))

    done = _dump(tmp_path, "done")
    assert (done["screen"], done["lines"], done["message"]) == ("sale", [], "Paid, thank you")
    [(state, audit)] = _completed(tmp_path / "terminal.db")
    assert (state, audit[-1]) == ("completed", ("complete_zero_total", "2"))
