from __future__ import annotations

import decimal
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from saleflex_core.domain.barcode import (
    DEFAULT_EMBEDDED_RULES,
    EmbeddedBarcode,
    EmbeddedKind,
    EmbeddedRule,
    decode_embedded,
    gtin_check_digit,
    is_gtin,
    make_embedded,
    make_gtin,
    validate_gtin,
)
from saleflex_core.exceptions import InvalidBarcode, ValidationError

WEIGHT_21 = EmbeddedRule("21", EmbeddedKind.WEIGHT)
PRICE_25 = EmbeddedRule("25", EmbeddedKind.PRICE)
# Full-width digits pass str.isdigit(): a scanned code is normalised to ASCII (a keyboard
# in full-width mode sends them, see test_scan_input.py), a check-digit body is not.
FULLWIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + d) for d in range(10)))


def digits(min_size: int, max_size: int | None = None) -> st.SearchStrategy[str]:
    return st.text(
        "0123456789", min_size=min_size, max_size=min_size if max_size is None else max_size
    )


# --- known real codes -------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    ["4006381333931", "73513537", "036000291452", "5901234123457", "96385074"],
)
def test_real_codes_validate(code: str) -> None:
    assert validate_gtin(code) == code
    assert is_gtin(code)


@pytest.mark.parametrize(
    ("body", "check"),
    [("400638133393", 1), ("7351353", 7), ("03600029145", 2), ("590123412345", 7)],
)
def test_check_digit_of_real_bodies(body: str, check: int) -> None:
    assert gtin_check_digit(body) == check


def test_check_digit_accepts_gtin14_and_sscc_bodies() -> None:
    assert gtin_check_digit("1061414100041") == 5  # GTIN-14 10614141000415
    assert gtin_check_digit("10614141234567890") == 8  # SSCC 106141412345678908
    assert gtin_check_digit("0" * 17) == 0


@pytest.mark.parametrize(
    "body", ["", "123456", "1" * 18, "12345a7", "1234567".translate(FULLWIDTH)]
)
def test_check_digit_rejects_bad_bodies(body: str) -> None:
    with pytest.raises(InvalidBarcode):
        gtin_check_digit(body)


def test_make_gtin_appends_check_digit() -> None:
    assert make_gtin("400638133393") == "4006381333931"
    assert make_gtin("7351353") == "73513537"


@pytest.mark.parametrize("code", ["  4006381333931", "4006381333931\n", "\t73513537 "])
def test_surrounding_whitespace_is_stripped(code: str) -> None:
    assert validate_gtin(code) == code.strip()


# --- rejections -------------------------------------------------------------------


def test_wrong_check_digit_names_expected_digit() -> None:
    with pytest.raises(InvalidBarcode) as caught:
        validate_gtin("4006381333932")
    assert caught.value.message == "Barcode 4006381333932 has a wrong check digit (expected 1)"
    assert caught.value.code == "invalid_barcode"


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("73513536", "wrong check digit (expected 7)"),
        ("036000291453", "wrong check digit (expected 2)"),
        ("40063813339A1", "digits only"),
        ("4006-381333931", "digits only"),
        ("4006381 333931", "digits only"),
        ("²³", "digits only"),
        ("4006381", "has 7 digits; expected 8, 12 or 13"),
        ("40063813339310", "has 14 digits; expected 8, 12 or 13"),
        ("1234567890", "has 10 digits"),
        ("", "empty"),
        ("   ", "empty"),
    ],
)
def test_bad_codes_are_rejected_with_a_clear_message(code: str, fragment: str) -> None:
    with pytest.raises(InvalidBarcode) as caught:
        validate_gtin(code)
    assert fragment in caught.value.message
    assert not is_gtin(code)


# --- properties -------------------------------------------------------------------


@given(body=st.sampled_from([7, 11, 12]).flatmap(digits))
def test_make_gtin_always_validates(body: str) -> None:
    code = make_gtin(body)
    assert len(code) == len(body) + 1
    assert code.startswith(body)
    assert validate_gtin(code) == code


