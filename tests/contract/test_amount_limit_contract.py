"""An amount too large for a till is refused before the commit, on every storage adapter.

Issue #8, point 5: the refusal used to come after the draft was saved, so the stored sale
kept the new quantity, a restart could not total it, and tender, cancel and Z failed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.memory import SequentialIds, SteppingClock
from saleflex_core import Register, demo
from saleflex_core.domain.document import Document
from saleflex_core.exceptions import ValidationError
from saleflex_core.ports import UnitOfWork
from tests.conftest import COLA, SUPERVISOR, WINE, demo_data

Factory = Callable[[], UnitOfWork]


def stored_draft(make_uow: Factory, document_id: str) -> Document:
    with make_uow() as uow:
        return uow.drafts.get(document_id)


def test_a_sale_over_the_limit_is_refused_before_it_is_saved(make_uow: Factory) -> None:
    demo.install(make_uow(), demo_data())
    clock, ids = SteppingClock(), SequentialIds("doc")

    def start() -> Register:
        register = Register(make_uow(), terminal_id=demo.TERMINAL_ID, clock=clock, ids=ids)
        register.sign_in("1", "1234")
        return register

    register = start()
    register.scan(COLA)
    register.scan(WINE)
    register.override_price(1, "6000000000.00", SUPERVISOR)
    assert register.sale is not None
    before, shown = stored_draft(make_uow, register.sale.document_id), register.sale
    for step in (
        lambda: register.change_quantity(1, "2"),
        lambda: register.override_price(2, "6000000000.00", SUPERVISOR),
        lambda: register.override_price(2, "40000000000000000", SUPERVISOR),
        lambda: register.surcharge_sale(percent="70"),
    ):
        with pytest.raises(ValidationError, match="the most a till can hold"):
            step()
        assert stored_draft(make_uow, before.id) == before
        assert register.sale == shown
    restarted = start()  # a restart totals the stored sale as the screen showed it
    assert restarted.sale == shown
    restarted.tender("CASH")
    restarted.complete()
    restarted.sign_in("2", "9999")
    expected = restarted.x_report().closure.expected_cash
    assert expected.minor == 600_000_000_000 + 899
    difference = restarted.close_period(expected).closure.difference
    assert difference is not None and difference.minor == 0
