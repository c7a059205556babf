"""OFFICE's relay on the memory adapters: what tills push is kept and queued in one
transaction, forwarded to GATE in arrival order at least once, GATE being down backs
the whole queue off while OFFICE keeps accepting, and GATE's refusals are parked."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from adapters.memory.office import MemoryGate
from saleflex_core.domain.delivery import Outcome
from saleflex_core.domain.ingest import TerminalCounters
from saleflex_core.exceptions import NotFound, StorageError
from saleflex_core.use_cases.office_relay import Forwarded, forward, receive, retry_parked
from tests.unit.office_support import Office, till_sale

JITTER = random.Random(20261206)


def _forward(office: Office, gate: MemoryGate, limit: int = 500) -> Forwarded:
    return forward(office.uow, relay=gate, clock=office.clock, jitter=JITTER, limit=limit)


def test_a_push_is_kept_and_queued_in_arrival_order_and_only_once() -> None:
    office = Office()
    first = receive(office.uow, clock=office.clock, caller=office.till, events=[
        till_sale(1), till_sale(2)])  # fmt: skip
    again = receive(office.uow, clock=office.clock, caller=office.till, events=[
        till_sale(2), till_sale(3), till_sale(1, terminal="another")])  # fmt: skip
    assert [a.outcome for a in first] == [Outcome.ACCEPTED] * 2
    assert [a.outcome for a in again] == [Outcome.DUPLICATE, Outcome.ACCEPTED, Outcome.REJECTED]
    with office.uow as uow:
        queued = uow.relay.pending(10)
        held = uow.received.counters(office.till.terminal_id or "")
    assert [(e.position, e.sequence) for e in queued] == [(1, 1), (2, 2), (3, 3)]
    assert queued[0].envelope == till_sale(1).canonical  # exactly as the till sent it
    assert held == TerminalCounters(3, 0, (1, 3))


def test_gate_down_backs_the_queue_off_and_office_keeps_accepting() -> None:
    office, gate = Office(), MemoryGate()
    receive(office.uow, clock=office.clock, caller=office.till, events=[till_sale(1)])
    gate.online = False
    failed = _forward(office, gate)
    assert (failed.sent, failed.pending, failed.error) == (0, 1, "GATE is offline")
    assert failed.next_attempt_at is not None
    assert _forward(office, gate).error is None  # waiting: not even tried
    assert len(gate.batches) == 0
    answers = receive(office.uow, clock=office.clock, caller=office.till, events=[till_sale(2)])
    assert answers[0].outcome is Outcome.ACCEPTED

    gate.online = True
    office.clock.advance(timedelta(minutes=15))
    drained = [_forward(office, gate, limit=1) for _ in range(3)]
    assert [d.sent for d in drained] == [1, 1, 0] and drained[-1].pending == 0
    assert gate.applied == [till_sale(1).event_id, till_sale(2).event_id]
    with office.uow as uow:
        state = uow.relay.state()
    assert state is not None and state.failures == 0 and state.last_error == "GATE is offline"


def test_answers_lost_after_gate_stored_them_are_sent_again_and_held_once() -> None:
    office, gate = Office(), MemoryGate()
    receive(office.uow, clock=office.clock, caller=office.till, events=[
        till_sale(1), till_sale(2), till_sale(3)])  # fmt: skip
    gate.answers_kept = 1  # GATE stored all three; two answers never came back
    lost = _forward(office, gate)
    assert (lost.sent, lost.pending) == (1, 2) and lost.error is not None
    gate.answers_kept = None
    office.clock.advance(timedelta(minutes=15))
    again = _forward(office, gate)
    assert (again.sent, again.pending) == (2, 0)
    assert gate.batches[1] == [till_sale(2).event_id, till_sale(3).event_id]
    assert len(gate.applied) == 3 == len(set(gate.applied))


def test_a_refusal_is_parked_with_gates_reason_and_can_be_sent_again() -> None:
    office, gate = Office(), MemoryGate()
    refused = till_sale(2).event_id
    gate.refuse[refused] = "terminal_id is not a till of this OFFICE's store"
    receive(office.uow, clock=office.clock, caller=office.till, events=[
        till_sale(1), till_sale(2), till_sale(3)])  # fmt: skip
    done = _forward(office, gate)
    assert (done.sent, done.parked, done.pending) == (2, 1, 0)
    with office.uow as uow:
        parked = uow.relay.parked(10)
        figures = uow.relay.figures()
    assert [(p.event_id, p.reason) for p in parked] == [
        (refused, "terminal_id is not a till of this OFFICE's store")
    ]
    assert (figures.pending, figures.parked) == (0, 1)
    with pytest.raises(NotFound):
        retry_parked(office.uow, event_id=till_sale(1).event_id)  # forwarded, not parked
    del gate.refuse[refused]
    retry_parked(office.uow, event_id=refused)
    assert _forward(office, gate).sent == 1
    assert gate.applied[-1] == refused


def test_an_event_is_kept_only_together_with_its_place_in_the_queue() -> None:
    office = Office()
    with office.uow as uow:  # a queue row already under that id: the enqueue fails
        uow.relay.enqueue([till_sale(1)])
        uow.commit()
    with pytest.raises(StorageError):
        receive(office.uow, clock=office.clock, caller=office.till, events=[till_sale(1)])
    with office.uow as uow:
        assert uow.received.fingerprints([till_sale(1).event_id]) == {}  # rolled back too
