"""``OutboxRepository.continue_after`` and ``save_delivery`` on every storage adapter: an
enrolled terminal's next event is numbered after upstream's last sequence, never lower,
one terminal only, and a rollback takes the move back; a drain's answers are saved at
once, the events themselves unchanged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from saleflex_core.exceptions import NotFound
from saleflex_core.ports import UnitOfWork
from tests.contract.test_outbox_contract import T1, T2, add, event

Factory = Callable[[], UnitOfWork]


def continue_after(
    make_uow: Factory, terminal_id: str, sequence: int, *, commit: bool = True
) -> None:
    with make_uow() as uow:
        uow.outbox.continue_after(terminal_id, sequence)
        if commit:
            uow.commit()


def test_numbering_continues_after_the_given_sequence(make_uow: Factory) -> None:
    continue_after(make_uow, T1.terminal_id, 1532)
    numbered = add(make_uow, event("a"), event("b"), event("x", T2))
    assert [i.sequence for i in numbered] == [1533, 1534, 1]


def test_numbering_never_goes_back(make_uow: Factory) -> None:
    add(make_uow, event("a"), event("b"), event("c"))
    continue_after(make_uow, T1.terminal_id, 2)
    assert [i.sequence for i in add(make_uow, event("d"))] == [4]


def test_a_rollback_takes_the_move_back(make_uow: Factory) -> None:
    continue_after(make_uow, T1.terminal_id, 99, commit=False)
    assert [i.sequence for i in add(make_uow, event("a"))] == [1]


def test_a_drains_deliveries_are_saved_at_once_and_the_events_stay_as_queued(
    make_uow: Factory,
) -> None:
    a, b, c = add(make_uow, event("a"), event("b"), event("c"))
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    with make_uow() as uow:
        uow.outbox.save_delivery([a.delivered(now), b.parked("unknown VAT code", now)])
        uow.commit()
    with make_uow() as uow:
        assert uow.outbox.get(a.event_id) == a.delivered(now)
        assert uow.outbox.get(b.event_id) == b.parked("unknown VAT code", now)
        assert uow.outbox.get(b.event_id).payload == b.payload
        assert [i.event_id for i in uow.outbox.pending(T1.terminal_id, 10)] == [c.event_id]


def test_saving_the_delivery_of_an_event_not_queued_is_refused(make_uow: Factory) -> None:
    (a,) = add(make_uow, event("a"))
    with make_uow() as uow, pytest.raises(NotFound):
        uow.outbox.save_delivery([a.postponed("timed out"), event("never queued").numbered(9)])
