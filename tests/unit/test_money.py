"""Money: integer minor units, parsing operator input, the half-up rule, allocation, format."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saleflex_core.domain.money import Currency, Money, round_half_up, total
from saleflex_core.exceptions import ValidationError

EUR = Currency.of("EUR")
JPY = Currency.of("JPY")
KWD = Currency.of("KWD")


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


# --- construction -----------------------------------------------------------------------


@pytest.mark.parametrize("minor", [1.0, 12.5, True, False, Decimal(3), "100", None])
def test_money_refuses_anything_but_an_int(minor: object) -> None:
    with pytest.raises(ValidationError):
        Money(minor, "EUR")  # type: ignore[arg-type]


def test_money_keeps_integer_minor_units() -> None:
    amount = Money(1250, "EUR")
    assert amount.minor == 1250
    assert type(amount.minor) is int
    assert Money.zero("EUR") == eur(0)


@pytest.mark.parametrize(
    ("code", "exponent"), [("EUR", 2), ("USD", 2), ("JPY", 0), ("KRW", 0), ("KWD", 3), ("XYZ", 2)]
)
def test_currency_exponents(code: str, exponent: int) -> None:
    assert Currency.of(code).exponent == exponent


@pytest.mark.parametrize(("code", "exponent"), [("eur", 2), ("EU", 2), ("EURO", 2), ("E1R", 2)])
def test_currency_code_must_be_three_capitals(code: str, exponent: int) -> None:
    with pytest.raises(ValidationError):
        Currency(code, exponent)


@pytest.mark.parametrize("exponent", [-1, 5])
def test_currency_exponent_range(exponent: int) -> None:
    with pytest.raises(ValidationError):
        Currency("EUR", exponent)


# --- parsing operator input -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("12.5", EUR, 1250),
        ("12,50", EUR, 1250),
        ("12,5", EUR, 1250),
        ("12", EUR, 1200),
        ("-3", EUR, -300),
        ("0.01", EUR, 1),
        (" 7.00 ", EUR, 700),
        ("0", EUR, 0),
        ("1500", JPY, 1500),
        ("1.234", KWD, 1234),
        ("0.5", KWD, 500),
    ],
)
def test_parse(text: str, currency: Currency, minor: int) -> None:
    amount = Money.parse(text, currency)
    assert amount == Money(minor, currency.code)
    assert type(amount.minor) is int


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("12.505", EUR),
        ("0.001", EUR),
        ("1,234", EUR),
        ("1.5", JPY),
        ("1.2345", KWD),
    ],
)
def test_parse_refuses_more_decimals_than_the_currency_has(text: str, currency: Currency) -> None:
    with pytest.raises(ValidationError, match="decimals"):
        Money.parse(text, currency)


@pytest.mark.parametrize(
    "text", ["", "   ", "abc", "12.5.0", "1 000", "12€", "NaN", "Infinity", "-inf", "sNaN", "--1"]
)
def test_parse_refuses_garbage(text: str) -> None:
    with pytest.raises(ValidationError):
        Money.parse(text, EUR)


def test_parse_refuses_an_exponent_beyond_decimal() -> None:
    with pytest.raises(ValidationError):
        Money.parse("1e1000000", EUR)


@pytest.mark.parametrize("text", ["1e5000", "99999999999999999999"])
def test_parse_refuses_amounts_beyond_bigint(text: str) -> None:
    with pytest.raises(ValidationError):
        Money.parse(text, EUR)


# --- arithmetic and currency checks ------------------------------------------------------


def test_add_sub_neg() -> None:
    assert eur(150) + eur(75) == eur(225)
    assert eur(150) - eur(175) == eur(-25)
    assert -eur(40) == eur(-40)
    assert total([eur(1), eur(2), eur(3)], "EUR") == eur(6)
    assert total([], "EUR") == eur(0)


@pytest.mark.parametrize(
    "operation",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a < b,
        lambda a, b: a <= b,
        lambda a, b: a > b,
        lambda a, b: a >= b,
    ],
)
def test_currency_mismatch_is_refused(operation) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="EUR"):
        operation(eur(100), Money(100, "USD"))


def test_total_refuses_a_mixed_list() -> None:
    with pytest.raises(ValidationError):
        total([eur(1), Money(1, "USD")], "EUR")


def test_money_does_not_mix_with_numbers() -> None:
    with pytest.raises(TypeError):
        eur(100) + 1  # type: ignore[operator]


def test_comparisons_and_truth() -> None:
    assert eur(1) < eur(2) <= eur(2) < eur(3)
    assert eur(3) > eur(2) >= eur(2)
    assert not eur(0)
    assert eur(-1)
    assert eur(1) != Money(1, "USD")


# --- the half-up rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minor", "factor", "expected"),
    [
        (5, Decimal("0.5"), 3),  # 2.5 -> 3
        (3, Decimal("0.5"), 2),  # 1.5 -> 2
        (-5, Decimal("0.5"), -3),  # -2.5 -> -3: away from zero
        (-3, Decimal("0.5"), -2),  # -1.5 -> -2
        (5, Decimal("-0.5"), -3),
        (249, Decimal("1.234"), 307),  # 307.266
        (249, Decimal("1.5"), 374),  # 373.5
        (129, 3, 387),
        (7, Decimal("0.1"), 1),  # 0.7
        (4, Decimal("0.1"), 0),  # 0.4
        (-4, Decimal("0.1"), 0),
    ],
)
def test_times_rounds_half_up_away_from_zero(minor: int, factor: Decimal, expected: int) -> None:
    assert eur(minor).times(factor) == eur(expected)


def test_times_refuses_float() -> None:
    with pytest.raises(TypeError):
        eur(100).times(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2.5", 3), ("-2.5", -3), ("2.4999", 2), ("-2.4999", -2), ("0.5", 1), ("-0.5", -1)],
)
def test_round_half_up(value: str, expected: int) -> None:
    assert round_half_up(Decimal(value)) == expected


@pytest.mark.parametrize(
    ("minor", "rate", "expected"),
    [
        (1999, Decimal(10), 200),  # 199.9
        (25, Decimal(10), 3),  # 2.5
        (-25, Decimal(10), -3),
        (1000, Decimal("7.5"), 75),
        (1000, Decimal(100), 1000),
        (1234, Decimal(0), 0),
    ],
)
def test_percent(minor: int, rate: Decimal, expected: int) -> None:
    assert eur(minor).percent(rate) == eur(expected)


@pytest.mark.parametrize(
    ("gross", "rate", "tax"),
    [
        (120, Decimal(20), 20),
        (110, Decimal(10), 10),
        (119, Decimal(20), 20),  # 19.83
        (3, Decimal(20), 1),  # exactly 0.5
        (-3, Decimal(20), -1),  # a refund: half away from zero
        (232, Decimal(10), 21),  # 21.09
        (1000, Decimal(0), 0),
        (10700, Decimal("7"), 700),
    ],
)
def test_included_tax(gross: int, rate: Decimal, tax: int) -> None:
    assert eur(gross).included_tax(rate) == eur(tax)


# --- allocation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minor", "weights", "parts"),
    [
        (100, [1, 1, 1], [34, 33, 33]),  # tie: the earliest index gets the cent
        (-100, [1, 1, 1], [-34, -33, -33]),
        (10, [1, 2], [3, 7]),  # remainders 1 and 2: the larger one wins
        (5, [3, 3, 4], [2, 1, 2]),
        (2, [1, 1, 1], [1, 1, 0]),
        (100, [0, 5], [0, 100]),
        (0, [1, 2, 3], [0, 0, 0]),
        (100, [899, 374], [71, 29]),
    ],
)
def test_allocate_largest_remainder(minor: int, weights: list[int], parts: list[int]) -> None:
    result = eur(minor).allocate(weights)
    assert result == [eur(p) for p in parts]
    assert sum(p.minor for p in result) == minor


@pytest.mark.parametrize("weights", [[], [0, 0], [1, -1], [-1, -2]])
def test_allocate_refuses_non_positive_weights(weights: list[int]) -> None:
    with pytest.raises(ValidationError):
        eur(100).allocate(weights)


@settings(max_examples=200, deadline=None)
@given(
    minor=st.integers(-(10**9), 10**9),
    weights=st.lists(st.integers(0, 10**6), min_size=1, max_size=12).filter(lambda w: sum(w) > 0),
)
def test_allocate_always_sums_and_stays_within_one_unit_of_the_share(
    minor: int, weights: list[int]
) -> None:
    parts = eur(minor).allocate(weights)
    assert sum(p.minor for p in parts) == minor
    total_weight = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = Decimal(minor) * weight / total_weight
        assert abs(Decimal(part.minor) - exact) < 1
        if weight == 0:
            assert part.minor == 0


# --- format ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minor", "currency", "text"),
    [
        (1250, EUR, "12.50"),
        (5, EUR, "0.05"),
        (-5, EUR, "-0.05"),
        (-1250, EUR, "-12.50"),
        (0, EUR, "0.00"),
        (123456789, EUR, "1234567.89"),
        (1500, JPY, "1500"),
        (-1500, JPY, "-1500"),
        (1234, KWD, "1.234"),
        (7, KWD, "0.007"),
    ],
)
def test_format(minor: int, currency: Currency, text: str) -> None:
    assert Money(minor, currency.code).format(currency) == text


def test_to_decimal_is_exact() -> None:
    assert eur(1250).to_decimal(EUR) == Decimal("12.50")
    assert Money(1234, "KWD").to_decimal(KWD) == Decimal("1.234")


@settings(max_examples=200, deadline=None)
@given(
    minor=st.integers(-(10**12), 10**12),
    currency=st.sampled_from([EUR, JPY, KWD, Currency("XAU", 4)]),
)
def test_format_then_parse_round_trips(minor: int, currency: Currency) -> None:
    amount = Money(minor, currency.code)
    assert Money.parse(amount.format(currency), currency) == amount
    assert Money.parse(amount.format(currency).replace(".", ","), currency) == amount
