"""Events a terminal pushes to GATE, and the rules GATE receives them by.

- **Checked at the edge.** Each envelope of a batch (at most ``MAX_BATCH``) is validated
  against the compiled ``contracts/v1`` schemas before it reaches the core; one that fails
  is rejected with the schema's message, the rest of the batch goes on.
- **Only its own facts.** A terminal sends events of its own company, store and terminal
  id, of a type GATE knows (``KNOWN_TYPES``); anything else is rejected with the reason.
  An OFFICE relays the events of its own store's tills (any till of that store, never
  another store's, an unknown terminal's or another office's); anything else is rejected.
- **Idempotent on ``event_id``.** The first arrival is stored (``accepted``); the same id
  with the same envelope again is a ``duplicate`` (the terminal marks it sent); the same id
  with another envelope is rejected and logged (an id names one fact, never two). The
  fingerprint compares whole envelopes (sequence, dates and payload), as the edge made it
  from the envelope's canonical JSON.
- **A sequence names one event.** A terminal's sequence number already held by another
  event id is rejected: the terminal lost its counters, and re-enrolment gives them back.
- **No waiting for another event.** An event is stored whether or not earlier sequences
  arrived; the gaps are visible (``SequenceGap``, the terminal's missing events).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from attrs import frozen

from saleflex_core.domain.access import Caller
from saleflex_core.domain.events import CASH_MOVED, CLOSURE_CLOSED, SALE_CANCELLED, SALE_COMPLETED

MAX_BATCH = 500
KNOWN_TYPES = frozenset({SALE_COMPLETED, SALE_CANCELLED, CLOSURE_CLOSED, CASH_MOVED})
ANOTHER_PAYLOAD = "this event id was received before with another payload"


@frozen
class IncomingEvent:
    """One v1 envelope as received and validated. ``canonical`` is its canonical JSON
    (sorted keys), kept with the event; ``fingerprint`` a digest of it."""

    envelope: dict[str, Any]
    fingerprint: str
    canonical: str

    @property
    def event_id(self) -> str:
        return str(self.envelope["event_id"])

    @property
    def type(self) -> str:
        return str(self.envelope["type"])

    @property
    def sequence(self) -> int:
        return int(self.envelope["sequence"])

    @property
    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = self.envelope["payload"]
        return payload


@frozen
class SequenceGap:
    """Sequences ``first`` to ``last`` (both included) of a terminal have not arrived."""

    first: int
    last: int


@frozen
class TerminalCounters:
    """What GATE received from a terminal: its last event sequence, last closure (Z) and
    last receipt (closure, receipt); 0 and None where nothing arrived yet."""

    last_sequence: int
    last_closure_number: int
    last_receipt: tuple[int, int] | None

    def combined(self, other: TerminalCounters) -> TerminalCounters:
        """The later of each counter: what two receivers hold together (an OFFICE's
        events not forwarded yet, and what GATE has), so a terminal continues after both."""
        receipts = [r for r in (self.last_receipt, other.last_receipt) if r is not None]
        return TerminalCounters(
            max(self.last_sequence, other.last_sequence),
            max(self.last_closure_number, other.last_closure_number),
            max(receipts) if receipts else None,
        )


def refusal(event: IncomingEvent, caller: Caller, store_tills: Collection[str] = ()) -> str | None:
    """Why ``caller`` may not send ``event`` (None: it may). ``store_tills`` are the tills
    of an OFFICE caller's store (an office relays theirs)."""
    envelope = event.envelope
    if envelope["company_id"] != caller.company_id:
        return "this event belongs to another company than the terminal's"
    if caller.is_office:
        if envelope["store_id"] != caller.store_id:
            return "an OFFICE relays only its own store's events (store_id is another store's)"
        if envelope["terminal_id"] not in store_tills:
            return "terminal_id is not a till of this OFFICE's store"
    elif envelope["terminal_id"] != caller.terminal_id:
        return "a terminal sends only its own events (terminal_id is another terminal's)"
    elif envelope["store_id"] != caller.store_id:
        return "store_id is not the store of this terminal"
    if event.type not in KNOWN_TYPES:
        return f"GATE does not know the event type {event.type!r}"
    return None
