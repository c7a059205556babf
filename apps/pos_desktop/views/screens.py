"""The widgets of the register window, built for one ``Layout``; ``app`` fills and shows
them, and builds them again when the window changes size.

Every button's ``user_data`` is ``(verb, argument)`` and its callback is the app's one
dispatcher, so a click from the test script runs exactly what a mouse click runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

from apps.pos_desktop.presenters import Screen, closing, enrolment, set_up, supervisor
from apps.pos_desktop.presenters.form import Field
from apps.pos_desktop.presenters.selling import SEARCH
from apps.pos_desktop.views import pads
from apps.pos_desktop.views.layout import Layout
from apps.pos_desktop.views.theme import MUTED, TOTAL, ButtonThemes, Fonts

Clicked = Callable[[Any, Any, Any], None]

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
# The widget of each field of the presenters' forms (the first start's too, a window of its
# own before the register's); a field that takes letters is a text field a keyboard types into.
_FORM_FIELDS = (*supervisor.FIELDS, *closing.FIELDS, *set_up.FIELDS, *enrolment.FIELDS)
FIELD_TAGS = {f.name: f"field:{f.name}" for f in _FORM_FIELDS} | {SEARCH.name: "search_text"}
TEXT_FIELDS = tuple(FIELD_TAGS[f.name] for f in (*_FORM_FIELDS, SEARCH) if f.letters)
_HANDLERS = {tag: f"handlers:{tag}" for tag in TEXT_FIELDS}


def delete_roots(*roots: str) -> None:
    """Delete windows with their widgets, and the text fields' handlers, to build anew."""
    for tag in (*roots, *_HANDLERS.values()):
        if dpg.does_item_exist(tag):
            dpg.delete_item(tag)


