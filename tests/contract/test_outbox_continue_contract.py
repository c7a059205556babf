"""``OutboxRepository.continue_after`` on every storage adapter: an enrolled terminal's
next event is numbered after upstream's last sequence, never lower, one terminal only,
and a rollback takes the move back."""

from __future__ import annotations

from collections.abc import Callable

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
