"""The storage form: JSON-safe (un)structuring of core values for the database's JSON columns.

Money is kept as ``{"minor": int, "currency": "EUR"}``, Decimal as a string, datetime as
ISO 8601 with its UTC offset, a date as ``YYYY-MM-DD``, enums as their value. Never a
float. This form follows the domain classes and may change with them (with a migration);
what leaves the machine is the v1 wire form of ``saleflex_core.contract``, built by its
own converter, never this one.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import cattrs

from saleflex_core.domain.money import Money
from saleflex_core.exceptions import ValidationError

T = TypeVar("T")

converter = cattrs.Converter()
converter.register_unstructure_hook(Decimal, str)
converter.register_structure_hook(Decimal, lambda value, _: _decimal(value))
converter.register_unstructure_hook(datetime, datetime.isoformat)
converter.register_structure_hook(datetime, lambda value, _: datetime.fromisoformat(value))
converter.register_unstructure_hook(date, date.isoformat)
converter.register_structure_hook(date, lambda value, _: date.fromisoformat(_exactly(value, str)))
converter.register_unstructure_hook(Money, lambda m: {"minor": m.minor, "currency": m.currency})
converter.register_structure_hook(Money, lambda value, _: Money(value["minor"], value["currency"]))
converter.register_structure_hook(bool, lambda value, _: _exactly(value, bool))
converter.register_structure_hook(int, lambda value, _: _exactly(value, int))
converter.register_structure_hook(str, lambda value, _: _exactly(value, str))


def _decimal(value: object) -> Decimal:
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ValidationError("Decimal values travel as strings, never floats")
    result = Decimal(value)
    if not result.is_finite():
        raise ValidationError(f"{value!r} is not a finite number")
    return result


def _exactly(value: object, kind: type[T]) -> T:
    """No coercion at the boundary: "false" is not False and 1.7 is not 1."""
    if type(value) is not kind:
        raise ValidationError(f"Expected {kind.__name__}, got {type(value).__name__} {value!r}")
    return value


def to_storage(value: Any) -> Any:
    """The JSON-safe stored form of a core value."""
    return converter.unstructure(value)


def from_storage(data: Any, cls: type[T]) -> T:
    """Rebuild a core value from its stored form; bad data is a ValidationError."""
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(f"Malformed {cls.__name__}: {exc}") from exc
