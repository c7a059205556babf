"""Keyboard codes of Dear PyGui to the key names ``Till.press_key`` understands."""

from __future__ import annotations

import dearpygui.dearpygui as dpg


def _codes() -> dict[int, str]:
    codes = {getattr(dpg, f"mvKey_{d}"): d for d in "0123456789"}
    codes |= {getattr(dpg, f"mvKey_NumPad{d}"): d for d in "0123456789"}
    codes |= {getattr(dpg, f"mvKey_F{n}"): f"F{n}" for n in range(1, 13)}
    codes |= {
        dpg.mvKey_Return: "Enter",
        dpg.mvKey_NumPadEnter: "Enter",
        dpg.mvKey_Escape: "Esc",
        dpg.mvKey_Tab: "Tab",
        dpg.mvKey_Up: "Up",
        dpg.mvKey_Down: "Down",
        dpg.mvKey_Back: "Backspace",
        dpg.mvKey_Delete: "Del",
        dpg.mvKey_Period: ".",
        dpg.mvKey_Decimal: ".",
        dpg.mvKey_Comma: ",",
    }
    return codes


KEY_NAMES: dict[int, str] = _codes()
# The first code of each name (the main keyboard's, not the number pad's), for the test script.
KEY_CODES: dict[str, int] = {}
for _code, _name in KEY_NAMES.items():
    KEY_CODES.setdefault(_name, _code)

# Keys that still reach the till while a text field (a reason, the search) takes the typing.
FORM_KEYS = frozenset({"Esc", "Enter", "Tab", *(f"F{n}" for n in range(1, 13))})
