"""Discounts on the sale screen: give, change and take back, by F5 (the selected line) and
F7 (the whole sale).

A percentage typed, then F5 or F7, discounts the line or the sale; one it already has
(discount or surcharge) is replaced by the new one. With nothing typed, F5 or F7 on a
line or a sale that has one asks, then takes it back: "Remove the sale discount of 10 %
(-1.03)?", F1 yes, Esc no. Taking one back needs what giving one needs (the core decides:
a signed-in cashier, items still open), so the window asks for nothing more.
"""

from __future__ import annotations

from apps.pos_desktop.presenters.desk import Controller, Desk, action
from apps.pos_desktop.presenters.dialogs import ConfirmController
from apps.pos_desktop.presenters.errors import info
from apps.pos_desktop.presenters.selling import SaleController
from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import ValidationError

REMOVE = "Yes, remove"


class DiscountController(Controller):
    """Not a screen of its own: the sale screen's F5 and F7."""

    def __init__(self, desk: Desk, *, sale: SaleController, confirm: ConfirmController) -> None:
        super().__init__(desk)
        self.sale = sale
        self.confirm = confirm

    @action
    def discount_selected(self, percent: str | None = None, amount: str | None = None) -> None:
        """F5: discount the selected line by the typed percentage (or ``percent`` or
        ``amount``), replacing one it has; with nothing typed, take its own back."""
        no = self.sale.selected_line()
        line = next(x for x in self.desk.open_sale().lines if x.line_no == no)
        if self._nothing_given(percent, amount) and line.adjustment is not None:
            what = f"{self._kind(line.adjustment)} of line {no}"
            detail = self._detail(line.adjustment, line.adjustment_amount)
            self.confirm.ask(
                f"Remove the {what} ({detail})?",
                lambda: self._removed_from_line(no, what),
                yes=REMOVE,
            )
            return
        percent = self._typed_percent(percent, amount)
        done = self.register.discount_line(no, percent=percent, amount=amount)
        self.desk.keypad.clear()
        now = next(x for x in done.lines if x.line_no == no).adjustment
        self.desk.message = info(self._given(f"Line {no}", line.adjustment, now))

    @action
    def discount_sale(self, percent: str | None = None, amount: str | None = None) -> None:
        """F7: discount the whole sale by the typed percentage (or ``percent`` or
        ``amount``), replacing one it has; with nothing typed, take its own back."""
        sale = self.desk.open_sale()
        had = sale.adjustment
        if self._nothing_given(percent, amount) and had is not None:
            what = f"sale {self._kind(had)}"
            detail = self._detail(had, sale.totals.document_adjustment)
            self.confirm.ask(
                f"Remove the {what} ({detail})?",
                lambda: self._removed_from_sale(what),
                yes=REMOVE,
            )
            return
        percent = self._typed_percent(percent, amount)
        done = self.register.discount_sale(percent=percent, amount=amount)
        self.desk.keypad.clear()
        self.desk.message = info(self._given("Sale", had, done.adjustment))

    def _removed_from_line(self, no: int, what: str) -> None:
        self.register.remove_line_adjustment(no)
        self.desk.message = info(f"The {what} was removed")

    def _removed_from_sale(self, what: str) -> None:
        self.register.remove_sale_adjustment()
        self.desk.message = info(f"The {what} was removed")

    def _nothing_given(self, percent: str | None, amount: str | None) -> bool:
        return percent is None and amount is None and not self.desk.keypad.text.strip()

    def _typed_percent(self, percent: str | None, amount: str | None) -> str | None:
        if percent is not None or amount is not None:
            return percent
        if not self.desk.keypad.text:
            raise ValidationError("Type the discount percentage first")
        return self.desk.keypad.text

    def _given(self, what: str, had: Adjustment | None, now: Adjustment | None) -> str:
        """``Sale discount 10 %``, or ``... changed to 10 %`` when it replaced one."""
        changed = "changed to " if had is not None else ""
        return f"{what} discount {changed}{self._describe(now)}"

    def _detail(self, adjustment: Adjustment, effect: Money) -> str:
        """``10 %, -1.03`` (a percentage and what it makes), or ``-0.50``."""
        signed = effect.format(self.desk.currency)
        return signed if adjustment.percent is None else f"{adjustment.percent} %, {signed}"

    def _describe(self, adjustment: Adjustment | None) -> str:
        if adjustment is None:
            return ""
        if adjustment.percent is not None:
            return f"{adjustment.percent} %"
        return "" if adjustment.amount is None else adjustment.amount.format(self.desk.currency)

    def _kind(self, adjustment: Adjustment) -> str:
        return "discount" if adjustment.is_discount else "surcharge"