class Builder:
    """Builds every widget for one layout, with the app's click and edit callbacks."""

    def __init__(self, clicked: Clicked, edited: Clicked, fonts: Fonts, themes: ButtonThemes):
        self.clicked = clicked
        self.edited = edited
        self.fonts = fonts
        self.themes = themes
        self.x = Layout(1024, 768)

    def build(self, layout: Layout) -> None:
        """(Re)build the window: the old widgets go, the till's state stays in the till."""
        self.x = x = layout
        delete_roots(ROOT)
        with dpg.window(tag=ROOT, no_scrollbar=True):
            for tag in ("status", "status_sync"):
                dpg.add_text("", tag=tag)
                self.fonts.bind(tag, "mono")
            with dpg.child_window(height=x.message_h, border=False, no_scrollbar=True):
                dpg.add_text("", tag="message", wrap=x.inner_w - x.pad)
                self.fonts.bind("message", "big")
            with dpg.group(horizontal=True):
                with dpg.child_window(width=x.left_w, height=x.main_h, tag="left"):
                    self._panels()
                with dpg.child_window(width=-1, height=x.main_h, tag="right"):
                    self._entry_and_keypad()
            dpg.add_group(tag="fkeys")

    def _panels(self) -> None:
        x = self.x
        self._sign_in()
        self._sale()
        self._payment()
        with dpg.group(tag=PANELS[Screen.SUSPENDED], show=False):
            dpg.add_text("Suspended sales: pick one to resume", wrap=x.left_inner)
            dpg.add_table(tag="parked", header_row=False, row_background=True)
        self._confirm()
        self._supervisor()
        self._hint_panel(Screen.CASH, "Cash in / out", "Type the amount, then F1 or F2.")
        self._hint_panel(
            Screen.REPORT, "Reports", "F1 X report · F2 Z closure: count the drawer first"
        )
        self._closing()
        self._sync()
        with dpg.group(tag=PANELS[Screen.PREVIEW], show=False):
            dpg.add_text("", tag="preview_title")
            with dpg.child_window(height=-1, horizontal_scrollbar=True):
                dpg.add_text("", tag="preview_text")
                self.fonts.bind("preview_text", "mono")

    def _sign_in(self) -> None:
        x = self.x
        with dpg.group(tag=PANELS[Screen.SIGN_IN], show=False):
            dpg.add_text("Sign in", tag="sign_in_title")
            self.fonts.bind("sign_in_title", "huge")
            dpg.add_text(
                "Type your cashier number and Enter, then your PIN and Enter.", wrap=x.left_inner
            )
            dpg.add_text("", tag="sign_in_store", color=MUTED, wrap=x.left_inner)
            # Also what Dear PyGui's keyboard focus starts on: with no focusable widget on
            # the first screen here, it settles on the keypad and focus_item here never takes.
            self._button("Enter", "sign_in_enter", ("pad", "Enter"), x.px(200), x.px(50))

    def _sale(self) -> None:
        x = self.x
        with dpg.group(tag=PANELS[Screen.SALE], show=False):
            with (
                dpg.child_window(height=x.lines_h, border=False, tag="lines_scroll"),
                dpg.table(
                    tag="lines", header_row=True, row_background=True, borders_innerH=True,
                    policy=dpg.mvTable_SizingStretchProp,
                ),
            ):  # fmt: skip
                for label, weight in LINE_COLUMNS:
                    dpg.add_table_column(label=label, init_width_or_weight=weight)
            self._totals()
            dpg.add_group(tag="quick_pages", horizontal=True)
            dpg.add_child_window(tag="quick_area", height=-1, border=False)
            with dpg.group(tag="products_area", show=False):
                with dpg.group(horizontal=True):
                    dpg.add_text("", tag="products_title")
                    self._button("Close", "products_close", ("close", None), x.px(90), 0)
                with dpg.child_window(height=-1, border=False):
                    dpg.add_table(tag="products", header_row=False, row_background=True)

    def _totals(self) -> None:
        """The state and the small totals on the left, the big number in a fixed column on
        the right: a long caption wraps, it never pushes the total sideways."""
        x = self.x
        with dpg.table(header_row=False, policy=dpg.mvTable_SizingFixedFit, tag="totals"):
            dpg.add_table_column(width_fixed=True, init_width_or_weight=x.half_w)
            dpg.add_table_column(width_fixed=True, init_width_or_weight=x.half_w)
            with dpg.table_row():
                with dpg.group():
                    dpg.add_text("", tag="sale_caption", wrap=x.half_w)
                    dpg.add_text("", tag="sale_subtotal", color=MUTED)
                    dpg.add_text("", tag="sale_discounts", color=MUTED, wrap=x.half_w)
                with dpg.group():
                    dpg.add_text("TOTAL", tag="sale_total_label", color=MUTED)
                    dpg.add_text("", tag="sale_total", color=TOTAL)
                    self.fonts.bind("sale_total", "huge")

    def _payment(self) -> None:
        x = self.x
        with dpg.group(tag=PANELS[Screen.PAYMENT], show=False):
            dpg.add_text("", tag="pay_caption", wrap=x.left_inner)
            self.fonts.bind("pay_caption", "big")
            with dpg.table(header_row=False, policy=dpg.mvTable_SizingFixedFit):
                dpg.add_table_column(width_fixed=True, init_width_or_weight=x.half_w)
                dpg.add_table_column(width_fixed=True, init_width_or_weight=x.half_w)
                with dpg.table_row():
                    for label, tag, colour in (
                        ("DUE", "pay_due", TOTAL),
                        ("CHANGE", "pay_change", None),
                    ):
                        with dpg.group():
                            dpg.add_text(label, color=MUTED)
                            dpg.add_text(
                                "", tag=tag, **({} if colour is None else {"color": colour})
                            )
                            self.fonts.bind(tag, "huge")
            dpg.add_text("", tag="pay_totals")
            with dpg.table(tag="payments", header_row=True, row_background=True, height=x.px(110)):
                for label in ("Payment", "Tendered", "Change"):
                    dpg.add_table_column(label=label)
            dpg.add_text("Quick cash", color=MUTED)
            dpg.add_group(tag="tenders", horizontal=True)
            dpg.add_text(
                "Type an amount, then a payment key (F2...). Enter pays the rest in cash.",
                wrap=x.left_inner, color=MUTED,
            )  # fmt: skip

    def _confirm(self) -> None:
        x = self.x
        with dpg.group(tag=PANELS[Screen.CONFIRM_CANCEL], show=False):
            dpg.add_text("", tag="question", wrap=x.left_inner)
            self.fonts.bind("question", "big")
            with dpg.group(horizontal=True):
                yes = self._button(
                    "Yes, cancel", "confirm_yes", ("confirm", True), x.half_w, x.px(60)
                )
                no = self._button("No", "confirm_no", ("confirm", False), x.half_w, x.px(60))
            self.themes.paint(yes, "#b23b3b")
            self.themes.paint(no, "#455a64")

    def _supervisor(self) -> None:
        """Supervisor id and PIN are tapped fields the keypad types into; the reason is
        typed or picked from the action's standard reasons."""
        x = self.x
        with dpg.group(tag=PANELS[Screen.SUPERVISOR_PIN], show=False):
            dpg.add_text("Supervisor approval", tag="sup_title")
            self.fonts.bind("sup_title", "big")
            dpg.add_text("", tag="sup_prompt", wrap=x.left_inner)
            self.field_rows(supervisor.FIELDS, (1.0, 2.6))
            dpg.add_group(tag="sup_reasons")
            self._button("Approve (Enter)", "sup_ok", ("approve", None), x.half_w, x.px(50))

    def _closing(self) -> None:
        """The Z's form: the cash counted and the float left are tapped fields the keypad
        types into; the note says what stays in the drawer and what is taken out."""
        x = self.x
        with dpg.group(tag=PANELS[Screen.CLOSE_PERIOD], show=False):
            self.fonts.bind(dpg.add_text("Z closure"), "big")
            dpg.add_text(
                "Count the drawer. The float left stays in it for the next period.",
                wrap=x.left_inner,
            )
            self.field_rows(closing.FIELDS)
            dpg.add_text("", tag="close_note", wrap=x.left_inner, color=MUTED)
            self._button("Close period (F2)", "close_ok", ("z", None), x.half_w, x.px(50))

    def _sync(self) -> None:
        """The upstream's state, and the events it refused with its reasons."""
        x = self.x
        with dpg.group(tag=PANELS[Screen.SYNC], show=False):
            self.fonts.bind(dpg.add_text("Sync with OFFICE / GATE"), "big")
            dpg.add_text("", tag="sync_state", wrap=x.left_inner)
            dpg.add_text("", tag="sync_times", wrap=x.left_inner, color=MUTED)
            dpg.add_text("", tag="sync_refused_title", wrap=x.left_inner)
            with dpg.child_window(height=-1, border=False):
                dpg.add_table(tag="refused", header_row=True, row_background=True)
        with dpg.group(tag=PANELS[Screen.ENROL], show=False):
            self.fonts.bind(dpg.add_text("Connect to OFFICE / GATE"), "big")
            dpg.add_text(
                "Upstream's address and this register's one-time enrolment code: the "
                "register gets its identity and the store's master data, then syncs. "
                "Only a register with empty books, approved by a supervisor.",
                wrap=x.left_inner,
            )
            self.field_rows(enrolment.FIELDS, (1.2, 2.4))
            self._button("Connect (F1)", "enrol_ok", ("enrol", None), x.half_w, x.px(50))

    def field_rows(
        self, fields: tuple[Field, ...], weights: tuple[float, float] = (1.4, 2.2)
    ) -> None:
        """A label and a field per row: a text field for one that takes letters, else a
        tapped field the keypad types into once it has the focus."""
        x = self.x
        with dpg.table(header_row=False, policy=dpg.mvTable_SizingStretchProp):
            for weight in weights:
                dpg.add_table_column(init_width_or_weight=weight)
            for field in fields:
                tag = FIELD_TAGS[field.name]
                with dpg.table_row():
                    dpg.add_text(field.label)
                    if field.letters:
                        self.text_field(tag, field.name)
                    else:
                        self._button(" ", tag, ("focus", field.name), -1, x.px(44))

    def text_field(self, tag: str, name: str, hint: str = "") -> None:
        """A text field a keyboard types into; a tap (or click) on it gives it the typing."""
        dpg.add_input_text(
            tag=tag, width=-1, hint=hint, callback=self.edited, user_data=("field", name)
        )
        with dpg.item_handler_registry(tag=_HANDLERS[tag]):
            dpg.add_item_activated_handler(callback=self.clicked, user_data=("focus", name))
        dpg.bind_item_handler_registry(tag, _HANDLERS[tag])

    def _hint_panel(self, screen: Screen, title: str, hint: str) -> None:
        with dpg.group(tag=PANELS[screen], show=False):
            self.fonts.bind(dpg.add_text(title), "big")
            dpg.add_text(hint, wrap=self.x.left_inner)

    def _entry_and_keypad(self) -> None:
        x = self.x
        dpg.add_text("", tag="entry_prompt", color=MUTED, wrap=x.right_inner)
        with dpg.group(horizontal=True):
            dpg.add_text("", tag="entry_quantity")
            dpg.add_text("", tag="entry_text")
        self.fonts.bind("entry_text", "huge")
        self.fonts.bind("entry_quantity", "big")
        pads.keypad(self.clicked, self.fonts, x)
        pads.letters(self.clicked, x)
        with dpg.group(horizontal=True, tag="search_row"):
            with dpg.group(width=x.right_inner - x.px(90) - x.spacing):
                self.text_field("search_text", "search", hint="Product name or PLU")
            self._button("Search", "search_go", ("search", None), x.px(90), 0)

    def _button(
        self, label: str, tag: str, user_data: tuple[str, Any], width: int, height: int
    ) -> int | str:
        button: int | str = dpg.add_button(
            label=label, tag=tag, width=width, height=height,
            callback=self.clicked, user_data=user_data,
        )  # fmt: skip
        return button
