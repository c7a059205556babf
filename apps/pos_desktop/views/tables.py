"""The lists of the window (sale lines, payments, parked sales, products), redrawn only
when what they show has changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dearpygui.dearpygui as dpg

from apps.pos_desktop.presenters.outbox import RefusedRow
from apps.pos_desktop.presenters.view_models import (
    ProductList,
    QuickTender,
    SaleView,
    SuspendedRow,
)
from apps.pos_desktop.views.layout import Layout
from apps.pos_desktop.views.theme import MUTED, SELECTED, TEXT, ButtonThemes

Clicked = Callable[[Any, Any, Any], None]
CASH_COLOUR = "#2e7d32"


class Tables:
    def __init__(self, clicked: Clicked) -> None:
        self.clicked = clicked
        self._drawn: dict[str, object] = {}
        self._line_count = 0
        self.x = Layout(1024, 768)

    def rebuilt(self, layout: Layout) -> None:
        """The widgets were built anew (for ``layout``): everything is drawn again."""
        self.x = layout
        self._drawn.clear()
        self._line_count = 0

    def _changed(self, name: str, value: object) -> bool:
        if self._drawn.get(name) == value:
            return False
        self._drawn[name] = value
        return True

    def sale(self, view: SaleView, products: ProductList | None) -> None:
        dpg.set_value("sale_caption", view.state_caption)
        dpg.set_value("sale_subtotal", f"Subtotal   {view.subtotal}")
        sale = f"  ({view.sale_adjustment})" if view.sale_adjustment else ""
        dpg.set_value("sale_discounts", f"Discounts  {view.discounts}{sale}")
        dpg.set_value("sale_total_label", view.big_caption)
        dpg.set_value("sale_total", view.big)
        if self._changed("lines", view.lines):
            self._lines(view)
        dpg.configure_item("quick_area", show=products is None)
        dpg.configure_item("products_area", show=products is not None)
        if products is not None and self._changed("products", products):
            self._products(products)

    def _lines(self, view: SaleView) -> None:
        grew = len(view.lines) > self._line_count
        self._line_count = len(view.lines)
        dpg.delete_item("lines", children_only=True, slot=1)
        for line in view.lines:
            colour = MUTED if line.voided else SELECTED if line.selected else TEXT
            with dpg.table_row(parent="lines"):
                dpg.add_selectable(
                    label=str(line.no), tag=f"line:{line.no}", span_columns=True,
                    default_value=line.selected, tracked=line.selected, track_offset=1.0,
                    callback=self.clicked, user_data=("line", line.no),
                )  # fmt: skip
                name = f"{line.name} (void)" if line.voided else line.name
                for text in (name, line.qty, line.price, line.discount, line.amount):
                    dpg.add_text(text, color=colour)
        if grew:  # the line just scanned must be in sight; ImGui clamps to the end
            dpg.set_y_scroll("lines_scroll", 1e9)

    def _products(self, products: ProductList) -> None:
        """Sell, PLU, name, price: the name column takes what is left and wraps."""
        x = self.x
        dpg.set_value("products_title", products.title)
        dpg.delete_item("products", children_only=True)
        sell, plu, price = x.px(64), x.px(56), x.px(84)
        name = x.left_inner - sell - plu - price - 8 * x.spacing
        for label, width in (("", sell), ("PLU", plu), ("Product", name), ("Price", price)):
            dpg.add_table_column(
                label=label, parent="products", width_fixed=True, init_width_or_weight=width
            )
        for i, row in enumerate(products.rows):
            with dpg.table_row(parent="products"):
                dpg.add_button(
                    label="Sell", tag=f"pick:{i}", width=sell, height=x.px(36),
                    callback=self.clicked, user_data=("pick", row.plu),
                )  # fmt: skip
                dpg.add_text(row.plu)
                dpg.add_text(row.name, wrap=name)
                dpg.add_text(row.price)

    def payment(
        self, view: SaleView, tenders: tuple[QuickTender, ...], themes: ButtonThemes
    ) -> None:
        dpg.set_value("pay_caption", view.state_caption)
        dpg.set_value("pay_due", view.due)
        dpg.set_value("pay_change", view.change)
        dpg.set_value("pay_totals", f"Total {view.total}    Paid {view.paid}")
        if self._changed("payments", view.payments):
            dpg.delete_item("payments", children_only=True, slot=1)
            for row in view.payments:
                with dpg.table_row(parent="payments"):
                    for text in (row.name, row.amount, row.change):
                        dpg.add_text(text)
        if self._changed("tenders", tenders):
            dpg.delete_item("tenders", children_only=True)
            width = (self.x.left_inner - 3 * self.x.spacing) // 4
            for i, tender in enumerate(tenders):
                button = dpg.add_button(
                    label=tender.caption, tag=f"tender:{i}", parent="tenders", width=width,
                    height=self.x.px(56), callback=self.clicked,
                    user_data=("tender", tender.amount),
                )  # fmt: skip
                themes.paint(button, CASH_COLOUR)

    def parked(self, rows: tuple[SuspendedRow, ...]) -> None:
        if not self._changed("parked", rows):
            return
        dpg.delete_item("parked", children_only=True)
        for label in ("", "Cashier", "Items", "Total"):
            dpg.add_table_column(label=label, parent="parked")
        for i, row in enumerate(rows):
            with dpg.table_row(parent="parked"):
                dpg.add_button(
                    label="Resume", tag=f"resume:{i}", height=self.x.px(40),
                    callback=self.clicked, user_data=("resume", row.document_id),
                )  # fmt: skip
                dpg.add_text(row.cashier)
                dpg.add_text(row.items)
                dpg.add_text(row.total)

    def refused(self, rows: tuple[RefusedRow, ...]) -> None:
        """The events the upstream refused: a tap on "Send again" asks for it."""
        if not self._changed("refused", rows):
            return
        x = self.x
        dpg.delete_item("refused", children_only=True)
        button, number, when = x.px(110), x.px(48), x.px(130)
        reason = x.left_inner - button - number - when - 8 * x.spacing
        for label, width in (("", button), ("Seq.", number), ("When", when), ("Reason", reason)):
            dpg.add_table_column(
                label=label, parent="refused", width_fixed=True, init_width_or_weight=width
            )
        for i, row in enumerate(rows):
            colour = SELECTED if row.selected else TEXT
            with dpg.table_row(parent="refused"):
                dpg.add_button(
                    label="Send again", tag=f"retry:{i}", width=button, height=x.px(40),
                    callback=self.clicked, user_data=("retry", row.event_id),
                )  # fmt: skip
                dpg.add_text(row.sequence, color=colour)
                dpg.add_text(row.occurred, color=colour, wrap=when)
                tries = f"{row.tries} {'try' if row.tries == '1' else 'tries'}"
                dpg.add_text(f"{row.kind}: {row.reason} ({tries})", color=colour, wrap=reason)
