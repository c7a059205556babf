"""A sale's lines, payments and audit entries: frozen values the ``Document`` holds.

A line never changes: the document replaces it, so its amounts are worked out once.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import cached_property

from attrs import field, frozen

from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.catalog import PaymentKind, SoldBy
from saleflex_core.domain.money import DECIMALS, Currency, Money
from saleflex_core.domain.store_time import utc
from saleflex_core.domain.totals import LineShare
from saleflex_core.exceptions import ValidationError

MAX_PIECES = Decimal(9999)
MAX_WEIGHT_KG = Decimal("999.999")


def check_quantity(sold_by: SoldBy, quantity: Decimal) -> Decimal:
    """Refuse a quantity that cannot be sold: zero, negative, fractional pieces, silly weights."""
    if isinstance(quantity, float):
        raise ValidationError("Quantities are Decimal, never float")
    quantity = Decimal(quantity)
    if not quantity.is_finite() or quantity <= 0:
        raise ValidationError("The quantity must be more than zero")
    # Bounds first: quantizing a huge number is an error of its own, not the cashier's.
    if sold_by is SoldBy.PIECE:
        if quantity > MAX_PIECES:
            raise ValidationError(f"At most {MAX_PIECES} pieces on one line")
        if quantity != quantity.to_integral_value(context=DECIMALS):
            raise ValidationError("This item is sold by the piece: enter a whole number")
        return quantity.quantize(Decimal(1), context=DECIMALS)
    if quantity > MAX_WEIGHT_KG:
        raise ValidationError(f"At most {MAX_WEIGHT_KG} kg on one line")
    if quantity != quantity.quantize(Decimal("0.001"), context=DECIMALS):
        raise ValidationError("A weight has at most three decimals (grams)")
    return quantity


@frozen
class Line:
    """One sold item. Prices are VAT-inclusive; ``quantity`` is pieces or kilograms."""

    line_no: int
    product_id: str
    plu: str
    name: str
    department_code: str
    vat_code: str
    vat_rate: Decimal
    sold_by: SoldBy
    quantity: Decimal
    unit_price: Money
    barcode: str = ""
    adjustment: Adjustment | None = None
    voided: bool = False
    price_overridden: bool = False

    # A line never changes (it is replaced), so its amounts are worked out once.
    @cached_property
    def gross(self) -> Money:
        """Quantity × unit price, rounded half-up."""
        return self.unit_price.times(self.quantity)

    @cached_property
    def adjustment_amount(self) -> Money:
        """Signed: negative for a discount, positive for a surcharge."""
        if self.adjustment is None:
            return Money.zero(self.unit_price.currency)
        return self.adjustment.on(self.gross)

    @cached_property
    def net(self) -> Money:
        return self.gross + self.adjustment_amount

    @cached_property
    def share(self) -> LineShare:
        """What this line counts for when no document adjustment is spread on it."""
        return LineShare(self.line_no, self.department_code, self.net)


@frozen
class Payment:
    """A tender. ``applied`` is what counts towards the sale; ``change`` goes back in cash."""

    seq: int
    type_code: str
    kind: PaymentKind
    tendered: Money
    change: Money

    @property
    def applied(self) -> Money:
        return self.tendered - self.change


@frozen
class AuditEntry:
    """A supervisor-approved or otherwise notable action, kept with the document (``at``: an
    aware instant, kept in UTC)."""

    at: datetime = field(converter=utc)
    action: str
    cashier_id: str
    approved_by: str | None = None
    reason: str = ""
    detail: str = ""


def worth_selling(line: Line) -> Line:
    """Refuse a line whose quantity x price rounds to 0.00 (1 g of a weighed product).

    Such a line gives goods away unseen. Giving an item away is a 100 % discount instead,
    and a sale that comes to 0.00 needs a supervisor to complete (``complete_sale``).
    """
    if line.gross.minor == 0:
        unit = " kg" if line.sold_by is SoldBy.WEIGHT else ""
        raise ValidationError(
            f"Too little to sell: {line.quantity}{unit} of {line.name} comes to {shown(line.gross)}"
        )
    return line


def shown(amount: Money) -> str:
    """``12.50 EUR``: an amount as a cashier reads it."""
    return f"{amount.format(Currency.of(amount.currency))} {amount.currency}"
