"""Parking sales (suspend, list, resume) and bringing back the open sale after a restart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SteppingClock
from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import IllegalTransition, NotFound, PermissionDenied, StateError
from saleflex_core.register import Devices, Register
from saleflex_core.use_cases import completing, parking, selling, tendering
from tests.conftest import (
    BAGUETTE,
    COLA,
    CROISSANT_PLU,
    SUPERVISOR,
    TERMINAL,
    WINE,
    open_empty_sale,
)


def stored(uow: MemoryUnitOfWork, document_id: str) -> Document:
    with uow:
        return uow.drafts.get(document_id)


def park(register: Register, *codes: str) -> str:
    """Sell ``codes`` on a new sale, suspend it and return its id."""
    for code in codes:
        register.scan(code)
    return register.suspend().document_id


def restart(register: Register) -> Register:
    """A new register session on the same storage, as after a crash or a power cut."""
    fresh = Register(
        register.uow,
        terminal_id=TERMINAL,
        clock=register.clock,
        ids=register.ids,
        devices=Devices(),
    )
    fresh.sign_in("1", "1234")
    return fresh


# --- suspend and list -----------------------------------------------------------------------


def test_a_suspended_sale_is_kept_as_a_draft_and_frees_the_register(register: Register) -> None:
    register.scan(BAGUETTE)
    register.scan(COLA)

    parked = register.suspend()

    assert parked.state is DocumentState.SUSPENDED
    assert register.sale is None
    draft = stored(register.uow, parked.document_id)
    assert draft.state is DocumentState.SUSPENDED
    assert [line.name for line in draft.lines] == ["Baguette", "Cola 330ml"]
    with register.uow:
        assert register.uow.drafts.active_for(TERMINAL) is None


def test_suspended_sales_are_listed_oldest_first(register: Register) -> None:
    first = park(register, BAGUETTE)
    second = park(register, COLA)
    third = park(register, WINE)

    assert [s.document_id for s in register.suspended()] == [first, second, third]


def test_the_list_is_ordered_by_start_time_not_by_id(
    register: Register, clock: SteppingClock
) -> None:
    later = park(register, BAGUETTE)
    clock.current = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)  # the clock was corrected backwards
    earlier = park(register, COLA)

    assert [s.document_id for s in register.suspended()] == [earlier, later]


def test_a_new_sale_can_be_rung_up_while_one_is_parked(register: Register) -> None:
    parked = park(register, BAGUETTE)

    state = register.scan(COLA)
    register.tender("CASH")
    done = register.complete()

    assert state.document_id != parked
    assert [line.name for line in done.sale.lines] == ["Cola 330ml"]
    assert [s.document_id for s in register.suspended()] == [parked]


def test_suspending_an_empty_sale_is_refused(register: Register) -> None:
    open_empty_sale(register)
    assert register.sale is not None

    with pytest.raises(StateError):
        register.suspend()

    assert stored(register.uow, register.sale.document_id).state is DocumentState.ACTIVE
    assert register.suspended() == []


def test_suspending_a_sale_with_payments_is_refused(register: Register) -> None:
    register.scan(WINE)
    register.tender("CASH", "5")
    assert register.sale is not None
    before = stored(register.uow, register.sale.document_id)

    with pytest.raises(StateError):
        register.suspend()

    assert stored(register.uow, before.id) == before
    assert register.sale is not None


def test_the_register_has_no_open_sale_after_suspending(register: Register) -> None:
    park(register, BAGUETTE)

    with pytest.raises(StateError):
        register.tender("CASH")


# --- operations on a parked sale ------------------------------------------------------------

ON_PARKED: list[Callable[[Register, str], object]] = [
    lambda r, d: selling.scan(r.uow, ref=r.ref, document_id=d, code=BAGUETTE),
    lambda r, d: selling.change_quantity(r.uow, document_id=d, line_no=1, quantity=Decimal(2)),
    lambda r, d: selling.void_line(
        r.uow, clock=r.clock, cashier=r.cashier, document_id=d, line_no=1, override=SUPERVISOR
    ),
    lambda r, d: selling.override_price(
        r.uow,
        clock=r.clock,
        cashier=r.cashier,
        document_id=d,
        line_no=1,
        unit_price=Money(99, "EUR"),
        override=SUPERVISOR,
    ),
    lambda r, d: selling.adjust_line(
        r.uow, document_id=d, line_no=1, adjustment=Adjustment.discount(percent=Decimal(10))
    ),
    lambda r, d: selling.adjust_document(
        r.uow, document_id=d, adjustment=Adjustment.discount(percent=Decimal(10))
    ),
    lambda r, d: selling.subtotal(r.uow, clock=r.clock, document_id=d),
    lambda r, d: tendering.tender(r.uow, ref=r.ref, document_id=d, payment_code="CASH"),
    lambda r, d: completing.complete_sale(
        r.uow, ref=r.ref, clock=r.clock, cashier=r.cashier, document_id=d
    ),
    lambda r, d: parking.suspend_sale(r.uow, document_id=d),
]


@pytest.mark.parametrize(
    "action",
    ON_PARKED,
    ids=[
        "scan",
        "quantity",
        "void",
        "price",
        "line-discount",
        "sale-discount",
        "subtotal",
        "tender",
        "complete",
        "suspend",
    ],
)
def test_a_parked_sale_cannot_be_changed_until_resumed(
    register: Register, action: Callable[[Register, str], object]
) -> None:
    parked = park(register, BAGUETTE, COLA)
    before = stored(register.uow, parked)

    with pytest.raises(IllegalTransition):
        action(register, parked)

    assert stored(register.uow, parked) == before
    with register.uow:
        assert register.uow.documents.for_closure(TERMINAL, 1) == []


# --- resume ---------------------------------------------------------------------------------


def test_a_resumed_sale_is_the_open_sale_again(register: Register) -> None:
    parked = park(register, BAGUETTE, CROISSANT_PLU)

    state = register.resume(parked)

    assert state.state is DocumentState.ACTIVE
    assert register.sale == state
    assert [line.name for line in state.lines] == ["Baguette", "Croissant"]
    assert register.suspended() == []
    register.tender("CARD")
    assert register.complete().sale.document_id == parked


def test_an_empty_open_sale_gives_way_to_the_resumed_one(register: Register) -> None:
    parked = park(register, BAGUETTE)
    open_empty_sale(register)
    assert register.sale is not None
    empty = register.sale.document_id

    register.resume(parked)

    assert register.sale.document_id == parked
    with register.uow:
        with pytest.raises(NotFound):
            register.uow.drafts.get(empty)
        active = register.uow.drafts.active_for(TERMINAL)
    assert active is not None
    assert active.id == parked


def test_an_open_sale_with_items_refuses_a_resume(register: Register) -> None:
    parked = park(register, BAGUETTE)
    register.scan(COLA)
    assert register.sale is not None
    current, parked_before = register.sale, stored(register.uow, parked)
    current_before = stored(register.uow, current.document_id)

    with pytest.raises(StateError):
        register.resume(parked)

    assert register.sale == current
    assert stored(register.uow, current.document_id) == current_before
    assert stored(register.uow, parked) == parked_before


def test_resuming_needs_a_signed_in_cashier(register: Register) -> None:
    parked = park(register, BAGUETTE)
    register.sign_out()

    with pytest.raises(PermissionDenied):
        register.resume(parked)

    assert register.sale is None
    assert stored(register.uow, parked).state is DocumentState.SUSPENDED


def test_a_completed_sale_cannot_be_resumed(register: Register) -> None:
    register.scan(BAGUETTE)
    register.tender("CASH")
    done = register.complete()

    with pytest.raises(NotFound):
        register.resume(done.sale.document_id)

    assert register.sale is None


def test_an_unknown_sale_cannot_be_resumed(register: Register) -> None:
    with pytest.raises(NotFound):
        register.resume("doc-999999")


def test_the_open_sale_cannot_be_resumed(register: Register) -> None:
    state = register.scan(BAGUETTE)

    with pytest.raises(IllegalTransition):
        register.resume(state.document_id)

    assert stored(register.uow, state.document_id).state is DocumentState.ACTIVE


# --- crash recovery -------------------------------------------------------------------------


def test_the_open_sale_comes_back_after_a_restart(register: Register) -> None:
    register.scan(BAGUETTE)
    before = register.scan(COLA, quantity="2")

    after = restart(register).sale

    assert after is not None
    assert after.document_id == before.document_id
    assert after.lines == before.lines
    assert after.totals == before.totals


def test_a_recovered_sale_keeps_its_payments_and_can_be_finished(register: Register) -> None:
    register.scan(WINE)
    register.tender("CARD", "5")

    fresh = restart(register)
    assert fresh.sale is not None
    assert fresh.sale.totals.due == Money(399, "EUR")
    fresh.tender("CASH")
    done = fresh.complete()

    assert done.receipt_number == 1
    assert [p.type_code for p in done.sale.payments] == ["CARD", "CASH"]


def test_numbering_continues_after_a_restart(register: Register) -> None:
    register.scan(BAGUETTE)
    register.tender("CASH")
    register.complete()

    fresh = restart(register)
    fresh.scan(COLA)
    fresh.tender("CASH")

    assert fresh.complete().receipt_number == 2


def test_a_parked_sale_is_not_restored_as_the_open_sale(register: Register) -> None:
    parked = park(register, BAGUETTE)

    fresh = restart(register)

    assert fresh.sale is None
    assert [s.document_id for s in fresh.suspended()] == [parked]


def test_nothing_is_restored_after_a_completed_sale(register: Register) -> None:
    register.scan(BAGUETTE)
    register.tender("CASH")
    register.complete()

    assert restart(register).sale is None
