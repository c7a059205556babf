"""A period's cash movements are numbered 1, 2, 3 ... by their closure and listed by that
number, on every storage adapter: a clock set back reorders nothing, a movement rolled back
leaves no gap, two tills writing at once never share a number, and a number is kept once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory import MemoryPrinter, SequentialIds, SteppingClock
from saleflex_core import Devices, Register, demo
from saleflex_core.domain.cash import CashMovement, MovementKind
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import SaleFlexError, StateError, StorageError
from saleflex_core.ports import UnitOfWork
from tests.conftest import SUPERVISOR, demo_data

Factory = Callable[[], UnitOfWork]
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
TERMINAL = demo.TERMINAL_ID


def open_register(make_uow: Factory, clock: SteppingClock, prefix: str = "m") -> Register:
    register = Register(
        make_uow(),
        terminal_id=TERMINAL,
        clock=clock,
        ids=SequentialIds(prefix),
        devices=Devices(printer=MemoryPrinter()),
    )
    register.sign_in("2", "9999")
    return register


@pytest.fixture
def register(make_uow: Factory) -> Register:
    demo.install(make_uow(), demo_data())
    return open_register(make_uow, SteppingClock(START, step=timedelta(seconds=30)))


def listed(make_uow: Factory, closure: int = 1) -> list[tuple[int, str]]:
    with make_uow() as uow:
        return [(m.number, m.reason) for m in uow.cash.for_closure(TERMINAL, closure)]


@pytest.mark.parametrize("jump", [timedelta(hours=-2), timedelta(days=-1, hours=-3)])
def test_a_clock_set_back_between_two_movements_keeps_their_order(
    make_uow: Factory, register: Register, jump: timedelta
) -> None:
    first = register.cash_in("100.00", "float").movement
    assert isinstance(register.clock, SteppingClock)
    register.clock.current += jump  # NTP corrects a clock that ran ahead
    second = register.cash_out("20.00", "window cleaner").movement

    assert second.at < first.at  # the clock says so; the numbers do not care
    assert (first.number, second.number) == (1, 2)
    assert listed(make_uow) == [(1, "float"), (2, "window cleaner")]


def test_a_movement_rolled_back_leaves_no_gap(make_uow: Factory, register: Register) -> None:
    register.cash_in("100.00", "float")
    with register.uow as uow:  # the till's own unit of work: its cached closure too
        closure = uow.closures.lock_current(TERMINAL)
        assert closure is not None
        lost = closure.record_movement(
            CashMovement(
                "lost", TERMINAL, 1, MovementKind.IN, Money(500, "EUR"), "lost", "2", START,
                business_date=START.date(),
            )
        )  # fmt: skip
        uow.cash.add(lost)
        uow.closures.save(closure)
        assert lost.number == 2
        uow.rollback()
    third = register.cash_out("30.00", "pickup").movement

    assert third.number == 2
    assert listed(make_uow) == [(1, "float"), (2, "pickup")]


def test_each_period_numbers_from_one(make_uow: Factory, register: Register) -> None:
    register.cash_in("100.00", "float")
    register.cash_out("10.00", "stamps")
    register.close_period("90.00", override=SUPERVISOR)
    register.cash_out("5.00", "milk")

    assert listed(make_uow, 1) == [(1, "float"), (2, "stamps")]
    assert listed(make_uow, 2) == [(1, "milk")]
    with make_uow() as uow:
        current = uow.closures.current(TERMINAL)
    assert current is not None and current.next_movement == 2


def test_a_number_is_kept_once(make_uow: Factory, register: Register) -> None:
    kept = register.cash_in("100.00", "float").movement
    again = CashMovement(
        "again", TERMINAL, 1, MovementKind.IN, Money(100, "EUR"), "again", "2", START,
        business_date=START.date(), number=kept.number,
    )  # fmt: skip
    with make_uow() as uow, pytest.raises(StorageError):
        uow.cash.add(again)
        uow.commit()
    assert listed(make_uow) == [(1, "float")]


def test_two_tills_writing_at_once_share_no_number(make_uow: Factory, register: Register) -> None:
    """Two registers on one terminal's period (a till and a back-office screen) each move
    cash ten times at once: the closure's lock hands out 1..20, each once."""
    other = open_register(make_uow, SteppingClock(START, step=timedelta(seconds=30)), "o")
    failures: list[SaleFlexError] = []

    def move(till: Register, reason: str) -> None:
        try:
            for _ in range(10):
                till.cash_in("1.00", reason)
        except SaleFlexError as error:  # reported below: a thread's error is not raised
            failures.append(error)

    threads = [
        threading.Thread(target=move, args=(till, reason))
        for till, reason in ((register, "till"), (other, "office"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert failures == []
    numbers = [number for number, _ in listed(make_uow)]
    assert numbers == list(range(1, 21))
    reasons = [reason for _, reason in listed(make_uow)]
    assert reasons.count("till") == reasons.count("office") == 10


def test_an_unnumbered_movement_is_not_kept(make_uow: Factory, register: Register) -> None:
    unnumbered = CashMovement(
        "bare", TERMINAL, 1, MovementKind.IN, Money(100, "EUR"), "bare", "2", START,
        business_date=START.date(),
    )  # fmt: skip
    with make_uow() as uow, pytest.raises(StateError, match="has no number"):
        uow.cash.add(unnumbered)
    assert listed(make_uow) == []
