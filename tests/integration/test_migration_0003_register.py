"""After 0003 the field terminal carries on: today's program reads its books and sells on.

The sale a power cut left on the screen comes back at start-up, the parked sale resumes,
receipt numbers go on in the open period, the next event takes the next sequence, the
waiting events are delivered in order (the delivered ones never again), and each is what
today's program would send for the same fact.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.memory import (
    MemoryDrawer,
    MemoryPrinter,
    MemoryUpstream,
    SequentialIds,
    SteppingClock,
)
from adapters.sqlalchemy.database import make_engine, open_database, sqlite_url, upgrade
from adapters.sqlalchemy.uow import SqlUnitOfWork
from apps.pos_desktop import bootstrap
from apps.pos_desktop.settings import load_settings
from saleflex_core import Devices, Register
from saleflex_core.contract.builders import cash_payload, closure_payload, sale_payload
from saleflex_core.domain.events import CASH_MOVED, CLOSURE_CLOSED
from saleflex_core.domain.money import Money
from tests.support.books import every_row
from tests.support.field_database import field_file
from tests.support.field_fixtures import STORE_ZONE

pytestmark = pytest.mark.integration

COMPANY = "ACME"
AFTER_MIDNIGHT = datetime(2026, 3, 28, 23, 10, tzinfo=UTC)  # 00:10 on 29 March in Berlin


def eur(minor: int) -> Money:
    return Money(minor, "EUR")


def terminal_id(engine: Engine) -> str:
    (terminal,) = every_row(engine)["terminal"]
    found: str = terminal["id"]
    return found


@pytest.fixture
def till(field: Engine) -> Iterator[Register]:
    """The upgraded field terminal, opened the way the program opens a database."""
    upgrade(field, timezone=STORE_ZONE)
    engine = open_database(field.url.render_as_string(hide_password=False), create=False)
    register = Register(
        SqlUnitOfWork(engine, company_id=COMPANY),
        terminal_id=terminal_id(engine),
        clock=SteppingClock(AFTER_MIDNIGHT),
        ids=SequentialIds("after"),
    )
    yield register
    engine.dispose()


def test_the_sale_on_the_screen_comes_back_and_is_numbered_next(till: Register) -> None:
    assert till.sale is not None
    assert [line.plu for line in till.sale.lines] == ["4003", "1001"]
    till.sign_in("1", "1234")
    till.tender("CASH", "5")
    done = till.complete()
    assert (done.closure_number, done.receipt_number) == (2, 3)
    assert done.unique_id == "20260329-0002-000003"


def test_the_parked_sale_resumes_and_the_period_closes_with_the_old_sales(
    till: Register,
) -> None:
    till.sign_in("1", "1234")
    till.cancel()  # the sale on the screen: receipt 3, cancelled
    (parked,) = till.suspended()
    till.resume(parked.document_id)
    till.tender("CASH", "2")
    assert till.complete().receipt_number == 4
    till.sign_in("2", "9999")
    z = till.close_period("100", float_left="15").closure
    assert (z.number, z.totals.sales_count, z.totals.cancelled_count) == (2, 3, 1)
    assert z.totals.sales_total == eur(1340 + 129)  # the two old sales and the baguette
    with till.uow as uow:
        third = uow.closures.current(till.ref.terminal.id)
    assert third is not None and third.number == 3 and third.opening_float == eur(1500)


def test_new_events_follow_the_old_ones_and_nothing_is_sent_twice(till: Register) -> None:
    till.sign_in("1", "1234")
    till.tender("CASH", "5")
    till.complete()
    upstream = MemoryUpstream()
    result = till.push_outbox(upstream, random.Random(0))
    assert (result.sent, result.pending) == (7, 0)
    assert upstream.batches == [[3, 4, 5, 6, 7, 8, 9]]  # 1 and 2 went before 0003


def test_each_waiting_event_is_what_the_program_sends_for_its_fact(field: Engine) -> None:
    upgrade(field, timezone=STORE_ZONE)
    till = terminal_id(field)
    with SqlUnitOfWork(field, company_id=COMPANY) as uow:
        waiting = uow.outbox.pending(till, 100)
        for item in waiting:
            if item.event_type == CLOSURE_CLOSED:
                expected = closure_payload(uow.closures.get(till, item.payload["closure_number"]))
            elif item.event_type == CASH_MOVED:
                (movement,) = [
                    m
                    for m in uow.cash.for_closure(till, item.payload["closure_number"])
                    if m.id == item.payload["movement_id"]
                ]
                expected = cash_payload(movement)
            else:
                expected = sale_payload(uow.documents.get(item.payload["document_id"]))
            assert item.payload == expected, item.event_type
    assert [item.sequence for item in waiting] == [3, 4, 5, 6, 7, 8]


def test_pypos_starts_on_the_upgraded_file_with_the_sale_on_the_screen(tmp_path: Path) -> None:
    """The till's own start-up: settings, the terminal found by its code, recovery."""
    shutil.copyfile(field_file("0002"), tmp_path / "terminal.db")
    engine = make_engine(sqlite_url(tmp_path / "terminal.db"))
    upgrade(engine, timezone=STORE_ZONE)
    engine.dispose()
    settings = load_settings(data_dir=tmp_path, environ={})
    devices = Devices(printer=MemoryPrinter(), drawer=MemoryDrawer())
    running = bootstrap.open_register(settings, devices=devices)
    try:
        register = running.register
        assert register.ref.terminal.code == "T01"
        assert register.sale is not None and len(register.sale.lines) == 2
        register.sign_in("1", "1234")
        assert len(register.suspended()) == 1
    finally:
        running.close()
