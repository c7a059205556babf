"""Discounts and surcharges, on a line or on the whole document."""

from __future__ import annotations

import enum
from decimal import Decimal

from attrs import frozen

from saleflex_core.domain.money import Money
from saleflex_core.exceptions import ValidationError


class AdjustmentKind(enum.Enum):
    DISCOUNT = "discount"
    SURCHARGE = "surcharge"


@frozen
class Adjustment:
    """A discount or surcharge given either as an amount or as a percentage."""

    kind: AdjustmentKind
    amount: Money | None = None
    percent: Decimal | None = None

    def __attrs_post_init__(self) -> None:
        if (self.amount is None) == (self.percent is None):
            raise ValidationError("Give either an amount or a percentage")
        if self.amount is not None and self.amount.minor <= 0:
            raise ValidationError("The amount must be more than zero")
        if self.percent is not None:
            if isinstance(self.percent, float) or not Decimal(self.percent).is_finite():
                raise ValidationError("The percentage must be a number")
            if not Decimal(0) < self.percent <= Decimal(100):
                raise ValidationError("The percentage must be more than 0 and at most 100")

    @classmethod
    def discount(cls, *, amount: Money | None = None, percent: Decimal | None = None) -> Adjustment:
        return cls(AdjustmentKind.DISCOUNT, amount, percent)

    @classmethod
    def surcharge(
        cls, *, amount: Money | None = None, percent: Decimal | None = None
    ) -> Adjustment:
        return cls(AdjustmentKind.SURCHARGE, amount, percent)

    @property
    def is_discount(self) -> bool:
        return self.kind is AdjustmentKind.DISCOUNT

    def magnitude(self, base: Money) -> Money:
        """The unsigned amount this adjustment makes on ``base`` (percent rounded half-up)."""
        if self.amount is not None:
            return self.amount
        assert self.percent is not None
        return base.percent(self.percent)

    def on(self, base: Money) -> Money:
        """Signed effect on ``base``: negative for a discount."""
        value = self.magnitude(base)
        return -value if self.is_discount else value

    def check_against(self, base: Money, *, what: str) -> None:
        """Refuse a discount larger than what it applies to."""
        if self.is_discount and self.magnitude(base) > base:
            raise ValidationError(f"The discount is more than {what}")
