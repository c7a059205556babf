"""Old outbox rows (schema 0001 dumps) become valid v1 events: what migration 0003 runs."""

from __future__ import annotations

import copy
import json
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from attrs import frozen

from adapters.memory.devices import MemoryDisplay, MemoryDrawer, MemoryPrinter, MemoryScale
from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from saleflex_core import demo
from saleflex_core.contract import envelope
from saleflex_core.contract.legacy import translate_stored
from saleflex_core.exceptions import ValidationError
from saleflex_core.register import Devices, Register
from tests.conftest import APPLES_PLU, BAGUETTE, COLA, CROISSANT_PLU, SUPERVISOR, WINE, demo_data
from tests.support.contracts import errors

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "outbox_0001.json"
UTC = ZoneInfo("UTC")
# The clock of the day the fixture recorded (its naive readings, read here as UTC).
FIXTURE_START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


@frozen
class Placeholder:
    """Envelope fields for a translated row, as the migration fills them."""

    event_id: str
    event_type: str
    schema_version: int
    company_id: str
    store_id: str
    terminal_id: str
    sequence: int
    occurred_at: datetime
    business_date: date
    payload: dict[str, Any]


def old_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(FIXTURE.read_text(encoding="utf-8"))["items"]
    return rows


def the_fixtures_day() -> list[dict[str, Any]]:
    """The day outbox_0001.json was made from, run again on today's code."""
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    demo.install(uow, demo_data())
    devices = Devices(MemoryPrinter(), MemoryDrawer(), MemoryDisplay(), MemoryScale())
    clock, ids = SteppingClock(FIXTURE_START), SequentialIds("doc")
    reg = Register(uow, terminal_id=demo.TERMINAL_ID, clock=clock, ids=ids, devices=devices)
    reg.sign_in("1", "1234")
    reg.cash_in("300", "float")
    reg.scan(BAGUETTE, "3")
    reg.discount_line(1, percent="12.5")
    reg.scan(APPLES_PLU, "1.234")
    reg.surcharge_line(2, amount="0.10")
    reg.scan(COLA)
    reg.override_price(3, "0.99", override=SUPERVISOR)
    reg.subtotal()
    reg.void_line(3, override=SUPERVISOR)
    reg.scan(WINE)
    reg.discount_sale(percent="5")
    for code, amount in (("CARD", "5"), ("VOUCHER", "2.50"), ("CASH", "50")):
        reg.tender(code, amount)
    reg.complete()
    reg.scan(CROISSANT_PLU, "2")
    reg.cancel()
    reg.cash_out("250", "bank pickup", override=SUPERVISOR)
    reg.close_period("61.50", override=SUPERVISOR, float_left="20")
    return [item.payload for item in uow.table("outbox").values()]


@pytest.mark.parametrize("row", old_rows(), ids=lambda row: row["key"])
def test_every_old_row_becomes_a_valid_v1_event(row: dict[str, Any]) -> None:
    done = translate_stored(row["event_type"], row["payload"], zone=BERLIN)
    assert errors(row["event_type"], done.payload, strict=True) == []
    event = envelope(
        Placeholder(
            event_id=str(uuid.uuid4()),  # the migration gives events.event_id_for's
            event_type=row["event_type"],
            schema_version=1,
            company_id=demo.COMPANY_ID,
            store_id=demo.STORE_ID,
            terminal_id="5d7e9f10-2a3b-4c5d-8e6f-7a8b9c0d1e2f",
            sequence=1,
            occurred_at=done.occurred_at,
            business_date=done.business_date,
            payload=done.payload,
        )
    )
    assert errors("envelope", event, strict=True) == []


def test_an_old_row_becomes_what_a_v1_terminal_sends_for_the_same_fact() -> None:
    # The fixture's naive times read in UTC are the clock's readings of today's run.
    sent_today = the_fixtures_day()
    translated = [
        translate_stored(row["event_type"], row["payload"], zone=UTC).payload for row in old_rows()
    ]
    assert translated == sent_today


def test_old_local_times_become_utc_and_keep_their_local_business_date() -> None:
    sale = next(row for row in old_rows() if row["event_type"] == "sale.completed")
    istanbul = translate_stored("sale.completed", sale["payload"], zone=ZoneInfo("Europe/Istanbul"))
    assert sale["payload"]["ended_at"] == "2026-01-05T09:00:06"
    assert istanbul.payload["ended_at"] == "2026-01-05T06:00:06+00:00"
    assert istanbul.occurred_at.isoformat() == "2026-01-05T06:00:06+00:00"
    assert str(istanbul.business_date) == "2026-01-05"
    # The receipt keeps its number and printed id.
    assert istanbul.payload["receipt"] == {
        "closure_number": 1,
        "receipt_number": 1,
        "unique_id": sale["payload"]["unique_id"],
    }


def test_a_time_from_the_hour_that_came_twice_reads_as_its_first_pass() -> None:
    move = copy.deepcopy(next(r for r in old_rows() if r["event_type"] == "cash.moved"))
    move["payload"]["at"] = "2026-10-25T02:30:00"  # Berlin: 02:00-03:00 twice that night
    done = translate_stored("cash.moved", move["payload"], zone=BERLIN)
    assert done.payload["at"] == "2026-10-25T00:30:00+00:00"  # CEST, +02:00


def test_a_z_from_before_floats_were_kept_left_no_float() -> None:
    z = copy.deepcopy(next(r for r in old_rows() if r["event_type"] == "closure.closed"))
    del z["payload"]["opening_float"], z["payload"]["float_left"]
    cash = translate_stored("closure.closed", z["payload"], zone=BERLIN).payload["cash"]
    assert cash["opening_float"]["minor"] == cash["float_left"]["minor"] == 0
    assert cash["taken_out"] == cash["counted"]


@pytest.mark.parametrize(
    ("event_type", "change"),
    [
        ("gift_card.sold", lambda p: p),
        ("cash.moved", lambda p: p["amount"].update(minor=250.0)),
        ("cash.moved", lambda p: p.pop("reason")),
        ("sale.completed", lambda p: p["lines"][0].update(quantity=3.0)),
    ],
)
def test_what_is_not_a_0001_payload_is_refused(event_type: str, change: Any) -> None:
    kind = "sale.completed" if event_type == "sale.completed" else "cash.moved"
    payload = copy.deepcopy(next(r for r in old_rows() if r["event_type"] == kind)["payload"])
    change(payload)
    with pytest.raises(ValidationError):
        translate_stored(event_type, payload, zone=BERLIN)
