"""Taking payment: cash with change, card exact, vouchers, any mix of them."""

from __future__ import annotations

from saleflex_core.domain.money import Money
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.ports import CustomerDisplay, UnitOfWork
from saleflex_core.use_cases.effects import Effects
from saleflex_core.use_cases.results import SaleState
from saleflex_core.use_cases.selling import active_draft


def tender(
    uow: UnitOfWork,
    *,
    ref: ReferenceData,
    document_id: str,
    payment_code: str,
    amount: Money | None = None,
    display: CustomerDisplay | None = None,
) -> SaleState:
    """Take a payment of ``amount`` (everything due when None) by ``payment_code``.

    Over-tender is refused for types that give no change (cards). Completing the sale
    once nothing is due is a separate step: ``complete_sale``.
    """
    payment_type = ref.payment_type(payment_code)
    with uow:
        document = active_draft(uow, document_id)
        due = document.totals().due
        payment = document.add_payment(payment_type, due if amount is None else amount)
        sale = SaleState.of(document)  # totalled before the commit: a refusal saves nothing
        uow.drafts.save(document)
        uow.commit()
    currency = ref.store.currency
    change, due = payment.change, sale.totals.due
    top = f"{payment_type.name} {payment.tendered.format(currency)}"
    bottom = f"CHANGE {change.format(currency)}" if change else f"DUE {due.format(currency)}"
    Effects().run(display, lambda d: d.show(top, bottom))
    return sale
