"""A store's own prices: the register in a store sells at its store's price."""

from __future__ import annotations

import attrs
import pytest

from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from saleflex_core import demo
from saleflex_core.domain.catalog import StorePrice
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Store, Terminal
from saleflex_core.exceptions import NotFound, ValidationError
from saleflex_core.register import Register
from saleflex_core.use_cases.master_data import save_product, set_store_price
from tests.conftest import BAGUETTE

BAGUETTE_ID = "P1001"  # 1.29 at the company's price


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def airport_till(uow: MemoryUnitOfWork) -> Register:
    """A second store of the demo company (baguettes at 1.79 there), and its till."""
    with uow:
        store = uow.organisation.store(demo.STORE_ID)
        uow.organisation.save_store(Store("AIR", demo.COMPANY_ID, "Airport", store.currency))
        uow.organisation.save_terminal(
            Terminal("air-1", demo.COMPANY_ID, "AIR", "T01", "Airport 1", eur(0))
        )
        uow.catalog.save_store_price(StorePrice("AIR", BAGUETTE_ID, eur(179)))
        uow.commit()
    till = Register(uow, terminal_id="air-1", clock=SteppingClock(), ids=SequentialIds("air"))
    till.sign_in("1", "1234")
    return till


def test_each_store_sells_at_its_own_price(register: Register, uow: MemoryUnitOfWork) -> None:
    airport = airport_till(uow)

    assert airport.scan(BAGUETTE).lines[-1].unit_price == eur(179)
    assert register.scan(BAGUETTE).lines[-1].unit_price == eur(129)  # the main store
    airport.tender("CASH", "2")
    assert airport.complete().change == eur(21)


def test_a_store_price_set_at_the_till_is_sold_at_once_and_can_be_taken_back(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    set_store_price(uow, ref=register.ref, product_id=BAGUETTE_ID, price=eur(149))
    assert register.scan(BAGUETTE).lines[-1].unit_price == eur(149)
    with uow:
        assert uow.catalog.store_prices(demo.STORE_ID) == [
            StorePrice(demo.STORE_ID, BAGUETTE_ID, eur(149))
        ]
        (kept,) = [p for p in uow.catalog.products() if p.id == BAGUETTE_ID]
        assert kept.unit_price == eur(129)  # the company's own price stays

    set_store_price(uow, ref=register.ref, product_id=BAGUETTE_ID, price=None)
    assert register.scan(BAGUETTE).lines[-1].unit_price == eur(129)


def test_changing_a_product_keeps_its_store_price_in_the_till(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    set_store_price(uow, ref=register.ref, product_id=BAGUETTE_ID, price=eur(149))
    product = register.ref.product(BAGUETTE_ID)

    changed = attrs.evolve(product, name="Baguette tradition", unit_price=eur(139))
    save_product(uow, ref=register.ref, product=changed)

    line = register.scan(BAGUETTE).lines[-1]
    assert (line.name, line.unit_price) == ("Baguette tradition", eur(149))


def test_a_wrong_store_price_is_refused_and_changes_nothing(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    with pytest.raises(ValidationError, match="Prices are in EUR"):
        set_store_price(uow, ref=register.ref, product_id=BAGUETTE_ID, price=Money(149, "USD"))
    with pytest.raises(NotFound):
        set_store_price(uow, ref=register.ref, product_id="nothing", price=eur(1))
    with pytest.raises(ValidationError, match="cannot be negative"):
        StorePrice(demo.STORE_ID, BAGUETTE_ID, eur(-1))
    with uow:
        assert uow.catalog.store_prices(demo.STORE_ID) == []
    assert register.scan(BAGUETTE).lines[-1].unit_price == eur(129)
