"""The largest amount a till holds: refused before anything is saved (issue #8, point 5).

Each test builds a sale near ``MAX_AMOUNT_MINOR`` (9,999,999,999.99 EUR), then tries the step
that would go over it: the refusal names the limit, the stored draft and the register's
sale stay as they were, and the sale can still be paid or cancelled and the day closed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule

from adapters.memory.storage import MemoryUnitOfWork
from saleflex_core.domain.cash import CashMovement, MovementKind
from saleflex_core.domain.catalog import Product
from saleflex_core.domain.closure import Closure, ClosureState
from saleflex_core.domain.document import Document
from saleflex_core.domain.money import MAX_AMOUNT_MINOR, MAX_MINOR, Money, check_amount
from saleflex_core.exceptions import ValidationError
from saleflex_core.register import Register
from saleflex_core.use_cases.results import SaleState
from tests.conftest import COLA, SUPERVISOR, WINE
from tests.unit.test_properties import RegisterMachine

LIMIT = "the most a till can hold"
NEAR = "6000000000.00"  # 6 billion: one line is fine, two are too much


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def stored(uow: MemoryUnitOfWork, register: Register) -> Document:
    assert register.sale is not None
    with uow:
        return uow.drafts.get(register.sale.document_id)


def refused_changes_nothing(
    uow: MemoryUnitOfWork, register: Register, step: Callable[[], object]
) -> None:
    """``step`` is refused for the limit; the stored draft and the screen's sale stay put."""
    before, shown = stored(uow, register), register.sale
    with pytest.raises(ValidationError, match=LIMIT):
        step()
    assert stored(uow, register) == before
    assert register.sale == shown == SaleState.of(before)


def big_sale(register: Register) -> None:
    """Two lines, the first repriced by a supervisor to 6 billion."""
    register.scan(COLA)
    register.scan(WINE)
    register.override_price(1, NEAR, SUPERVISOR)


def test_the_limit_is_written_once_and_names_itself() -> None:
    assert check_amount(eur(MAX_AMOUNT_MINOR), "x") == eur(MAX_AMOUNT_MINOR)
    assert check_amount(eur(-MAX_AMOUNT_MINOR), "x") == eur(-MAX_AMOUNT_MINOR)
    with pytest.raises(
        ValidationError, match=re.escape("The total would be more than 9999999999.99 EUR")
    ):
        check_amount(eur(MAX_AMOUNT_MINOR + 1), "The total")
    with pytest.raises(ValidationError, match="more than 999999999999 JPY"):
        check_amount(Money(MAX_AMOUNT_MINOR + 1, "JPY"), "The total")


def test_a_price_beyond_bigint_arithmetic_is_refused_before_the_commit(
    uow: MemoryUnitOfWork, register: Register
) -> None:
    """The issue's case: a price whose sum overflowed was stored, then tender and Z failed."""
    register.scan(COLA)
    register.scan(WINE)
    huge = "40000000000000000"  # two of these overflowed Money's 64 bits after the commit
    refused_changes_nothing(uow, register, lambda: register.override_price(2, huge, SUPERVISOR))
    just_over = "10000000000.00"
    refused_changes_nothing(
        uow, register, lambda: register.override_price(2, just_over, SUPERVISOR)
    )
    register.tender("CASH")
    assert register.complete().sale.totals.total == eur(119 + 899)


def test_a_second_large_price_is_refused_and_the_sale_still_closes(
    uow: MemoryUnitOfWork, register: Register
) -> None:
    big_sale(register)
    refused_changes_nothing(uow, register, lambda: register.override_price(2, NEAR, SUPERVISOR))
    register.tender("CASH")
    register.complete()
    register.sign_in("2", "9999")
    counted = register.x_report().closure.expected_cash
    assert counted == eur(600_000_000_000 + 899)
    assert register.close_period(counted).closure.difference == eur(0)


def test_a_quantity_that_takes_a_line_over_the_limit_is_refused(
    uow: MemoryUnitOfWork, register: Register
) -> None:
    big_sale(register)
    refused_changes_nothing(uow, register, lambda: register.change_quantity(1, "2"))
    register.change_quantity(2, "9999")  # 9999 × 8.99 is far below the limit
    assert register.cancel().sale.totals.total == eur(600_000_000_000 + 9999 * 899)


def test_a_surcharge_that_takes_the_total_over_the_limit_is_refused(
    uow: MemoryUnitOfWork, register: Register
) -> None:
    big_sale(register)
    refused_changes_nothing(uow, register, lambda: register.surcharge_sale(percent="70"))
    refused_changes_nothing(uow, register, lambda: register.surcharge_line(1, percent="70"))
    refused_changes_nothing(
        uow, register, lambda: register.surcharge_line(2, amount=eur(MAX_AMOUNT_MINOR + 1))
    )
    register.surcharge_sale(percent="50")
    register.tender("CARD")
    total = 600_000_000_899 + 300_000_000_450  # half of 600,000,000,899 cents, rounded half-up
    assert register.complete().sale.totals.total == eur(total)


