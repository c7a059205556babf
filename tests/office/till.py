"""A till for the relay tests, driven through the core as PyPOS drives it: its own SQLite
terminal database, enrolled through OFFICE with its GATE code (``enrol_terminal`` over
``HttpEnroller``), master data pulled and events pushed over ``HttpUpstream``."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from sqlalchemy import select

from adapters.http import HttpEnroller, HttpUpstream
from adapters.sqlalchemy import tables
from adapters.sqlalchemy.database import open_database, sqlite_url
from adapters.sqlalchemy.uow import SqlUnitOfWork
from adapters.system import SystemClock, UuidIds
from saleflex_core import Devices, Register
from saleflex_core.contract.envelope import envelope
from saleflex_core.domain.enrolment import Enrolment
from saleflex_core.domain.money import Money
from saleflex_core.use_cases.enrolling import enrol_terminal
from tests.office.shop import COMPANY

SUPERVISOR = ("2", "9999")


class Till:
    def __init__(self, folder: Path, office_url: str, code: str) -> None:
        self.engine = open_database(sqlite_url(folder / "terminal.db"))
        self.enrolment: Enrolment = enrol_terminal(
            self._uow(), enroller=HttpEnroller(office_url), code=code, clock=SystemClock()
        )
        self.upstream = HttpUpstream(office_url, self.enrolment.api_key)
        self.register = Register(
            self._uow(),
            terminal_id=self.enrolment.terminal.id,
            clock=SystemClock(),
            ids=UuidIds(),
            devices=Devices(),
        )
        self.jitter = random.Random(11)

    def _uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, company_id=COMPANY)

    def pull(self) -> None:
        pulled = self.register.pull_master_data(self.upstream, limit=5000)
        assert pulled.error is None, pulled.error

    def sell(self, barcode: str, quantity: str = "1") -> Money:
        """One sale of ``barcode``, paid exactly in cash: its total."""
        if self.register.cashier is None:
            self.register.sign_in(*SUPERVISOR)
        state = self.register.scan(barcode, quantity=quantity)
        total = state.totals.total
        self.register.tender("CASH", total)
        self.register.complete()
        return total

    def push(self) -> int:
        """Push the whole outbox (OFFICE must answer); the events it sent."""
        sent = 0
        while True:
            done = self.register.push_outbox(self.upstream, self.jitter, limit=50)
            assert done.error is None and done.parked == 0, done
            sent += done.sent
            if done.pending == 0:
                return sent

    def envelopes(self) -> dict[str, dict[str, Any]]:
        """Every event of the till's outbox, as it went on the wire, by event id."""
        with self._uow() as uow:
            ids = uow.conn.execute(select(tables.sync_queue_item.c.event_id)).scalars().all()
            return {event_id: envelope(uow.outbox.get(event_id)) for event_id in ids}

    def close(self) -> None:
        self.upstream.close()
        self.engine.dispose()
