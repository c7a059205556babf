"""0003 numbers a field terminal's cash movements: 1, 2, 3 ... per period, in the order the
old program listed them (its local time ``at``, then ``id``), and each period's next number.

The committed field databases hold one movement per period; the ordering test adds some to
a private copy before upgrading it, with an id order that differs from their time order.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, MetaData

from adapters.sqlalchemy.database import upgrade
from adapters.sqlalchemy.uow import SqlUnitOfWork
from tests.support.books import every_row
from tests.support.field_fixtures import STORE_ZONE, Upgraded

pytestmark = pytest.mark.integration

COMPANY = "ACME"
OLD_FIRST = "5a1ef1e8-0000-4000-8000-000000000003"  # closure 1, 21:30:35
OLD_SECOND = "5a1ef1e8-0000-4000-8000-000000000007"  # closure 2, 00:05:28


def test_each_movement_gets_its_number_and_each_period_its_next(upgraded_field: Upgraded) -> None:
    after = upgraded_field.after
    numbers = {(m["id"], m["closure_number"], m["number"]) for m in after["cash_movement"]}
    assert numbers == {(OLD_FIRST, 1, 1), (OLD_SECOND, 2, 1)}
    assert [(c["number"], c["next_movement"]) for c in after["closure"]] == [(1, 2), (2, 2)]


def _add_old_movements(engine: Engine) -> None:
    """Three more movements at 0002, as the old program wrote them (naive local times)."""
    found = MetaData()
    found.reflect(engine, only=["cash_movement"])
    table = found.tables["cash_movement"]

    def old(movement_id: str, closure: int, at: datetime) -> dict[str, object]:
        return {
            "id": movement_id,
            "terminal_id": "T01",
            "closure_number": closure,
            "kind": "in",
            "amount_minor": 100,
            "currency": "EUR",
            "reason": "top-up",
            "cashier_id": "1",
            "at": at,
            "approved_by": None,
            "approval_reason": "",
        }

    with engine.begin() as conn:
        conn.execute(
            table.insert(),
            [
                old("0-earliest-of-two", 2, datetime(2026, 3, 28, 23, 59)),  # before 00:05:28
                old("z-same-time", 2, datetime(2026, 3, 29, 0, 5, 28)),  # tie: after by id
                old("a-earlier-in-one", 1, datetime(2026, 3, 28, 21, 30, 1)),
            ],
        )


def test_old_movements_are_numbered_in_their_old_listing_order(field: Engine) -> None:
    upgrade(field, "0002")
    _add_old_movements(field)
    upgrade(field, timezone=STORE_ZONE)
    rows = every_row(field)
    numbered = sorted((m["closure_number"], m["number"], m["id"]) for m in rows["cash_movement"])
    assert numbered == [
        (1, 1, "a-earlier-in-one"),
        (1, 2, OLD_FIRST),
        (2, 1, "0-earliest-of-two"),
        (2, 2, OLD_SECOND),
        (2, 3, "z-same-time"),
    ]
    assert [c["next_movement"] for c in rows["closure"]] == [3, 4]
    with SqlUnitOfWork(field, company_id=COMPANY) as uow:
        (terminal,) = uow.organisation.terminals()
        listed = [m.id for m in uow.cash.for_closure(terminal.id, 2)]
        current = uow.closures.current(terminal.id)
    assert listed == ["0-earliest-of-two", OLD_SECOND, "z-same-time"]
    assert current is not None and current.next_movement == 4
