"""Master data coming down, on every storage adapter: removals, cursors, whole pages.

Until migration 0003 (the lead's) creates ``sync_cursor`` in a migrated database, the
SQL fixtures add that one table from the models.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from sqlalchemy import Engine, event

from adapters.memory import (
    MemoryDatabase,
    MemoryUnitOfWork,
    MemoryUpstream,
    SequentialIds,
    SteppingClock,
)
from adapters.sqlalchemy import tables
from adapters.sqlalchemy.database import open_database, sqlite_url
from adapters.sqlalchemy.uow import SqlUnitOfWork
from saleflex_core import Register, demo
from saleflex_core.domain.barcode import make_gtin
from saleflex_core.domain.catalog import Department, Product, QuickKey, QuickKeyKind, VatRate
from saleflex_core.domain.master_data import MASTER_DATA, Deletions, MasterDataPage, Upserts
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Cashier, Role
from saleflex_core.exceptions import StorageError
from saleflex_core.ports import UnitOfWork
from saleflex_core.use_cases.pulling import apply_master_data
from tests.conftest import BAGUETTE, COLA, demo_data

Factory = Callable[[], UnitOfWork]
SQL = [
    pytest.param("sqlite", marks=pytest.mark.integration),
    pytest.param("postgres", marks=[pytest.mark.integration, pytest.mark.postgres]),
]
EUR = "EUR"
CODE_A, CODE_B = make_gtin("590123499001"), make_gtin("590123499002")


def product(id_: str, plu: str, *codes: str, price: int = 100) -> Product:
    return Product(id_, plu, f"Thing {id_}", "DAI", "B", Money(price, EUR), barcodes=codes)


def sql_engine(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    if kind == "sqlite":
        url = sqlite_url(tmp_path / "terminal.db")
    else:
        url = request.getfixturevalue("postgres_url")
    engine = open_database(url)
    tables.sync_cursor.create(engine, checkfirst=True)  # until migration 0003
    return engine


@pytest.fixture(params=[pytest.param("memory"), *SQL])
def make_uow(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    if request.param == "memory":
        database = MemoryDatabase()
        yield lambda: MemoryUnitOfWork(database, company_id=demo.COMPANY_ID)
        return
    engine = sql_engine(request.param, request, tmp_path)
    try:
        yield lambda: SqlUnitOfWork(engine, company_id=demo.COMPANY_ID)
    finally:
        engine.dispose()


@pytest.fixture(params=SQL)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    engine = sql_engine(request.param, request, tmp_path)
    yield engine
    engine.dispose()


def products(make_uow: Factory) -> dict[str, Product]:
    with make_uow() as uow:
        return {p.id: p for p in uow.catalog.products()}


def test_a_set_of_products_may_swap_plus_and_move_barcodes(make_uow: Factory) -> None:
    with make_uow() as uow:
        uow.catalog.save_products([product("a", "1", CODE_A), product("b", "2", CODE_B)])
        uow.commit()
    swapped = [product("a", "2", CODE_B, price=150), product("b", "1", CODE_A)]
    with make_uow() as uow:
        uow.catalog.save_products(swapped)
        uow.commit()
    assert products(make_uow) == {p.id: p for p in swapped}


def test_removing_is_idempotent_and_takes_the_barcodes_along(make_uow: Factory) -> None:
    with make_uow() as uow:
        uow.catalog.save_vat_rate(VatRate("Z", Decimal(5)))
        uow.catalog.save_department(Department("NEW", "New", "Z"))
        uow.catalog.save_products([product("a", "1", CODE_A)])
        uow.catalog.save_quick_key(QuickKey(1, 1, "A", QuickKeyKind.PLU, "1"))
        uow.cashiers.save(Cashier("9", "Ida", Role.CASHIER, "x"))
        uow.commit()
    for _ in range(2):  # the second time there is nothing left to remove
        with make_uow() as uow:
            uow.catalog.remove_quick_key(1, 1)
            uow.catalog.remove_product("a")
            uow.catalog.remove_department("NEW")
            uow.catalog.remove_vat_rate("Z")
            uow.catalog.remove_payment_type("NONE")
            uow.cashiers.remove("9")
            uow.commit()
    with make_uow() as uow:
        assert uow.catalog.quick_keys() == []
        assert "Z" not in {v.code for v in uow.catalog.vat_rates()}
        assert uow.catalog.departments() == []
        assert uow.cashiers.all() == []
        uow.catalog.save_products([product("b", "2", CODE_A)])  # the barcode is free again
        uow.commit()
    assert products(make_uow)["b"].barcodes == (CODE_A,)


def test_a_saved_quick_key_replaces_the_one_in_its_slot(make_uow: Factory) -> None:
    with make_uow() as uow:
        uow.catalog.save_quick_key(QuickKey(1, 2, "A", QuickKeyKind.PLU, "1"))
        uow.catalog.save_quick_key(QuickKey(1, 2, "B", QuickKeyKind.DEPARTMENT, "DAI"))
        uow.commit()
    with make_uow() as uow:
        assert uow.catalog.quick_keys() == [QuickKey(1, 2, "B", QuickKeyKind.DEPARTMENT, "DAI")]


def test_a_cursor_is_kept_per_stream_and_moves_with_its_unit_of_work(make_uow: Factory) -> None:
    with make_uow() as uow:
        assert uow.sync_cursors.get(MASTER_DATA) is None
        uow.sync_cursors.put(MASTER_DATA, "1")
        uow.commit()
    with make_uow() as uow:
        uow.sync_cursors.put(MASTER_DATA, "2")
        uow.sync_cursors.put("prices", "p7")
        # no commit: rolled back
    with make_uow() as uow:
        assert (uow.sync_cursors.get(MASTER_DATA), uow.sync_cursors.get("prices")) == ("1", None)
        uow.sync_cursors.put(MASTER_DATA, "2")
        uow.commit()
    with make_uow() as uow:
        assert uow.sync_cursors.get(MASTER_DATA) == "2"


def test_a_till_pulls_removes_and_restarts_on_the_stored_data(make_uow: Factory) -> None:
    demo.install(make_uow(), demo_data())

    def start() -> Register:
        register = Register(
            make_uow(), terminal_id=demo.TERMINAL_ID, clock=SteppingClock(), ids=SequentialIds()
        )
        register.sign_in("1", "1234")
        return register

    register = start()
    cola = register.ref.find(COLA).product
    baguette = register.ref.find(BAGUETTE).product
    register.scan(COLA)
    register.tender("CASH", "5")
    sold = register.complete()
    upstream = MemoryUpstream()
    upstream.master_data.upsert(attrs.evolve(baguette, unit_price=Money(150, EUR)))
    upstream.master_data.upsert(VatRate("Z", Decimal(5)), product("new", "9001", CODE_A))
    upstream.master_data.delete("products", cola.id)
    assert register.pull_master_data(upstream, limit=2).pages == 2
    restarted = start()
    assert restarted.ref == register.ref
    assert restarted.ref.find(CODE_A).product == product("new", "9001", CODE_A)
    assert cola.id not in restarted.ref.products
    with make_uow() as uow:
        assert uow.documents.get(sold.sale.document_id).lines[0].name == cola.name
        assert uow.sync_cursors.get(MASTER_DATA) == "4"


def test_a_page_the_database_refuses_stores_nothing_and_keeps_the_cursor(engine: Engine) -> None:
    demo.install(SqlUnitOfWork(engine, company_id=demo.COMPANY_ID), demo_data())
    register = Register(
        SqlUnitOfWork(engine, company_id=demo.COMPANY_ID),
        terminal_id=demo.TERMINAL_ID,
        clock=SteppingClock(),
        ids=SequentialIds(),
    )
    with SqlUnitOfWork(
        engine, company_id=demo.COMPANY_ID
    ) as uow:  # written behind the register's back
        uow.catalog.save_product(product("elsewhere", "9001"))
        uow.commit()
    page = MasterDataPage(
        "1", Upserts(vat_rates=(VatRate("Z", Decimal(5)),), products=(product("new", "9001"),))
    )
    with pytest.raises(StorageError):
        apply_master_data(
            SqlUnitOfWork(engine, company_id=demo.COMPANY_ID), ref=register.ref, page=page
        )
    with SqlUnitOfWork(engine, company_id=demo.COMPANY_ID) as uow:
        assert "Z" not in {v.code for v in uow.catalog.vat_rates()}
        assert "new" not in {p.id for p in uow.catalog.products()}
        assert uow.sync_cursors.get(MASTER_DATA) is None


def test_upserts_are_one_insert_on_conflict(engine: Engine) -> None:
    statements: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(" ".join(statement.split()).upper())

    event.listen(engine, "before_cursor_execute", seen)
    with SqlUnitOfWork(engine, company_id=demo.COMPANY_ID) as uow:
        for price in (100, 120):
            uow.catalog.save_products([product("a", "1", CODE_A, price=price)])
            uow.catalog.save_vat_rate(VatRate("Z", Decimal(price) / 10))
            uow.cashiers.save(Cashier("9", f"Ida {price}", Role.CASHIER, "x"))
        uow.commit()
    event.remove(engine, "before_cursor_execute", seen)
    # A product's barcodes are replaced (deleted, then inserted), not upserted: a code
    # held by another product must clash, never move (see SqlCatalog._barcodes).
    writes = [
        s
        for s in statements
        if s.startswith(("INSERT", "UPDATE")) and not s.startswith("INSERT INTO PRODUCT_BARCODE")
    ]
    assert writes and all(s.startswith("INSERT") and "ON CONFLICT" in s for s in writes)
    assert products(lambda: SqlUnitOfWork(engine, company_id=demo.COMPANY_ID))[
        "a"
    ].unit_price == Money(120, EUR)


def test_storing_a_page_twice_changes_nothing(make_uow: Factory) -> None:
    demo.install(make_uow(), demo_data())
    register = Register(
        make_uow(), terminal_id=demo.TERMINAL_ID, clock=SteppingClock(), ids=SequentialIds()
    )
    cola = register.ref.find(COLA).product
    page = MasterDataPage(
        "7",
        Upserts(vat_rates=(VatRate("Z", Decimal(5)),), products=(product("new", "9001", CODE_A),)),
        Deletions(products=(cola.id,), quick_keys=((register.ref.quick_keys[-1].page, 99),)),
    )
    once = apply_master_data(make_uow(), ref=register.ref, page=page)
    stored = products(make_uow)
    twice = apply_master_data(make_uow(), ref=once, page=page)
    assert twice == once
    assert products(make_uow) == stored
    with make_uow() as uow:
        assert uow.sync_cursors.get(MASTER_DATA) == "7"
