"""What a cashier types before or with a scan is used or refused, never ignored (issue #8).

Point 1: a quantity typed before a price- or weight-embedded label. Point 13: scanner
input in full-width digits or with blanks around it, and barcodes saved that way.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from adapters.memory.storage import MemoryUnitOfWork
from saleflex_core.domain.barcode import (
    DEFAULT_EMBEDDED_RULES,
    make_embedded,
    normalise_code,
    validate_gtin,
)
from saleflex_core.domain.catalog import Product, SoldBy
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import InvalidBarcode, ValidationError
from saleflex_core.register import Register
from saleflex_core.use_cases.master_data import save_product
from tests.conftest import APPLES_PLU, BAGUETTE, CROISSANT_PLU

RULES = {rule.prefix: rule for rule in DEFAULT_EMBEDDED_RULES}
BAGUETTE_PLU = "1001"


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def weight_label(plu: str, grams: int) -> str:
    return make_embedded(RULES["21"], plu.zfill(5), grams)


def price_label(plu: str, cents: int) -> str:
    return make_embedded(RULES["23"], plu.zfill(5), cents)


def drafts(uow: MemoryUnitOfWork) -> dict[str, object]:
    return dict(uow.table("drafts"))


# --- point 1: a quantity before an embedded label -------------------------------------------


@pytest.mark.parametrize("typed", ["3", Decimal(3)])
def test_a_quantity_before_a_price_label_sells_that_many_packs(
    register: Register, typed: str | Decimal
) -> None:
    line = register.scan(price_label(BAGUETTE_PLU, 150), quantity=typed).lines[0]

    assert (line.quantity, line.unit_price, line.net) == (3, eur(150), eur(450))


def test_packs_of_a_weighed_item_are_counted_as_pieces(register: Register) -> None:
    """A price label on produce sells packs: 2 packs, not 2 kg, and changed in whole packs."""
    line = register.scan(price_label(APPLES_PLU, 350), quantity="2").lines[0]

    assert (line.sold_by, line.quantity, line.net) == (SoldBy.PIECE, 2, eur(700))
    with pytest.raises(ValidationError, match="whole number"):
        register.change_quantity(1, "1.5")
    assert register.change_quantity(1, "4").lines[0].net == eur(1400)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("0", "more than zero"),
        ("-1", "more than zero"),
        ("1.5", "whole number"),
        ("10000", "At most 9999"),
    ],
)
def test_a_quantity_a_price_label_cannot_take_is_refused(
    register: Register, uow: MemoryUnitOfWork, typed: str, why: str
) -> None:
    with pytest.raises(ValidationError, match=why):
        register.scan(price_label(BAGUETTE_PLU, 150), quantity=typed)

    assert register.sale is None and not drafts(uow)


@pytest.mark.parametrize("typed", ["3", "1", "0", "-1", "0.250"])
def test_a_quantity_before_a_weight_label_is_refused(
    register: Register, uow: MemoryUnitOfWork, typed: str
) -> None:
    register.scan(weight_label(APPLES_PLU, 500))
    before = register.sale

    with pytest.raises(ValidationError, match="carries its weight: scan it without a quantity"):
        register.scan(weight_label(APPLES_PLU, 500), quantity=typed)

    assert register.sale == before
    assert register.scan(weight_label(APPLES_PLU, 500)).lines[-1].quantity == Decimal("0.500")


@pytest.mark.parametrize("price", [0, 129])  # an open-price item, and one with a set price
def test_a_price_typed_with_a_price_label_is_refused(
    register: Register, uow: MemoryUnitOfWork, price: int
) -> None:
    register.ref.put_product(Product("X9100", "9100", "Cake", "BAK", "B", eur(price)))

    with pytest.raises(ValidationError, match="carries its price: enter no price"):
        register.scan(price_label("9100", 150), price="1.00")

    assert register.sale is None and not drafts(uow)


# --- point 13: scanner input is normalised; stored codes are too ---------------------------

FULL_WIDTH = {ord(digit): 0xFF10 + int(digit) for digit in "0123456789"}  # U+FF10..U+FF19
GTIN = "4006381333931"


def full_width(code: str) -> str:
    return code.translate(FULL_WIDTH)


def ginger_beer(**changes: object) -> Product:
    values: dict[str, object] = {"plu": "9001", "barcodes": (GTIN,)} | changes
    return Product(
        "P9001",
        name="Ginger beer",
        department_code="DRI",
        vat_code="A",
        unit_price=eur(250),
        **values,
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "typed",
    [
        full_width(BAGUETTE),  # a keyboard left in full-width mode
        f"  {BAGUETTE}\t",
        f"{BAGUETTE}\r\n",  # a scanner that ends with CR LF
        f"\u3000{full_width(BAGUETTE)}\u3000",  # full-width blanks too
    ],
    ids=["full-width", "blanks", "crlf", "full-width-blanks"],
)
def test_a_scanned_code_is_normalised(register: Register, typed: str) -> None:
    line = register.scan(typed).lines[0]

    assert (line.name, line.barcode) == ("Baguette", BAGUETTE)


@pytest.mark.parametrize(
    "typed", [full_width(CROISSANT_PLU), f" {CROISSANT_PLU} "], ids=["full-width", "blanks"]
)
def test_a_typed_plu_is_normalised(register: Register, typed: str) -> None:
    assert register.scan(typed).lines[0].plu == CROISSANT_PLU


def test_a_full_width_price_label_is_read(register: Register) -> None:
    line = register.scan(full_width(price_label(BAGUETTE_PLU, 150))).lines[0]

    assert (line.unit_price, line.barcode) == (eur(150), price_label(BAGUETTE_PLU, 150))


def test_normalise_code_keeps_what_is_not_a_full_width_form() -> None:
    assert (
        full_width(GTIN)
        == "\uff14\uff10\uff10\uff16\uff13\uff18\uff11\uff13\uff13\uff13\uff19\uff13\uff11"
    )
    assert normalise_code(" \uff14\uff10\uff41\uff22\uff0d\u3000") == "40aB-"
    assert normalise_code("²³") == "²³"  # superscripts are no digits: the GTIN check refuses
    with pytest.raises(InvalidBarcode, match="digits only"):
        validate_gtin("²" + GTIN[1:])


def test_a_barcode_saved_with_blanks_is_stored_trimmed_and_found(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    saved = save_product(
        uow,
        ref=register.ref,
        product=ginger_beer(plu=" 9001 ", barcodes=(f" {GTIN} ", full_width(GTIN))),
    )

    assert (saved.plu, saved.barcodes) == ("9001", (GTIN,))
    with uow:
        assert [p for p in uow.catalog.products() if p.id == "P9001"] == [saved]
    assert register.scan(GTIN).lines[-1].product_id == "P9001"
    assert register.scan("9001").lines[-1].product_id == "P9001"


@pytest.mark.parametrize(
    "build",
    [
        lambda: validate_gtin(4006381333931),  # type: ignore[arg-type]
        lambda: normalise_code(None),
        lambda: ginger_beer(barcodes=(4006381333931,)),
        lambda: ginger_beer(barcodes=GTIN),  # one string, not a tuple of them
        lambda: ginger_beer(plu=9001),
    ],
    ids=["validate-int", "normalise-none", "product-int-barcode", "product-str-barcodes", "plu"],
)
def test_a_code_that_is_not_text_is_a_validation_error(build: Callable[[], object]) -> None:
    with pytest.raises(ValidationError):
        build()


def test_scanning_something_that_is_not_text_is_a_validation_error(register: Register) -> None:
    with pytest.raises(ValidationError, match="text, not int"):
        register.scan(4006381333931)  # type: ignore[arg-type]
    assert register.sale is None
