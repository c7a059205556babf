"""What each screen draws: frozen values of plain strings, built from the core's results.

Money is formatted with ``Money.format`` (never through float); the view only lays out text.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from attrs import frozen

from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.catalog import Product, QuickKey, SoldBy
from saleflex_core.domain.document import DocumentState
from saleflex_core.domain.line import Line
from saleflex_core.domain.money import Currency, Money
from saleflex_core.use_cases.results import Finished, SaleState


@frozen
class LineRow:
    """One row of the sale's list; ``discount`` is signed ("-0.13"), empty when none."""

    no: int
    name: str
    qty: str
    price: str
    discount: str
    amount: str
    voided: bool
    selected: bool = False


@frozen
class PaymentRow:
    name: str
    amount: str
    change: str


@frozen
class SaleView:
    """The sale screen's list and totals. The big number is ``big`` under ``big_caption``:
    the total of the open sale, the change of the sale just paid."""

    lines: tuple[LineRow, ...]
    subtotal: str
    discounts: str
    total: str
    due: str
    change: str
    paid: str
    payments: tuple[PaymentRow, ...]
    state_caption: str
    big_caption: str = "TOTAL"
    big: str = ""
    sale_adjustment: str = ""  # "sale 10 %" while the sale has a discount of its own


@frozen
class StatusBar:
    """``upstream`` is the whole phrase of the sync line; ``outbox_depth``, ``oldest`` and
    ``refused`` are its figures."""

    terminal: str
    cashier: str
    closure_no: str
    printer: str
    upstream: str
    outbox_depth: str
    oldest: str = ""
    refused: str = "0"


@frozen
class KeyView:
    """A button: ``key`` is what to pass back to the Till, ``hotkey`` is printed on it."""

    key: str
    caption: str
    colour: str
    hotkey: str = ""


@frozen
class ProductRow:
    """A search or department list entry; ``plu`` sells it through ``Till.pick``."""

    plu: str
    name: str
    price: str


@frozen
class ProductList:
    title: str
    rows: tuple[ProductRow, ...]


@frozen
class SuspendedRow:
    document_id: str
    cashier: str
    items: str
    total: str


@frozen
class QuickTender:
    """A cash button on the payment screen: pass ``amount`` to ``Till.tender``."""

    caption: str
    amount: str


@frozen
class EntryView:
    """The keypad display: what is being asked, what was typed (PINs masked)."""

    prompt: str
    text: str
    quantity: str


@frozen
class Preview:
    """A receipt or report as plain text, for the preview screen."""

    title: str
    text: str


def quick_key_id(key: QuickKey) -> str:
    """The ``KeyView.key`` of a quick key: its page and position, e.g. ``"1.3"``."""
    return f"{key.page}.{key.position}"


def quick_key_views(keys: Iterable[QuickKey], page: int) -> tuple[KeyView, ...]:
    return tuple(KeyView(quick_key_id(k), k.caption, k.colour) for k in keys if k.page == page)


def quantity_text(quantity: Decimal, sold_by: SoldBy) -> str:
    return f"{quantity} kg" if sold_by is SoldBy.WEIGHT else str(quantity)


def line_row(line: Line, currency: Currency, selected: bool) -> LineRow:
    price = line.unit_price.format(currency)
    adjustment = line.adjustment_amount
    discount = ""
    if adjustment and not line.voided:
        discount = ("+" if adjustment.minor > 0 else "") + adjustment.format(currency)
    return LineRow(
        no=line.line_no,
        name=line.name,
        qty=quantity_text(line.quantity, line.sold_by),
        price=f"{price}/kg" if line.sold_by is SoldBy.WEIGHT else price,
        discount=discount,
        amount=line.net.format(currency),
        voided=line.voided,
        selected=selected,
    )


