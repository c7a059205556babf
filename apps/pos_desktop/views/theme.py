"""Fonts and colours of the register window."""

from __future__ import annotations

from pathlib import Path

import dearpygui.dearpygui as dpg

from apps.pos_desktop.presenters import Severity
from apps.pos_desktop.views.layout import Layout

Rgb = tuple[int, int, int]

# The first that exists is used; without any, Dear PyGui's own small font is scaled up.
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu")

SEVERITY_COLOURS: dict[Severity, Rgb] = {
    Severity.INFO: (170, 220, 255),
    Severity.WARNING: (255, 196, 0),
    Severity.ERROR: (255, 90, 90),
}
MUTED: Rgb = (140, 140, 140)
TEXT: Rgb = (235, 235, 235)
SELECTED: Rgb = (255, 214, 90)
TOTAL: Rgb = (120, 230, 120)


class Fonts:
    """The fonts by role at the window's scale; ``None`` where no TrueType font was found
    (Dear PyGui's own small font is scaled up instead). Each size is loaded once."""

    ROLES = ("body", "big", "huge", "mono", "key")

    def __init__(self) -> None:
        self._roles: dict[str, int | str | None] = dict.fromkeys(self.ROLES)
        self._loaded: dict[tuple[str, int], int | str] = {}
        self._registry: int | str | None = None

    def load(self, layout: Layout) -> None:
        sans, mono = _find("DejaVuSans.ttf"), _find("DejaVuSansMono.ttf")
        if self._registry is None:
            self._registry = dpg.add_font_registry()
        for role in self.ROLES:
            path = mono if role == "mono" else sans
            size = layout.font_size(role)
            if path is None:
                self._roles[role] = None
                continue
            key = (str(path), size)
            if key not in self._loaded:
                self._loaded[key] = dpg.add_font(str(path), size, parent=self._registry)
            self._roles[role] = self._loaded[key]
        body = self._roles["body"]
        if body is not None:
            dpg.bind_font(body)
        else:
            dpg.set_global_font_scale(1.3 * layout.scale)

    def font(self, role: str) -> int | str | None:
        return self._roles[role]

    def bind(self, item: int | str, role: str) -> None:
        font = self._roles[role]
        if font is not None:
            dpg.bind_item_font(item, font)


def _find(name: str) -> Path | None:
    for folder in _FONT_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None


def rgb(colour: str) -> Rgb:
    """``"#2e7d32"`` as an (r, g, b) tuple; anything unreadable is a neutral grey."""
    text = colour.lstrip("#")
    try:
        return (int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))
    except (ValueError, IndexError):
        return (69, 90, 100)


class ButtonThemes:
    """One Dear PyGui theme per button colour, made the first time it is asked for."""

    def __init__(self) -> None:
        self._themes: dict[str, int | str] = {}

    def paint(self, button: int | str, colour: str) -> None:
        theme = self._themes.get(colour)
        if theme is None:
            theme = self._themes[colour] = _button_theme(rgb(colour))
        dpg.bind_item_theme(button, theme)


def _button_theme(base: Rgb) -> int | str:
    hover = tuple(min(255, c + 30) for c in base)
    active = tuple(max(0, c - 30) for c in base)
    theme: int | str
    with dpg.theme() as theme, dpg.theme_component(dpg.mvButton):
        dpg.add_theme_color(dpg.mvThemeCol_Button, base)
        dpg.add_theme_color(dpg.mvThemeCol_ButtonHovered, hover)
        dpg.add_theme_color(dpg.mvThemeCol_ButtonActive, active)
        dpg.add_theme_color(dpg.mvThemeCol_Text, (255, 255, 255))
        dpg.add_theme_style(dpg.mvStyleVar_FrameRounding, 4)
    return theme


def window_theme(layout: Layout) -> int | str:
    """Roomier spacing for touch use, at the window's scale."""
    theme: int | str
    with dpg.theme() as theme, dpg.theme_component(dpg.mvAll):
        dpg.add_theme_style(dpg.mvStyleVar_ItemSpacing, layout.spacing, layout.spacing)
        dpg.add_theme_style(dpg.mvStyleVar_CellPadding, layout.spacing, layout.px(4))
        dpg.add_theme_style(dpg.mvStyleVar_WindowPadding, layout.pad, layout.pad)
        dpg.add_theme_style(dpg.mvStyleVar_FramePadding, layout.px(4), layout.px(3))
        dpg.add_theme_style(dpg.mvStyleVar_ScrollbarSize, layout.px(14))
    return theme
