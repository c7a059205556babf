"""Catalogue nouns: VAT rates, departments, products, payment types."""

from __future__ import annotations

import enum
from decimal import Decimal
from itertools import repeat

from attrs import field, frozen

from saleflex_core.domain.money import Money
from saleflex_core.exceptions import ValidationError


class SoldBy(enum.Enum):
    PIECE = "piece"
    WEIGHT = "weight"


class PaymentKind(enum.Enum):
    CASH = "cash"
    CARD = "card"
    VOUCHER = "voucher"
    OTHER = "other"


def _decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise ValidationError("rates are Decimal, never float")
    return Decimal(value)


@frozen
class VatRate:
    """A VAT rate in percent, e.g. ``VatRate("A", Decimal("20"))``."""

    code: str
    rate: Decimal = field(converter=_decimal)
    name: str = ""

    def __attrs_post_init__(self) -> None:
        if not Decimal(0) <= self.rate < Decimal(100):
            raise ValidationError(f"VAT rate {self.rate}% is out of range")


@frozen
class Department:
    code: str
    name: str
    vat_code: str


@frozen
class Product:
    """A sellable item. ``unit_price`` is VAT-inclusive, per piece or per kilogram."""

    id: str
    plu: str
    name: str
    department_code: str
    vat_code: str
    unit_price: Money
    sold_by: SoldBy = SoldBy.PIECE
    barcodes: tuple[str, ...] = ()
    active: bool = True

    def __attrs_post_init__(self) -> None:
        if not self.name.strip():
            raise ValidationError("A product needs a name")
        if not isinstance(self.plu, str) or not self.plu.strip():
            raise ValidationError(f"Product {self.name!r} needs a PLU code (text)")
        # map() keeps the check in C: a whole catalogue is built at start-up
        if isinstance(self.barcodes, str) or not all(map(isinstance, self.barcodes, repeat(str))):
            raise ValidationError(f"Product {self.name!r}: barcodes are a list of texts")
        if self.unit_price.minor < 0:
            raise ValidationError(f"Product {self.name!r} cannot have a negative price")


@frozen
class StorePrice:
    """A store's own price for a product, which its registers sell at instead of the
    company's ``Product.unit_price`` (VAT-inclusive, per piece or per kilogram)."""

    store_id: str
    product_id: str
    unit_price: Money

    def __attrs_post_init__(self) -> None:
        if self.unit_price.minor < 0:
            raise ValidationError(f"Product {self.product_id}: a price cannot be negative")


@frozen
class PaymentType:
    """A way to pay. Change is always given in cash, and only where ``gives_change``."""

    code: str
    name: str
    kind: PaymentKind
    gives_change: bool = False

    @classmethod
    def cash(cls, code: str = "CASH", name: str = "Cash") -> PaymentType:
        return cls(code, name, PaymentKind.CASH, gives_change=True)

    @classmethod
    def card(cls, code: str = "CARD", name: str = "Card") -> PaymentType:
        return cls(code, name, PaymentKind.CARD)

    @classmethod
    def voucher(cls, code: str = "VOUCHER", name: str = "Voucher") -> PaymentType:
        return cls(code, name, PaymentKind.VOUCHER, gives_change=True)


class QuickKeyKind(enum.Enum):
    PLU = "plu"
    DEPARTMENT = "department"


@frozen
class QuickKey:
    """A button on the register's sale screen: master data, so a store lays out its own.

    ``target`` is a PLU (sells that product) or a department code (opens its products).
    ``colour`` is ``#RRGGBB``. Keys are shown by page, then position.
    """

    page: int
    position: int
    caption: str
    kind: QuickKeyKind
    target: str
    colour: str = "#4a6fa5"

    def __attrs_post_init__(self) -> None:
        if self.page < 1 or self.position < 1:
            raise ValidationError("Quick key pages and positions start at 1")
        if not self.caption.strip() or len(self.caption) > 24:
            raise ValidationError("A quick key needs a caption of at most 24 characters")
        if len(self.colour) != 7 or self.colour[0] != "#" or not _is_hex(self.colour[1:]):
            raise ValidationError(f"Quick key colour must look like #1a2b3c, not {self.colour!r}")


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in text)
