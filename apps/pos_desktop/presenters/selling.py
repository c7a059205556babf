"""The sale screen: scan, quantity ×, search, quick keys, lines, park, cancel (its F5 and
F7 discounts are ``discounts``)."""

from __future__ import annotations

from decimal import Decimal

from apps.pos_desktop.presenters.desk import Controller, Desk, Screen, action
from apps.pos_desktop.presenters.dialogs import ConfirmController
from apps.pos_desktop.presenters.errors import device_warning, info
from apps.pos_desktop.presenters.form import Field, Form
from apps.pos_desktop.presenters.keypad import parse_number
from apps.pos_desktop.presenters.search import find_products
from apps.pos_desktop.presenters.status import StatusController
from apps.pos_desktop.presenters.supervisor import SupervisorController
from apps.pos_desktop.presenters.view_models import (
    ProductList,
    ProductRow,
    product_rows,
    quick_key_id,
)
from saleflex_core.domain.catalog import QuickKeyKind
from saleflex_core.exceptions import NotFound, ValidationError
from saleflex_core.use_cases.auth import Override
from saleflex_core.use_cases.results import Finished

VOID_REASONS = ("Customer changed mind", "Scanned in error", "Damaged item", "Price query")
SEARCH = Field("search", "Search: name or PLU", letters=True)


