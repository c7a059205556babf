"""The buttons of the window: the keypad, the on-screen letters, quick keys, function keys.

Every button's ``user_data`` is ``(verb, argument)`` and its callback is the app's one
dispatcher, so a click from the test script runs exactly what a tap runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

from apps.pos_desktop.presenters.view_models import KeyView
from apps.pos_desktop.views.theme import ButtonThemes, Fonts

Clicked = Callable[[Any, Any, Any], None]

KEYPAD = (
    ("7", "8", "9", "Backspace"),
    ("4", "5", "6", "Clear"),
    ("1", "2", "3", "Enter"),
    ("0", "00", ".", "Esc"),
)
_PAD_CAPTIONS = {"Backspace": "<-", "Clear": "C", "Esc": "Esc"}
# The on-screen letters for a text field (a reason, a search) on a till with no keyboard.
LETTERS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM.,")
LETTER_KEYS = (("Space", " "), ("<-", "Backspace"), ("C", "Clear"), ("Enter", "Enter"))
QUICK_COLUMNS = 6


def keypad(clicked: Clicked, fonts: Fonts) -> None:
    with dpg.group(tag="keypad"):
        for row in KEYPAD:
            with dpg.group(horizontal=True):
                for name in row:
                    dpg.add_button(
                        label=_PAD_CAPTIONS.get(name, name), tag=f"pad:{name}", width=85,
                        height=62, callback=clicked, user_data=("pad", name),
                    )  # fmt: skip
                    fonts.bind(f"pad:{name}", "big")


def letters(clicked: Clicked) -> None:
    """Letters, digits and a space bar; shown in place of the keypad for a text field."""
    with dpg.group(tag="letters", show=False):
        for row in LETTERS:
            with dpg.group(horizontal=True):
                for char in row:
                    dpg.add_button(
                        label=char, tag=f"char:{char}", width=31, height=44,
                        callback=clicked, user_data=("char", char.lower()),
                    )  # fmt: skip
        with dpg.group(horizontal=True):
            for caption, name in LETTER_KEYS:
                verb = ("char", " ") if name == " " else ("pad", name)
                dpg.add_button(
                    label=caption, tag=f"letter_key:{name.strip() or 'Space'}", width=80,
                    height=44, callback=clicked, user_data=verb,
                )  # fmt: skip


def fill_reasons(reasons: tuple[str, ...], clicked: Clicked, themes: ButtonThemes) -> None:
    """The standard reasons of the action waiting for approval, one tap each."""
    dpg.delete_item("sup_reasons", children_only=True)
    for i, reason in enumerate(reasons):
        button = dpg.add_button(
            label=f"F{i + 1} {reason}", tag=f"reason:{i}", parent="sup_reasons", height=50,
            callback=clicked, user_data=("reason", reason),
        )  # fmt: skip
        themes.paint(button, "#455a64")


def fill_quick_keys(keys: tuple[KeyView, ...], clicked: Clicked, themes: ButtonThemes) -> None:
    """The store's quick keys, six to a row."""
    dpg.delete_item("quick_area", children_only=True)
    for start in range(0, len(keys), QUICK_COLUMNS):
        with dpg.group(horizontal=True, parent="quick_area"):
            for key in keys[start : start + QUICK_COLUMNS]:
                button = dpg.add_button(
                    label=_wrap(key.caption), tag=f"quick:{key.key}", width=96, height=46,
                    callback=clicked, user_data=("quick", key.key),
                )  # fmt: skip
                themes.paint(button, key.colour)


def fill_function_keys(keys: tuple[KeyView, ...], clicked: Clicked, themes: ButtonThemes) -> None:
    """The function keys of the screen, "F9" over "Payment", seven to a row."""
    dpg.delete_item("fkeys", children_only=True)
    for start in range(0, len(keys), 7):
        with dpg.group(horizontal=True, parent="fkeys"):
            for key in keys[start : start + 7]:
                button = dpg.add_button(
                    label=f"{key.hotkey}\n{key.caption}", tag=f"key:{key.hotkey}", width=138,
                    height=48, callback=clicked, user_data=("key", key.key),
                )  # fmt: skip
                themes.paint(button, key.colour)


def _wrap(caption: str, width: int = 11) -> str:
    """Two short lines fit a quick key better than one long one."""
    if len(caption) <= width or " " not in caption:
        return caption[: width * 2]
    cut = caption.rfind(" ", 0, width + 1)
    cut = cut if cut > 0 else caption.find(" ")
    return f"{caption[:cut]}\n{caption[cut + 1 :][: width + 2]}"
