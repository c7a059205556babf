"""Barcodes: GTIN check digits and price/weight-embedded EAN-13 labels.

Pure functions and small frozen values; no I/O. Everything rejected on purpose raises
``InvalidBarcode`` (a bad scan or label) or ``ValidationError`` (a bad embedded rule),
with a message written for the person at the till.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal

from attrs import Factory, field, frozen

from saleflex_core.domain.money import DECIMALS
from saleflex_core.exceptions import InvalidBarcode, ValidationError

GTIN_LENGTHS = frozenset({8, 12, 13})
"""Code lengths accepted at the till: EAN-8, UPC-A and EAN-13."""

_BODY_LENGTHS = range(7, 18)
_EMBEDDED_LENGTH = 13
_EMBEDDED_DATA_DIGITS = 10  # 13 digits minus the 2-digit prefix and the check digit


# A keyboard in full-width mode (Japanese, Chinese input methods) types U+FF01..U+FF5E for
# the printable ASCII characters and U+3000 for the space.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def normalise_code(code: object) -> str:
    """Return a scanned or typed barcode or PLU as the till reads it.

    Full-width characters become their ASCII forms and blanks around the code are
    stripped. Raises ``ValidationError`` when ``code`` is not a string.
    """
    if not isinstance(code, str):
        raise ValidationError(f"A barcode or PLU is text, not {type(code).__name__} {code!r}")
    if code.isascii():  # what a scanner sends; and a whole catalogue is read at start-up
        return code.strip()
    return code.translate(_FULL_WIDTH).strip()


def _is_digits(text: str) -> bool:
    # str.isdigit() alone accepts superscripts and non-ASCII digits no scanner sends.
    return text.isascii() and text.isdigit()


def gtin_check_digit(body: str) -> int:
    """Return the GS1 mod-10 check digit for ``body``, a string of 7 to 17 ASCII digits.

    Digits are weighted 3, 1, 3, ... starting from the rightmost digit of the body.
    Raises ``InvalidBarcode`` when the body is not such a digit string.
    """
    if not _is_digits(body) or len(body) not in _BODY_LENGTHS:
        raise InvalidBarcode(f"Barcode body {body!r} must be 7 to 17 digits")
    total = sum(int(digit) * (3 if i % 2 == 0 else 1) for i, digit in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def make_gtin(body: str) -> str:
    """Return ``body`` with its GS1 check digit appended.

    A body of 7, 11 or 12 digits gives an EAN-8, UPC-A or EAN-13 that ``validate_gtin`` accepts.
    """
    return body + str(gtin_check_digit(body))


def validate_gtin(code: str) -> str:
    """Return ``code`` normalised (``normalise_code``) if it is a valid EAN-13, EAN-8 or UPC-A.

    Raises ``InvalidBarcode`` for an empty code, non-digits, a length other than 8, 12
    or 13, or a wrong check digit (the message names the expected digit), and
    ``ValidationError`` for a code that is not a string.
    """
    cleaned = normalise_code(code)
    if not cleaned:
        raise InvalidBarcode("Barcode is empty")
    if not _is_digits(cleaned):
        raise InvalidBarcode(f"Barcode {cleaned} must contain digits only")
    if len(cleaned) not in GTIN_LENGTHS:
        raise InvalidBarcode(f"Barcode {cleaned} has {len(cleaned)} digits; expected 8, 12 or 13")
    expected = gtin_check_digit(cleaned[:-1])
    if int(cleaned[-1]) != expected:
        raise InvalidBarcode(f"Barcode {cleaned} has a wrong check digit (expected {expected})")
    return cleaned


def is_gtin(code: str) -> bool:
    """Return whether ``validate_gtin`` accepts ``code``."""
    try:
        validate_gtin(code)
    except InvalidBarcode:
        return False
    return True


class EmbeddedKind(enum.Enum):
    """What the value field of an in-store EAN-13 label carries."""

    WEIGHT = "weight"
    PRICE = "price"


def _default_decimals(rule: EmbeddedRule) -> int:
    return 3 if rule.kind is EmbeddedKind.WEIGHT else 0


@frozen
class EmbeddedRule:
    """How to read in-store EAN-13 labels that start with ``prefix`` ('20'..'29').

    Layout: prefix (2) + item code (``item_digits``) + value (``value_digits``) + check (1),
    so ``item_digits + value_digits`` must be 10. For WEIGHT the value is an integer
    scaled by ``value_decimals`` (default 3: grams read as kilograms); for PRICE it is
    the price in minor units and ``value_decimals`` must be 0 (its default).
    Raises ``ValidationError`` when the rule is inconsistent.
    """

    prefix: str
    kind: EmbeddedKind
    item_digits: int = 5
    value_digits: int = 5
    value_decimals: int = field(default=Factory(_default_decimals, takes_self=True))

    def __attrs_post_init__(self) -> None:
        if not (len(self.prefix) == 2 and _is_digits(self.prefix) and self.prefix[0] == "2"):
            raise ValidationError(f"Embedded barcode prefix {self.prefix!r} must be '20' to '29'")
        if self.item_digits < 1 or self.value_digits < 1:
            raise ValidationError("Embedded barcode item and value need at least one digit each")
        if self.item_digits + self.value_digits != _EMBEDDED_DATA_DIGITS:
            raise ValidationError(
                f"Embedded barcode rule {self.prefix}: item and value digits must add up to 10"
            )
        if self.kind is EmbeddedKind.PRICE and self.value_decimals != 0:
            raise ValidationError(f"Embedded price rule {self.prefix} takes no value decimals")
        if not 0 <= self.value_decimals <= self.value_digits:
            raise ValidationError(
                f"Embedded weight rule {self.prefix}: "
                f"value decimals must be 0 to {self.value_digits}"
            )


DEFAULT_EMBEDDED_RULES: tuple[EmbeddedRule, ...] = (
    *(EmbeddedRule(prefix, EmbeddedKind.WEIGHT) for prefix in ("21", "22", "27", "28")),
    *(EmbeddedRule(prefix, EmbeddedKind.PRICE) for prefix in ("23", "24", "25", "26")),
)
"""A common default for in-store labels; stores configure their own.

