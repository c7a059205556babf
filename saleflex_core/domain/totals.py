"""Document totals and the VAT breakdown: a pure computation over lines and payments.

Rules (see ``money.py`` for rounding): line amount = quantity × price, half-up; a line's
adjustment is applied to that; the document adjustment is computed on the subtotal and
spread over the lines by largest remainder; VAT is extracted from the VAT-inclusive
amount of each rate over the whole document, so the breakdown always sums to the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from attrs import frozen

from saleflex_core.domain.money import Money

if TYPE_CHECKING:
    from saleflex_core.domain.adjustment import Adjustment
    from saleflex_core.domain.line import Line, Payment


@frozen
class VatShare:
    """The part of the total at one VAT rate, and the VAT inside it."""

    code: str
    rate: Decimal
    gross: Money
    vat: Money

    @property
    def net(self) -> Money:
        return self.gross - self.vat


@frozen
class LineShare:
    """What one live line finally counts for, document adjustment included."""

    line_no: int
    department_code: str
    amount: Money


@frozen
class Totals:
    subtotal: Money
    document_adjustment: Money
    total: Money
    discounts: Money
    surcharges: Money
    vat: tuple[VatShare, ...]
    shares: tuple[LineShare, ...]
    tendered: Money
    change: Money
    paid: Money

    @property
    def due(self) -> Money:
        return self.total - self.paid


def compute_totals(
    lines: Sequence[Line],
    adjustment: Adjustment | None,
    payments: Sequence[Payment],
    currency: str,
) -> Totals:
    """All totals of a document; pure and deterministic (sums in integer minor units)."""
    live = [line for line in lines if not line.voided]
    nets = [line.net.minor for line in live]
    subtotal = sum(nets)
    doc_adjustment = 0 if adjustment is None else adjustment.on(Money(subtotal, currency)).minor
    spread = _spread(Money(doc_adjustment, currency), nets)
    shares = tuple(  # a line's own share where nothing is spread on it: nothing new per key press
        LineShare(line.line_no, line.department_code, Money(net + part, currency))
        if part
        else line.share
        for line, net, part in zip(live, nets, spread, strict=True)
    )
    adjustments = [line.adjustment_amount.minor for line in live] + [doc_adjustment]
    tendered = sum(p.tendered.minor for p in payments)
    change = sum(p.change.minor for p in payments)
    return Totals(
        subtotal=Money(subtotal, currency),
        document_adjustment=Money(doc_adjustment, currency),
        total=Money(subtotal + doc_adjustment, currency),
        discounts=Money(-sum(a for a in adjustments if a < 0), currency),
        surcharges=Money(sum(a for a in adjustments if a > 0), currency),
        vat=_vat(live, shares, currency),
        shares=shares,
        tendered=Money(tendered, currency),
        change=Money(change, currency),
        paid=Money(tendered - change, currency),
    )


def _spread(amount: Money, nets: list[int]) -> list[int]:
    if amount.minor == 0 or not any(nets):
        return [0] * len(nets)
    return [part.minor for part in amount.allocate(nets)]


def _vat(live: Sequence[Line], shares: Sequence[LineShare], currency: str) -> tuple[VatShare, ...]:
    gross: dict[tuple[str, Decimal], int] = {}
    for line, share in zip(live, shares, strict=True):
        key = (line.vat_code, line.vat_rate)
        gross[key] = gross.get(key, 0) + share.amount.minor
    result = []
    for (code, rate), minor in sorted(gross.items()):
        amount = Money(minor, currency)
        result.append(VatShare(code, rate, amount, amount.included_tax(rate)))
    return tuple(result)
