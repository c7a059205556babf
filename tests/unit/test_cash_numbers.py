"""A period numbers its cash movements 1, 2, 3 ...: the closure gives the number, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from attrs import evolve

from adapters.memory.storage import MemoryDatabase, MemoryUnitOfWork
from saleflex_core.domain.cash import NOT_NUMBERED, CashMovement, MovementKind
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import IllegalTransition, StateError, ValidationError

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def movement(movement_id: str, at: datetime = T0, closure: int = 1) -> CashMovement:
    return CashMovement(
        movement_id, "T1", closure, MovementKind.IN, Money(100, "EUR"), "float", "1", at,
        business_date=at.date(),
    )  # fmt: skip


def test_the_closure_numbers_its_movements_in_the_order_they_come() -> None:
    closure = Closure.first(terminal_id="T1", currency="EUR", at=T0)
    later = closure.record_movement(movement("a", T0 + timedelta(hours=1)))
    earlier = closure.record_movement(movement("b", T0))  # a clock set back in between

    assert (later.number, earlier.number) == (1, 2)
    assert closure.next_movement == 3
    assert closure.totals.cash_in == Money(200, "EUR")


def test_a_movement_is_numbered_once_and_made_unnumbered() -> None:
    closure = Closure.first(terminal_id="T1", currency="EUR", at=T0)
    numbered = closure.record_movement(movement("a"))

    with pytest.raises(StateError, match="numbered already"):
        closure.record_movement(numbered)
    with pytest.raises(ValidationError, match="another period"):
        closure.record_movement(movement("b", closure=2))
    with pytest.raises(ValidationError, match="1 or more"):
        evolve(movement("c"), number=-1)
    assert movement("d").number == NOT_NUMBERED
    assert closure.next_movement == 2 and closure.totals.cash_in == Money(100, "EUR")


def test_a_closed_period_numbers_nothing() -> None:
    closure = Closure.first(terminal_id="T1", currency="EUR", at=T0)
    closure.close(counted_cash=Money(0, "EUR"), at=T0, business_date=T0.date(), closed_by="2")
    with pytest.raises(IllegalTransition):
        closure.record_movement(movement("a"))
    assert closure.successor(T0).next_movement == 1


def test_storage_keeps_only_numbered_movements() -> None:
    with MemoryUnitOfWork(MemoryDatabase(), company_id="C1") as uow:
        with pytest.raises(StateError, match="has no number"):
            uow.cash.add(movement("a"))
        assert uow.cash.for_closure("T1", 1) == []
