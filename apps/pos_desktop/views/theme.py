"""Fonts and colours of the register window."""

from __future__ import annotations

from pathlib import Path

import dearpygui.dearpygui as dpg

from apps.pos_desktop.presenters import Severity

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
    """The fonts by role; ``None`` where no TrueType font was found (the default is used)."""

    def __init__(self) -> None:
        self.body: int | str | None = None
        self.big: int | str | None = None
        self.huge: int | str | None = None
        self.mono: int | str | None = None

    def load(self) -> None:
        sans, mono = _find("DejaVuSans.ttf"), _find("DejaVuSansMono.ttf")
        with dpg.font_registry():
            if sans is not None:
                self.body = _font(sans, 17)
                self.big = _font(sans, 24)
                self.huge = _font(sans, 44)
            if mono is not None:
                self.mono = _font(mono, 15)
        if self.body is not None:
            dpg.bind_font(self.body)
        else:
            dpg.set_global_font_scale(1.3)

    def bind(self, item: int | str, role: str) -> None:
        font = getattr(self, role)
        if font is not None:
            dpg.bind_item_font(item, font)


def _find(name: str) -> Path | None:
    for folder in _FONT_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return path
    return None


def _font(path: Path, size: int) -> int | str:
    font: int | str = dpg.add_font(str(path), size)
    return font


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


def window_theme() -> int | str:
    """Roomier spacing for touch use."""
    theme: int | str
    with dpg.theme() as theme, dpg.theme_component(dpg.mvAll):
        dpg.add_theme_style(dpg.mvStyleVar_ItemSpacing, 6, 6)
        dpg.add_theme_style(dpg.mvStyleVar_CellPadding, 6, 4)
        dpg.add_theme_style(dpg.mvStyleVar_WindowPadding, 8, 8)
    return theme
