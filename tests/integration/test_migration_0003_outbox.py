"""Migration 0003 on the field databases' outbox: old rows become v1 events, none re-sent.

The field terminal delivered its first two events (two sales), then lost its upstream with
six waiting: a cash float, a cancellation, the Z of period 1 and, after midnight, two sales
and a cash pickup.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine, text

from adapters.sqlalchemy.database import upgrade
from saleflex_core.contract.envelope import envelope
from tests.support import contracts
from tests.support.books import aware, every_row
from tests.support.field_fixtures import Upgraded

pytestmark = pytest.mark.integration

EVENTS = uuid.UUID("5a1ef1e5-0e7e-4c1d-9b7a-000000000001")  # the program's event namespace
OLD_ORDER = [  # what the old program stored, in its delivery order (created_at, key)
    ("sale.completed:5a1ef1e8-0000-4000-8000-000000000001", "sent"),
    ("sale.completed:5a1ef1e8-0000-4000-8000-000000000002", "sent"),
    ("cash.moved:5a1ef1e8-0000-4000-8000-000000000003", "pending"),
    ("sale.cancelled:5a1ef1e8-0000-4000-8000-000000000004", "pending"),
    ("closure.closed:T01/1", "pending"),
    ("sale.completed:5a1ef1e8-0000-4000-8000-000000000005", "pending"),
    ("sale.completed:5a1ef1e8-0000-4000-8000-000000000006", "pending"),
    ("cash.moved:5a1ef1e8-0000-4000-8000-000000000007", "pending"),
]


def events(upgraded: Upgraded) -> tuple[str, list[dict[str, Any]]]:
    """The terminal's UUID and its events in sequence order."""
    books = upgraded.after
    (terminal,) = books["terminal"]
    return terminal["id"], sorted(books["sync_queue_item"], key=lambda e: e["sequence"])


def test_every_old_row_is_an_event_in_the_order_it_would_have_been_sent(
    upgraded_field: Upgraded,
) -> None:
    terminal, found = events(upgraded_field)
    assert [e["sequence"] for e in found] == list(range(1, 9))
    subjects = [key.replace(":", "/").replace("T01/", f"{terminal}/") for key, _ in OLD_ORDER]
    expected = [str(uuid.uuid5(EVENTS, f"ACME/S001/{terminal}/{s}")) for s in subjects]
    assert [e["event_id"] for e in found] == expected
    assert [e["status"] for e in found] == [status for _, status in OLD_ORDER]
    assert [e["event_type"] for e in found] == [key.split(":")[0] for key, _ in OLD_ORDER]
    assert {(e["company_id"], e["store_id"], e["terminal_id"]) for e in found} == {
        ("ACME", "S001", terminal)
    }
    assert {e["schema_version"] for e in found} == {1}
    with upgraded_field.engine.connect() as conn:
        counter = conn.exec_driver_sql("SELECT terminal_id, last_sequence FROM sync_sequence")
        assert [tuple(row) for row in counter] == [(terminal, 8)]


def test_the_events_carry_when_and_on_which_business_day_their_facts_happened(
    upgraded_field: Upgraded,
) -> None:
    _, found = events(upgraded_field)
    z = found[4]
    assert aware(z["occurred_at"]) == datetime(2026, 3, 28, 22, 58, tzinfo=UTC)  # 23:58 Berlin
    assert z["business_date"] == date(2026, 3, 28)
    after_midnight = found[5]  # sold at 00:05:07 in Berlin
    assert aware(after_midnight["occurred_at"]) == datetime(2026, 3, 28, 23, 5, 7, tzinfo=UTC)
    assert after_midnight["business_date"] == date(2026, 3, 29)
    assert after_midnight["payload"]["ended_at"] == "2026-03-28T23:05:07+00:00"


def test_the_attempts_and_errors_of_waiting_events_are_kept(upgraded_field: Upgraded) -> None:
    _, found = events(upgraded_field)
    assert [(e["attempts"], e["last_error"]) for e in found[:5]] == [
        (1, None),
        (1, None),
        (1, "not acknowledged"),
        (1, "not acknowledged"),
        (0, None),
    ]


def test_the_translated_sales_of_a_period_add_up_to_its_z(upgraded_field: Upgraded) -> None:
    _, found = events(upgraded_field)
    sales = [e["payload"] for e in found if e["event_type"] == "sale.completed"]
    z = next(e["payload"] for e in found if e["event_type"] == "closure.closed")
    of_period = [s for s in sales if s["receipt"]["closure_number"] == 1]
    assert sum(s["totals"]["total"]["minor"] for s in of_period) == z["sales"]["total"]["minor"]
    by_vat: dict[str, int] = {}
    for sale in of_period:
        for share in sale["vat"]:
            by_vat[share["code"]] = by_vat.get(share["code"], 0) + share["vat"]["minor"]
    assert by_vat == {share["code"]: share["vat"]["minor"] for share in z["by_vat"]}
    discounts = sum(s["totals"]["discounts"]["minor"] for s in of_period)
    assert discounts == z["discounts"]["total"]["minor"] == 31


def test_every_event_is_a_valid_v1_envelope(upgraded_field: Upgraded) -> None:
    _, found = events(upgraded_field)
    for row in found:
        item = SimpleNamespace(**{**row, "occurred_at": aware(row["occurred_at"])})
        sent = envelope(item)  # type: ignore[arg-type]
        assert contracts.errors("envelope", sent, strict=True) == [], row["event_type"]
        assert sent["occurred_at"].endswith("+00:00")


def test_each_terminal_of_a_shared_database_numbers_its_own_events(field: Engine) -> None:
    """A store's PostgreSQL database may serve several tills: each gets its UUID and 1..n."""
    upgrade(field, "0002")
    payload = {
        "id": "t02-float",
        "terminal_id": "T02",
        "closure_number": 1,
        "kind": "in",
        "amount": {"minor": 1000, "currency": "EUR"},
        "reason": "float",
        "cashier_id": "1",
        "at": "2026-03-28T22:00:00",
        "approved_by": None,
        "approval_reason": "",
    }
    with field.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO terminal (id, store_id, name, cash_out_limit_minor, currency)"
                " VALUES ('T02', 'S001', 'Till 2', 20000, 'EUR')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO sync_queue_item (key, event_type, payload, created_at, attempts,"
                " next_attempt_at, status) VALUES ('cash.moved:t02-float', 'cash.moved',"
                " :payload, :at, 0, :at, 'pending')"
            ),
            {"payload": json.dumps(payload), "at": datetime(2026, 3, 28, 22, 0)},
        )
    upgrade(field, timezone="Europe/Berlin")
    books = every_row(field)
    tills = {row["code"]: row["id"] for row in books["terminal"]}
    assert set(tills) == {"T01", "T02"} and tills["T01"] != tills["T02"]
    numbered = {(e["terminal_id"], e["sequence"]) for e in books["sync_queue_item"]}
    assert numbered == {(tills["T01"], n) for n in range(1, 9)} | {(tills["T02"], 1)}
    counters = {(row["terminal_id"], row["last_sequence"]) for row in books["sync_sequence"]}
    assert counters == {(tills["T01"], 8), (tills["T02"], 1)}
