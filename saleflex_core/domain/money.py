"""Money over integer minor units, and the one rounding rule of SaleFlex.

The rounding rule, written down once:

* Every amount is an integer count of the currency's minor unit (cents, kuruş, ...).
* Whenever a computation leaves a fraction of a minor unit (quantity × price, a
  percentage, VAT extracted from a gross amount) it is rounded **half-up**: to the
  nearest minor unit, a half going away from zero (``ROUND_HALF_UP`` of ``decimal``).
* Rounding happens per line (line amount, line discount), then once per document
  (document discount, VAT per rate over the whole document). Document discounts are
  spread over the lines by the largest-remainder method, so the parts always sum up.
* A line whose quantity × price rounds to 0 minor units is not sold (``document.py``).

``Decimal`` is used only for rates, weights, quantities and for parsing operator input.

The core owns its arithmetic: every ``Decimal`` operation that feeds an amount (quantity
× price, percentages, VAT, parsing, weights from labels) runs in ``DECIMALS``, the core's own
``decimal.Context`` (34 digits, half-even for intermediate results, traps on invalid
operations, division by zero and overflow), never in the thread's current context. A program
that embeds the core and sets ``decimal.getcontext().prec = 6`` or ``rounding=ROUND_FLOOR``
gets the same amounts, to the minor unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

from attrs import frozen

from saleflex_core.exceptions import ValidationError

ROUNDING = ROUND_HALF_UP
DECIMALS = Context(
    prec=34,  # IEEE decimal128: a BIGINT amount times a 7-digit quantity stays exact
    rounding=ROUND_HALF_EVEN,  # intermediates only; amounts are rounded with ROUNDING
    Emin=MIN_EMIN,
    Emax=MAX_EMAX,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
"""The core's own decimal context. Pass it (``context=DECIMALS``, ``DECIMALS.multiply``)
to every Decimal operation whose result feeds money, so the caller's context never does."""
MAX_MINOR = 2**63 - 1  # stored as BIGINT
MAX_AMOUNT_MINOR = 10**12 - 1
"""The largest amount a till holds, in minor units: 9,999,999,999.99 in a two-decimal currency.

It bounds every amount of a sale (a line, a discount, the subtotal and total, a tender, the
change), every cash movement and every amount typed at the till. Period and grand totals
are sums of such amounts: at this bound they stay below ``MAX_MINOR`` for 9 million sales
of the largest size, so no sum a till keeps can overflow BIGINT or ``Money``.
"""
_AMOUNT = re.compile(r"[+-]?[0-9]{1,18}(\.[0-9]{1,4})?")

# ISO 4217 minor-unit exponents of the currencies we ship with; others come in as Currency values.
_EXPONENTS = {
    "EUR": 2,
    "USD": 2,
    "GBP": 2,
    "TRY": 2,
    "CHF": 2,
    "PLN": 2,
    "CZK": 2,
    "SEK": 2,
    "NOK": 2,
    "DKK": 2,
    "HUF": 2,
    "RON": 2,
    "CAD": 2,
    "AUD": 2,
    "JPY": 0,
    "KRW": 0,
    "ISK": 0,
    "KWD": 3,
    "BHD": 3,
    "TND": 3,
}


@frozen
class Currency:
    """A currency code and the number of decimal places of its minor unit."""

    code: str
    exponent: int = 2

    def __attrs_post_init__(self) -> None:
        if len(self.code) != 3 or not self.code.isalpha() or not self.code.isupper():
            raise ValidationError(f"Currency code must be three capital letters, not {self.code!r}")
        if not 0 <= self.exponent <= 4:
            raise ValidationError(
                f"Currency {self.code} has an unsupported exponent {self.exponent}"
            )

    @classmethod
    def of(cls, code: str) -> Currency:
        """The currency ``code`` with its ISO 4217 exponent (2 when unknown to us)."""
        return cls(code, _EXPONENTS.get(code, 2))


def known_currency(code: str) -> Currency:
    """The currency ``code`` (any case, blanks ignored) when SaleFlex knows its minor unit.

    A new store must use one of these: amounts are formatted with ``Currency.of``, which
    would guess two decimals for any other code.
    """
    wanted = code.strip().upper() if isinstance(code, str) else ""
    if wanted not in _EXPONENTS:
        known = ", ".join(sorted(_EXPONENTS))
        raise ValidationError(f"Unknown currency {code!r}: use one of {known}")
    return Currency.of(wanted)


def round_half_up(value: Decimal) -> int:
    """Round a Decimal amount of minor units to an integer, half away from zero."""
    return int(value.quantize(Decimal(1), rounding=ROUNDING, context=DECIMALS))


