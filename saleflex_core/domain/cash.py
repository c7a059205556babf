"""Cash movements that are not sales: the opening float, pickups, paid-outs."""

from __future__ import annotations

import enum
from datetime import date, datetime

from attrs import field, frozen

from saleflex_core.domain.money import Money, check_amount
from saleflex_core.domain.store_time import utc
from saleflex_core.exceptions import StateError, ValidationError

NOT_NUMBERED = 0  # a movement its closure has not numbered yet


class MovementKind(enum.Enum):
    IN = "in"
    OUT = "out"


@frozen
class CashMovement:
    """Cash put into (float) or taken out of (pickup, paid-out) the drawer, with its reason.

    ``approved_by`` and ``approval_reason`` record a supervisor's override, if one was needed.
    ``at`` is an aware instant (kept in UTC); ``business_date`` is the store's local date
    of it (``Store.business_date``), given by keyword.

    ``number`` orders the movements of a period: 1, 2, 3 ... per terminal and closure,
    given by the closure (``Closure.record_movement``) in the movement's own transaction,
    never by the clock. A movement is made unnumbered (``NOT_NUMBERED``) and kept numbered.
    """

    id: str
    terminal_id: str
    closure_number: int
    kind: MovementKind
    amount: Money
    reason: str
    cashier_id: str
    at: datetime = field(converter=utc)
    approved_by: str | None = None
    approval_reason: str = ""
    business_date: date = field(kw_only=True)
    number: int = field(default=0, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.number < NOT_NUMBERED:
            raise ValidationError("A cash movement's number is 1 or more")
        if self.amount.minor <= 0:
            raise ValidationError("The amount must be more than zero")
        check_amount(self.amount, "The cash movement")
        if not self.reason.strip():
            raise ValidationError("Give a reason for the cash movement")


def check_numbered(movement: CashMovement) -> None:
    """Refuse to keep a movement its closure has not numbered (``Closure.record_movement``)."""
    if movement.number == NOT_NUMBERED:
        raise StateError(f"Cash movement {movement.id} has no number: its closure gives one")
