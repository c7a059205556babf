"""A shop's first start: its answers are checked, then set up in one transaction, once."""

from __future__ import annotations

import pytest

from adapters.memory import MemoryUnitOfWork, SequentialIds, SteppingClock
from saleflex_core import Register, demo
from saleflex_core.domain.catalog import PaymentKind
from saleflex_core.domain.money import known_currency
from saleflex_core.domain.organisation import Role
from saleflex_core.exceptions import AuthenticationFailed, StateError, ValidationError
from saleflex_core.use_cases.store_setup import (
    NewStore,
    StoreSetUp,
    check_new_pin,
    holds_master_data,
    set_up_store,
)

SALT = b"0123456789abcdef"
ANSWERS = NewStore.from_answers(store_name="Corner Shop", currency="eur", manager_pin="2580")


NEW_SHOP = "9b6c1c1e-5a8e-4a39-9a8f-0f1de2a5c001"  # the company a first start makes up


def set_up(uow: MemoryUnitOfWork, terminal_code: str = "T01") -> StoreSetUp:
    return set_up_store(
        uow,
        terminal_code=terminal_code,
        ids=SequentialIds("id"),
        answers=ANSWERS,
        salt=SALT,
        pin_iterations=1000,
    )


@pytest.mark.parametrize("pin", ["2580", "1357", "13579", "90210", "12345670", "1123"])
def test_a_pin_a_person_would_choose_is_accepted(pin: str) -> None:
    assert check_new_pin(pin) == pin


@pytest.mark.parametrize(
    ("pin", "why"),
    [
        ("", "4 to 8 digits"),
        ("123", "4 to 8 digits"),
        ("123456789", "4 to 8 digits"),
        ("12a4", "4 to 8 digits"),
        ("١٢٣٥", "4 to 8 digits"),  # Arabic-Indic digits are digits, but not on a keypad
        ("0000", "too easy"),
        ("1234", "too easy"),
        ("4321", "too easy"),
        ("9999", "too easy"),
        ("345678", "too easy"),
    ],
)
def test_a_pin_anyone_would_try_first_is_refused(pin: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        check_new_pin(pin)


def test_the_answers_are_tidied_and_checked() -> None:
    answers = NewStore.from_answers(
        store_name="  Kiosk \t am  Markt ", currency=" jpy ", manager_pin="2580"
    )
    assert answers.store_name == "Kiosk am Markt"
    assert (answers.currency.code, answers.currency.exponent) == ("JPY", 0)
    assert "2580" not in repr(answers)
    for name, message in (("", "empty"), ("x" * 201, "longer"), ("Shop\x1b[2J", "control")):
        with pytest.raises(ValidationError, match=message):
            NewStore.from_answers(store_name=name, currency="EUR", manager_pin="2580")


def test_only_currencies_whose_minor_unit_is_known_are_accepted() -> None:
    assert known_currency("kwd").exponent == 3
    for code in ("EURO", "XYZ", "", "€"):
        with pytest.raises(ValidationError, match="Unknown currency"):
            known_currency(code)


def test_a_new_shop_has_its_manager_and_cash_and_nothing_else() -> None:
    uow = MemoryUnitOfWork(company_id=NEW_SHOP)

    done = set_up(uow)

    assert (done.store.company_id, done.terminal.company_id) == (NEW_SHOP, NEW_SHOP)
    # The terminal's global id is new; its settings keep calling it by its code.
    assert (done.terminal.code, done.terminal.store_id) == ("T01", done.store.id)
    assert done.terminal.id not in ("T01", done.store.id)
    register = Register(
        uow, terminal_id=done.terminal.id, clock=SteppingClock(), ids=SequentialIds()
    )
    assert register.ref.store.name == "Corner Shop"
    assert register.ref.terminal.cash_out_limit.minor == 0
    assert not demo.is_demo_store(register.ref.store)
    assert list(register.ref.payment_types) == ["CASH"]
    assert register.ref.payment_types["CASH"].kind is PaymentKind.CASH
    assert (register.ref.products, register.ref.vat_rates, register.ref.departments) == ({},) * 3
    manager = register.sign_in("1", "2580")
    assert manager.role is Role.MANAGER
    with pytest.raises(AuthenticationFailed):
        register.sign_in("1", "1234")


def test_a_terminal_is_set_up_only_once() -> None:
    uow = MemoryUnitOfWork(company_id=NEW_SHOP)
    set_up(uow)

    with pytest.raises(StateError, match="already set up in this database \\(Corner Shop\\)"):
        set_up(uow)


def test_a_database_with_another_shops_data_is_refused_and_keeps_it() -> None:
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    demo.install(uow, demo.demo_data(pin_iterations=1000))

    with pytest.raises(StateError, match="already holds a shop's master data"):
        set_up(uow, terminal_code="T09")

    with uow:
        assert holds_master_data(uow)
        assert [c.id for c in uow.cashiers.all()] == ["1", "2", "3"]
        assert uow.organisation.store("S001").name == "SaleFlex Demo Market"