@given(
    body=st.sampled_from([7, 11, 12]).flatmap(digits),
    position=st.integers(min_value=0),
    shift=st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_change_is_detected(body: str, position: int, shift: int) -> None:
    code = make_gtin(body)
    index = position % len(code)
    changed = str((int(code[index]) + shift) % 10)
    altered = code[:index] + changed + code[index + 1 :]
    with pytest.raises(InvalidBarcode, match="wrong check digit"):
        validate_gtin(altered)


@given(body=st.sampled_from([7, 11, 12]).flatmap(digits), wrong=st.integers(1, 9))
def test_is_gtin_matches_validate(body: str, wrong: int) -> None:
    code = make_gtin(body)
    bad = code[:-1] + str((int(code[-1]) + wrong) % 10)
    assert is_gtin(code)
    assert not is_gtin(bad)


# --- embedded rules ---------------------------------------------------------------


def test_rule_defaults_depend_on_kind() -> None:
    assert (WEIGHT_21.item_digits, WEIGHT_21.value_digits, WEIGHT_21.value_decimals) == (5, 5, 3)
    assert PRICE_25.value_decimals == 0


def test_default_rules_cover_documented_prefixes() -> None:
    kinds = {rule.prefix: rule.kind for rule in DEFAULT_EMBEDDED_RULES}
    assert kinds == {
        "21": EmbeddedKind.WEIGHT,
        "22": EmbeddedKind.WEIGHT,
        "27": EmbeddedKind.WEIGHT,
        "28": EmbeddedKind.WEIGHT,
        "23": EmbeddedKind.PRICE,
        "24": EmbeddedKind.PRICE,
        "25": EmbeddedKind.PRICE,
        "26": EmbeddedKind.PRICE,
    }
    assert all(
        r.value_decimals == 3 for r in DEFAULT_EMBEDDED_RULES if r.kind is EmbeddedKind.WEIGHT
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"prefix": "30", "kind": EmbeddedKind.WEIGHT},
        {"prefix": "2", "kind": EmbeddedKind.WEIGHT},
        {"prefix": "210", "kind": EmbeddedKind.WEIGHT},
        {"prefix": "2a", "kind": EmbeddedKind.PRICE},
        {"prefix": "21", "kind": EmbeddedKind.WEIGHT, "item_digits": 4},
        {"prefix": "21", "kind": EmbeddedKind.WEIGHT, "item_digits": 6, "value_digits": 5},
        {"prefix": "21", "kind": EmbeddedKind.WEIGHT, "item_digits": 0, "value_digits": 10},
        {"prefix": "25", "kind": EmbeddedKind.PRICE, "value_decimals": 2},
        {"prefix": "21", "kind": EmbeddedKind.WEIGHT, "value_decimals": -1},
        {"prefix": "21", "kind": EmbeddedKind.WEIGHT, "value_decimals": 6},
    ],
)
def test_inconsistent_rules_are_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        EmbeddedRule(**kwargs)  # type: ignore[arg-type]


def test_rules_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        WEIGHT_21.prefix = "22"  # type: ignore[misc]


def test_embedded_barcode_carries_only_its_kind() -> None:
    with pytest.raises(ValidationError):
        EmbeddedBarcode("2100123004508", "00123", EmbeddedKind.WEIGHT, None, 450)
    with pytest.raises(ValidationError):
        EmbeddedBarcode("2512345001997", "12345", EmbeddedKind.PRICE, Decimal("1"), 199)


# --- decoding known labels --------------------------------------------------------


def test_decodes_known_weight_label() -> None:
    decoded = decode_embedded("2100123004508", DEFAULT_EMBEDDED_RULES)
    assert decoded == EmbeddedBarcode(
        code="2100123004508",
        item_code="00123",
        kind=EmbeddedKind.WEIGHT,
        weight=Decimal("0.450"),
        price_minor=None,
    )
    assert decoded is not None and str(decoded.weight) == "0.450"


def test_decodes_known_price_label_with_whitespace() -> None:
    decoded = decode_embedded(" 2512345001997\r\n", DEFAULT_EMBEDDED_RULES)
    assert decoded == EmbeddedBarcode("2512345001997", "12345", EmbeddedKind.PRICE, None, 199)


def test_custom_layout_and_first_rule_wins() -> None:
    rules = [
        EmbeddedRule("21", EmbeddedKind.PRICE, item_digits=4, value_digits=6),
        *DEFAULT_EMBEDDED_RULES,
    ]
    code = make_gtin("210123" + "012345")
    decoded = decode_embedded(code, rules)
    assert decoded is not None
    assert (decoded.kind, decoded.item_code, decoded.price_minor) == (
        EmbeddedKind.PRICE,
        "0123",
        12345,
    )


def test_weight_rule_with_other_decimals() -> None:
    rule = EmbeddedRule("20", EmbeddedKind.WEIGHT, value_decimals=2)
    decoded = decode_embedded(make_embedded(rule, "00042", 1250), [rule])
    assert decoded is not None and decoded.weight == Decimal("12.50")


