"""The widgets of the register window, built once; ``app`` fills and shows them.

Every button's ``user_data`` is ``(verb, argument)`` and its callback is the app's one
dispatcher, so a click from the test script runs exactly what a mouse click runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

from apps.pos_desktop.presenters import Screen
from apps.pos_desktop.presenters.view_models import KeyView
from apps.pos_desktop.views.theme import MUTED, TOTAL, ButtonThemes, Fonts

Clicked = Callable[[Any, Any, Any], None]

WIDTH, HEIGHT = 1024, 768
LEFT_W, MAIN_H = 620, 540
ROOT = "root"
PANELS = {screen: f"panel:{screen.value}" for screen in Screen}
LINE_COLUMNS = (
    ("#", 0.25),
    ("Item", 2.2),
    ("Qty", 0.6),
    ("Price", 0.8),
    ("Disc.", 0.7),
    ("Amount", 0.9),
)
KEYPAD = (
    ("7", "8", "9", "Backspace"),
    ("4", "5", "6", "Clear"),
    ("1", "2", "3", "Enter"),
    ("0", "00", ".", "Esc"),
)
_PAD_CAPTIONS = {"Backspace": "<-", "Clear": "C", "Esc": "Esc"}
QUICK_COLUMNS = 6


def build(clicked: Clicked, fonts: Fonts, themes: ButtonThemes) -> None:
    with dpg.window(tag=ROOT, no_scrollbar=True):
        dpg.add_text("", tag="status")
        fonts.bind("status", "mono")
        dpg.add_text("", tag="message")
        fonts.bind("message", "big")
        with dpg.group(horizontal=True):
            with dpg.child_window(width=LEFT_W, height=MAIN_H, tag="left"):
                _sign_in()
                _sale(clicked, fonts)
                _payment(clicked, fonts)
                _suspended()
                _confirm(clicked, fonts, themes)
                _supervisor(clicked, fonts)
                _hint_panel(Screen.CASH, "Cash in / out", "Type the amount, then F1 or F2.", fonts)
                _hint_panel(
                    Screen.REPORT, "Reports", "F1 X report · type the cash counted, F2 Z", fonts
                )
                _preview(fonts)
            with dpg.child_window(width=-1, height=MAIN_H, tag="right"):
                _entry_and_keypad(clicked, fonts)
        dpg.add_group(tag="fkeys")


def _sign_in() -> None:
    with dpg.group(tag=PANELS[Screen.SIGN_IN], show=False):
        dpg.add_text("Sign in", tag="sign_in_title")
        dpg.add_text("Type your cashier number and Enter, then your PIN and Enter.", wrap=580)
        dpg.add_text("", tag="sign_in_store", color=MUTED)


def _sale(clicked: Clicked, fonts: Fonts) -> None:
    with dpg.group(tag=PANELS[Screen.SALE], show=False):
        with dpg.child_window(height=250, border=False, tag="lines_scroll"):
            _line_table("lines")
        with dpg.group(horizontal=True):
            with dpg.group(width=300):
                dpg.add_text("", tag="sale_caption")
                dpg.add_text("", tag="sale_subtotal", color=MUTED)
                dpg.add_text("", tag="sale_discounts", color=MUTED)
            with dpg.group():
                dpg.add_text("TOTAL", color=MUTED)
                dpg.add_text("", tag="sale_total", color=TOTAL)
                fonts.bind("sale_total", "huge")
        dpg.add_group(tag="quick_area")
        with dpg.group(tag="products_area", show=False):
            with dpg.group(horizontal=True):
                dpg.add_text("", tag="products_title")
                dpg.add_button(
                    label="Close", tag="products_close", callback=clicked, user_data=("close", None)
                )
            with dpg.child_window(height=150, border=False):
                dpg.add_table(tag="products", header_row=False, row_background=True)


def _line_table(tag: str) -> None:
    with dpg.table(
        tag=tag,
        header_row=True,
        row_background=True,
        borders_innerH=True,
        policy=dpg.mvTable_SizingStretchProp,
    ):
        for label, weight in LINE_COLUMNS:
            dpg.add_table_column(label=label, init_width_or_weight=weight)


def _payment(clicked: Clicked, fonts: Fonts) -> None:
    with dpg.group(tag=PANELS[Screen.PAYMENT], show=False):
        dpg.add_text("", tag="pay_caption")
        fonts.bind("pay_caption", "big")
        with dpg.group(horizontal=True):
            with dpg.group(width=290):
                dpg.add_text("DUE", color=MUTED)
                dpg.add_text("", tag="pay_due", color=TOTAL)
                fonts.bind("pay_due", "huge")
            with dpg.group():
                dpg.add_text("CHANGE", color=MUTED)
                dpg.add_text("", tag="pay_change")
                fonts.bind("pay_change", "huge")
        dpg.add_text("", tag="pay_totals")
        with dpg.table(tag="payments", header_row=True, row_background=True, height=120):
            for label in ("Payment", "Tendered", "Change"):
                dpg.add_table_column(label=label)
        dpg.add_text("Quick cash", color=MUTED)
        dpg.add_group(tag="tenders", horizontal=True)
        dpg.add_text(
            "Type an amount, then a payment key (F2...). Enter pays the rest in cash.",
            wrap=590,
            color=MUTED,
        )


def _suspended() -> None:
    with dpg.group(tag=PANELS[Screen.SUSPENDED], show=False):
        dpg.add_text("Suspended sales: pick one to resume")
        dpg.add_table(tag="parked", header_row=False, row_background=True)


def _confirm(clicked: Clicked, fonts: Fonts, themes: ButtonThemes) -> None:
    with dpg.group(tag=PANELS[Screen.CONFIRM_CANCEL], show=False):
        dpg.add_text("", tag="question", wrap=580)
        fonts.bind("question", "big")
        with dpg.group(horizontal=True):
            yes = dpg.add_button(
                label="Yes, cancel", tag="confirm_yes", width=200, height=60,
                callback=clicked, user_data=("confirm", True),
            )  # fmt: skip
            no = dpg.add_button(
                label="No", tag="confirm_no", width=200, height=60,
                callback=clicked, user_data=("confirm", False),
            )  # fmt: skip
        themes.paint(yes, "#b23b3b")
        themes.paint(no, "#455a64")


def _supervisor(clicked: Clicked, fonts: Fonts) -> None:
    with dpg.group(tag=PANELS[Screen.SUPERVISOR_PIN], show=False):
        dpg.add_text("Supervisor approval", tag="sup_title")
        fonts.bind("sup_title", "big")
        dpg.add_text("", tag="sup_prompt", wrap=580)
        dpg.add_input_text(label="Supervisor id", tag="sup_id", width=200)
        dpg.add_input_text(label="PIN", tag="sup_pin", password=True, width=200)
        dpg.add_input_text(label="Reason", tag="sup_reason", width=360)
        dpg.add_button(
            label="Approve (Enter)", tag="sup_ok", width=200, height=50,
            callback=clicked, user_data=("approve", None),
        )  # fmt: skip


def _hint_panel(screen: Screen, title: str, hint: str, fonts: Fonts) -> None:
    with dpg.group(tag=PANELS[screen], show=False):
        fonts.bind(dpg.add_text(title), "big")
        dpg.add_text(hint, wrap=580)


def _preview(fonts: Fonts) -> None:
    with dpg.group(tag=PANELS[Screen.PREVIEW], show=False):
        dpg.add_text("", tag="preview_title")
        with dpg.child_window(height=-1, horizontal_scrollbar=True):
            dpg.add_text("", tag="preview_text")
            fonts.bind("preview_text", "mono")


def _entry_and_keypad(clicked: Clicked, fonts: Fonts) -> None:
    dpg.add_text("", tag="entry_prompt", color=MUTED)
    with dpg.group(horizontal=True):
        dpg.add_text("", tag="entry_quantity")
        dpg.add_text("", tag="entry_text")
    fonts.bind("entry_text", "huge")
    fonts.bind("entry_quantity", "big")
    dpg.add_spacer(height=8)
    for row in KEYPAD:
        with dpg.group(horizontal=True):
            for name in row:
                dpg.add_button(
                    label=_PAD_CAPTIONS.get(name, name), tag=f"pad:{name}", width=85, height=62,
                    callback=clicked, user_data=("pad", name),
                )  # fmt: skip
                fonts.bind(f"pad:{name}", "big")
    dpg.add_spacer(height=8)
    with dpg.group(horizontal=True, tag="search_row"):
        dpg.add_input_text(tag="search_text", hint="Product name or PLU", width=270)
        dpg.add_button(
            label="Search", tag="search_go", width=80, callback=clicked, user_data=("search", None)
        )


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