class SaleController(Controller):
    """SALE: what is being sold, and what the sale screen remembers between keys."""

    prompt = "Scan or type a PLU"

    def __init__(
        self,
        desk: Desk,
        *,
        supervisor: SupervisorController,
        confirm: ConfirmController,
        status: StatusController,
    ) -> None:
        super().__init__(desk)
        self.supervisor = supervisor
        self.confirm = confirm
        self.status = status
        self.quantity: Decimal | None = None  # the "×" key's quantity for the next scan
        self.selected: int | None = None
        self.products: ProductList | None = None  # a department's or a search's list
        self.last: Finished | None = None  # the sale just finished, shown until the next
        # The search field takes the typing once tapped (or after F3 with nothing typed).
        self.search_form = Form(SEARCH, focused=False)
        pages = sorted({k.page for k in self.register.ref.quick_keys})
        self.page = pages[0] if pages else 1  # the quick-key page on show
        self.select_last()

    def scan(self, code: str) -> None:
        self.desk.signed_in()
        sale = self.register.scan(code, quantity=self.quantity)
        self.quantity = None
        self.products = None
        self.last = None
        self.selected = sale.lines[-1].line_no

    def enter(self, text: str | None) -> None:
        if self.search_form.focus is not None:
            self.search_field()
        else:
            self.scan(self.desk.keypad.take() if text is None else text)

    def type_key(self, name: str) -> None:
        if self.search_form.focus is None:
            super().type_key(name)
        elif name == "Backspace":
            self.search_form.backspace()
        else:
            self.search_form.type(name)

    def clear(self) -> None:
        if self.search_form.focus is None:
            super().clear()
        else:
            self.search_form.clear()

    def entry(self) -> tuple[str, str]:
        field = self.search_form.view().focused
        return super().entry() if field is None else (field.label, field.text)

    def back(self) -> None:
        """Esc: leave the search field, clear what was typed, close a list, forget the
        quantity, then put the finished sale away."""
        if self.search_form.focus is not None:
            self.search_form.reset()
        elif self.desk.keypad.text:
            self.desk.keypad.clear()
        elif self.products is not None:
            self.products = None
        elif self.quantity is not None:
            self.quantity = None
        else:
            self.last = None  # the finished sale's change was seen: a clean idle screen

    @action
    def press_quantity(self) -> None:
        """The × key: the typed number is the quantity (or weight) of the next item."""
        quantity = parse_number(self.desk.keypad.text, "quantity")
        self.desk.keypad.clear()
        self.quantity = quantity
        self.desk.message = info(f"{quantity} × — now scan or pick the item")

    @action
    def search(self, text: str) -> tuple[ProductRow, ...]:
        """PLU search by name or code; the results (at most 30) are listed to pick from."""
        self.desk.signed_in()
        found = product_rows(find_products(self.register.ref, text), self.desk.currency)
        self.products = ProductList(f"Search: {text.strip()}", found)
        if not found:
            self.desk.message = info(f"Nothing matches {text.strip()!r}")
        return found

    @action
    def search_typed(self) -> tuple[ProductRow, ...] | None:
        """F3: search for what was typed on the keypad (a PLU or the start of one); with
        nothing typed, the search field takes the typing."""
        if not self.desk.keypad.text.strip():
            self.focus_search()
            return None
        found = self.search(self.desk.keypad.text)
        if found is not None:
            self.desk.keypad.clear()
        return found

    @action
    def focus_search(self) -> None:
        """A tap on the search field: the keypad, letters or keyboard type into it."""
        self.desk.signed_in()
        self.search_form.focus_on("search")
        self.desk.message = info("Type a name or a PLU, then Enter")

    @action
    def typed_search(self, text: str) -> None:
        """What a keyboard typed straight into the search field's widget."""
        self.search_form.set("search", text)

    @action
    def search_field(self) -> tuple[ProductRow, ...] | None:
        """Search for what the search field holds; found, the field is emptied."""
        found = self.search(self.search_form.values["search"])
        if found:
            self.search_form.reset()
        return found

    @action
    def pick(self, plu: str) -> None:
        """Sell the product picked from a search or department list."""
        self.scan(plu)

    @action
    def press_quick_key(self, key: str) -> None:
        """A quick key (``KeyView.key``): a PLU sells, a department lists its products."""
        self.desk.signed_in()
        quick = next((k for k in self.register.ref.quick_keys if quick_key_id(k) == key), None)
        if quick is None:
            raise NotFound(f"There is no quick key {key}")
        if quick.kind is QuickKeyKind.PLU:
            self.scan(quick.target)
            return
        products = self.register.ref.products_of(quick.target)
        self.products = ProductList(quick.caption, product_rows(products, self.desk.currency))

    @action
    def show_page(self, page: int) -> None:
        """Show another page of the store's quick keys."""
        if all(k.page != page for k in self.register.ref.quick_keys):
            raise NotFound(f"There is no quick-key page {page}")
        self.page = page
        self.products = None

    @action
    def close_products(self) -> None:
        self.products = None

    @action
    def select_line(self, no: int) -> None:
        sale = self.desk.open_sale()
        if all(line.line_no != no for line in sale.lines):
            raise ValidationError(f"There is no line {no} on this sale")
        self.selected = no

    @action
    def move_selection(self, step: int) -> None:
        """Up or Down: the line above or below is selected (a keyboard's line tap)."""
        sale = self.desk.open_sale()
        numbers = [line.line_no for line in sale.lines]
        at = numbers.index(self.selected) if self.selected in numbers else len(numbers)
        self.selected = numbers[max(0, min(len(numbers) - 1, at + step))]

    @action
    def void_selected(self) -> None:
        """Void the selected line; after subtotal a supervisor approves it."""
        no = self.selected_line()

        def run(override: Override | None) -> None:
            self.register.void_line(no, override)
            self.select_last()
            self.desk.message = info(f"Line {no} voided")

        self.supervisor.run(run, VOID_REASONS)

    @action
    def subtotal(self) -> None:
        self.desk.open_sale()
        self.register.subtotal()

    @action
    def suspend(self) -> None:
        """Park the open sale for later; the till is free for the next customer."""
        self.desk.open_sale()
        self.register.suspend()
        self.reset()
        self.desk.message = info("Sale suspended")

    @action
    def ask_cancel(self) -> None:
        """Ask before cancelling the whole sale (CONFIRM_CANCEL; answered on that screen)."""
        total = self.desk.open_sale().totals.total.format(self.desk.currency)
        self.confirm.ask(f"Cancel the whole sale of {total}?", self._cancel)

    def _cancel(self) -> None:
        done = self.register.cancel()
        self.finished(done)
        self.desk.message = device_warning("Sale cancelled", done.device_errors)

    def finished(self, done: Finished) -> None:
        """A sale was completed or cancelled: show it until the next one starts."""
        self.reset()
        self.last = done
        self.desk.screen = Screen.SALE
        self.status.after_booking(done.device_errors)

    def resumed(self) -> None:
        self.last = None
        self.desk.screen = Screen.SALE
        self.select_last()

    def select_last(self) -> None:
        sale = self.register.sale
        live = [] if sale is None else [x.line_no for x in sale.lines if not x.voided]
        self.selected = live[-1] if live else None

    def reset(self) -> None:
        """Nothing typed, no quantity, no list, no line selected."""
        self.quantity = None
        self.products = None
        self.selected = None
        self.search_form.reset()
        self.desk.keypad.clear()

    def selected_line(self) -> int:
        """The selected line of the open sale (``ValidationError`` when none is)."""
        self.desk.open_sale()
        if self.selected is None:
            raise ValidationError("Select a line first")
        return self.selected