Prefixes '21', '22', '27', '28' carry a weight in grams (5 digits, read as kg with 3
decimals); '23', '24', '25', '26' carry a price in minor units (5 digits). Each uses a
5-digit item code. '20' and '29' are left free.
"""


@frozen
class EmbeddedBarcode:
    """A decoded in-store label: the item code and exactly one of weight (kg) or price.

    ``item_code`` is the item field only (without the prefix). ``weight`` is set for
    WEIGHT labels and ``price_minor`` for PRICE labels; the other one is ``None``.
    """

    code: str
    item_code: str
    kind: EmbeddedKind
    weight: Decimal | None
    price_minor: int | None

    def __attrs_post_init__(self) -> None:
        is_weight = self.kind is EmbeddedKind.WEIGHT
        if (self.weight is not None) != is_weight or (self.price_minor is not None) == is_weight:
            raise ValidationError(
                f"Embedded barcode {self.code} must carry only a {self.kind.value}"
            )


def _rule_for(prefix: str, rules: Iterable[EmbeddedRule]) -> EmbeddedRule | None:
    # The first rule for a prefix wins, so a store can put overrides in front of defaults.
    return next((rule for rule in rules if rule.prefix == prefix), None)


def decode_embedded(code: str, rules: Iterable[EmbeddedRule]) -> EmbeddedBarcode | None:
    """Decode a price- or weight-embedded EAN-13 label, or return ``None`` if it is not one.

    ``None`` means ``code`` (normalised) is not 13 digits or its prefix is not
    covered by ``rules`` (the first matching rule wins). Raises ``InvalidBarcode`` for a
    wrong check digit or a zero weight or price. Weights are exact ``Decimal`` kilograms.
    """
    cleaned = normalise_code(code)
    if len(cleaned) != _EMBEDDED_LENGTH or not _is_digits(cleaned):
        return None
    rule = _rule_for(cleaned[:2], rules)
    if rule is None:
        return None
    validate_gtin(cleaned)
    item_end = 2 + rule.item_digits
    value = int(cleaned[item_end:-1])
    if value == 0:
        raise InvalidBarcode(f"Barcode {cleaned} carries a zero {rule.kind.value}")
    is_weight = rule.kind is EmbeddedKind.WEIGHT
    return EmbeddedBarcode(
        code=cleaned,
        item_code=cleaned[2:item_end],
        kind=rule.kind,
        weight=Decimal(value).scaleb(-rule.value_decimals, context=DECIMALS) if is_weight else None,
        price_minor=None if is_weight else value,
    )


def make_embedded(rule: EmbeddedRule, item_code: str, value: int) -> str:
    """Build a valid 13-digit label for ``rule`` with ``item_code`` and ``value``.

    ``item_code`` must have exactly ``rule.item_digits`` digits (pad with zeros yourself).
    ``value`` is the raw field: grams for the default weight rules, minor units for price;
    it must be positive and fit in ``rule.value_digits``. Raises ``InvalidBarcode`` otherwise.
    """
    if not _is_digits(item_code) or len(item_code) != rule.item_digits:
        raise InvalidBarcode(
            f"Item code {item_code!r} must be exactly {rule.item_digits} digits "
            f"for prefix {rule.prefix}"
        )
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidBarcode(f"Embedded {rule.kind.value} must be a whole number, not {value!r}")
    if not 0 < value < 10**rule.value_digits:
        raise InvalidBarcode(
            f"Embedded {rule.kind.value} {value} must be 1 to {10**rule.value_digits - 1}"
        )
    return make_gtin(f"{rule.prefix}{item_code}{value:0{rule.value_digits}d}")