def sale_view(
    sale: SaleState | None,
    currency: Currency,
    *,
    selected: int | None,
    last: Finished | None,
    names: dict[str, str],
) -> SaleView:
    """The open sale; with none, the last finished sale's total and change stay on show."""
    if sale is None:
        return _idle_view(currency, last, names)
    t = sale.totals
    caption = "Sale"
    if sale.payments:
        caption = f"Payment: {t.due.format(currency)} due"
    elif t.total.minor == 0 and any(not x.voided for x in sale.lines):
        caption = "Nothing to pay: a sale of 0.00 needs a supervisor"
    elif sale.subtotal_pressed:
        caption = "Subtotal"
    return SaleView(
        lines=tuple(line_row(x, currency, x.line_no == selected) for x in sale.lines),
        subtotal=t.subtotal.format(currency),
        discounts=t.discounts.format(currency),
        total=t.total.format(currency),
        due=t.due.format(currency),
        change=t.change.format(currency),
        paid=t.paid.format(currency),
        payments=_payments(sale, currency, names),
        state_caption=caption,
        big=t.total.format(currency),
        sale_adjustment=_adjustment_text(sale.adjustment, currency),
    )


def _adjustment_text(adjustment: Adjustment | None, currency: Currency) -> str:
    """``sale 10 %`` (a discount) or ``sale +2.00`` (a surcharge), short for the totals."""
    if adjustment is None:
        return ""
    sign = "" if adjustment.is_discount else "+"
    if adjustment.percent is not None:
        return f"sale {sign}{adjustment.percent} %"
    amount = adjustment.amount
    return f"sale {sign}{'' if amount is None else amount.format(currency)}"


def _idle_view(currency: Currency, last: Finished | None, names: dict[str, str]) -> SaleView:
    """With no sale open: zeros, or the sale just finished, whole (its subtotal, discounts
    and payments) with its change as the big number until the next sale or Esc."""
    zero = Money.zero(currency.code).format(currency)
    if last is None:
        return SaleView((), zero, zero, zero, zero, zero, zero, (), "Ready", big=zero)
    t = last.sale.totals
    cancelled = last.sale.state is DocumentState.CANCELLED
    change = last.change.format(currency)
    caption = f"Receipt {last.receipt_number} " + (
        "cancelled" if cancelled else f"done — change {change}"
    )
    return SaleView(
        (),
        t.subtotal.format(currency),
        t.discounts.format(currency),
        t.total.format(currency),
        zero,
        change,
        t.paid.format(currency),
        _payments(last.sale, currency, names),
        caption,
        big_caption="CANCELLED" if cancelled else "CHANGE",
        big=t.total.format(currency) if cancelled else change,
    )


def _payments(sale: SaleState, currency: Currency, names: dict[str, str]) -> tuple[PaymentRow, ...]:
    return tuple(
        PaymentRow(
            names.get(p.type_code, p.type_code),
            p.tendered.format(currency),
            p.change.format(currency) if p.change else "",
        )
        for p in sale.payments
    )


def product_rows(products: Iterable[Product], currency: Currency) -> tuple[ProductRow, ...]:
    rows = []
    for product in products:
        price = product.unit_price.format(currency)
        if product.sold_by is SoldBy.WEIGHT:
            price += "/kg"
        rows.append(ProductRow(product.plu, product.name, price))
    return tuple(rows)


def suspended_rows(sales: Iterable[SaleState], currency: Currency) -> tuple[SuspendedRow, ...]:
    return tuple(
        SuspendedRow(
            s.document_id,
            s.cashier_id,
            str(sum(1 for line in s.lines if not line.voided)),
            s.totals.total.format(currency),
        )
        for s in sales
    )


@frozen
class FieldView:
    """One field of a form: ``text`` is masked for a PIN; ``focused`` takes the typing."""

    name: str
    label: str
    text: str
    focused: bool
    letters: bool  # a text field (letters too), not digits only


@frozen
class FormView:
    fields: tuple[FieldView, ...]

    @property
    def focused(self) -> FieldView | None:
        return next((f for f in self.fields if f.focused), None)
