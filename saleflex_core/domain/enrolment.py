"""A terminal's enrolment at its upstream (GATE or OFFICE): who it is from now on.

Upstream hands out the terminal's identity (its company, store and terminal ids), its
API key (shown once: the app keeps it beside the database, never in the shop's books)
and the counters upstream received from it, so a terminal enrolled again after a disk
failure continues its numbering instead of reusing a receipt number or an event sequence.
"""

from __future__ import annotations

from attrs import field, frozen

from saleflex_core.domain.ingest import TerminalCounters
from saleflex_core.domain.organisation import Store, Terminal, TerminalKind


@frozen
class Enrolment:
    """What upstream answered to an enrolment code. ``kind`` says whether the code was a
    till's or an OFFICE's (an older upstream that does not say enrols tills only)."""

    company_id: str
    company_name: str
    store: Store
    terminal: Terminal
    api_key: str = field(repr=False)
    api_key_id: str
    counters: TerminalCounters
    kind: TerminalKind = TerminalKind.TILL


@frozen
class Continuation:
    """Where an enrolled terminal's numbering goes on: its open period's number, the
    next receipt in it, and the last event sequence upstream holds."""

    closure_number: int
    next_receipt: int
    last_sequence: int


def continuation(counters: TerminalCounters) -> Continuation:
    """The open period after upstream's counters.

    The period after the last closed one (closure 1 for a new terminal), unless upstream
    holds receipts of a later period, which was still open when the terminal lost its
    disk: that period goes on, with the receipt after the last one upstream holds.
    """
    number, next_receipt = counters.last_closure_number + 1, 1
    last = counters.last_receipt
    if last is not None and last[0] >= number:
        number, next_receipt = last[0], last[1] + 1
    return Continuation(number, next_receipt, counters.last_sequence)
