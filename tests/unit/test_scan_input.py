"""What a cashier types before or with a scan is used or refused, never ignored (issue #8).

Point 1: a quantity typed before a price- or weight-embedded label.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.memory.storage import MemoryUnitOfWork
from saleflex_core.domain.barcode import DEFAULT_EMBEDDED_RULES, make_embedded
from saleflex_core.domain.catalog import Product, SoldBy
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import ValidationError
from saleflex_core.register import Register
from tests.conftest import APPLES_PLU

RULES = {rule.prefix: rule for rule in DEFAULT_EMBEDDED_RULES}
BAGUETTE_PLU = "1001"


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def weight_label(plu: str, grams: int) -> str:
    return make_embedded(RULES["21"], plu.zfill(5), grams)


def price_label(plu: str, cents: int) -> str:
    return make_embedded(RULES["23"], plu.zfill(5), cents)


def drafts(uow: MemoryUnitOfWork) -> dict[str, object]:
    return dict(uow.database.table("drafts"))


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
