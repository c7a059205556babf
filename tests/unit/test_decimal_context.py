"""The core's arithmetic runs in its own decimal context, whatever the embedding program set.

Each scenario is worked out once in Python's default context and once under a hostile
one (six digits, rounding towards minus infinity, every signal trapped, a tiny exponent
range): the amounts must be the same to the minor unit.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterator
from decimal import ROUND_FLOOR, Decimal

import pytest

from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.barcode import DEFAULT_EMBEDDED_RULES, decode_embedded, make_embedded
from saleflex_core.domain.catalog import PaymentType, Product, SoldBy
from saleflex_core.domain.document import Document
from saleflex_core.domain.line import check_quantity
from saleflex_core.domain.money import Currency, Money
from saleflex_core.register import _decimal
from tests.support.store_time import UTC_T0

EUR = Currency.of("EUR")

HOSTILE: dict[str, Callable[[decimal.Context], None]] = {
    "prec=6": lambda c: setattr(c, "prec", 6),
    "prec=6, ROUND_FLOOR": lambda c: (setattr(c, "prec", 6), setattr(c, "rounding", ROUND_FLOOR)),
    "ROUND_FLOOR": lambda c: setattr(c, "rounding", ROUND_FLOOR),
    "traps everything": lambda c: c.traps.update({s: True for s in c.traps}),
    "prec=6, no traps": lambda c: (
        setattr(c, "prec", 6),
        c.traps.update({s: False for s in c.traps}),
    ),
    "Emax=5": lambda c: (setattr(c, "Emax", 5), setattr(c, "Emin", -5)),
}


@pytest.fixture(params=sorted(HOSTILE))
def hostile(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run the test body with the thread's decimal context set as an embedding program might."""
    with decimal.localcontext() as context:
        HOSTILE[request.param](context)
        yield


def product(price_minor: int, sold_by: SoldBy = SoldBy.PIECE, plu: str = "1") -> Product:
    return Product(f"p{plu}", plu, f"Item {plu}", "D1", "A", Money(price_minor, "EUR"), sold_by)


def big_sale() -> Document:
    """Large amounts, weights, line and sale percentages, two VAT rates, a tender."""
    doc = Document.start(
        id="d1", terminal_id="T01", store_id="S1", cashier_id="1", currency="EUR", at=UTC_T0
    )
    doc.add_line(product(1234567), Decimal("7"), vat_rate=Decimal("19"))
    doc.add_line(product(987654, SoldBy.WEIGHT, "2"), Decimal("3.217"), vat_rate=Decimal("7"))
    doc.add_line(product(33333, plu="3"), Decimal("3"), vat_rate=Decimal("19"))
    doc.adjust_line(1, Adjustment.discount(percent=Decimal("12.5")))
    doc.adjust_line(2, Adjustment.surcharge(percent=Decimal("3.33")))
    doc.adjust(Adjustment.discount(percent=Decimal("7.77")))
    doc.add_payment(PaymentType.cash(), doc.totals().due + Money(1111, "EUR"))
    return doc


def figures(doc: Document) -> object:
    totals = doc.totals()
    return (
        [(line.gross, line.adjustment_amount, line.net) for line in doc.lines],
        totals,
        [(share.code, share.rate, share.gross, share.vat) for share in totals.vat],
    )


def money_maths() -> object:
    amount = Money(987654321, "EUR")
    return (
        amount.times(Decimal("123.456")),
        amount.percent(Decimal("33.333")),
        amount.included_tax(Decimal("19")),
        amount.included_tax(Decimal("7.7")),
        Money.parse("98765432.19", EUR),
        amount.to_decimal(EUR),
        check_quantity(SoldBy.WEIGHT, Decimal("999.999")),
        check_quantity(SoldBy.PIECE, Decimal("9999")),
        _decimal("1234567.891"),
        decode_embedded(
            make_embedded(DEFAULT_EMBEDDED_RULES[0], "12345", 98765), DEFAULT_EMBEDDED_RULES
        ),
    )


def test_sale_figures_do_not_depend_on_the_callers_context(hostile: None) -> None:
    expected = _in_default_context(lambda: figures(big_sale()))
    assert figures(big_sale()) == expected


def test_money_maths_do_not_depend_on_the_callers_context(hostile: None) -> None:
    expected = _in_default_context(money_maths)
    assert money_maths() == expected


def test_the_big_sale_really_needs_more_than_six_digits() -> None:
    # Guard of the tests above: under prec=6 a naive computation would be wrong here.
    with decimal.localcontext() as context:
        context.prec = 6
        naive = Decimal(1234567) * Decimal(7)
    assert naive != Decimal(8641969)
    assert big_sale().lines[0].gross == Money(8641969, "EUR")


def test_malformed_operator_text_is_refused_even_without_traps() -> None:
    from saleflex_core.exceptions import ValidationError

    with decimal.localcontext() as context:
        context.traps[decimal.InvalidOperation] = False
        with pytest.raises(ValidationError):
            _decimal("12..5")
        with pytest.raises(ValidationError):
            Money.parse("1e5", EUR)


def _in_default_context(work: Callable[[], object]) -> object:
    with decimal.localcontext(decimal.Context()):
        return work()
