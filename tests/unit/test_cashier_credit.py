"""The Z credits the cashier who completed a sale; the document keeps who opened it too."""

from __future__ import annotations

from typing import Any

from adapters.memory.storage import MemoryUnitOfWork
from saleflex_core import demo as _demo
from saleflex_core.domain.document import Document
from saleflex_core.domain.events import SALE_CANCELLED, SALE_COMPLETED, EventSource, event_id_for
from saleflex_core.domain.money import Money
from saleflex_core.register import Register
from tests.conftest import BAGUETTE, COLA, SUPERVISOR, WINE


def fact(event_type: str, subject: str) -> str:
    """The event id of a demo-store fact."""
    demo_t01 = EventSource(_demo.COMPANY_ID, _demo.STORE_ID, _demo.TERMINAL_ID)
    return event_id_for(demo_t01, event_type, subject)


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def kept(uow: MemoryUnitOfWork, document_id: str) -> Document:
    with uow:
        return uow.documents.get(document_id)


def payload(uow: MemoryUnitOfWork, key: str) -> dict[str, Any]:
    with uow:
        return uow.outbox.get(key).payload  # type: ignore[no-any-return]


def test_a_parked_sale_taken_over_is_credited_to_who_completed_it(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    register.scan(WINE)  # Alice (1) opens it and parks it
    register.suspend()
    register.sign_in("2", "9999")  # Sam (2) takes the customer over
    (parked,) = register.suspended()
    register.resume(parked.document_id)
    register.tender("CASH", "10")
    done = register.complete()
    document = kept(uow, done.sale.document_id)
    assert (document.cashier_id, document.ended_by) == ("1", "2")
    assert payload(uow, fact(SALE_COMPLETED, document.id))["cashier"] == {
        "opened_by": "1",
        "ended_by": "2",
    }
    totals = register.close_period("8.99").closure.totals
    assert totals.by_cashier == {"2": eur(899)}


def test_a_sale_completed_by_its_opener_is_credited_to_them(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    register.scan(COLA)
    register.tender("CASH")
    done = register.complete()
    assert kept(uow, done.sale.document_id).ended_by == "1"
    register.sign_in("2", "9999")
    register.scan(BAGUETTE)
    register.tender("CARD")
    register.complete()
    totals = register.close_period("1.19").closure.totals
    assert totals.by_cashier == {"1": eur(119), "2": eur(129)}


def test_a_cancelled_sale_records_who_cancelled_it(
    register: Register, uow: MemoryUnitOfWork
) -> None:
    register.scan(WINE)
    register.sign_in("3", "4321")  # the manager cancels Alice's sale
    done = register.cancel()
    document = kept(uow, done.sale.document_id)
    assert (document.cashier_id, document.ended_by) == ("1", "3")
    assert payload(uow, fact(SALE_CANCELLED, document.id))["cashier"] == {
        "opened_by": "1",
        "ended_by": "3",
    }
    assert register.close_period("0", override=SUPERVISOR).closure.totals.by_cashier == {}
