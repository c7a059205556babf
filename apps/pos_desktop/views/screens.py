"""The widgets of the register window, built once; ``app`` fills and shows them.

Every button's ``user_data`` is ``(verb, argument)`` and its callback is the app's one
dispatcher, so a click from the test script runs exactly what a mouse click runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

from apps.pos_desktop.presenters import Screen
from apps.pos_desktop.views import pads
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
SUPERVISOR_FIELDS = (("supervisor", "Supervisor id"), ("pin", "PIN"), ("reason", "Reason"))
# The widget of each form field; the text fields are the ones a keyboard types into.
FIELD_TAGS = {"supervisor": "field:supervisor", "pin": "field:pin", "reason": "field:reason"}
FIELD_TAGS["search"] = "search_text"
TEXT_FIELDS = ("field:reason", "search_text")


def build(clicked: Clicked, edited: Clicked, fonts: Fonts, themes: ButtonThemes) -> None:
    with dpg.window(tag=ROOT, no_scrollbar=True):
        dpg.add_text("", tag="status")
        fonts.bind("status", "mono")
        dpg.add_text("", tag="message")
        fonts.bind("message", "big")
        with dpg.group(horizontal=True):
            with dpg.child_window(width=LEFT_W, height=MAIN_H, tag="left"):
                _sign_in(clicked)
                _sale(clicked, fonts)
                _payment(clicked, fonts)
                _suspended()
                _confirm(clicked, fonts, themes)
                _supervisor(clicked, edited, fonts)
                _hint_panel(Screen.CASH, "Cash in / out", "Type the amount, then F1 or F2.", fonts)
                _hint_panel(
                    Screen.REPORT, "Reports", "F1 X report · type the cash counted, F2 Z", fonts
                )
                _preview(fonts)
            with dpg.child_window(width=-1, height=MAIN_H, tag="right"):
                _entry_and_keypad(clicked, edited, fonts)
        dpg.add_group(tag="fkeys")


def _sign_in(clicked: Clicked) -> None:
    with dpg.group(tag=PANELS[Screen.SIGN_IN], show=False):
        dpg.add_text("Sign in", tag="sign_in_title")
        dpg.add_text("Type your cashier number and Enter, then your PIN and Enter.", wrap=580)
        dpg.add_text("", tag="sign_in_store", color=MUTED)
        # Also what Dear PyGui's keyboard focus starts on: with no focusable widget on the
        # first screen here, it settles on the keypad and focus_item here never takes.
        dpg.add_button(
            label="Enter", tag="sign_in_enter", width=200, height=50,
            callback=clicked, user_data=("pad", "Enter"),
        )  # fmt: skip


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


def _supervisor(clicked: Clicked, edited: Clicked, fonts: Fonts) -> None:
    """Supervisor id and PIN are tapped fields the keypad types into; the reason is typed or
    picked from the action's standard reasons."""
    with dpg.group(tag=PANELS[Screen.SUPERVISOR_PIN], show=False):
        dpg.add_text("Supervisor approval", tag="sup_title")
        fonts.bind("sup_title", "big")
        dpg.add_text("", tag="sup_prompt", wrap=580)
        with dpg.table(header_row=False, policy=dpg.mvTable_SizingStretchProp, tag="sup_form"):
            dpg.add_table_column(init_width_or_weight=1.0)
            dpg.add_table_column(init_width_or_weight=3.0)
            for name, label in SUPERVISOR_FIELDS:
                with dpg.table_row():
                    dpg.add_text(label)
                    if name == "reason":
                        text_field(FIELD_TAGS[name], name, clicked, edited)
                    else:
                        dpg.add_button(
                            label=" ", tag=FIELD_TAGS[name], width=-1, height=44,
                            callback=clicked, user_data=("focus", name),
                        )  # fmt: skip
        dpg.add_group(tag="sup_reasons", horizontal=True)
        dpg.add_button(
            label="Approve (Enter)", tag="sup_ok", width=200, height=50,
            callback=clicked, user_data=("approve", None),
        )  # fmt: skip


def text_field(tag: str, name: str, clicked: Clicked, edited: Clicked, hint: str = "") -> None:
    """A text field a keyboard types into; a tap (or click) on it gives it the typing."""
    dpg.add_input_text(tag=tag, width=-1, hint=hint, callback=edited, user_data=("field", name))
    with dpg.item_handler_registry() as handlers:
        dpg.add_item_activated_handler(callback=clicked, user_data=("focus", name))
    dpg.bind_item_handler_registry(tag, handlers)


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


def _entry_and_keypad(clicked: Clicked, edited: Clicked, fonts: Fonts) -> None:
    dpg.add_text("", tag="entry_prompt", color=MUTED)
    with dpg.group(horizontal=True):
        dpg.add_text("", tag="entry_quantity")
        dpg.add_text("", tag="entry_text")
    fonts.bind("entry_text", "huge")
    fonts.bind("entry_quantity", "big")
    dpg.add_spacer(height=8)
    pads.keypad(clicked, fonts)
    pads.letters(clicked)
    dpg.add_spacer(height=8)
    with dpg.group(horizontal=True, tag="search_row"):
        with dpg.group(width=270):
            text_field("search_text", "search", clicked, edited, hint="Product name or PLU")
        dpg.add_button(
            label="Search", tag="search_go", width=80, callback=clicked, user_data=("search", None)
        )
