"""Upgrading a field terminal's books (schema 0001 or 0002) to 0003 keeps every one of them.

The databases are the committed ones the 0001 and 0002 programs wrote
(``tests/fixtures/field_databases``), on SQLite or copied into PostgreSQL: two periods in
Europe/Berlin, the first closed by a Z at 23:58, the second open across midnight, sales, a
cancellation, cash in and out, two events sent and six waiting, a parked sale and the sale
a power cut left on the screen.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text

from adapters.sqlalchemy.database import make_engine, upgrade
from saleflex_core.exceptions import StorageError
from tests.support.books import aware, every_row, revision, without
from tests.support.field_database import sqlite_copy
from tests.support.field_fixtures import Upgraded

pytestmark = pytest.mark.integration

BERLIN = ZoneInfo("Europe/Berlin")
INSTANTS = {
    "document": ("started_at", "subtotal_at", "ended_at"),
    "temp_document": ("started_at", "subtotal_at"),
    "closure": ("opened_at", "closed_at"),
    "cash_movement": ("at",),
}
# What 0003 adds or rewrites; every other stored value must come through unchanged.
CHANGED = {"company_id", "business_date", "terminal_id", "audit", "timezone", "code", "id"}
# What 0003 adds to one table (test_migration_0003_cash.py): cash movement numbers.
ADDED = {"cash_movement": {"number"}, "closure": {"next_movement"}}


def test_every_value_is_kept_and_nothing_is_renumbered(upgraded_field: Upgraded) -> None:
    before, after = upgraded_field.before, upgraded_field.after
    assert revision(upgraded_field.engine) == "0003"
    assert len(before["document"]) == 5 and len(before["document_line"]) == 8
    for name, rows in before.items():
        if name == "sync_queue_item":
            continue  # rewritten as v1 events: test_the_outbox_*
        ignored = CHANGED | set(INSTANTS.get(name, ())) | ADDED.get(name, set())
        if name != "terminal":
            ignored.discard("id")
        assert without(after[name], ignored) == without(rows, ignored), name
        assert {row["company_id"] for row in after[name] if "company_id" in row} <= {"ACME"}


def test_the_terminal_gets_a_uuid_and_keeps_t01_as_its_code(upgraded_field: Upgraded) -> None:
    after = upgraded_field.after
    (till,) = after["terminal"]
    assert till["code"] == "T01" and till["company_id"] == "ACME" and till["store_id"] == "S001"
    assert len(till["id"]) == 36 and till["id"].count("-") == 4
    named = [
        row["terminal_id"]
        for name in ("document", "temp_document", "closure", "cash_movement")
        for row in after[name]
    ]
    assert len(named) == 11 and set(named) == {till["id"]}
    assert [row["timezone"] for row in after["store"]] == ["Europe/Berlin"]


def test_local_times_become_utc_instants(upgraded_field: Upgraded) -> None:
    before, after = upgraded_field.before, upgraded_field.after
    for name, columns in INSTANTS.items():
        for old, new in zip(before[name], after[name], strict=True):
            for column in columns:
                expected = aware(old[column], BERLIN)
                assert aware(new[column]) == (expected and expected.astimezone(UTC)), column
    first, second = after["closure"]
    assert aware(first["opened_at"]) == datetime(2026, 3, 28, 20, 30, tzinfo=UTC)
    assert aware(first["closed_at"]) == datetime(2026, 3, 28, 22, 58, tzinfo=UTC)
    assert aware(second["opened_at"]) == aware(first["closed_at"])  # the Z opened it
    assert second["closed_at"] is None
    after_midnight = after["document"][3]  # sold at 00:05:07 in Berlin on 29 March
    assert aware(after_midnight["ended_at"]) == datetime(2026, 3, 28, 23, 5, 7, tzinfo=UTC)


def test_business_dates_are_the_local_dates_of_the_facts(upgraded_field: Upgraded) -> None:
    after = upgraded_field.after
    for document in after["document"]:  # the date the receipt's unique id printed
        assert document["business_date"].strftime("%Y%m%d") == document["unique_id"][:8]
    assert [d["business_date"] for d in after["document"]] == [date(2026, 3, 28)] * 3 + [
        date(2026, 3, 29)
    ] * 2
    assert [c["business_date"] for c in after["closure"]] == [date(2026, 3, 28), None]
    assert [m["business_date"] for m in after["cash_movement"]] == [
        date(2026, 3, 28),
        date(2026, 3, 29),
    ]
    assert {d["business_date"] for d in after["temp_document"]} == {None}


def test_upgrading_an_upgraded_database_changes_nothing(field: Engine) -> None:
    upgrade(field, timezone="Europe/Berlin")
    after = every_row(field)
    upgrade(field, timezone="Asia/Tokyo")
    assert every_row(field) == after and revision(field) == "0003"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("INSERT INTO company (id, name) VALUES ('OTHER', 'Other Ltd')", "2 companies"),
        (
            "UPDATE sync_queue_item SET event_type = 'sale.refunded' WHERE status = 'pending'",
            "unknown type 'sale.refunded'",
        ),
        ("UPDATE document SET terminal_id = 'T99' WHERE receipt_number = 2", "'T99'"),
        (
            'UPDATE sync_queue_item SET payload = \'{"terminal_id": "T01", "number": 1}\''
            " WHERE event_type = 'closure.closed'",
            "'closure.closed:T01/1' is not a payload of its type",
        ),
    ],
)
def test_an_upgrade_that_fails_changes_nothing(field: Engine, damage: str, message: str) -> None:
    at = revision(field)
    with field.begin() as conn:
        conn.execute(text(damage))
    before = every_row(field)
    with pytest.raises(StorageError, match=message):
        upgrade(field, timezone="Europe/Berlin")
    assert revision(field) == at and every_row(field) == before


def test_an_unknown_zone_is_refused_before_anything_changes(field: Engine) -> None:
    before = every_row(field)
    with pytest.raises(StorageError, match="'Europe/Berln' is not an IANA time zone"):
        upgrade(field, timezone="Europe/Berln")
    assert every_row(field) == before


def test_the_zone_is_the_machines_unless_one_is_given(
    field: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")  # the till the field databases came from
    upgrade(field)
    after = every_row(field)
    assert [row["timezone"] for row in after["store"]] == ["Europe/Berlin"]
    assert aware(after["closure"][0]["opened_at"]) == datetime(2026, 3, 28, 20, 30, tzinfo=UTC)


def test_saleflex_db_upgrade_takes_the_stores_zone(tmp_path: Path) -> None:
    url = sqlite_copy("0002", tmp_path)
    command = [sys.executable, "-m", "adapters.sqlalchemy.cli", "db", "upgrade", "--url", url]
    refused = subprocess.run([*command, "--timezone", "Tokio"], capture_output=True, text=True)
    assert refused.returncode == 1
    assert "'Tokio' is not an IANA time zone" in refused.stderr and "--timezone" in refused.stderr
    done = subprocess.run([*command, "--timezone", "Asia/Tokyo"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "schema version 0003 (up to date)" in done.stdout
    engine = make_engine(url)
    after = every_row(engine)
    engine.dispose()
    assert [row["timezone"] for row in after["store"]] == ["Asia/Tokyo"]  # 21:30 in Tokyo
    assert aware(after["closure"][0]["opened_at"]) == datetime(2026, 3, 28, 12, 30, tzinfo=UTC)


def test_nothing_of_the_old_tables_is_left(upgraded_field: Upgraded) -> None:
    engine = upgraded_field.engine
    if engine.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master"
    else:  # tables, indexes and the constraints' indexes are relations
        query = "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace"
    with engine.connect() as conn:
        names = set(conn.execute(text(query)).scalars())
    assert "document" in names and not {n for n in names if "0002" in n}
    assert set(upgraded_field.after) == set(upgraded_field.before) | {
        "store_price",
        "sync_sequence",
        "sync_state",
        "sync_cursor",
    }
