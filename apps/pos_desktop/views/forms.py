"""The forms of the window (the supervisor's approval, the Z, the search field) kept in step
with the till's: the till holds what each field says and which one has the focus.

The keypad and the on-screen letters type through the till, and the widgets show it; a
keyboard types straight into the focused text field, whose callback hands the text to the
till. Dear PyGui gives the keyboard to the field the till focuses; a text field being edited
keeps its own text, so what the till wrote meanwhile is written when it is let go.
"""

from __future__ import annotations

from collections.abc import Hashable

import dearpygui.dearpygui as dpg

from apps.pos_desktop.presenters import Screen, Till
from apps.pos_desktop.presenters.view_models import FormView
from apps.pos_desktop.views.pads import Buttons
from apps.pos_desktop.views.screens import FIELD_TAGS, TEXT_FIELDS
from apps.pos_desktop.views.theme import ButtonThemes

FOCUSED, FIELD = "#1565c0", "#37474f"
SET_UP = "set_up"  # the first start's form, a window of its own before the register's
# Where the keyboard goes when no field of the screen's form has the focus.
_AT_REST: dict[Hashable, str] = {
    Screen.SUPERVISOR_PIN: "sup_ok",
    Screen.SALE: "search_go",
    Screen.CLOSE_PERIOD: "close_ok",
    Screen.ENROL: "enrol_ok",
    SET_UP: "setup_ok",
}


def keyboard_focus() -> list[str]:
    """The form fields that have the keyboard (for the test script's dumps)."""
    return [t for t in FIELD_TAGS.values() if dpg.does_item_exist(t) and dpg.is_item_focused(t)]


class Forms:
    def __init__(self, buttons: Buttons, themes: ButtonThemes) -> None:
        self.buttons = buttons
        self.themes = themes
        self._pending: dict[str, str] = {}  # text for a field that was being edited
        self._focus: tuple[Hashable, str | None] | None = None
        self._reasons: tuple[str, ...] | None = None
        self._painted: dict[str, bool] = {}

    def rebuilt(self) -> None:
        """New widgets: fill, paint and focus them again."""
        self._pending.clear()
        self._focus = None
        self._reasons = None
        self._painted.clear()

    def typing_in_text(self) -> bool:
        """True while a keyboard types into a text field (the keys are the field's)."""
        return any(dpg.does_item_exist(tag) and dpg.is_item_active(tag) for tag in TEXT_FIELDS)

    def refresh(self, till: Till) -> None:
        self.show(till.screen, till.form_view(), till.supervisor.reasons)

    def show(
        self, screen: Hashable, form: FormView | None, reasons: tuple[str, ...] | None
    ) -> None:
        """Fill the form's widgets, give the keyboard to its focused field, show the
        letters for a text field (else the keypad) and the action's standard reasons
        (``None``: this window has none)."""
        if form is not None:
            self._fields(form)
        self._keyboard_focus(screen, form)
        letters = form is not None and form.focused is not None and form.focused.letters
        dpg.configure_item("letters", show=letters)
        dpg.configure_item("keypad", show=not letters)
        if reasons is not None and reasons != self._reasons:
            self._reasons = reasons
            self.buttons.reasons(reasons)

    def write_pending(self) -> None:
        """Once per frame: text the till changed while its field was being edited."""
        for tag, text in list(self._pending.items()):
            if not dpg.is_item_active(tag):
                dpg.set_value(tag, text)
                del self._pending[tag]

    def _fields(self, form: FormView) -> None:
        for field in form.fields:
            tag = FIELD_TAGS[field.name]
            if tag in TEXT_FIELDS:
                if dpg.get_value(tag) != field.text:
                    self._pending[tag] = field.text
            else:
                dpg.configure_item(tag, label=field.text or " ")
                if self._painted.get(tag) is not field.focused:
                    self._painted[tag] = field.focused
                    self.themes.paint(tag, FOCUSED if field.focused else FIELD)

    def _keyboard_focus(self, screen: Hashable, form: FormView | None) -> None:
        """Give the keyboard to the field the till focuses, once per change."""
        focused = None if form is None or form.focused is None else form.focused.name
        if (screen, focused) == self._focus:
            return
        self._focus = (screen, focused)
        if focused is not None:
            dpg.focus_item(FIELD_TAGS[focused])
        elif screen is Screen.SUPERVISOR_PIN or (screen in _AT_REST and self.typing_in_text()):
            dpg.focus_item(_AT_REST[screen])  # a text field let go, or Enter approves
