"""The wire converter: v1 classes to JSON-safe dicts and back, apart from the storage form.

It has its own hooks and shares nothing with ``saleflex_core.storage``: a hook registered
there (a storage refactor) cannot change what a terminal sends. Money is
``{"minor": int, "currency": "EUR"}``; a Decimal is plain decimal text (``"0.750"``, never
an exponent, never a float); an instant is RFC 3339 in UTC with its offset.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import cattrs

from saleflex_core.domain.money import Money
from saleflex_core.exceptions import ValidationError

T = TypeVar("T")


def instant(value: datetime) -> str:
    """``2026-01-05T09:00:00+00:00``: an instant in UTC with its offset.

    A naive datetime is read as UTC, which every instant the core stores is; an aware one
    in another zone is converted.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def decimal_text(value: Decimal) -> str:
    """Fixed-point text: ``Decimal("2E+1")`` is ``"20"``."""
    if not value.is_finite():
        raise ValidationError(f"{value} cannot travel: only finite numbers do")
    return format(value, "f")


def _structure_instant(value: object, _: object) -> datetime:
    if not isinstance(value, str):
        raise ValidationError(f"An instant travels as text, not {value!r}")
    result = datetime.fromisoformat(value)
    if result.tzinfo is None:
        raise ValidationError(f"{value!r} has no offset")
    return result


def _structure_decimal(value: object, _: object) -> Decimal:
    if not isinstance(value, str):
        raise ValidationError("Decimal values travel as strings, never numbers")
    result = Decimal(value)
    if not result.is_finite():
        raise ValidationError(f"{value!r} is not a finite number")
    return result


def _exactly(kind: type[T]) -> Any:
    def check(value: object, _: object) -> T:
        if type(value) is not kind:
            raise ValidationError(f"Expected {kind.__name__}, got {value!r}")
        return value

    return check


converter = cattrs.Converter()
converter.register_unstructure_hook(Decimal, decimal_text)
converter.register_structure_hook(Decimal, _structure_decimal)
converter.register_unstructure_hook(datetime, instant)
converter.register_structure_hook(datetime, _structure_instant)
converter.register_unstructure_hook(date, date.isoformat)
converter.register_structure_hook(date, lambda value, _: date.fromisoformat(value))
converter.register_unstructure_hook(Money, lambda m: {"minor": m.minor, "currency": m.currency})
converter.register_structure_hook(Money, lambda value, _: Money(value["minor"], value["currency"]))
for _kind in (bool, int, str):
    converter.register_structure_hook(_kind, _exactly(_kind))


def to_v1(value: Any) -> Any:
    """The JSON-safe v1 form of a wire object (``SaleV1``, ``ClosureV1``, ``CashMovedV1``)."""
    return converter.unstructure(value)


def from_v1(data: Any, cls: type[T]) -> T:
    """Read a v1 payload back into its wire class; malformed data is a ValidationError."""
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(f"Malformed {cls.__name__}: {exc}") from exc
