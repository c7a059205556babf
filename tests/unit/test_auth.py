"""Signing in, and the supervisor override that approves one action."""

from __future__ import annotations

import attrs
import pytest

from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from saleflex_core.domain.organisation import Cashier, Role
from saleflex_core.exceptions import AuthenticationFailed, PermissionDenied, ValidationError
from saleflex_core.register import Register
from saleflex_core.use_cases import auth
from saleflex_core.use_cases.auth import Override
from tests.conftest import BAGUETTE, SUPERVISOR, TERMINAL

REFUSED = "Unknown cashier or wrong PIN"


def cashier(uow: MemoryUnitOfWork, cashier_id: str) -> Cashier:
    with uow:
        return uow.cashiers.get(cashier_id)


def deactivate(uow: MemoryUnitOfWork, cashier_id: str) -> None:
    with uow:
        uow.cashiers.save(attrs.evolve(uow.cashiers.get(cashier_id), active=False))
        uow.commit()


@pytest.fixture
def fresh(uow: MemoryUnitOfWork, clock: SteppingClock, ids: SequentialIds) -> Register:
    """Terminal T01 open, nobody signed in."""
    return Register(uow, terminal_id=TERMINAL, clock=clock, ids=ids)


def authorize(uow: MemoryUnitOfWork, actor: str, override: Override | None) -> str | None:
    return auth.authorize(
        uow,
        actor=cashier(uow, actor),
        needed=Role.SUPERVISOR,
        override=override,
        action="Voiding a line after subtotal",
    )


# --- signing in -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cashier_id", "pin", "name", "role"),
    [
        ("1", "1234", "Alice", Role.CASHIER),
        ("2", "9999", "Sam", Role.SUPERVISOR),
        ("3", "4321", "Morgan", Role.MANAGER),
    ],
)
def test_the_right_pin_signs_the_cashier_in(
    fresh: Register, cashier_id: str, pin: str, name: str, role: Role
) -> None:
    signed_in = fresh.sign_in(cashier_id, pin)

    assert (signed_in.id, signed_in.name, signed_in.role) == (cashier_id, name, role)
    assert fresh.cashier == signed_in
    assert fresh.scan(BAGUETTE).cashier_id == cashier_id


@pytest.mark.parametrize(
    ("cashier_id", "pin"),
    [("1", "4321"), ("1", "12345"), ("1", ""), ("2", "1234"), ("42", "1234"), ("", "1234")],
    ids=["wrong-pin", "longer-pin", "empty-pin", "other-cashiers-pin", "unknown", "no-id"],
)
def test_a_wrong_pin_or_unknown_cashier_gets_the_same_refusal(
    fresh: Register, cashier_id: str, pin: str
) -> None:
    with pytest.raises(AuthenticationFailed) as raised:
        fresh.sign_in(cashier_id, pin)

    assert raised.value.message == REFUSED
    assert fresh.cashier is None


def test_an_inactive_cashier_cannot_sign_in_even_with_the_right_pin(
    fresh: Register, uow: MemoryUnitOfWork
) -> None:
    deactivate(uow, "1")

    with pytest.raises(AuthenticationFailed) as raised:
        fresh.sign_in("1", "1234")

    assert raised.value.message == REFUSED
    assert fresh.cashier is None


def test_nothing_can_be_sold_before_signing_in(fresh: Register) -> None:
    with pytest.raises(PermissionDenied):
        fresh.scan(BAGUETTE)

    assert fresh.sale is None


def test_signing_out_ends_the_session(register: Register) -> None:
    register.scan(BAGUETTE)
    register.sign_out()

    with pytest.raises(PermissionDenied):
        register.scan(BAGUETTE)

    assert register.cashier is None
    assert register.sale is not None
    assert len(register.sale.lines) == 1


def test_the_next_cashier_takes_over_the_open_sale(register: Register) -> None:
    register.scan(BAGUETTE)
    register.sign_out()
    register.sign_in("2", "9999")

    state = register.scan(BAGUETTE)

    assert len(state.lines) == 2


# --- supervisor override --------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["2", "3"])
def test_a_supervisor_or_manager_approves_alone(uow: MemoryUnitOfWork, actor: str) -> None:
    assert authorize(uow, actor, None) == actor


@pytest.mark.parametrize(
    ("override", "approver"),
    [(SUPERVISOR, "2"), (Override("3", "4321", "price on shelf"), "3")],
)
def test_an_override_names_who_approved(
    uow: MemoryUnitOfWork, override: Override, approver: str
) -> None:
    assert authorize(uow, "1", override) == approver


@pytest.mark.parametrize(
    ("override", "error"),
    [
        (None, PermissionDenied),
        (Override("2", "1234", "customer changed mind"), AuthenticationFailed),
        (Override("77", "9999", "customer changed mind"), AuthenticationFailed),
        (Override("1", "1234", "customer changed mind"), PermissionDenied),
        (Override("2", "9999", ""), ValidationError),
    ],
    ids=["none", "wrong-pin", "unknown-supervisor", "cashier-approver", "no-reason"],
)
def test_a_cashier_without_a_valid_override_is_refused(
    uow: MemoryUnitOfWork, override: Override | None, error: type[Exception]
) -> None:
    with pytest.raises(error) as raised:
        authorize(uow, "1", override)

    assert raised.type is error


def test_an_inactive_supervisor_cannot_approve(uow: MemoryUnitOfWork) -> None:
    deactivate(uow, "2")

    with pytest.raises(AuthenticationFailed):
        authorize(uow, "1", SUPERVISOR)


def test_an_inactive_supervisor_loses_their_own_rights(uow: MemoryUnitOfWork) -> None:
    deactivate(uow, "2")

    with pytest.raises(PermissionDenied):
        authorize(uow, "2", None)


def test_an_audit_entry_carries_the_reason_only_when_approved(
    uow: MemoryUnitOfWork, clock: SteppingClock
) -> None:
    alice = cashier(uow, "1")

    approved = auth.audit(clock, "void_line", alice, "2", SUPERVISOR, "line 1")
    alone = auth.audit(clock, "override_price", alice, "1", SUPERVISOR, "line 2")

    assert (approved.approved_by, approved.reason) == ("2", "customer changed mind")
    assert (alone.approved_by, alone.reason) == ("1", "")
    assert approved.at < alone.at