@pytest.mark.parametrize(
    "code",
    [
        "4006381333931",  # ordinary EAN-13, prefix not in-store
        "2900000012349",  # prefix '29' is not in the default rules
        "73513537",  # EAN-8
        "036000291452",  # UPC-A
        "21001230045081",  # 14 digits
        "21001230045a8",
        "",
    ],
)
def test_non_embedded_codes_decode_to_none(code: str) -> None:
    assert decode_embedded(code, DEFAULT_EMBEDDED_RULES) is None


def test_no_rules_means_nothing_is_embedded() -> None:
    assert decode_embedded("2100123004508", []) is None


def test_embedded_wrong_check_digit_is_rejected() -> None:
    with pytest.raises(
        InvalidBarcode, match=r"2100123004509 has a wrong check digit \(expected 8\)"
    ):
        decode_embedded("2100123004509", DEFAULT_EMBEDDED_RULES)


@pytest.mark.parametrize(("prefix", "kind"), [("21", "weight"), ("25", "price")])
def test_zero_value_label_is_rejected(prefix: str, kind: str) -> None:
    with pytest.raises(InvalidBarcode, match=f"zero {kind}"):
        decode_embedded(make_gtin(prefix + "00123" + "00000"), DEFAULT_EMBEDDED_RULES)


# --- building labels --------------------------------------------------------------


def test_make_embedded_known_labels() -> None:
    assert make_embedded(WEIGHT_21, "00123", 450) == "2100123004508"
    assert make_embedded(PRICE_25, "12345", 199) == "2512345001997"


@pytest.mark.parametrize(
    ("item_code", "value"),
    [
        ("123", 450),
        ("123456", 450),
        ("0012a", 450),
        ("00123", 0),
        ("00123", -5),
        ("00123", 100_000),
        ("00123", True),
        ("00123", 4.5),
    ],
)
def test_make_embedded_rejects_bad_fields(item_code: str, value: int) -> None:
    with pytest.raises(InvalidBarcode):
        make_embedded(WEIGHT_21, item_code, value)


# --- round trips and exactness ----------------------------------------------------

STRICT = decimal.Context(traps=[decimal.Inexact, decimal.Rounded, decimal.FloatOperation])


@given(
    rule=st.sampled_from([r for r in DEFAULT_EMBEDDED_RULES if r.kind is EmbeddedKind.WEIGHT]),
    item_code=digits(5),
    grams=st.integers(min_value=1, max_value=99_999),
)
def test_weight_round_trip_is_exact(rule: EmbeddedRule, item_code: str, grams: int) -> None:
    code = make_embedded(rule, item_code, grams)
    with decimal.localcontext(STRICT):
        decoded = decode_embedded(code, DEFAULT_EMBEDDED_RULES)
    assert decoded is not None
    assert validate_gtin(code) == code
    assert (decoded.code, decoded.item_code, decoded.kind) == (code, item_code, EmbeddedKind.WEIGHT)
    assert isinstance(decoded.weight, Decimal)
    assert decoded.weight == Decimal(grams) / 1000
    assert decoded.weight.as_tuple().exponent == -3
    assert decoded.weight * 1000 == grams
    assert decoded.price_minor is None


@given(
    rule=st.sampled_from([r for r in DEFAULT_EMBEDDED_RULES if r.kind is EmbeddedKind.PRICE]),
    item_code=digits(5),
    minor=st.integers(min_value=1, max_value=99_999),
)
def test_price_round_trip_is_exact(rule: EmbeddedRule, item_code: str, minor: int) -> None:
    code = make_embedded(rule, item_code, minor)
    decoded = decode_embedded(code, DEFAULT_EMBEDDED_RULES)
    assert decoded is not None
    assert (decoded.code, decoded.item_code, decoded.kind) == (code, item_code, EmbeddedKind.PRICE)
    assert type(decoded.price_minor) is int
    assert decoded.price_minor == minor
    assert decoded.weight is None


@given(
    item_digits=st.integers(min_value=1, max_value=9),
    data=st.data(),
)
def test_round_trip_for_any_layout(item_digits: int, data: st.DataObject) -> None:
    value_digits = 10 - item_digits
    decimals = data.draw(st.integers(min_value=0, max_value=value_digits))
    rule = EmbeddedRule("20", EmbeddedKind.WEIGHT, item_digits, value_digits, decimals)
    item_code = data.draw(digits(item_digits))
    value = data.draw(st.integers(min_value=1, max_value=10**value_digits - 1))
    decoded = decode_embedded(make_embedded(rule, item_code, value), [rule])
    assert decoded is not None
    assert decoded.item_code == item_code
    assert decoded.weight == Decimal(value).scaleb(-decimals)
    assert decoded.weight is not None and decoded.weight.as_tuple().exponent == -decimals
