"""GATE's master-data change feed behaves alike in memory, on SQLite and on PostgreSQL:
positions 1, 2, 3 ... per company, entries in pages with ``has_more``, tombstones, the
things' wire forms, positions taken back by a rollback, and what a pull reads besides
(store prices, currencies, a product)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from saleflex_core.contract.master_data import to_wire
from saleflex_core.domain.catalog import (
    Department,
    Product,
    QuickKey,
    QuickKeyKind,
    StorePrice,
    VatRate,
)
from saleflex_core.domain.master_data_feed import Change
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Store
from tests.contract.hub_support import ACME, GLOBEX, MakeHub, set_up

BREAD = Product("p1", "1001", "Bread", "BAK", "A", Money(129, "EUR"), barcodes=("5901", "4001"))
VAT = VatRate("A", Decimal("20.5"), "Standard")
KEY = QuickKey(1, 5, "Bread", QuickKeyKind.PLU, "1001")


@pytest.fixture
def make(make_hub_uow: MakeHub) -> MakeHub:
    set_up(make_hub_uow, ACME)
    set_up(make_hub_uow, GLOBEX)
    return make_hub_uow


def test_changes_take_the_next_positions_of_their_companys_feed(make: MakeHub) -> None:
    with make(ACME) as uow:
        uow.master_data_feed.lock()
        assert uow.master_data_feed.position() == 0
        assert uow.master_data_feed.append([Change.upserted(VAT), Change.upserted(BREAD)]) == 2
        assert uow.master_data_feed.append([Change.upserted(KEY)]) == 3
        assert uow.master_data_feed.position() == 3
        uow.commit()
    with make(GLOBEX) as uow:
        uow.master_data_feed.lock()
        assert uow.master_data_feed.append([Change.deleted("products", "p1")]) == 1
        uow.commit()
    with make(ACME) as uow:
        entries, more = uow.master_data_feed.entries(0, 10)
        assert (entries, more) == (
            [
                (1, "vat_rates", "A", to_wire(VAT)),
                (2, "products", "p1", to_wire(BREAD)),
                (3, "quick_keys", "1/5", to_wire(KEY)),
            ],
            False,
        )
        assert entries[0][3] == {"code": "A", "rate": "20.5", "name": "Standard"}
    with make(GLOBEX) as uow:
        assert uow.master_data_feed.entries(0, 10) == ([(1, "products", "p1", None)], False)
        assert uow.master_data_feed.position() == 1


def test_entries_come_in_pages_after_a_position(make: MakeHub) -> None:
    with make(ACME) as uow:
        changes = [Change.upserted(Department(f"D{n}", f"Dept {n}", "A")) for n in range(1, 8)]
        uow.master_data_feed.append(changes)
        uow.commit()
    with make(ACME) as uow:
        feed = uow.master_data_feed
        first, more = feed.entries(0, 3)
        assert ([e[0] for e in first], more) == ([1, 2, 3], True)
        second, more = feed.entries(3, 3)
        assert ([e[2] for e in second], more) == (["D4", "D5", "D6"], True)
        assert feed.entries(6, 3) == ([(7, "departments", "D7", to_wire(changes[6].thing))], False)  # type: ignore[arg-type]
        assert feed.entries(6, 1)[1] is False
        assert feed.entries(7, 3) == ([], False)
        assert feed.entries(99, 3) == ([], False)


def test_a_feed_left_without_commit_takes_its_positions_back(make: MakeHub) -> None:
    with make(ACME) as uow:
        uow.master_data_feed.lock()
        uow.master_data_feed.append([Change.upserted(VAT)])
    with make(ACME) as uow:
        assert uow.master_data_feed.position() == 0
        assert uow.master_data_feed.entries(0, 10) == ([], False)
        assert uow.master_data_feed.append([Change.upserted(BREAD)]) == 1
        uow.commit()
    with make(ACME) as uow:
        assert uow.master_data_feed.entries(0, 10) == (
            [(1, "products", "p1", to_wire(BREAD))],
            False,
        )


def test_a_pull_reads_the_stores_prices_currencies_and_products(make: MakeHub) -> None:
    cake = Product("p2", "1002", "Cake", "BAK", "A", Money(350, "EUR"))
    with make(ACME) as uow:
        uow.catalog.save_vat_rate(VAT)
        uow.catalog.save_department(Department("BAK", "Bakery", "A"))
        uow.catalog.save_products([BREAD, cake])
        uow.catalog.save_store_price(StorePrice("S002", "p1", Money(99, "EUR")))
        uow.organisation.save_store(Store("S009", ACME, "Zurich", Currency.of("CHF")))
        uow.commit()
    with make(ACME) as uow:
        feed = uow.master_data_feed
        assert feed.store_prices("S002", ["p1", "p2"]) == {"p1": Money(99, "EUR")}
        assert feed.store_prices("S002", ["p2"]) == {}
        assert feed.store_prices("S001", ["p1", "p2"]) == {}
        assert feed.currencies() == ["CHF", "EUR"]
        bread = feed.product("p1")
        assert bread is not None
        assert bread.unit_price == Money(129, "EUR")  # the company's price
        assert bread.barcodes == ("4001", "5901")  # read back in order
        assert feed.product("p9") is None
    with make(GLOBEX) as uow:
        assert uow.master_data_feed.product("p1") is None
        assert uow.master_data_feed.store_prices("S002", ["p1"]) == {}
        assert uow.master_data_feed.currencies() == ["EUR"]