def test_tenders_cash_and_counted_cash_are_held_to_the_limit(
    uow: MemoryUnitOfWork, register: Register
) -> None:
    register.scan(COLA)
    refused_changes_nothing(uow, register, lambda: register.tender("CASH", "10000000000.00"))
    refused_changes_nothing(uow, register, lambda: register.tender("CASH", eur(MAX_MINOR)))
    register.tender("CASH", "9999999999.99")
    assert register.complete().change == eur(MAX_AMOUNT_MINOR - 119)
    with pytest.raises(ValidationError, match=LIMIT):
        register.cash_in("10000000000.00", "float")
    register.sign_in("2", "9999")
    with pytest.raises(ValidationError, match=LIMIT):
        register.close_period("10000000000.00")
    assert register.close_period("0").closure.number == 1


DAY = date(2026, 1, 5)


def test_the_document_itself_refuses_what_the_register_does_not_see() -> None:
    """Embedders may drive the aggregate directly: the invariant lives there too."""
    doc = Document.start(
        id="d",
        terminal_id="T",
        store_id="S",
        cashier_id="1",
        currency="EUR",
        at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    dear = Product("p", "1", "Gold", "D", "A", eur(MAX_AMOUNT_MINOR + 1))
    with pytest.raises(ValidationError, match=LIMIT):
        doc.add_line(dear, Decimal(1), vat_rate=Decimal(20))
    with pytest.raises(ValidationError, match=LIMIT):
        CashMovement(
            "m",
            "T",
            1,
            MovementKind.IN,
            eur(MAX_AMOUNT_MINOR + 1),
            "float",
            "1",
            doc.started_at,
            business_date=DAY,
        )
    assert doc.lines == []


def test_the_closure_itself_refuses_a_counted_cash_beyond_the_limit() -> None:
    """``close_period`` called without the Register is held to the limit by the closure."""
    closure = Closure.first(terminal_id="T", currency="EUR", at=datetime(2026, 1, 5, tzinfo=UTC))
    with pytest.raises(ValidationError, match="The counted cash would be more than"):
        closure.close(
            counted_cash=eur(MAX_AMOUNT_MINOR + 1),
            at=closure.opened_at,
            business_date=DAY,
            closed_by="2",
        )
    assert closure.state is ClosureState.OPEN and closure.counted_cash is None
    closure.close(
        counted_cash=eur(MAX_AMOUNT_MINOR), at=closure.opened_at, business_date=DAY, closed_by="2"
    )
    assert closure.float_left == eur(MAX_AMOUNT_MINOR)


@settings(max_examples=60, deadline=None)
@given(minor=st.integers(-MAX_MINOR, MAX_MINOR))
def test_check_amount_takes_exactly_what_is_within_the_limit(minor: int) -> None:
    if abs(minor) <= MAX_AMOUNT_MINOR:
        assert check_amount(eur(minor), "x").minor == minor
    else:
        with pytest.raises(ValidationError, match=LIMIT):
            check_amount(eur(minor), "x")


# --- the register state machine, with amounts near and beyond the limit -------------------

huge_prices = st.one_of(
    st.integers(1, 2 * MAX_AMOUNT_MINOR),
    st.sampled_from([MAX_AMOUNT_MINOR // 2, MAX_AMOUNT_MINOR, 4 * 10**18, MAX_MINOR]),
).map(eur)
needs_sale = precondition(lambda self: self.register.sale is not None)


class LargeAmountsMachine(RegisterMachine):
    """The register machine plus supervisors' huge prices, big quantities and tenders.

    ``attempt`` already asserts that a refused step changes nothing; the invariant below
    adds that whatever is stored stays within what a till holds.
    """

    @needs_sale
    @rule(index=st.integers(0, 9), price=huge_prices)
    def huge_price(self, index: int, price: Money) -> None:
        line_no = self._line_no(index)
        self.attempt(lambda: self.register.override_price(line_no, price, SUPERVISOR))

    @needs_sale
    @rule(index=st.integers(0, 9), quantity=st.integers(1, 9999))
    def big_quantity(self, index: int, quantity: int) -> None:
        line_no = self._line_no(index)
        self.attempt(lambda: self.register.change_quantity(line_no, Decimal(quantity)))

    @needs_sale
    @rule(code=st.sampled_from(["CASH", "VOUCHER"]), amount=huge_prices)
    def huge_tender(self, code: str, amount: Money) -> None:
        self.attempt(lambda: self.register.tender(code, amount))

    @invariant()
    def everything_stored_is_within_the_limit(self) -> None:
        tables = self.uow.database.tables
        for document in [*tables.get("drafts", {}).values(), *tables.get("documents", {}).values()]:
            t = document.totals()  # a stored sale can always be totalled
            assert max(t.subtotal.minor, t.total.minor) <= MAX_AMOUNT_MINOR
            assert all(p.tendered.minor <= MAX_AMOUNT_MINOR for p in document.payments)
            for line in document.active_lines:
                assert max(line.gross.minor, line.net.minor) <= MAX_AMOUNT_MINOR


LargeAmountsMachine.TestCase.settings = settings(
    max_examples=25, stateful_step_count=40, deadline=None
)
TestLargeAmountsMachine = LargeAmountsMachine.TestCase
