"""The register's session rules (issue #8): who is signed in after a failed sign-in (point 6),
and taking back or changing a discount or surcharge (point 11)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from adapters.memory.storage import MemoryUnitOfWork
from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import AuthenticationFailed, PermissionDenied, StateError
from saleflex_core.register import Register
from tests.conftest import BAGUETTE, COLA


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


# --- point 6: a failed sign-in signs the previous cashier out ------------------------------


@pytest.mark.parametrize(
    ("cashier_id", "pin"),
    [("2", "0000"), ("1", "0000"), ("42", "1234"), ("", "")],
    ids=["someone-else-wrong-pin", "same-cashier-wrong-pin", "unknown", "empty"],
)
def test_a_failed_sign_in_leaves_nobody_signed_in(
    register: Register, uow: MemoryUnitOfWork, cashier_id: str, pin: str
) -> None:
    sale = register.scan(BAGUETTE)

    with pytest.raises(AuthenticationFailed):
        register.sign_in(cashier_id, pin)

    assert register.cashier is None
    with pytest.raises(PermissionDenied, match="Sign in first"):
        register.scan(COLA)
    with pytest.raises(PermissionDenied):
        register.tender("CASH")
    assert register.sale == sale  # the open sale is kept for whoever signs in next
    with uow:
        assert uow.drafts.get(sale.document_id).lines == list(sale.lines)


def test_the_next_sign_in_carries_on_with_the_open_sale(register: Register) -> None:
    register.scan(BAGUETTE)
    with pytest.raises(AuthenticationFailed):
        register.sign_in("2", "0000")

    register.sign_in("2", "9999")

    assert register.scan(COLA).lines[-1].name.startswith("Cola")
    assert len(register.tender("CASH").lines) == 2


# --- point 11: a discount or surcharge can be changed and taken back --------------------------


@pytest.fixture
def two_items(register: Register) -> Register:
    register.scan(BAGUETTE)  # 1.29
    register.scan(COLA)  # 1.19
    return register


def stored_adjustments(uow: MemoryUnitOfWork, register: Register) -> tuple[object, ...]:
    assert register.sale is not None
    with uow:
        draft = uow.drafts.get(register.sale.document_id)
    return (draft.adjustment, *(line.adjustment for line in draft.lines))


def test_the_sale_discount_is_taken_back(two_items: Register, uow: MemoryUnitOfWork) -> None:
    two_items.discount_sale(percent="10")

    state = two_items.remove_sale_adjustment()

    assert state.adjustment is None
    assert state.totals.total == eur(248)
    assert stored_adjustments(uow, two_items) == (None, None, None)
    two_items.tender("CASH")
    assert two_items.complete().sale.totals.discounts == eur(0)


@pytest.mark.parametrize("give", ["discount_sale", "surcharge_sale"])
def test_giving_another_sale_adjustment_replaces_the_first(two_items: Register, give: str) -> None:
    two_items.discount_sale(amount="0.48")

    state = getattr(two_items, give)(percent="50")

    expected = Adjustment.discount if give == "discount_sale" else Adjustment.surcharge
    assert state.adjustment == expected(percent=Decimal(50))
    assert state.totals.total == eur(124 if give == "discount_sale" else 372)


def test_a_line_discount_is_taken_back_and_changed(
    two_items: Register, uow: MemoryUnitOfWork
) -> None:
    two_items.discount_line(1, percent="10")
    two_items.surcharge_line(1, amount="0.10")  # replaces the discount

    assert two_items.sale is not None and two_items.sale.lines[0].net == eur(139)
    state = two_items.remove_line_adjustment(1)

    assert state.lines[0].adjustment is None and state.totals.total == eur(248)
    assert stored_adjustments(uow, two_items) == (None, None, None)


def test_taking_back_the_sale_discount_lets_the_last_line_be_voided(two_items: Register) -> None:
    """A sale discount needs items: before, the only way out of it was cancelling the sale."""
    two_items.void_line(2)
    two_items.discount_sale(percent="10")

    with pytest.raises(StateError, match="remove it first"):
        two_items.void_line(1)
    two_items.remove_sale_adjustment()

    assert two_items.void_line(1).totals.total == eur(0)


@pytest.mark.parametrize(
    "remove",
    [lambda r: r.remove_sale_adjustment(), lambda r: r.remove_line_adjustment(1)],
    ids=["sale", "line"],
)
def test_nothing_to_take_back_is_refused(
    two_items: Register, uow: MemoryUnitOfWork, remove: Callable[[Register], object]
) -> None:
    with pytest.raises(StateError, match="no discount or surcharge to remove"):
        remove(two_items)
    two_items.tender("CASH", "1.00")
    with pytest.raises(StateError, match="Payments were taken"):
        remove(two_items)


@pytest.mark.parametrize(
    "remove",
    [lambda r: r.remove_sale_adjustment(), lambda r: r.remove_line_adjustment(1)],
    ids=["sale", "line"],
)
def test_taking_back_needs_what_giving_needs(
    register: Register, remove: Callable[[Register], object]
) -> None:
    """A plain cashier gives a discount alone, so takes it back alone; nobody signed in cannot."""
    register.scan(BAGUETTE)
    register.discount_line(1, percent="10")
    register.discount_sale(percent="10")
    assert register.cashier is not None and register.cashier.id == "1"  # Alice, a cashier

    assert remove(register).totals.total > eur(0)
    register.sign_out()
    with pytest.raises(PermissionDenied, match="Sign in first"):
        remove(register)
