"""Two companies in one database, with the same codes: neither sees the other's rows.

Run against every storage adapter (memory, SQLite, PostgreSQL; see conftest.py). Both
companies use the same PLU, barcode, VAT, department, payment type and cashier codes, the
same terminal code and even the same document and terminal ids: codes are unique per
company, and every repository reads and writes only its unit of work's company.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import NamedTuple, Protocol

import pytest

from saleflex_core.domain.cash import CashMovement, MovementKind
from saleflex_core.domain.catalog import (
    Department,
    PaymentKind,
    PaymentType,
    Product,
    QuickKey,
    QuickKeyKind,
    StorePrice,
    VatRate,
)
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.document import Document
from saleflex_core.domain.events import SALE_COMPLETED, EventSource, OutboxItem
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Cashier, Company, Role, Store, Terminal, hash_pin
from saleflex_core.exceptions import NotFound, StorageError, ValidationError
from saleflex_core.ports import UnitOfWork

T0 = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
DAY = date(2026, 3, 2)
EUR = "EUR"
ACME, GLOBEX = "c-acme", "c-globex"
BARCODE = "5901234100106"


class MakeUow(Protocol):
    def __call__(self, company_id: str = ...) -> UnitOfWork: ...


class Shop(NamedTuple):
    company: Company
    store: Store
    terminal: Terminal
    vat: VatRate
    department: Department
    payment: PaymentType
    cashier: Cashier
    product: Product
    key: QuickKey


def master_data(company: str, name: str, price: int) -> Shop:
    """One company's shop: every code the same as the other company's, the names not."""
    return Shop(
        Company(company, name),
        Store("S1", company, f"{name} Main St", Currency.of(EUR)),
        Terminal("T1", company, "S1", "T01", f"{name} till", Money(0, EUR)),
        VatRate("A", Decimal(20), name),
        Department("BAK", name, "A"),
        PaymentType("CASH", name, PaymentKind.CASH, gives_change=True),
        Cashier("1", name, Role.CASHIER, hash_pin("2580", b"saltsalt", 1000)),
        Product("p1", "1001", f"{name} bread", "BAK", "A", Money(price, EUR), barcodes=(BARCODE,)),
        QuickKey(1, 1, name, QuickKeyKind.PLU, "1001"),
    )


def install(uow: UnitOfWork, shop: Shop) -> None:
    with uow:
        uow.organisation.save_company(shop.company)
        uow.organisation.save_store(shop.store)
        uow.organisation.save_terminal(shop.terminal)
        uow.catalog.save_vat_rate(shop.vat)
        uow.catalog.save_department(shop.department)
        uow.catalog.save_payment_type(shop.payment)
        uow.catalog.save_product(shop.product)
        uow.catalog.replace_quick_keys([shop.key])
        uow.cashiers.save(shop.cashier)
        uow.commit()


@pytest.fixture
def two(make_uow: MakeUow) -> MakeUow:
    install(make_uow(ACME), master_data(ACME, "Acme", 129))
    install(make_uow(GLOBEX), master_data(GLOBEX, "Globex", 199))
    return make_uow


@pytest.mark.parametrize(
    ("company", "name", "price"), [(ACME, "Acme", 129), (GLOBEX, "Globex", 199)]
)
def test_each_company_reads_only_its_own_master_data(
    two: MakeUow, company: str, name: str, price: int
) -> None:
    mine = master_data(company, name, price)
    with two(company) as uow:
        assert uow.organisation.company(company) == mine.company
        assert uow.organisation.store("S1") == mine.store
        assert uow.organisation.terminal("T1") == mine.terminal
        assert uow.organisation.terminals() == [mine.terminal]
        assert uow.catalog.vat_rates() == [mine.vat]
        assert uow.catalog.departments() == [mine.department]
        assert uow.catalog.payment_types() == [mine.payment]
        assert uow.catalog.products() == [mine.product]
        assert uow.catalog.quick_keys() == [mine.key]
        assert uow.cashiers.all() == [mine.cashier]
        assert uow.cashiers.get("1") == mine.cashier
        other = GLOBEX if company == ACME else ACME
        with pytest.raises(NotFound):
            uow.organisation.company(other)


def test_a_company_that_is_not_there_sees_nothing(two: MakeUow) -> None:
    with two("c-initech") as uow:
        assert uow.catalog.products() == []
        assert uow.catalog.products("S1") == []
        assert uow.cashiers.all() == []
        assert uow.organisation.terminals() == []
        with pytest.raises(NotFound):
            uow.organisation.store("S1")
        with pytest.raises(NotFound):
            uow.cashiers.get("1")


def test_a_unit_of_work_refuses_to_write_another_companys_rows(two: MakeUow) -> None:
    theirs = master_data(GLOBEX, "Globex", 199)
    for save in (
        lambda uow: uow.organisation.save_company(theirs.company),
        lambda uow: uow.organisation.save_store(theirs.store),
        lambda uow: uow.organisation.save_terminal(theirs.terminal),
    ):
        with two(ACME) as uow, pytest.raises(ValidationError, match="belongs to company"):
            save(uow)
    with two(GLOBEX) as uow:
        assert uow.organisation.store("S1").name == "Globex Main St"


def test_codes_stay_unique_within_a_company(two: MakeUow) -> None:
    clash = Product("p2", "1001", "Another bread", "BAK", "A", Money(99, EUR))
    with two(ACME) as uow, pytest.raises(StorageError):
        uow.catalog.save_product(clash)
    barcode = Product("p3", "1003", "Rolls", "BAK", "A", Money(99, EUR), barcodes=(BARCODE,))
    with two(ACME) as uow, pytest.raises(StorageError):
        uow.catalog.save_product(barcode)
    twin = Terminal("T2", ACME, "S1", "T01", "Second till", Money(0, EUR))
    with two(ACME) as uow, pytest.raises(StorageError):
        uow.organisation.save_terminal(twin)
    with two(ACME) as uow:
        assert [p.id for p in uow.catalog.products()] == ["p1"]
        assert [t.id for t in uow.organisation.terminals()] == ["T1"]


def a_sale(doc_id: str, receipt: int) -> Document:
    product = Product("p1", "1001", "Bread", "BAK", "A", Money(129, EUR))
    document = Document.start(
        id=doc_id, terminal_id="T1", store_id="S1", cashier_id="1", currency=EUR, at=T0
    )
    document.add_line(product, Decimal(1), vat_rate=Decimal(20))
    document.add_payment(PaymentType.cash(), Money(500, EUR))
    document.complete(closure_number=1, receipt_number=receipt, at=T0, business_date=DAY)
    return document


def test_the_same_numbers_on_the_same_terminal_id_are_two_companies_books(
    two: MakeUow,
) -> None:
    """Receipt 1 of closure 1 of terminal T1 exists once per company, never across."""
    for company, doc_id in ((ACME, "d-acme"), (GLOBEX, "d-globex")):
        with two(company) as uow:
            uow.closures.save(Closure.first(terminal_id="T1", currency=EUR, at=T0))
            uow.documents.add(a_sale(doc_id, 1))
            uow.drafts.save(Document.start(
                id="draft", terminal_id="T1", store_id="S1", cashier_id="1", currency=EUR, at=T0
            ))  # fmt: skip
            uow.cash.add(CashMovement(
                f"m-{company}", "T1", 1, MovementKind.IN, Money(100, EUR), "float", "1", T0,
                business_date=DAY, number=1,
            ))  # fmt: skip
            uow.commit()
    with two(ACME) as uow:
        assert [d.id for d in uow.documents.for_closure("T1", 1)] == ["d-acme"]
        assert uow.documents.last_for("T1") == a_sale("d-acme", 1)
        with pytest.raises(NotFound):
            uow.documents.get("d-globex")
        assert [m.id for m in uow.cash.for_closure("T1", 1)] == [f"m-{ACME}"]
        closure = uow.closures.current("T1")
        assert closure is not None and closure.number == 1
        uow.drafts.delete("draft")
        uow.commit()
    with two(GLOBEX) as uow:
        assert uow.drafts.get("draft").terminal_id == "T1"  # ACME's delete left it alone
        assert uow.drafts.active_for("T1") is not None
        assert uow.closures.get("T1", 1).terminal_id == "T1"
    with two(ACME) as uow:
        assert uow.drafts.active_for("T1") is None


def sold(company: str, payload: dict[str, int]) -> OutboxItem:
    source = EventSource(company, "S1", "T1")
    return OutboxItem.new(
        SALE_COMPLETED, "d1", payload, source=source, occurred_at=T0, business_date=DAY
    )


def test_the_outbox_holds_each_companys_events_apart(two: MakeUow) -> None:
    with two(ACME) as uow:
        mine = uow.outbox.add(sold(ACME, {"n": 1}))
        uow.commit()
    with two(GLOBEX) as uow:
        assert uow.outbox.pending_count() == 0
        assert uow.outbox.pending("T1", 10) == []
        with pytest.raises(NotFound):
            uow.outbox.get(mine.event_id)
        with pytest.raises(ValidationError, match="belongs to company"):
            uow.outbox.add(sold(ACME, {"n": 2}))  # ACME's event in GLOBEX's books
        theirs = uow.outbox.add(sold(GLOBEX, {"n": 2}))  # same terminal id and subject
        uow.commit()
    assert (mine.sequence, theirs.sequence) == (1, 1)  # each company numbers its own
    with two(ACME) as uow:
        assert [i.payload for i in uow.outbox.pending("T1", 10)] == [{"n": 1}]


def test_a_store_sells_at_its_own_price_where_it_has_one(two: MakeUow) -> None:
    with two(ACME) as uow:
        uow.organisation.save_store(Store("S2", ACME, "Acme Airport", Currency.of(EUR)))
        uow.catalog.save_store_price(StorePrice("S2", "p1", Money(179, EUR)))
        uow.commit()
    with two(ACME) as uow:
        assert uow.catalog.store_prices("S2") == [StorePrice("S2", "p1", Money(179, EUR))]
        assert [p.unit_price.minor for p in uow.catalog.products("S2")] == [179]
        assert [p.unit_price.minor for p in uow.catalog.products("S1")] == [129]
        assert [p.unit_price.minor for p in uow.catalog.products()] == [129]
    with two(GLOBEX) as uow:  # same store and product ids, other company: no override
        assert uow.catalog.store_prices("S2") == []
        assert [p.unit_price.minor for p in uow.catalog.products("S1")] == [199]
    with two(ACME) as uow:
        uow.catalog.delete_store_price("S2", "p1")
        uow.commit()
    with two(ACME) as uow:
        assert [p.unit_price.minor for p in uow.catalog.products("S2")] == [129]


def test_a_store_price_needs_its_store_and_product(two: MakeUow) -> None:
    with two(GLOBEX) as uow, pytest.raises(NotFound):
        uow.catalog.save_store_price(StorePrice("S2", "p1", Money(1, EUR)))  # no store S2
    with two(ACME) as uow, pytest.raises(NotFound):
        uow.catalog.save_store_price(StorePrice("S1", "nothing", Money(1, EUR)))
