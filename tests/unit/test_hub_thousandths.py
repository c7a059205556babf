"""``thousandths`` reads whole pieces without Decimal (the ingest's hot path): every
quantity must come out as the Decimal reading gives it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from saleflex_core.domain.hub_ledger import THOUSANDTHS, thousandths
from saleflex_core.domain.money import DECIMALS


@pytest.mark.parametrize(
    "quantity", ["0", "1", "7", "12", "007", "123456789", "0.750", "1.000", "2.5", "\u0663"]
)
def test_thousandths_are_what_decimal_reads(quantity: str) -> None:
    assert thousandths(quantity) == int(DECIMALS.multiply(Decimal(quantity), THOUSANDTHS))


def test_whole_pieces_take_the_quick_reading() -> None:
    assert thousandths("3") == 3000
    assert thousandths("\u0663") == 3000  # an Arabic-Indic 3: not ASCII, read by Decimal
