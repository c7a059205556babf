"""Cash in and cash out: limits, supervisor approval, the drawer's cash, events and slips."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from adapters.memory.devices import MemoryDrawer, MemoryPrinter
from adapters.memory.storage import MemoryUnitOfWork
from saleflex_core import demo as _demo
from saleflex_core.contract import cash_payload
from saleflex_core.domain.cash import MovementKind
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.events import CASH_MOVED, EventSource, event_id_for
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import (
    AuthenticationFailed,
    PermissionDenied,
    SaleFlexError,
    StateError,
    ValidationError,
)
from saleflex_core.register import Devices, Register
from saleflex_core.use_cases.auth import Override
from tests.conftest import COLA, SUPERVISOR, TERMINAL, WINE


def fact(event_type: str, subject: str) -> str:
    """The event id of a demo-store fact."""
    demo_t01 = EventSource(_demo.COMPANY_ID, _demo.STORE_ID, _demo.TERMINAL_ID)
    return event_id_for(demo_t01, event_type, subject)


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def current(uow: MemoryUnitOfWork) -> Closure:
    with uow:
        closure = uow.closures.current(TERMINAL)
    assert closure is not None
    return closure


def snapshot(uow: MemoryUnitOfWork, devices: Devices) -> Any:
    assert isinstance(devices.printer, MemoryPrinter)
    assert isinstance(devices.drawer, MemoryDrawer)
    return (
        copy.deepcopy(uow.database.tables),
        len(devices.printer.jobs),
        devices.drawer.opened,
    )


def assert_refused(
    uow: MemoryUnitOfWork, devices: Devices, error: type[SaleFlexError], action: Callable[[], Any]
) -> None:
    """``action`` raises ``error`` and changes nothing: storage, outbox, drawer, printer."""
    before = snapshot(uow, devices)
    outbox_before = _pending(uow)
    totals_before = current(uow).totals
    with pytest.raises(error):
        action()
    assert snapshot(uow, devices) == before
    assert _pending(uow) == outbox_before
    assert current(uow).totals == totals_before


def _pending(uow: MemoryUnitOfWork) -> int:
    with uow:
        return uow.outbox.pending_count()


def sell_for_cash(register: Register, code: str, given: str) -> None:
    register.scan(code)
    register.tender("CASH", given)
    register.complete()


# --- cash in ------------------------------------------------------------------------------


def test_cash_in_records_the_float(register: Register, uow: MemoryUnitOfWork) -> None:
    done = register.cash_in("150", "opening float")
    movement = done.movement
    assert movement.kind is MovementKind.IN
    assert movement.amount == eur(15000)
    assert movement.reason == "opening float"
    assert movement.cashier_id == "1"
    assert movement.closure_number == 1
    assert movement.approved_by is None
    assert done.expected_cash == eur(15000)
    closure = current(uow)
    assert closure.totals.cash_in == eur(15000)
    assert closure.expected_cash == eur(15000)
    with uow:
        assert uow.cash.for_closure(TERMINAL, 1) == [movement]


def test_cash_in_of_any_size_needs_no_supervisor(register: Register) -> None:
    assert register.cash_in("5000", "float").movement.approved_by is None


def test_cash_movement_queues_an_event(register: Register, uow: MemoryUnitOfWork) -> None:
    movement = register.cash_in("50", "float").movement
    with uow:
        item = uow.outbox.get(fact(CASH_MOVED, movement.id))
        assert uow.outbox.pending_count() == 1
    assert item.event_type == CASH_MOVED
    assert item.payload == cash_payload(movement)
    assert item.occurred_at == movement.at


def test_cash_movement_opens_the_drawer_and_prints_a_slip(
    register: Register, devices: Devices
) -> None:
    assert isinstance(devices.printer, MemoryPrinter)
    assert isinstance(devices.drawer, MemoryDrawer)
    register.cash_in("50", "float")
    assert devices.drawer.opened == 1
    assert len(devices.printer.jobs) == 1
    slip = devices.printer.last_text
    assert "CASH IN" in slip
    assert "50.00" in slip
    assert "Reason: float" in slip
    register.cash_out("20", "bank pickup")
    assert devices.drawer.opened == 2
    assert "CASH OUT" in devices.printer.last_text
    assert "20.00" in devices.printer.last_text


def test_a_failing_printer_does_not_undo_the_movement(
    register: Register, devices: Devices, uow: MemoryUnitOfWork
) -> None:
    assert isinstance(devices.printer, MemoryPrinter)
    devices.printer.fault = "paper out"
    done = register.cash_in("50", "float")
    assert done.device_errors == ("Printer: paper out",)
    assert current(uow).totals.cash_in == eur(5000)


# --- cash out ------------------------------------------------------------------------------


def test_cash_out_within_the_limit(register: Register, uow: MemoryUnitOfWork) -> None:
    register.cash_in("300", "float")
    done = register.cash_out("200", "bank pickup")  # exactly the limit: no supervisor
    assert done.movement.kind is MovementKind.OUT
    assert done.movement.approved_by is None
    assert done.movement.approval_reason == ""
    assert done.expected_cash == eur(10000)
    totals = current(uow).totals
    assert totals.cash_out == eur(20000)
    assert current(uow).expected_cash == eur(10000)


def test_cash_out_above_the_limit_needs_a_supervisor(
    register: Register, uow: MemoryUnitOfWork, devices: Devices
) -> None:
    register.cash_in("500", "float")
    assert_refused(uow, devices, PermissionDenied, lambda: register.cash_out("200.01", "pickup"))


def test_cash_out_above_the_limit_with_supervisor_override(
    register: Register, uow: MemoryUnitOfWork, devices: Devices
) -> None:
    assert isinstance(devices.printer, MemoryPrinter)
    register.cash_in("500", "float")
    done = register.cash_out("250", "bank pickup", override=SUPERVISOR)
    assert done.movement.approved_by == "2"
    assert done.movement.approval_reason == SUPERVISOR.reason
    assert done.movement.cashier_id == "1"
    assert "Approved by 2" in devices.printer.last_text
    assert current(uow).totals.cash_out == eur(25000)
    with uow:
        stored = uow.cash.for_closure(TERMINAL, 1)
        event = uow.outbox.get(fact(CASH_MOVED, done.movement.id))
    assert stored[-1].approved_by == "2"
    assert event.payload["approval"] == {"approved_by": "2", "reason": SUPERVISOR.reason}


def test_a_supervisor_signed_in_takes_out_alone(register: Register, devices: Devices) -> None:
    assert isinstance(devices.printer, MemoryPrinter)
    register.cash_in("500", "float")
    register.sign_in("2", "9999")
    done = register.cash_out("250", "bank pickup")
    assert done.movement.cashier_id == "2"
    assert done.movement.approved_by == "2"  # approved by themself: no override typed in
    assert done.movement.approval_reason == ""


@pytest.mark.parametrize(
    ("override", "error"),
    [
        (Override("2", "0000", "pickup"), AuthenticationFailed),
        (Override("9", "9999", "pickup"), AuthenticationFailed),
        (Override("1", "1234", "pickup"), PermissionDenied),  # a cashier cannot approve
        (Override("2", "9999", "  "), ValidationError),  # no reason
    ],
)
def test_a_bad_override_is_refused(
    register: Register,
    uow: MemoryUnitOfWork,
    devices: Devices,
    override: Override,
    error: type[SaleFlexError],
) -> None:
    register.cash_in("500", "float")
    assert_refused(
        uow, devices, error, lambda: register.cash_out("250", "pickup", override=override)
    )


def test_cash_out_of_more_than_the_drawer_holds_is_refused(
    register: Register, uow: MemoryUnitOfWork, devices: Devices
) -> None:
    assert_refused(uow, devices, StateError, lambda: register.cash_out("0.01", "pickup"))
    register.cash_in("50", "float")
    assert_refused(uow, devices, StateError, lambda: register.cash_out("50.01", "pickup"))
    # Even a supervisor cannot take out cash that is not there.
    assert_refused(
        uow,
        devices,
        StateError,
        lambda: register.cash_out("250", "pickup", override=SUPERVISOR),
    )
    assert register.cash_out("50", "pickup").expected_cash == eur(0)


def test_the_drawer_holds_takings_but_not_the_change(
    register: Register, uow: MemoryUnitOfWork, devices: Devices
) -> None:
    sell_for_cash(register, WINE, "20")  # 8.99 paid with 20.00: 11.01 change
    assert current(uow).expected_cash == eur(899)
    assert_refused(uow, devices, StateError, lambda: register.cash_out("9.00", "pickup"))
    assert register.cash_out("8.99", "pickup").expected_cash == eur(0)


def test_card_takings_are_not_in_the_drawer(
    register: Register, uow: MemoryUnitOfWork, devices: Devices
) -> None:
    register.scan(COLA)
    register.tender("CARD")
    register.complete()
    assert current(uow).expected_cash == eur(0)
    assert_refused(uow, devices, StateError, lambda: register.cash_out("1.19", "pickup"))


# --- refused input ------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["0", "0.00", "-5", "abc", "1.001"])
@pytest.mark.parametrize("kind", ["in", "out"])
def test_zero_negative_or_malformed_amounts_are_refused(
    register: Register, uow: MemoryUnitOfWork, devices: Devices, amount: str, kind: str
) -> None:
    register.cash_in("100", "float")
    move = register.cash_in if kind == "in" else register.cash_out
    assert_refused(uow, devices, ValidationError, lambda: move(amount, "reason"))


@pytest.mark.parametrize("reason", ["", "   "])
@pytest.mark.parametrize("kind", ["in", "out"])
def test_an_empty_reason_is_refused(
    register: Register, uow: MemoryUnitOfWork, devices: Devices, reason: str, kind: str
) -> None:
    register.cash_in("100", "float")
    move = register.cash_in if kind == "in" else register.cash_out
    assert_refused(uow, devices, ValidationError, lambda: move("10", reason))


def test_another_currency_is_refused(
    register: Register, uow: MemoryUnitOfWork, devices: Devices
) -> None:
    register.cash_in("100", "float")
    assert_refused(
        uow, devices, ValidationError, lambda: register.cash_in(Money(1000, "USD"), "float")
    )
    assert_refused(
        uow, devices, ValidationError, lambda: register.cash_out(Money(1000, "USD"), "pickup")
    )


def test_an_absurd_amount_is_refused_before_anything_is_stored(
    register: Register, uow: MemoryUnitOfWork, devices: Devices
) -> None:
    assert_refused(uow, devices, ValidationError, lambda: register.cash_in("1e5000", "float"))


def test_cash_moves_need_a_signed_in_cashier(
    register: Register, uow: MemoryUnitOfWork, devices: Devices
) -> None:
    register.cash_in("100", "float")
    register.sign_out()
    assert_refused(uow, devices, PermissionDenied, lambda: register.cash_in("10", "float"))
    assert_refused(uow, devices, PermissionDenied, lambda: register.cash_out("10", "pickup"))


def test_movements_accumulate_in_the_open_period(register: Register, uow: MemoryUnitOfWork) -> None:
    register.cash_in("100", "float")
    register.cash_in("50.50", "top up")
    register.cash_out("30", "paid out: window cleaner")
    totals = current(uow).totals
    assert totals.cash_in == eur(15050)
    assert totals.cash_out == eur(3000)
    assert current(uow).expected_cash == eur(12050)
    with uow:
        moves = uow.cash.for_closure(TERMINAL, 1)
    assert [m.amount.minor for m in moves] == [10000, 5050, 3000]
    assert len({m.id for m in moves}) == 3
