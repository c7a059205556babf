"""The till's payment keys come in a fixed order, whatever order storage returns rows in.

Scoping queries by company changed the order SQLite returns payment types in (by the
key's index rather than by insertion); the F2, F3, ... keys must not move with it.
"""

from __future__ import annotations

from saleflex_core.domain.catalog import PaymentKind, PaymentType
from saleflex_core.domain.reference import ReferenceData
from tests.conftest import demo_data


def test_cash_comes_first_then_card_voucher_and_other_by_code() -> None:
    data = demo_data()
    gift = PaymentType("GIFT", "Gift card", PaymentKind.VOUCHER)
    cheque = PaymentType("CHEQUE", "Cheque", PaymentKind.OTHER)
    given = [cheque, gift, *sorted(data.payment_types, key=lambda p: p.code, reverse=True)]

    ref = ReferenceData.build(
        store=data.store,
        terminal=data.terminal,
        vat_rates=data.vat_rates,
        departments=data.departments,
        payment_types=given,
        products=(),
    )

    assert list(ref.payment_types) == ["CASH", "CARD", "GIFT", "VOUCHER", "CHEQUE"]
