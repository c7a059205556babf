"""Taking payment: cash with change, card exact, vouchers, mixed tenders, refused tenders."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.memory.devices import MemoryDisplay
from adapters.memory.storage import MemoryUnitOfWork
from saleflex_core.domain.catalog import PaymentKind
from saleflex_core.domain.document import Document
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import NotFound, PaymentError, ValidationError
from saleflex_core.register import Register
from saleflex_core.use_cases.results import SaleState
from tests.conftest import BAGUETTE, WINE, open_empty_sale


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def stored(uow: MemoryUnitOfWork, document_id: str) -> Document:
    with uow:
        return uow.drafts.get(document_id)


def assert_balanced(state: SaleState) -> None:
    """Nothing is due, and what was handed over minus the change is exactly the total."""
    totals = state.totals
    assert totals.due == eur(0)
    assert totals.paid == totals.total
    assert totals.tendered - totals.change == totals.total


@pytest.fixture
def sale(register: Register) -> Register:
    """A sale of Red wine 8.99 and Baguette 1.29: 10.28 due."""
    register.scan(WINE)
    register.scan(BAGUETTE)
    return register


def test_cash_without_an_amount_pays_exactly_what_is_due(sale: Register) -> None:
    state = sale.tender("CASH")

    [payment] = state.payments
    assert (payment.type_code, payment.kind) == ("CASH", PaymentKind.CASH)
    assert (payment.tendered, payment.change) == (eur(1028), eur(0))
    assert_balanced(state)
    assert stored(sale.uow, state.document_id).payments == [payment]


def test_cash_over_tender_gives_the_difference_as_change(sale: Register) -> None:
    state = sale.tender("CASH", "20")

    assert state.payments[0].change == eur(972)
    assert state.totals.change == eur(972)
    assert_balanced(state)
    display = sale.devices.display
    assert isinstance(display, MemoryDisplay)
    assert display.shown[-1] == ("Cash 20.00", "CHANGE 9.72")


@pytest.mark.parametrize("amount", [None, "10.28"])
def test_card_pays_exactly_what_is_due(sale: Register, amount: str | None) -> None:
    state = sale.tender("CARD", amount)

    assert state.payments[0].kind is PaymentKind.CARD
    assert state.payments[0].change == eur(0)
    assert_balanced(state)


def test_card_over_tender_is_refused_and_no_payment_is_stored(sale: Register) -> None:
    assert sale.sale is not None
    before = stored(sale.uow, sale.sale.document_id)

    with pytest.raises(PaymentError):
        sale.tender("CARD", "10.29")

    assert stored(sale.uow, sale.sale.document_id) == before
    assert sale.sale.payments == ()


def test_a_voucher_pays_part_and_cash_the_rest(sale: Register) -> None:
    part = sale.tender("VOUCHER", "5.00")
    assert part.totals.due == eur(528)

    state = sale.tender("CASH")

    assert [(p.type_code, p.kind) for p in state.payments] == [
        ("VOUCHER", PaymentKind.VOUCHER),
        ("CASH", PaymentKind.CASH),
    ]
    assert_balanced(state)


def test_card_part_then_cash_rest_with_change(sale: Register) -> None:
    sale.tender("CARD", "5.00")

    state = sale.tender("CASH", "10")

    assert [p.tendered for p in state.payments] == [eur(500), eur(1000)]
    assert [p.change for p in state.payments] == [eur(0), eur(472)]
    assert state.totals.change == eur(472)
    assert_balanced(state)


def test_a_partial_payment_leaves_the_rest_due(sale: Register) -> None:
    state = sale.tender("CASH", "3.28")

    assert state.totals.paid == eur(328)
    assert state.totals.due == eur(700)


def test_a_card_can_pay_the_rest_after_cash(sale: Register) -> None:
    sale.tender("CASH", "0.28")

    state = sale.tender("CARD")

    assert state.payments[-1].tendered == eur(1000)
    assert_balanced(state)


def test_a_tender_on_an_empty_sale_is_refused(register: Register) -> None:
    open_empty_sale(register)
    assert register.sale is not None

    with pytest.raises(PaymentError):
        register.tender("CASH", "5")

    assert stored(register.uow, register.sale.document_id).payments == []


def test_a_tender_on_a_paid_sale_is_refused(sale: Register) -> None:
    sale.tender("CARD")
    assert sale.sale is not None
    before = stored(sale.uow, sale.sale.document_id)

    with pytest.raises(PaymentError):
        sale.tender("CASH", "1")

    assert stored(sale.uow, sale.sale.document_id) == before


def test_a_tender_of_what_is_due_on_a_paid_sale_says_it_is_paid(sale: Register) -> None:
    sale.tender("CARD")

    with pytest.raises(PaymentError):
        sale.tender("CASH")


BAD_TENDERS = [
    pytest.param(lambda r: r.tender("CASH", "0"), ValidationError, id="zero"),
    pytest.param(lambda r: r.tender("CASH", "-5"), ValidationError, id="negative"),
    pytest.param(lambda r: r.tender("CASH", "1.005"), ValidationError, id="sub-cent"),
    pytest.param(lambda r: r.tender("CASH", "ten"), ValidationError, id="not-a-number"),
    pytest.param(lambda r: r.tender("CASH", Money(2000, "USD")), ValidationError, id="currency"),
    pytest.param(lambda r: r.tender("CHEQUE", "20"), NotFound, id="unknown-type"),
    pytest.param(lambda r: r.tender("CARD", "50"), PaymentError, id="card-over"),
]


@pytest.mark.parametrize(("action", "error"), BAD_TENDERS)
def test_a_bad_tender_is_refused_and_changes_nothing(
    sale: Register, action: Callable[[Register], object], error: type[Exception]
) -> None:
    sale.tender("CASH", "1.00")
    assert sale.sale is not None
    before, shown = stored(sale.uow, sale.sale.document_id), sale.sale

    with pytest.raises(error) as raised:
        action(sale)

    assert raised.type is error
    assert stored(sale.uow, shown.document_id) == before
    assert sale.sale == shown


@pytest.mark.parametrize(
    "tenders",
    [
        [("CASH", None)],
        [("CASH", "50")],
        [("CARD", None)],
        [("VOUCHER", "20")],
        [("CARD", "0.01"), ("VOUCHER", "1"), ("CASH", "100")],
        [("CASH", "0.28"), ("CARD", "5"), ("CASH", "5.00")],
    ],
)
def test_paid_minus_change_is_the_total(
    sale: Register, tenders: list[tuple[str, str | None]]
) -> None:
    for code, amount in tenders:
        state = sale.tender(code, amount)

    assert_balanced(state)
    assert stored(sale.uow, state.document_id).totals() == state.totals


def test_refusals_name_the_amount_as_a_cashier_reads_it(sale: Register) -> None:
    with pytest.raises(PaymentError, match=r"more than is due \(10\.28 EUR\)"):
        sale.tender("CARD", "20.00")
    with pytest.raises(PaymentError, match=r"not paid yet: 10\.28 EUR is due"):
        sale.complete()
