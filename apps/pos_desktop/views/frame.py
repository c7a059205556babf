"""What the register window and the first start's form share in their one viewport.

``Frame`` builds its widgets for the viewport's size and again when the size changes,
wraps the buttons' captions again the frame after a build (when Dear PyGui can measure
them), hands the keyboard's keys on (but not those a text field takes itself) and draws
the message line. Each window adds its widgets, its actions and its redraw.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

from apps.pos_desktop.presenters import Message, Severity
from apps.pos_desktop.presenters.view_models import KeyView
from apps.pos_desktop.views import pads, screens
from apps.pos_desktop.views.forms import Forms
from apps.pos_desktop.views.keys import FORM_KEYS, KEY_NAMES
from apps.pos_desktop.views.layout import BASE_H, BASE_W, Layout
from apps.pos_desktop.views.theme import SEVERITY_COLOURS, ButtonThemes, Fonts, window_theme
from saleflex_core.logger import get_logger

log = get_logger(__name__)


class Frame:
    root: str  # the window's tag
    key_handlers: str  # the tag of its keyboard handler

    def __init__(self) -> None:
        self.fonts = Fonts()
        self.themes = ButtonThemes()
        self.builder = screens.Builder(self.clicked, self.edited, self.fonts, self.themes)
        self.buttons = pads.Buttons(self.clicked, self.fonts, self.themes)
        self.forms = Forms(self.buttons, self.themes)
        self.shift = pads.Shift()
        self.layout = Layout(BASE_W, BASE_H)
        self._drawn: dict[str, object] = {}  # the button rows as last filled
        self._theme: int | str | None = None
        self._measured = False

    # --- what each window adds ----------------------------------------------------------
    def _widgets(self, layout: Layout) -> None:
        """Build the window's widgets (the old ones go)."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Re-read what the window shows and update the widgets."""
        raise NotImplementedError

    def safely(self, work: Callable[[], object], redraw: bool = True) -> None:
        """Run one action and redraw; a defect is logged and told, never fatal."""
        raise NotImplementedError

    def press_key(self, name: str) -> object:
        raise NotImplementedError

    def clicked(self, sender: Any, app_data: Any, user_data: Any) -> None:
        raise NotImplementedError

    def edited(self, sender: Any, app_data: Any, user_data: Any) -> None:
        raise NotImplementedError

    # --- building and the loop ----------------------------------------------------------
    def build(self, layout: Layout) -> None:
        """Build every widget for ``layout``; again whenever the window changes size."""
        self.layout = layout
        self.fonts.load(layout)
        self.buttons.x = self.builder.x = layout
        self._widgets(layout)
        self.forms.rebuilt()
        self.shift.show()
        self._drawn.clear()
        self._measured = False  # captions are measured again once the fonts are drawn
        if self._theme is not None:
            dpg.delete_item(self._theme)
        self._theme = window_theme(layout)
        dpg.bind_item_theme(self.root, self._theme)
        if not dpg.does_item_exist(self.key_handlers):
            with dpg.handler_registry(tag=self.key_handlers):
                dpg.add_key_press_handler(callback=self.key_pressed)
        self.refresh()

    def _fit(self) -> None:
        """Once per frame: a new viewport size gets a new layout; captions are wrapped
        again the frame after a build, when Dear PyGui can measure them."""
        size = dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
        if min(size) > 0 and size != (self.layout.width, self.layout.height):
            log.info("Window is %dx%d: laying it out again", *size)
            self.build(Layout(*size))
            dpg.set_primary_window(self.root, True)
        elif not self._measured:
            self._measured = True
            self._drawn.clear()
            self.forms.rebuilt()
            self.refresh()

    # --- input --------------------------------------------------------------------------
    def key_pressed(self, sender: Any, code: Any) -> None:
        name = KEY_NAMES.get(code) if isinstance(code, int) else None
        if name is None or (self.forms.typing_in_text() and name not in FORM_KEYS):
            return  # a text field takes the keyboard's typing itself
        self.safely(lambda: self.press_key(name))

    # --- drawing ------------------------------------------------------------------------
    def _function_keys(self, keys: tuple[KeyView, ...]) -> None:
        """The function keys, filled again only when they change."""
        if self._drawn.get("fkeys") != keys:
            self._drawn["fkeys"] = keys
            self.buttons.function_keys(keys)

    def _message(self, tag: str, message: Message | None) -> None:
        dpg.set_value(tag, " " if message is None else message.text)
        colour = SEVERITY_COLOURS[Severity.INFO if message is None else message.severity]
        dpg.configure_item(tag, color=colour)