def to_decimal(text: str) -> Decimal:
    """Operator or stored text as a Decimal, read in the core's context: malformed text
    raises ``decimal.InvalidOperation`` even where the caller's context would give NaN."""
    return Decimal(text, context=DECIMALS)


@frozen(order=False)
class Money:
    """An amount of one currency as an integer number of minor units."""

    minor: int
    currency: str

    def __attrs_post_init__(self) -> None:
        if type(self.minor) is not int:  # bool and float are refused on purpose
            raise ValidationError(f"Money needs integer minor units, got {self.minor!r}")
        if not -MAX_MINOR <= self.minor <= MAX_MINOR:
            raise ValidationError("The amount is too large")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def parse(cls, text: str, currency: Currency) -> Money:
        """Parse operator input such as ``"12.5"`` or ``"12,50"`` into money.

        Only plain digits with one decimal separator are taken (no exponents, no "_").
        More decimals than the currency has is an error, never a silent rounding.
        """
        cleaned = text.strip().replace(",", ".")
        if not _AMOUNT.fullmatch(cleaned):
            raise ValidationError(f"{text!r} is not an amount")
        value = to_decimal(cleaned)
        scaled = value.scaleb(currency.exponent, context=DECIMALS)
        if scaled != scaled.to_integral_value(context=DECIMALS):
            raise ValidationError(
                f"{text!r} has more than {currency.exponent} decimals for {currency.code}"
            )
        return cls(int(scaled), currency.code)

    def to_decimal(self, currency: Currency) -> Decimal:
        """The amount in major units, exact (for display and the wire's human fields)."""
        return Decimal(self.minor).scaleb(-currency.exponent, context=DECIMALS)

    def format(self, currency: Currency) -> str:
        """``"12.50"``: the amount with the currency's decimals, no symbol."""
        sign = "-" if self.minor < 0 else ""
        units, cents = divmod(abs(self.minor), 10**currency.exponent)
        if currency.exponent == 0:
            return f"{sign}{units}"
        return f"{sign}{units}.{cents:0{currency.exponent}d}"

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise ValidationError(f"Cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.minor <= other.minor

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor > other.minor

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.minor >= other.minor

    def __bool__(self) -> bool:
        return self.minor != 0

    def times(self, factor: Decimal | int) -> Money:
        """This amount times a quantity, weight or factor, rounded half-up."""
        if isinstance(factor, float):
            raise TypeError("float factors are not allowed with money")
        product = DECIMALS.multiply(Decimal(self.minor), Decimal(factor))
        return Money(round_half_up(product), self.currency)

    def percent(self, rate: Decimal) -> Money:
        """``rate`` percent of this amount, rounded half-up."""
        return self.times(DECIMALS.divide(Decimal(rate), Decimal(100)))

    def included_tax(self, rate: Decimal) -> Money:
        """The tax contained in this tax-inclusive amount at ``rate`` percent, rounded half-up."""
        rate = Decimal(rate)
        tax = DECIMALS.multiply(Decimal(self.minor), rate)
        tax = DECIMALS.divide(tax, DECIMALS.add(Decimal(100), rate))
        return Money(round_half_up(tax), self.currency)

    def allocate(self, weights: Sequence[int]) -> list[Money]:
        """Split this amount in proportion to ``weights`` so the parts sum exactly.

        Largest remainder: each part gets the floor of its share, the leftover minor
        units go one by one to the largest remainders (earlier index wins a tie).
        """
        total_weight = sum(weights)
        if total_weight <= 0 or any(w < 0 for w in weights):
            raise ValidationError("Cannot allocate over non-positive weights")
        sign = -1 if self.minor < 0 else 1
        amount = abs(self.minor)
        shares = [divmod(amount * w, total_weight) for w in weights]
        parts = [q for q, _ in shares]
        leftover = amount - sum(parts)
        by_remainder = sorted(range(len(weights)), key=lambda i: (-shares[i][1], i))
        for i in by_remainder[:leftover]:
            parts[i] += 1
        return [Money(sign * p, self.currency) for p in parts]


def check_amount(amount: Money, what: str) -> Money:
    """Return ``amount`` if a till can hold it (see ``MAX_AMOUNT_MINOR``).

    Raises ``ValidationError`` naming ``what`` ("The sale total", "The price", ...) and the
    limit in the amount's currency otherwise.
    """
    if abs(amount.minor) > MAX_AMOUNT_MINOR:
        limit = Money(MAX_AMOUNT_MINOR, amount.currency).format(Currency.of(amount.currency))
        raise ValidationError(
            f"{what} would be more than {limit} {amount.currency}, the most a till can hold"
        )
    return amount


def total(amounts: Iterable[Money], currency: str) -> Money:
    """Sum of amounts of one currency (zero when empty)."""
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result
