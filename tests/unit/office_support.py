"""An OFFICE on the memory adapters for the relay's unit tests: enrolled for store S1 of
ACME, with till T1 (its key known), and v1 events as that till would push them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from adapters.memory import MemoryEnroller, SteppingClock
from adapters.memory.office import MemoryOfficeUnitOfWork
from adapters.memory.storage import MemoryDatabase
from saleflex_core.domain import access
from saleflex_core.domain.access import Caller
from saleflex_core.domain.enrolment import Enrolment
from saleflex_core.domain.ingest import IncomingEvent, TerminalCounters
from saleflex_core.domain.money import Money, known_currency
from saleflex_core.domain.organisation import Store, Terminal, TerminalKind
from saleflex_core.domain.relay import OfficeLink
from saleflex_core.ports.office import OfficeUnitOfWork
from saleflex_core.use_cases.office_enrolment import enrol_office
from tests.gate.ingest_support import sale

COMPANY, STORE, OFFICE_ID = "ACME", "S1", "office-1"
TILL = "5d7e9f10-2a3b-4c5d-8e6f-7a8b9c0d1e2f"
OFFICE_CODE = "ACME.OFFI-CE00-0000-0001"
FRESH = TerminalCounters(0, 0, None)
STORE_S1 = Store(STORE, COMPANY, "Store S1", known_currency("EUR"), timezone="Europe/Berlin")


def enrolment(
    terminal_id: str,
    *,
    kind: TerminalKind = TerminalKind.TILL,
    store: Store = STORE_S1,
    counters: TerminalCounters = FRESH,
    key: str = "sfk.ACME.till-key",
) -> Enrolment:
    code = "OFFICE" if kind is TerminalKind.OFFICE else "T01"
    terminal = Terminal(terminal_id, COMPANY, store.id, code, code, Money(0, "EUR"))
    return Enrolment(COMPANY, "ACME Ltd", store, terminal, key, f"key-{key}", counters, kind)


class Office:
    """An enrolled OFFICE (on memory unless ``make`` builds its units of work): ``uow``
    its unit of work, ``till`` T1's caller."""

    def __init__(self, make: Callable[[str], OfficeUnitOfWork] | None = None) -> None:
        database = MemoryDatabase()
        self.make = make or (lambda c: MemoryOfficeUnitOfWork(database, company_id=c))
        self.clock = SteppingClock()
        self.enroller = MemoryEnroller()
        self.enroller.issue(OFFICE_CODE, enrolment(OFFICE_ID, kind=TerminalKind.OFFICE))
        self.link: OfficeLink = enrol_office(
            self.unit_of_work,
            enroller=self.enroller,
            code=OFFICE_CODE,
            upstream_url="http://gate.example",
            current=None,
        )
        self.till: Caller = access.terminal(COMPANY, STORE, TILL)

    def unit_of_work(self, company_id: str = COMPANY) -> OfficeUnitOfWork:
        return self.make(company_id)

    @property
    def uow(self) -> OfficeUnitOfWork:
        return self.unit_of_work()


def incoming(envelope: dict[str, Any]) -> IncomingEvent:
    """The event as the push endpoint hands it on: its canonical JSON and fingerprint."""
    canonical = json.dumps(envelope, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return IncomingEvent(envelope, hashlib.sha256(canonical.encode()).hexdigest(), canonical)


def till_sale(seq: int, terminal: str = TILL, store: str = STORE) -> IncomingEvent:
    return incoming(sale(seq, lines=1, terminal=terminal) | {"store_id": store})
