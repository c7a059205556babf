"""One storage contract, run against every unit-of-work adapter (see conftest.py).

A refused write ends its unit of work: PostgreSQL aborts the transaction on an error,
so each expected failure gets a unit of work of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from saleflex_core import demo
from saleflex_core.domain.cash import CashMovement, MovementKind
from saleflex_core.domain.catalog import (
    Department,
    PaymentType,
    Product,
    QuickKey,
    QuickKeyKind,
    SoldBy,
    VatRate,
)
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.events import EventSource, OutboxItem
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Cashier, Company, Role, Store, Terminal, hash_pin
from saleflex_core.exceptions import NotFound, SaleFlexError, StorageError
from saleflex_core.ports import UnitOfWork

T0 = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
KEY_1 = QuickKey(1, 1, "Dairy", QuickKeyKind.DEPARTMENT, "DAI", "#112233")
KEY_2 = QuickKey(2, 1, "Milk", QuickKeyKind.PLU, "100")
EUR = "EUR"
COMPANY = demo.COMPANY_ID  # the company of make_uow's units of work
MILK = Product("p1", "100", "Milk", "DAI", "B", Money(119, EUR), barcodes=("5901234100106",))


def draft(doc_id: str, *, at: datetime = T0, terminal: str = "T1") -> Document:
    document = Document.start(
        id=doc_id, terminal_id=terminal, store_id="S1", cashier_id="c1", currency=EUR, at=at
    )
    document.add_line(MILK, Decimal(2), vat_rate=Decimal(10))
    return document


def numbered(doc_id: str, receipt: int, *, closure: int = 1, terminal: str = "T1") -> Document:
    document = draft(doc_id, terminal=terminal)
    document.add_payment(PaymentType.cash(), Money(1000, EUR))
    document.complete(
        closure_number=closure, receipt_number=receipt, at=T0, business_date=T0.date()
    )
    return document


def test_committed_work_is_seen_by_the_next_unit(make_uow: Callable[[], UnitOfWork]) -> None:
    with make_uow() as uow:
        uow.drafts.save(draft("d1"))
        uow.commit()
    with make_uow() as uow:
        assert uow.drafts.get("d1") == draft("d1")


def test_leaving_without_commit_rolls_back(make_uow: Callable[[], UnitOfWork]) -> None:
    with make_uow() as uow:
        uow.drafts.save(draft("d1"))
        source = EventSource(demo.COMPANY_ID, "S1", "T1")
        event = OutboxItem.new(
            "sale.completed", "d1", {}, source=source, occurred_at=T0, business_date=T0.date()
        )
        uow.outbox.add(event)
    with make_uow() as uow:
        with pytest.raises(NotFound):
            uow.drafts.get("d1")
        assert uow.outbox.pending_count() == 0


def test_an_error_inside_the_block_rolls_everything_back(
    make_uow: Callable[[], UnitOfWork],
) -> None:
    with pytest.raises(SaleFlexError), make_uow() as uow:
        uow.drafts.save(draft("d1"))
        uow.documents.add(numbered("n1", 1))
        raise SaleFlexError("boom")
    with make_uow() as uow:
        assert uow.drafts.active_for("T1") is None
        assert uow.documents.last_for("T1") is None


def test_a_changed_object_is_stored_only_when_saved(make_uow: Callable[[], UnitOfWork]) -> None:
    with make_uow() as uow:
        document = draft("d1")
        uow.drafts.save(document)
        document.add_line(MILK, Decimal(5), vat_rate=Decimal(10))
        uow.commit()
    with make_uow() as uow:
        assert len(uow.drafts.get("d1").lines) == 1


def test_drafts_find_the_active_and_the_suspended(make_uow: Callable[[], UnitOfWork]) -> None:
    later, earlier, active = draft("s2", at=T0 + timedelta(minutes=5)), draft("s1"), draft("a1")
    later.suspend()
    earlier.suspend()
    with make_uow() as uow:
        for document in (later, earlier, active, draft("other", terminal="T2")):
            uow.drafts.save(document)
        uow.commit()
    with make_uow() as uow:
        assert uow.drafts.active_for("T1") == active
        assert [d.id for d in uow.drafts.suspended_for("T1")] == ["s1", "s2"]
        assert uow.drafts.suspended_for("T2") == []
        uow.drafts.delete("a1")
        uow.commit()
    with make_uow() as uow:
        assert uow.drafts.active_for("T1") is None


def test_a_numbered_document_is_stored_once(make_uow: Callable[[], UnitOfWork]) -> None:
    with make_uow() as uow:
        uow.documents.add(numbered("n1", 1))
        uow.documents.add(numbered("n2", 2))
        uow.commit()
    with make_uow() as uow, pytest.raises(StorageError):
        uow.documents.add(numbered("n1", 3))
    with make_uow() as uow, pytest.raises(StorageError):
        uow.documents.add(numbered("n3", 2))
    with make_uow() as uow:
        assert uow.documents.get("n2").state is DocumentState.COMPLETED
        assert uow.documents.last_for("T1") == numbered("n2", 2)
        assert [d.receipt_number for d in uow.documents.for_closure("T1", 1)] == [1, 2]
        assert uow.documents.for_closure("T1", 2) == []


def test_a_numbered_document_keeps_who_opened_and_who_finished_it(
    make_uow: Callable[[], UnitOfWork],
) -> None:
    taken_over = draft("n1")
    taken_over.add_payment(PaymentType.cash(), Money(1000, EUR))
    taken_over.complete(closure_number=1, receipt_number=1, at=T0, business_date=T0.date(), by="c2")
    with make_uow() as uow:
        uow.documents.add(taken_over)
        uow.commit()
    with make_uow() as uow:
        back = uow.documents.get("n1")
    assert (back.cashier_id, back.ended_by) == ("c1", "c2")
    assert back == taken_over


def test_a_terminal_has_one_open_closure(make_uow: Callable[[], UnitOfWork]) -> None:
    first = Closure.first(terminal_id="T1", currency=EUR, at=T0)
    with make_uow() as uow:
        uow.closures.save(first)
        uow.commit()
    with make_uow() as uow:
        assert uow.closures.current("T1") == first
        assert uow.closures.current("T2") is None
        with pytest.raises(StorageError):
            uow.closures.save(
                Closure(
                    terminal_id="T1",
                    number=2,
                    currency=EUR,
                    opened_at=T0,
                    grand_total_at_open=Money(0, EUR),
                )
            )
    with make_uow() as uow:
        current = uow.closures.current("T1")
        assert current is not None
        current.close(counted_cash=Money(0, EUR), at=T0, business_date=T0.date(), closed_by="c1")
        uow.closures.save(current)
        uow.closures.save(current.successor(T0))
        uow.commit()
    with make_uow() as uow:
        now_open = uow.closures.current("T1")
        assert now_open is not None and now_open.number == 2
        assert uow.closures.get("T1", 1).counted_cash == Money(0, EUR)


def test_a_closure_keeps_the_float_it_opened_with_and_left(
    make_uow: Callable[[], UnitOfWork],
) -> None:
    first = Closure.first(terminal_id="T1", currency=EUR, at=T0)
    first.totals.discount_count, first.totals.surcharge_count = 3, 2  # kept apart
    first.close(
        counted_cash=Money(12345, EUR),
        at=T0,
        business_date=T0.date(),
        closed_by="c2",
        float_left=Money(10000, EUR),
    )
    second = first.successor(T0)
    with make_uow() as uow:
        uow.closures.save(first)
        uow.closures.save(second)
        uow.commit()
    with make_uow() as uow:
        closed, opened = uow.closures.get("T1", 1), uow.closures.current("T1")
    assert closed == first and opened == second
    assert (closed.totals.discount_count, closed.totals.surcharge_count) == (3, 2)
    assert (closed.float_left, closed.taken_out) == (Money(10000, EUR), Money(2345, EUR))
    assert opened is not None and opened.float_left is None
    assert opened.opening_float == opened.expected_cash == Money(10000, EUR)


def test_cash_movements_belong_to_their_closure(make_uow: Callable[[], UnitOfWork]) -> None:
    float_in = CashMovement(
        "m1",
        "T1",
        1,
        MovementKind.IN,
        Money(10000, EUR),
        "float",
        "c1",
        T0,
        business_date=T0.date(),
        number=1,
    )
    pickup = CashMovement(
        "m2",
        "T1",
        2,
        MovementKind.OUT,
        Money(500, EUR),
        "pickup",
        "c1",
        T0,
        business_date=T0.date(),
        number=1,
    )
    with make_uow() as uow:
        uow.cash.add(float_in)
        uow.cash.add(pickup)
        uow.commit()
    with make_uow() as uow:
        assert uow.cash.for_closure("T1", 1) == [float_in]
        assert uow.cash.for_closure("T1", 2) == [pickup]


def test_master_data_round_trips(make_uow: Callable[[], UnitOfWork]) -> None:
    store = Store("S1", COMPANY, "Corner shop", Currency.of(EUR), header=("1 Main St",))
    terminal = Terminal("T1", COMPANY, "S1", "T01", "Till 1", Money(20000, EUR))
    cashier = Cashier("c1", "Ann", Role.CASHIER, hash_pin("1234", b"saltsalt", 1000))
    weighed = Product("p2", "3001", "Apples", "PRO", "C", Money(249, EUR), SoldBy.WEIGHT)
    with make_uow() as uow:
        uow.organisation.save_company(Company(COMPANY, "Chain"))
        uow.organisation.save_store(store)
        uow.organisation.save_terminal(terminal)
        uow.catalog.save_vat_rate(VatRate("B", Decimal("10.5")))
        uow.catalog.save_department(Department("DAI", "Dairy", "B"))
        uow.catalog.save_payment_type(PaymentType.card())
        uow.catalog.save_product(MILK)
        uow.catalog.save_product(weighed)
        uow.cashiers.save(cashier)
        uow.catalog.replace_quick_keys([KEY_2, KEY_1])
        uow.commit()
    with make_uow() as uow:
        assert uow.organisation.company(COMPANY).name == "Chain"
        assert uow.organisation.store("S1") == store
        assert uow.organisation.terminal("T1") == terminal
        assert uow.catalog.vat_rates() == [VatRate("B", Decimal("10.5"))]
        assert uow.catalog.departments() == [Department("DAI", "Dairy", "B")]
        assert uow.catalog.payment_types() == [PaymentType.card()]
        assert sorted(uow.catalog.products(), key=lambda p: p.id) == [MILK, weighed]
        assert uow.cashiers.get("c1") == cashier
        with pytest.raises(NotFound):
            uow.cashiers.get("nobody")
        assert uow.catalog.quick_keys() == [KEY_1, KEY_2]
        uow.catalog.replace_quick_keys([KEY_2])
        uow.commit()
    with make_uow() as uow:
        assert uow.catalog.quick_keys() == [KEY_2]
