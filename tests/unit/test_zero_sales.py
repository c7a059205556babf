"""Nothing leaves the shop for 0.00 unseen.

The rule: a line whose quantity x price rounds to 0.00 is refused when it is added or
changed ("too little to sell"); a sale that comes to 0.00 (everything discounted) is
completed only with a supervisor's approval, written in the document's audit trail.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from adapters.memory.storage import MemoryUnitOfWork
from saleflex_core.domain.barcode import DEFAULT_EMBEDDED_RULES, make_embedded
from saleflex_core.domain.document import Document
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import AuthenticationFailed, PermissionDenied, ValidationError
from saleflex_core.register import Register
from saleflex_core.use_cases.auth import Override
from tests.conftest import APPLES_PLU, COLA, SUPERVISOR, WINE

WEIGHT_LABEL = DEFAULT_EMBEDDED_RULES[0]  # prefix 21: grams


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def stored(uow: MemoryUnitOfWork) -> Any:
    return copy.deepcopy(uow.database.tables)


def kept(uow: MemoryUnitOfWork, document_id: str) -> Document:
    with uow:
        return uow.documents.get(document_id)


# --- a line worth nothing -------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", [APPLES_PLU, make_embedded(WEIGHT_LABEL, "03001", 1)], ids=["typed", "label"]
)
def test_a_gram_of_apples_is_too_little_to_sell(
    register: Register, uow: MemoryUnitOfWork, code: str
) -> None:
    before = stored(uow)
    quantity = "0.001" if code == APPLES_PLU else None  # 1 g at 2.49/kg is 0.00249
    with pytest.raises(ValidationError, match="Too little to sell"):
        register.scan(code, quantity)
    assert stored(uow) == before
    assert register.sale is None


def test_the_smallest_weight_worth_a_cent_sells(register: Register) -> None:
    sale = register.scan(APPLES_PLU, "0.003")  # 0.00747 rounds to 0.01
    assert sale.totals.total == eur(1)


def test_a_quantity_or_price_change_to_nothing_is_refused(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    register.scan(APPLES_PLU, "0.400")
    before, sale = stored(uow), register.sale
    with pytest.raises(ValidationError, match="Too little to sell"):
        register.change_quantity(1, "0.002")
    with pytest.raises(ValidationError, match="Too little to sell"):
        register.override_price(1, "0.01", override=SUPERVISOR)  # 0.4 kg at 0.01 is 0.004
    assert stored(uow) == before and register.sale == sale


# --- a sale of 0.00 -------------------------------------------------------------------------


def free_cola(register: Register) -> None:
    register.scan(COLA)
    register.discount_line(1, percent="100")


def test_a_cashier_alone_cannot_give_a_sale_away(register: Register, uow: MemoryUnitOfWork) -> None:
    free_cola(register)
    assert register.sale is not None and register.sale.totals.total == eur(0)
    before, sale = stored(uow), register.sale
    with pytest.raises(PermissionDenied, match="needs a supervisor"):
        register.complete()
    wrong = Override("2", "0000", "promotion")
    with pytest.raises(AuthenticationFailed):
        register.complete(wrong)
    assert stored(uow) == before and register.sale == sale


def test_a_supervisor_approves_a_sale_of_nothing_on_the_record(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    free_cola(register)
    done = register.complete(SUPERVISOR)
    assert done.receipt_number == 1 and done.change == eur(0)
    document = kept(uow, done.sale.document_id)
    (approval,) = document.audit
    assert (approval.action, approval.cashier_id, approval.approved_by) == (
        "complete_zero_total",
        "1",
        "2",
    )
    assert approval.reason == SUPERVISOR.reason
    totals = register.close_period("0", override=SUPERVISOR).closure.totals
    assert (totals.sales_count, totals.sales_total) == (1, eur(0))
    assert (totals.discount_count, totals.discounts) == (1, eur(119))


def test_a_supervisor_signed_in_completes_it_and_is_recorded(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    register.sign_in("2", "9999")
    register.scan(WINE)
    register.discount_sale(percent="100")
    done = register.complete()
    (approval,) = kept(uow, done.sale.document_id).audit
    assert (approval.action, approval.approved_by, approval.reason) == (
        "complete_zero_total",
        "2",
        "",
    )


def test_a_sale_worth_something_needs_no_approval(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    register.scan(COLA)
    register.discount_line(1, percent="99")  # 0.01 is left to pay
    register.tender("CASH")
    done = register.complete()
    assert kept(uow, done.sale.document_id).audit == []


def test_a_sale_of_nothing_may_still_be_cancelled(register: Register) -> None:
    free_cola(register)
    assert register.cancel().sale.state.value == "cancelled"
