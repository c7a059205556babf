"""The use cases behave the same on every storage adapter: a till's day, end to end."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from attrs import evolve

from adapters.memory import MemoryPrinter, SequentialIds, SteppingClock
from saleflex_core import Devices, Register, demo
from saleflex_core.domain.document import DocumentState
from saleflex_core.domain.events import CLOSURE_CLOSED, SALE_CANCELLED, SALE_COMPLETED
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.exceptions import PaymentError, PermissionDenied, SaleFlexError, UnknownProduct
from saleflex_core.ports import UnitOfWork
from saleflex_core.use_cases import master_data
from tests.conftest import BAGUETTE, COLA, SUPERVISOR, TERMINAL, demo_data

Factory = Callable[[], UnitOfWork]


@pytest.fixture
def make_register(make_uow: Factory) -> Callable[[], Register]:
    """Registers on one store; each call is a fresh start of the program."""
    demo.install(make_uow(), demo_data())
    clock, ids = SteppingClock(), SequentialIds("doc")

    def start() -> Register:
        register = Register(
            make_uow(),
            terminal_id=demo.TERMINAL_ID,
            clock=clock,
            ids=ids,
            devices=Devices(printer=MemoryPrinter()),
        )
        register.sign_in("2", "9999")
        return register

    return start


def outbox_types(make_uow: Factory) -> list[str]:
    with make_uow() as uow:
        return [item.event_type for item in uow.outbox.pending(demo.TERMINAL_ID, 1000)]


def test_a_day_of_sales_is_numbered_totalled_and_closed(
    make_uow: Factory, make_register: Callable[[], Register]
) -> None:
    register = make_register()
    register.cash_in("100.00", "float")
    for quantity in ("1", "2", "3"):
        register.scan(BAGUETTE, quantity=quantity)
        register.scan(COLA)
        register.discount_line(1, percent="10")
        register.tender("CASH", "20.00")
        register.complete()
    register.scan(COLA)
    register.cancel()
    report = register.close_period(register.x_report().closure.expected_cash)

    with make_uow() as uow:
        kept = uow.documents.for_closure(demo.TERMINAL_ID, 1)
        assert [d.receipt_number for d in kept] == [1, 2, 3, 4]
        assert [d.state for d in kept][-1] is DocumentState.CANCELLED
        closed = uow.closures.get(demo.TERMINAL_ID, 1)
        reopened = uow.closures.current(demo.TERMINAL_ID)
    sales_total = sum(d.totals().total.minor for d in kept if d.state is DocumentState.COMPLETED)
    assert closed.totals.sales_total.minor == sales_total == report.closure.totals.sales_total.minor
    assert closed.totals.cancelled_count == 1 and closed.difference is not None
    assert closed.difference.minor == 0
    assert reopened is not None and reopened.number == 2 and reopened.next_receipt == 1
    assert reopened.grand_total_at_open.minor == sales_total
    assert sorted(outbox_types(make_uow)) == sorted(
        [SALE_COMPLETED] * 3 + [SALE_CANCELLED, CLOSURE_CLOSED, "cash.moved"]
    )


def test_the_open_sale_survives_a_restart(make_register: Callable[[], Register]) -> None:
    before = make_register()
    before.scan(BAGUETTE)
    before.scan(COLA, quantity="2")
    before.discount_sale(amount="0.50")
    after = make_register()
    assert after.sale is not None
    assert after.sale == before.sale
    after.tender("CARD")
    assert after.complete().receipt_number == 1


def test_parked_sales_come_back_in_order(make_register: Callable[[], Register]) -> None:
    register = make_register()
    register.scan(BAGUETTE)
    register.suspend()
    register.scan(COLA)
    register.suspend()
    parked = make_register().suspended()
    assert [s.lines[0].barcode for s in parked] == [BAGUETTE, COLA]
    register.resume(parked[1].document_id)
    register.tender("CASH")
    assert register.complete().receipt_number == 1
    assert [s.lines[0].barcode for s in register.suspended()] == [BAGUETTE]


def test_a_refused_operation_changes_nothing(
    make_uow: Factory, make_register: Callable[[], Register]
) -> None:
    register = make_register()
    register.scan(BAGUETTE)
    register.tender("CASH", "1.00")
    before = register.sale
    for refused in (lambda: register.complete(), lambda: register.tender("CARD", "99.00")):
        with pytest.raises(PaymentError):
            refused()
    with pytest.raises(UnknownProduct):
        register.scan("0000")
    assert make_register().sale == before
    with make_uow() as uow:
        assert uow.documents.last_for(demo.TERMINAL_ID) is None
        assert uow.outbox.pending_count() == 0


def test_weighed_items_keep_their_exact_weight(make_register: Callable[[], Register]) -> None:
    register = make_register()
    register.scan("3001", quantity=Decimal("1.255"))
    register.tender("CASH", "10")
    done = register.complete()
    assert done.sale.lines[0].quantity == Decimal("1.255")
    assert done.sale.totals.total.minor == 312  # 2.49 x 1.255 = 3.12495, half-up


def test_master_data_changes_reach_the_cache_and_the_store(
    make_uow: Factory, make_register: Callable[[], Register]
) -> None:
    register = make_register()
    baguette = register.ref.find(BAGUETTE).product
    cheaper = evolve(baguette, unit_price=register.money("0.99"))
    master_data.save_product(register.uow, ref=register.ref, product=cheaper)
    assert register.scan(BAGUETTE).totals.total.minor == 99
    with make_uow() as uow:
        fresh = ReferenceData.build(
            store=uow.organisation.store("S001"),
            terminal=uow.organisation.terminal(TERMINAL),
            vat_rates=uow.catalog.vat_rates(),
            departments=uow.catalog.departments(),
            payment_types=uow.catalog.payment_types(),
            products=uow.catalog.products(),
        )
    assert fresh.find(BAGUETTE).product.unit_price.minor == 99


def test_supervisor_actions_are_audited_in_storage(
    make_uow: Factory, make_register: Callable[[], Register]
) -> None:
    register = make_register()
    register.sign_in("1", "1234")
    register.scan(BAGUETTE)
    register.subtotal()
    register.scan(COLA)
    register.void_line(1, override=SUPERVISOR)
    register.tender("CASH")
    done = register.complete()
    with make_uow() as uow:
        kept = uow.documents.get(done.sale.document_id)
    assert [(a.action, a.approved_by, a.reason) for a in kept.audit] == [
        ("void_line", "2", SUPERVISOR.reason)
    ]
    assert kept.lines[0].voided and not kept.lines[1].voided


def test_the_cashier_who_completes_a_parked_sale_is_credited(
    make_uow: Factory, make_register: Callable[[], Register]
) -> None:
    register = make_register()
    register.sign_in("1", "1234")
    register.scan(BAGUETTE)
    register.suspend()
    register.sign_in("2", "9999")
    register.resume(register.suspended()[0].document_id)
    register.tender("CASH")
    done = register.complete()
    with make_uow() as uow:
        kept = uow.documents.get(done.sale.document_id)
    assert (kept.cashier_id, kept.ended_by) == ("1", "2")
    closed = make_register().close_period("1.29").closure
    assert {k: v.minor for k, v in closed.totals.by_cashier.items()} == {"2": 129}


def test_the_float_left_at_a_z_opens_the_next_period(
    make_uow: Factory, make_register: Callable[[], Register]
) -> None:
    register = make_register()
    register.cash_in("100.00", "float")
    register.close_period("100.00", float_left="80.00")
    restarted = make_register()
    assert restarted.cash_out("80.00", "pickup").expected_cash.minor == 0
    with make_uow() as uow:
        closed = uow.closures.get(demo.TERMINAL_ID, 1)
        opened = uow.closures.current(demo.TERMINAL_ID)
    assert closed.float_left is not None and closed.float_left.minor == 8000
    assert closed.taken_out is not None and closed.taken_out.minor == 2000
    assert opened is not None and opened.opening_float.minor == 8000


def test_a_sale_of_nothing_is_kept_with_its_approval(
    make_uow: Factory, make_register: Callable[[], Register]
) -> None:
    register = make_register()
    register.sign_in("1", "1234")
    register.scan(COLA)
    register.discount_line(1, percent="100")
    with pytest.raises(PermissionDenied):
        register.complete()
    done = make_register().complete(SUPERVISOR)  # the sale survived the refusal
    with make_uow() as uow:
        kept = uow.documents.get(done.sale.document_id)
    assert kept.totals().total.minor == 0
    assert [(a.action, a.approved_by, a.reason) for a in kept.audit] == [
        ("complete_zero_total", "2", "")
    ]


def test_errors_are_saleflex_errors(make_register: Callable[[], Register]) -> None:
    register = make_register()
    with pytest.raises(SaleFlexError):
        register.resume("no-such-document")
