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

from saleflex_core.domain.money import Money, total

if TYPE_CHECKING:
    from saleflex_core.domain.adjustment import Adjustment
    from saleflex_core.domain.document import Line, Payment


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
    """All totals of a document; pure and deterministic."""
    zero = Money.zero(currency)
    live = [line for line in lines if not line.voided]
    nets = [line.net for line in live]
    subtotal = total(nets, currency)
    doc_adjustment = adjustment.on(subtotal) if adjustment is not None else zero
    spread = _spread(doc_adjustment, nets)
    shares = tuple(
        LineShare(line.line_no, line.department_code, net + part)
        for line, net, part in zip(live, nets, spread, strict=True)
    )
    line_adjustments = [line.adjustment_amount for line in live] + [doc_adjustment]
    return Totals(
        subtotal=subtotal,
        document_adjustment=doc_adjustment,
        total=subtotal + doc_adjustment,
        discounts=total((-a for a in line_adjustments if a.minor < 0), currency),
        surcharges=total((a for a in line_adjustments if a.minor > 0), currency),
        vat=_vat(live, shares, currency),
        shares=shares,
        tendered=total((p.tendered for p in payments), currency),
        change=total((p.change for p in payments), currency),
        paid=total((p.applied for p in payments), currency),
    )


def _spread(amount: Money, nets: list[Money]) -> list[Money]:
    if amount.minor == 0 or not any(n.minor for n in nets):
        return [Money.zero(amount.currency)] * len(nets)
    return amount.allocate([n.minor for n in nets])


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
