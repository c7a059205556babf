"""Key presses as the view sends them."""

from __future__ import annotations

from collections.abc import Callable

from apps.pos_desktop.presenters import Till

MakeTill = Callable[..., Till]  # the make_till fixture: a new Register and Till


def type_in(till: Till, text: str) -> None:
    """Press one key per character, as a cashier or a keyboard-wedge scanner does."""
    for char in text:
        assert till.press_key(char)


def scan(till: Till, code: str) -> None:
    """A keyboard-wedge scan: the code's digits, then Enter."""
    type_in(till, code)
    till.press_key("Enter")
