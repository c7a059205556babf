"""A shop's first start in the real window: on a new data folder `saleflex-pos` (no
--init, no --demo) opens the first-start form in its one viewport, sets the terminal up
from the answers and goes on to the sign-in screen, where the manager signs in. By
keyboard alone and by touch alone; weak or differing PINs are refused on the form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .window import artifact, query, run, write_script

pytestmark = [pytest.mark.e2e, pytest.mark.gui]

PIN = "2468"


def _dump(tmp_path: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((tmp_path / f"{name}.json").read_text())
    return data


def _form(dump: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    return {f["name"]: (f["text"], f["focused"]) for f in dump["form"]}


def _set_up(database: Path) -> tuple[list[Any], list[Any], list[Any]]:
    return (
        query(database, "SELECT name, currency FROM store"),
        query(database, "SELECT id, role FROM cashier"),
        query(database, "SELECT count(*) FROM product"),
    )


def test_a_first_start_by_keyboard_then_the_manager_signs_in(tmp_path: Path, display: str) -> None:
    png = artifact("first_start_keyboard.png")
    steps = [
        {"wait": 3},
        {"dump": str(tmp_path / "opened.json")},
        {"screenshot": str(png)},
        {"set": ["field:store_name", "Corner Shop"]},  # a keyboard types into the field
        {"key": "Enter"},
        {"set": ["field:currency", "eur"]},
        {"key": "Tab"},
        {"dump": str(tmp_path / "pin.json")},
        {"keys": [*PIN, "Enter", *PIN]},
        {"dump": str(tmp_path / "filled.json")},
        {"key": "Enter"},
        {"wait": 3},
        {"dump": str(tmp_path / "sign_in.json")},
        {"type": "1"},
        {"type": PIN},
        {"dump": str(tmp_path / "signed_in.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps), demo=False)

    opened = _dump(tmp_path, "opened")
    assert opened["screen"] == "set_up"
    assert _form(opened)["store_name"] == ("", True)
    assert opened["keyboard_focus"] == ["field:store_name"]
    pin = _dump(tmp_path, "pin")
    assert pin["keyboard_focus"] == ["field:manager_pin"]
    assert _form(pin)["currency"] == ("eur", False)
    filled = _dump(tmp_path, "filled")
    assert _form(filled) == {
        "store_name": ("Corner Shop", False),
        "currency": ("eur", False),
        "manager_pin": ("••••", False),
        "manager_pin_again": ("••••", True),
    }
    sign_in = _dump(tmp_path, "sign_in")
    assert sign_in["screen"] == "sign_in"
    assert sign_in["message"] == "Set up: sign in as cashier 1 with the manager PIN"
    assert _dump(tmp_path, "signed_in")["screen"] == "sale"
    assert _set_up(tmp_path / "terminal.db") == (
        [("Corner Shop", "EUR")],
        [("1", "manager")],
        [(0,)],
    )
    log = (tmp_path / "logs" / "pos.log").read_text(encoding="utf-8")
    assert "Set up terminal T01 of Corner Shop" in log
    assert png.stat().st_size > 10_000


def test_a_first_start_by_touch_refuses_weak_and_differing_pins(
    tmp_path: Path, display: str
) -> None:
    pads = lambda digits: [{"click": f"pad:{d}"} for d in digits]  # noqa: E731
    steps = [
        {"click": "field:store_name"},
        {"click": "letter_key:Shift"},  # a capital, then small letters
        *({"click": f"char:{c}"} for c in "KIOSK"),
        {"click": "field:currency"},
        {"dump": str(tmp_path / "letters.json")},
        *({"click": f"char:{c}"} for c in "TRY"),
        {"click": "field:manager_pin"},
        *pads("1234"),
        {"click": "field:manager_pin_again"},
        *pads("1234"),
        {"click": "setup_ok"},
        {"dump": str(tmp_path / "weak.json")},
        *pads("2468"),
        {"click": "field:manager_pin_again"},
        *pads("2469"),
        {"click": "setup_ok"},
        {"dump": str(tmp_path / "differ.json")},
        *pads("2468"),
        {"click": "field:manager_pin_again"},
        *pads("2468"),
        {"click": "setup_ok"},
        {"wait": 3},
        *pads("1"),
        {"click": "pad:Enter"},
        *pads(PIN),
        {"click": "pad:Enter"},
        {"dump": str(tmp_path / "signed_in.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps), demo=False)

    letters = _dump(tmp_path, "letters")
    assert _form(letters)["store_name"] == ("Kiosk", False)
    assert letters["keyboard_focus"] == ["field:currency"]
    weak = _dump(tmp_path, "weak")
    assert weak["screen"] == "set_up"
    assert "too easy to guess" in weak["message"]
    assert _form(weak)["manager_pin"] == ("••••", True)
    differ = _dump(tmp_path, "differ")
    assert differ["message"] == "The two manager PINs differ: type the PIN again, twice"
    assert _form(differ)["manager_pin"] == ("", True)
    assert _form(differ)["manager_pin_again"] == ("", False)
    assert _dump(tmp_path, "signed_in")["screen"] == "sale"
    assert _set_up(tmp_path / "terminal.db")[0] == [("Kiosk", "TRY")]


@pytest.mark.parametrize("size", ["800x600", "1920x1080"])
def test_the_first_start_form_fits_the_window(tmp_path: Path, display: str, size: str) -> None:
    png = artifact(f"first_start_{size}.png")
    steps = [
        {"wait": 3},
        {"check": str(tmp_path / "text.json")},
        {"key": "Tab"},
        {"key": "Tab"},  # a PIN: the keypad in place of the letters
        {"wait": 3},
        {"check": str(tmp_path / "pin.json")},
        {"screenshot": str(png)},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps), size, demo=False)

    width, height = (int(n) for n in size.split("x"))
    for name in ("text", "pin"):
        check = json.loads((tmp_path / f"{name}.json").read_text())
        assert check["viewport"] == [width, height], name
        assert check["problems"] == [], name
    assert png.stat().st_size > 10_000
    assert not (tmp_path / "terminal.db").exists()  # nothing is set up unanswered
