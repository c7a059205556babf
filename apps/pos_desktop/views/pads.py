"""The buttons of the window: the keypad, the on-screen letters, quick keys, function keys.

Every button's ``user_data`` is ``(verb, argument)`` and its callback is the app's one
dispatcher, so a click from the test script runs exactly what a tap runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

from apps.pos_desktop.presenters.view_models import KeyView
from apps.pos_desktop.views.layout import FKEY_COLUMNS, Layout
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
LETTER_KEYS = (
    ("Space", " "),
    ("Shift", "Shift"),
    ("<-", "Backspace"),
    ("C", "Clear"),
    ("Enter", "Enter"),
)


def keypad(clicked: Clicked, fonts: Fonts, x: Layout) -> None:
    with dpg.group(tag="keypad"):
        for row in KEYPAD:
            with dpg.group(horizontal=True):
                for name in row:
                    dpg.add_button(
                        label=_PAD_CAPTIONS.get(name, name), tag=f"pad:{name}", width=x.pad_w(4),
                        height=x.keypad_h, callback=clicked, user_data=("pad", name),
                    )  # fmt: skip
                    fonts.bind(f"pad:{name}", "big")


def letters(clicked: Clicked, x: Layout) -> None:
    """Letters, digits and a space bar; shown in place of the keypad for a text field."""
    with dpg.group(tag="letters", show=False):
        for row in LETTERS:
            with dpg.group(horizontal=True):
                for char in row:
                    dpg.add_button(
                        label=char, tag=f"char:{char}", width=x.pad_w(10), height=x.letter_h,
                        callback=clicked, user_data=("char", char.lower()),
                    )  # fmt: skip
        with dpg.group(horizontal=True):
            for caption, name in LETTER_KEYS:
                verb = {" ": ("char", " "), "Shift": ("shift", None)}.get(name, ("pad", name))
                dpg.add_button(
                    label=caption, tag=f"letter_key:{name.strip() or 'Space'}",
                    width=x.pad_w(len(LETTER_KEYS)), height=x.letter_h,
                    callback=clicked, user_data=verb,
                )  # fmt: skip


class Shift:
    """The on-screen letters type small letters; Shift makes the next one a capital (a
    store's name, a reason). Its key says when it is on."""

    TAG = "letter_key:Shift"

    def __init__(self) -> None:
        self.on = False

    def toggle(self) -> None:
        self.on = not self.on
        self.show()

    def apply(self, char: str) -> str:
        """``char`` as the letters type it: a capital after Shift (which then lets go)."""
        if not (self.on and char.isalpha()):
            return char
        self.on = False
        self.show()
        return char.upper()

    def show(self) -> None:
        """The key's caption for the state (again after the window was rebuilt)."""
        if dpg.does_item_exist(self.TAG):
            dpg.configure_item(self.TAG, label="SHIFT" if self.on else "Shift")


class Buttons:
    """The buttons filled from the till's view models: reasons, quick keys, function keys.
    Captions are wrapped to the button by measuring them in the button's font."""

    def __init__(self, clicked: Clicked, fonts: Fonts, themes: ButtonThemes) -> None:
        self.clicked = clicked
        self.fonts = fonts
        self.themes = themes
        self.x = Layout(1024, 768)

    def reasons(self, reasons: tuple[str, ...]) -> None:
        """The standard reasons of the action waiting for approval, two to a row."""
        x = self.x
        dpg.delete_item("sup_reasons", children_only=True)
        for start in range(0, len(reasons), 2):
            with dpg.group(horizontal=True, parent="sup_reasons"):
                for i, reason in enumerate(reasons[start : start + 2], start):
                    self._button(
                        f"reason:{i}", f"F{i + 1} {reason}", x.half_w, x.quick_h,
                        ("reason", reason), "#455a64",
                    )  # fmt: skip

    def quick_keys(self, keys: tuple[KeyView, ...]) -> None:
        """One page of the store's quick keys, as many to a row as fit."""
        x = self.x
        dpg.delete_item("quick_area", children_only=True)
        cols, height = x.quick_columns, x.quick_key_h(len(keys))
        for start in range(0, len(keys), cols):
            with dpg.group(horizontal=True, parent="quick_area"):
                for key in keys[start : start + cols]:
                    self._button(
                        f"quick:{key.key}", key.caption, x.quick_w, height,
                        ("quick", key.key), key.colour,
                    )  # fmt: skip

    def pages(self, pages: tuple[int, ...], current: int) -> None:
        """A tab per quick-key page; none when the store has one page."""
        x = self.x
        dpg.delete_item("quick_pages", children_only=True)
        if len(pages) < 2:
            return
        for page in pages:
            colour = "#1565c0" if page == current else "#37474f"
            self._button(
                f"page:{page}", f"Page {page}", x.px(100), x.px(36), ("page", page), colour,
                parent="quick_pages",
            )  # fmt: skip

    def function_keys(self, keys: tuple[KeyView, ...]) -> None:
        """The function keys of the screen, "F9" over "Payment", seven to a row."""
        x = self.x
        dpg.delete_item("fkeys", children_only=True)
        for start in range(0, len(keys), FKEY_COLUMNS):
            with dpg.group(horizontal=True, parent="fkeys"):
                for key in keys[start : start + FKEY_COLUMNS]:
                    self._button(
                        f"key:{key.hotkey}", f"{key.hotkey} {key.caption}", x.fkey_w, x.fkey_h,
                        ("key", key.key), key.colour,
                    )  # fmt: skip

    def _button(
        self, tag: str, caption: str, width: int, height: int, user_data: tuple[str, Any],
        colour: str, parent: str | None = None,
    ) -> None:  # fmt: skip
        label = wrap(caption, width - 2 * self.x.px(4), self.fonts.font("key"))
        extra = {} if parent is None else {"parent": parent}
        button = dpg.add_button(
            label=label, tag=tag, width=width, height=height, callback=self.clicked,
            user_data=user_data, **extra,
        )  # fmt: skip
        self.fonts.bind(button, "key")
        self.themes.paint(button, colour)


def wrap(caption: str, width: int, font: int | str | None) -> str:
    """``caption`` in as few lines as fit ``width`` pixels: words stay whole where they fit,
    a word too long for a line is cut with a hyphen."""
    lines: list[str] = []
    for word in caption.split():
        if lines and _fits(f"{lines[-1]} {word}", width, font):
            lines[-1] = f"{lines[-1]} {word}"
            continue
        while not _fits(word, width, font) and len(word) > 1:
            cut = next(
                (n for n in range(len(word) - 1, 0, -1) if _fits(word[:n] + "-", width, font)), 1
            )
            lines.append(word[:cut] + "-")
            word = word[cut:]
        lines.append(word)
    return "\n".join(lines)


def _fits(text: str, width: int, font: int | str | None) -> bool:
    return text_width(text, font) <= width


def text_width(text: str, font: int | str | None) -> float:
    """Pixels of one line in ``font``, as Dear PyGui measures it (0 before the first frame)."""
    size = dpg.get_text_size(text, font=0 if font is None else font)
    return 0.0 if size is None else float(size[0])
