"""The register's session rules (issue #8): who is signed in after a failed sign-in (point 6),
and taking back or changing a discount or surcharge (point 11)."""

from __future__ import annotations

import pytest

from adapters.memory.storage import MemoryUnitOfWork
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import AuthenticationFailed, PermissionDenied
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
