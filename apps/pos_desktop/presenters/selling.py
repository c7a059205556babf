"""The sale screen: scan, quantity ×, search, quick keys, lines, discounts, park, cancel."""

from __future__ import annotations

from apps.pos_desktop.presenters.errors import device_warning, info
from apps.pos_desktop.presenters.keypad import parse_number
from apps.pos_desktop.presenters.session import Screen, TillBase, action
from apps.pos_desktop.presenters.view_models import (
    ProductList,
    ProductRow,
    product_rows,
    quick_key_id,
    suspended_rows,
)
from saleflex_core.domain.catalog import Product, QuickKeyKind
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.exceptions import NotFound, StateError, ValidationError
from saleflex_core.use_cases.auth import Override

SEARCH_LIMIT = 30


def find_products(ref: ReferenceData, text: str, limit: int = SEARCH_LIMIT) -> list[Product]:
    """Active products whose name contains ``text`` or whose PLU starts with it; a barcode
    or PLU that matches exactly comes first."""
    needle = text.strip().casefold()
    if not needle:
        raise ValidationError("Type a name or a code to search")
    hits = [
        p
        for p in ref.products.values()
        if p.active and (needle in p.name.casefold() or p.plu.startswith(needle))
    ]
    hits.sort(key=lambda p: (p.plu != needle, p.name.casefold(), p.plu))
    exact = ref.owner_of_barcode(needle)
    if exact is not None and exact.active and exact not in hits:
        hits.insert(0, exact)
    return hits[:limit]


class Selling(TillBase):
    def _scan(self, code: str) -> None:
        self._signed_in()
        sale = self.register.scan(code, quantity=self.quantity)
        self.quantity = None
        self.products = None
        self.last = None
        self.selected = sale.lines[-1].line_no

    @action
    def press_quantity(self) -> None:
        """The × key: the typed number is the quantity (or weight) of the next item."""
        quantity = parse_number(self.keypad.text, "quantity")
        self.keypad.clear()
        self.quantity = quantity
        self.message = info(f"{quantity} × — now scan or pick the item")

    @action
    def search(self, text: str) -> tuple[ProductRow, ...]:
        """PLU search by name or code; the results (at most 30) are listed to pick from."""
        self._signed_in()
        found = product_rows(find_products(self.register.ref, text), self.currency)
        self.products = ProductList(f"Search: {text.strip()}", found)
        if not found:
            self.message = info(f"Nothing matches {text.strip()!r}")
        return found

    @action
    def search_typed(self) -> tuple[ProductRow, ...] | None:
        """F3: search for what was typed on the keypad (a PLU or the start of one)."""
        found = self.search(self.keypad.text)
        if found is not None:
            self.keypad.clear()
        return found

    @action
    def pick(self, plu: str) -> None:
        """Sell the product picked from a search or department list."""
        self._scan(plu)

    @action
    def press_quick_key(self, key: str) -> None:
        """A quick key (``KeyView.key``): a PLU sells, a department lists its products."""
        self._signed_in()
        quick = next((k for k in self.register.ref.quick_keys if quick_key_id(k) == key), None)
        if quick is None:
            raise NotFound(f"There is no quick key {key}")
        if quick.kind is QuickKeyKind.PLU:
            self._scan(quick.target)
            return
        products = self.register.ref.products_of(quick.target)
        self.products = ProductList(quick.caption, product_rows(products, self.currency))

    @action
    def close_products(self) -> None:
        self.products = None

    @action
    def select_line(self, no: int) -> None:
        self._open_sale()
        assert self.register.sale is not None
        if all(line.line_no != no for line in self.register.sale.lines):
            raise ValidationError(f"There is no line {no} on this sale")
        self.selected = no

    @action
    def void_selected(self) -> None:
        """Void the selected line; after subtotal a supervisor approves it."""
        no = self._selected_line()

        def run(override: Override | None) -> None:
            self.register.void_line(no, override)
            self._select_last()
            self.message = info(f"Line {no} voided")

        self._with_supervisor(run)

    @action
    def discount_selected(self, percent: str | None = None, amount: str | None = None) -> None:
        """Discount the selected line; with no argument the typed number is a percentage."""
        no = self._selected_line()
        percent = self._typed_percent(percent, amount)
        self.register.discount_line(no, percent=percent, amount=amount)
        self.keypad.clear()

    @action
    def discount_sale(self, percent: str | None = None, amount: str | None = None) -> None:
        """Discount the whole sale; with no argument the typed number is a percentage."""
        self._open_sale()
        percent = self._typed_percent(percent, amount)
        self.register.discount_sale(percent=percent, amount=amount)
        self.keypad.clear()

    @action
    def subtotal(self) -> None:
        self._open_sale()
        self.register.subtotal()

    @action
    def suspend(self) -> None:
        """Park the open sale for later; the till is free for the next customer."""
        self._open_sale()
        self.register.suspend()
        self._clear_sale()
        self.message = info("Sale suspended")

    @action
    def show_suspended(self) -> None:
        """The list of parked sales to resume."""
        self._signed_in()
        rows = suspended_rows(self.register.suspended(), self.currency)
        if not rows:
            raise StateError("There are no suspended sales")
        self.parked = rows
        self.screen = Screen.SUSPENDED

    @action
    def resume(self, document_id: str) -> None:
        self.register.resume(document_id)
        self.parked = ()
        self.last = None
        self.screen = Screen.SALE
        self._select_last()

    @action
    def ask_cancel(self) -> None:
        """Ask before cancelling the whole sale (CONFIRM_CANCEL; answer with ``confirm``)."""
        self._open_sale()
        assert self.register.sale is not None
        total = self.register.sale.totals.total.format(self.currency)
        self._ask(f"Cancel the whole sale of {total}?", self._cancel)

    def _cancel(self) -> None:
        done = self.register.cancel()
        self._clear_sale()
        self.last = done
        self.screen = Screen.SALE
        self._after_devices(done.device_errors)
        self._refresh_counters()
        self.message = device_warning("Sale cancelled", done.device_errors)

    def _clear_sale(self) -> None:
        self.quantity = None
        self.products = None
        self.selected = None
        self.keypad.clear()

    def _selected_line(self) -> int:
        self._open_sale()
        if self.selected is None:
            raise ValidationError("Select a line first")
        return self.selected

    def _typed_percent(self, percent: str | None, amount: str | None) -> str | None:
        if percent is not None or amount is not None:
            return percent
        if not self.keypad.text:
            raise ValidationError("Type the discount percentage first")
        return self.keypad.text
