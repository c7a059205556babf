"""The Office-connected profile end to end, with real processes on 127.0.0.1: GATE under
gunicorn on PostgreSQL, OFFICE (``saleflex-office``) on its SQLite store database, tills
on their own SQLite databases speaking HTTP to OFFICE only.

Tills enrol through OFFICE with their GATE codes and pull GATE's master data from it;
they sell while GATE is down and OFFICE accepts and queues; GATE comes back and OFFICE
forwards; OFFICE is SIGKILLed after GATE committed a batch but before OFFICE heard so,
and restarted: GATE holds every event exactly once, exactly as the tills sent it. A
price change at GATE reaches the tills' next sale through OFFICE.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from attrs import define
from sqlalchemy import create_engine, func, select

from adapters.sqlalchemy.database import sqlite_url
from adapters.sqlalchemy.hub.ledger_tables import hub_sale, received_event
from adapters.sqlalchemy.office.uow import SqlOfficeUnitOfWork
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import SyncError
from saleflex_core.use_cases.office_relay import status
from tests.gate.live_server import free_port
from tests.office.hold_proxy import HoldProxy
from tests.office.servers import GateProcess, OfficeProcess
from tests.office.shop import (
    COMPANY,
    Shop,
    change_price,
    change_store_price,
    piece_product,
    seed_shop,
)
from tests.office.till import Till
from tests.support.postgres import PostgresServer

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

SALES = 20  # a till's sales while GATE is down
BATCH = 10  # OFFICE forwards in batches of 10: the first is cut short by the kill


@define
class Stack:
    gate_db: str
    gate: GateProcess
    proxy: HoldProxy
    office: OfficeProcess
    shop: Shop
    folder: Path


@pytest.fixture(scope="module")
def stack(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("office_stack")
    with postgres_server.database() as gate_db:
        shop = seed_shop(gate_db)
        gate = GateProcess(gate_db, folder / "gate.log", free_port())
        proxy = HoldProxy(gate.port)
        office = OfficeProcess(
            sqlite_url(folder / "office" / "office.db"), proxy.url, folder / "office.log",
            "--pull-interval", "0.5", "--poll-interval", "0.2", "--forward-batch", str(BATCH),
        )  # fmt: skip
        gate.start()
        try:
            office.start("--enrolment-code", shop.office_code)
            yield Stack(gate_db, gate, proxy, office, shop, folder)
        finally:
            office.stop()
            gate.stop()
            proxy.close()


def wait_until(done: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.05)


def waiting_at_office(stack: Stack) -> int:
    """The events OFFICE's queue holds for GATE, read in its store database."""
    engine = create_engine(stack.office.database_url)
    try:
        return status(SqlOfficeUnitOfWork(engine, company_id=COMPANY)).figures.pending
    finally:
        engine.dispose()


def shown_waiting(stack: Stack) -> int:
    """The same, as ``saleflex-office --status`` shows it."""
    shown = stack.office.run("--status")
    assert shown.returncode == 0, shown.stderr
    found = re.search(r"^waiting for GATE: (\d+)", shown.stdout, re.MULTILINE)
    assert found is not None, shown.stdout
    return int(found.group(1))


def at_gate(stack: Stack) -> dict[str, dict[str, object]]:
    """Every event GATE holds, by id, as it stored it."""
    engine = create_engine(stack.gate_db)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(received_event.c.event_id, received_event.c.envelope))
            return {event_id: json.loads(text) for event_id, text in rows}
    finally:
        engine.dispose()


def gate_sales(stack: Stack) -> tuple[int, int]:
    engine = create_engine(stack.gate_db)
    try:
        with engine.connect() as conn:
            count, total = conn.execute(select(func.count(), func.sum(hub_sale.c.total))).one()
            return int(count), int(total or 0)
    finally:
        engine.dispose()


def test_office_relays_what_tills_sold_while_gate_was_down_exactly_once(stack: Stack) -> None:
    tills = [
        Till(stack.folder / code[-4:], stack.office.url, code) for code in stack.shop.till_codes
    ]
    for till in tills:
        assert till.enrolment.store.id == "S1" and till.enrolment.company_name == "ACME Ltd"
        till.pull()
    stack.gate.stop()
    with pytest.raises(SyncError, match="OFFICE cannot reach GATE"):  # a first enrolment: 503
        Till(stack.folder / "late", stack.office.url, stack.shop.other_store_code)

    totals: list[Money] = []
    for n in range(SALES):
        for till in tills:
            totals.append(till.sell(piece_product(n % 5).barcodes[0]))
    tills[0].register.cash_in("10.00", "change for the day")
    tills[0].register.close_period(counted_cash="0.00")  # the Z; the difference is its own
    sent = sum(till.push() for till in tills)  # OFFICE accepts everything: GATE is not asked
    expected = tills[0].envelopes() | tills[1].envelopes()
    assert sent == len(expected) == 2 * SALES + 2
    assert shown_waiting(stack) == len(expected)

    stack.proxy.hold()  # GATE's answers to OFFICE's pushes stay at the proxy
    stack.gate.start()
    assert stack.office.run("--forward-now").returncode == 0
    wait_until(stack.proxy.held.is_set, "OFFICE forwards its first batch and GATE answers")
    assert len(at_gate(stack)) == BATCH  # GATE committed it ...
    stack.office.kill()  # ... and OFFICE dies before it hears so
    assert waiting_at_office(stack) == len(expected)  # so the batch is still queued
    stack.proxy.release()
    stack.office.start()
    wait_until(lambda: waiting_at_office(stack) == 0, "OFFICE's queue drains")

    assert at_gate(stack) == expected  # each event once, exactly as the till sent it
    assert gate_sales(stack) == (2 * SALES, sum(t.minor for t in totals))
    with pytest.raises(SyncError, match="belongs to store S2; this OFFICE serves store S1"):
        Till(stack.folder / "other", stack.office.url, stack.shop.other_store_code)
    for till in tills:
        till.close()


def test_a_price_change_at_gate_reaches_the_tills_next_sale_through_office(stack: Stack) -> None:
    stack.gate.start()  # whatever the test before left
    till = Till(stack.folder / "prices", stack.office.url, stack.shop.third_till_code)
    till.pull()
    product = piece_product(7)
    barcode = product.barcodes[0]
    assert till.sell(barcode) == product.unit_price

    change_price(stack.gate_db, product, product.unit_price.minor + 111)

    def pulled(minor: int) -> Callable[[], bool]:
        def check() -> bool:
            till.pull()  # OFFICE pulls GATE every 0.5 s; the till pulls OFFICE
            return till.register.ref.find(barcode).product.unit_price.minor == minor

        return check

    wait_until(pulled(product.unit_price.minor + 111), "the new price reaches the till")
    assert till.sell(barcode) == Money(product.unit_price.minor + 111, "EUR")
    change_store_price(stack.gate_db, product, 99)  # store S1's own price
    wait_until(pulled(99), "S1's own price reaches the till")
    assert till.sell(barcode) == Money(99, "EUR")
    till.close()
