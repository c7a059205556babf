"""OFFICE, a store's relay: what it holds of its link to GATE and of its queue toward it.

OFFICE answers its tills the terminal contract GATE answers (enrol, push events, pull
master data), stores what they push in its own store database, and forwards it to GATE
from its own queue. The rules:

- **One store.** An OFFICE database serves the one store its own enrolment at GATE named
  (``OfficeLink``); tills of another store are refused.
- **Accepted means kept.** A till's event is accepted once it is in OFFICE's database,
  and in the same transaction it joins the relay queue at the next arrival position.
  GATE being down changes nothing for the tills: OFFICE keeps accepting and queues.
- **Forwarded at least once, in arrival order.** The queue goes to GATE in batches of
  the lowest positions (a terminal's events arrive in its sequence order, so they leave
  in it). GATE answers each event: accepted or duplicate take it off the queue; rejected
  parks it with GATE's reason (shown, and sent again on request) and the queue moves on;
  a transient failure backs the whole queue off (``domain.delivery``'s rule), so nothing
  overtakes. GATE is idempotent on the event id: a batch sent again after a crash
  (OFFICE killed between GATE's commit and its own) is answered duplicate.
- **Master data as GATE serves it.** OFFICE pulls its store's pages from GATE (priced
  for the store) into its own change feed, marking where each of GATE's pages ends, and
  serves its tills pages that end only at such a mark: a till's catalogue is always one
  GATE served, however its page sizes fall.
"""

from __future__ import annotations

from datetime import datetime

from attrs import field, frozen

STREAM = "gate-master-data"
"""The sync cursor of OFFICE's pull from GATE (``SyncCursorRepository``)."""


@frozen
class OfficeLink:
    """This OFFICE's identity at GATE: the store it serves, its own terminal id there,
    and its API key (in clear: OFFICE must present it; kept only in OFFICE's database)."""

    company_id: str
    store_id: str
    office_id: str
    upstream_url: str
    api_key: str = field(repr=False)
    api_key_id: str


@frozen
class RelayedEvent:
    """A queued event: its arrival ``position`` and its envelope as the till sent it
    (canonical JSON text)."""

    position: int
    event_id: str
    terminal_id: str
    sequence: int
    envelope: str


@frozen
class ParkedEvent:
    """An event GATE refused for good: why, and when."""

    event_id: str
    terminal_id: str
    sequence: int
    reason: str
    parked_at: datetime


@frozen
class RelayFigures:
    """The relay queue at a glance: events waiting for GATE, events GATE refused, and
    when the oldest waiting one reached OFFICE (a label only: nothing is ordered by it)."""

    pending: int
    parked: int
    oldest_pending_at: datetime | None
