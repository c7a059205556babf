"""Receiving a terminal's batch of events at GATE: one transaction, one answer per event.

The rules are ``saleflex_core.domain.ingest``'s; the books each new event changes are
``hub_ledger``'s. A batch is one transaction: the events it stores now, their sales,
closures and cash movements, the stock they move and the daily totals they add commit
together, or none of them does (the terminal then sends the batch again).

GATE receives from terminals and from OFFICEs (an office relays its store's tills'
events with its own key). OFFICE receives from its tills through this same use case, on
its own store database, and queues what it stored for GATE in the same transaction
(``also``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from saleflex_core.domain.access import Caller
from saleflex_core.domain.delivery import DeliveryResult
from saleflex_core.domain.hub_ledger import (
    DEFAULT_WAREHOUSE,
    day_totals,
    default_warehouse_id,
    sale_moves,
)
from saleflex_core.domain.ingest import ANOTHER_PAYLOAD, IncomingEvent, refusal
from saleflex_core.logger import get_logger
from saleflex_core.ports import Clock
from saleflex_core.ports.hub import HubUnitOfWork

log = get_logger(__name__)


def receive_events(
    uow: HubUnitOfWork,
    *,
    clock: Clock,
    caller: Caller,
    events: Sequence[IncomingEvent],
    also: Callable[[Sequence[IncomingEvent]], None] | None = None,
) -> list[DeliveryResult]:
    """Store what is new of ``events`` (sent by the terminal or office ``caller``) and
    answer each: accepted, duplicate, or rejected with its reason, in the batch's order.

    ``also(new)`` writes whatever else the events stored now bring, in the same
    transaction (OFFICE's relay queue)."""
    answers: list[DeliveryResult | None] = [None] * len(events)
    first_seen: dict[str, IncomingEvent] = {}
    with uow:
        tills = store_tills(uow, caller.store_id) if caller.is_office else frozenset[str]()
        for index, event in enumerate(events):
            reason = refusal(event, caller, tills)
            earlier = first_seen.get(event.event_id)
            if reason is not None:
                answers[index] = DeliveryResult.rejected(event.event_id, reason)
            elif earlier is not None:  # twice in one batch: the second is answered like a resend
                answers[index] = _again(event, earlier.fingerprint, caller)
            else:
                first_seen[event.event_id] = event
        candidates = list(first_seen.values())
        stored = uow.received.claim(candidates, clock.now()) if candidates else set()
        new = [event for event in candidates if event.event_id in stored]
        _book(uow, caller, new)
        if also is not None and new:
            also(new)
        known = uow.received.fingerprints([i for i in first_seen if i not in stored])
        uow.commit()
    verdicts = {e.event_id: _verdict(e, stored, known, caller) for e in candidates}
    return [answer or verdicts[events[i].event_id] for i, answer in enumerate(answers)]


def store_tills(uow: HubUnitOfWork, store_id: str | None) -> frozenset[str]:
    """The ids of the store's tills: its terminals that are no OFFICE."""
    offices = uow.offices.ids()
    return frozenset(
        t.id for t in uow.organisation.terminals() if t.store_id == store_id and t.id not in offices
    )


def _book(uow: HubUnitOfWork, caller: Caller, new: list[IncomingEvent]) -> None:
    """Write the books of the events stored now, in the same transaction."""
    if not new:
        return
    uow.ledger.record(new)
    store_id = str(caller.store_id)
    warehouse = default_warehouse_id(caller.company_id, store_id)
    moves = [move for event in new for move in sale_moves(event.envelope, warehouse)]
    if moves:
        uow.ledger.ensure_warehouse(store_id, warehouse, DEFAULT_WAREHOUSE)
        uow.ledger.move_stock(moves)
    uow.ledger.add_day_totals(day_totals(event.envelope for event in new))


def _verdict(
    event: IncomingEvent, stored: set[str], known: dict[str, str], caller: Caller
) -> DeliveryResult:
    if event.event_id in stored:
        return DeliveryResult.accepted(event.event_id)
    if event.event_id in known:
        return _again(event, known[event.event_id], caller)
    return DeliveryResult.rejected(
        event.event_id,
        f"sequence {event.sequence} of this terminal is already another event's",
    )


def _again(event: IncomingEvent, fingerprint: str, caller: Caller) -> DeliveryResult:
    """An event id seen before: a duplicate if it is the same envelope, else rejected."""
    if event.fingerprint == fingerprint:
        return DeliveryResult.duplicate(event.event_id)
    log.warning(
        "Terminal %s sent event %s again with another payload: rejected",
        caller.terminal_id,
        event.event_id,
    )
    return DeliveryResult.rejected(event.event_id, ANOTHER_PAYLOAD)
