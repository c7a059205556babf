"""Migration 0003's pure parts: the machine's zone, local times as instants, event order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from adapters.sqlalchemy.migrations.v0003.local_time import machine_zone_name, to_utc, zone
from adapters.sqlalchemy.migrations.v0003.outbox import Fact, event_id, sequences
from saleflex_core.exceptions import StorageError

BERLIN = ZoneInfo("Europe/Berlin")
ZONEINFO = Path("/usr/share/zoneinfo")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    "tz", ["Europe/Istanbul", ":Europe/Istanbul", "/usr/share/zoneinfo/Europe/Istanbul"]
)
def test_the_tz_variable_names_the_machine_zone(tz: str, tmp_path: Path) -> None:
    assert machine_zone_name({"TZ": tz}, tmp_path / "none", tmp_path / "none") == "Europe/Istanbul"


def test_a_posix_tz_rule_has_no_zone_name_and_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="--timezone"):
        machine_zone_name({"TZ": "CET-1CEST,M3.5.0,M10.5.0/3"}, tmp_path / "x", tmp_path / "x")


def test_etc_localtime_names_the_zone_it_links_to(tmp_path: Path) -> None:
    localtime = tmp_path / "localtime"
    localtime.symlink_to(ZONEINFO / "Europe" / "Berlin")
    assert machine_zone_name({}, localtime, tmp_path / "timezone") == "Europe/Berlin"


def test_a_copied_localtime_is_named_by_etc_timezone(tmp_path: Path) -> None:
    localtime, named = tmp_path / "localtime", tmp_path / "timezone"
    localtime.write_bytes((ZONEINFO / "Europe" / "Berlin").read_bytes())
    named.write_text("Europe/Berlin\n")
    assert machine_zone_name({}, localtime, named) == "Europe/Berlin"
    named.unlink()
    with pytest.raises(StorageError, match="Cannot tell which time zone"):
        machine_zone_name({}, localtime, named)


def test_no_localtime_at_all_is_utc_as_for_the_c_library(tmp_path: Path) -> None:
    assert machine_zone_name({}, tmp_path / "localtime", tmp_path / "timezone") == "UTC"


def test_an_unknown_zone_name_is_refused() -> None:
    with pytest.raises(StorageError, match="'Mars/Olympus' is not an IANA time zone"):
        zone("Mars/Olympus")


def test_local_times_become_utc_across_the_year() -> None:
    assert to_utc(datetime(2026, 3, 28, 21, 30), BERLIN) == utc(2026, 3, 28, 20, 30)
    assert to_utc(datetime(2026, 7, 1, 12, 0), BERLIN) == utc(2026, 7, 1, 10, 0)
    istanbul = ZoneInfo("Europe/Istanbul")
    assert to_utc(datetime(2026, 1, 5, 9, 0), istanbul) == utc(2026, 1, 5, 6, 0)


def test_the_repeated_hour_of_a_fall_back_night_reads_as_its_first_pass() -> None:
    assert to_utc(datetime(2026, 10, 25, 2, 30), BERLIN) == utc(2026, 10, 25, 0, 30)
    assert to_utc(datetime(2026, 10, 25, 3, 30), BERLIN) == utc(2026, 10, 25, 2, 30)


def test_a_time_in_the_spring_forward_gap_reads_with_the_offset_before_it() -> None:
    assert to_utc(datetime(2026, 3, 29, 2, 30), BERLIN) == utc(2026, 3, 29, 1, 30)


def test_an_aware_time_is_not_a_local_time() -> None:
    with pytest.raises(StorageError, match="not a local wall-clock time"):
        to_utc(utc(2026, 1, 1), BERLIN)


T0 = datetime(2026, 3, 28, 9, 0)


def fact(
    key: str,
    closure: int,
    minute: int,
    receipt: int | None = None,
    *,
    z: bool = False,
    terminal: str = "T01",
) -> Fact:
    return Fact(key, terminal, closure, z, receipt, T0 + timedelta(minutes=minute))


def ordered(facts: list[Fact]) -> list[str]:
    found = sequences(facts)
    return sorted(found, key=lambda key: found[key])


def test_sequences_follow_the_order_the_facts_were_recorded() -> None:
    facts = [fact("sale:b", 1, 2, 2), fact("cash:a", 1, 1), fact("sale:a", 1, 0, 1)]
    assert sequences(facts) == {"sale:a": 1, "cash:a": 2, "sale:b": 3}


def test_a_clock_set_back_cannot_put_a_receipt_before_an_earlier_one() -> None:
    facts = [
        fact("sale:4", 1, 10, 4),
        fact("cash:x", 1, 7),
        fact("sale:5", 1, 5, 5),  # the clock went back 5 minutes before receipt 5
    ]
    assert ordered(facts) == ["sale:4", "cash:x", "sale:5"]


def test_a_z_comes_after_its_period_and_before_the_next_whatever_the_clock() -> None:
    facts = [
        fact("z:1", 1, 0, z=True),  # the clock said the Z came first
        fact("sale:1", 1, 30, 1),
        fact("sale:2/1", 2, -60, 1),
        fact("cash:y", 1, 40),
    ]
    assert ordered(facts) == ["sale:1", "cash:y", "z:1", "sale:2/1"]


def test_each_terminal_counts_from_one_without_gaps() -> None:
    facts = [fact(f"{t}:{i}", 1, i, i, terminal=t) for t in ("T01", "T02") for i in (1, 2, 3)]
    found = sequences(facts)
    assert [found[f"T02:{i}"] for i in (1, 2, 3)] == [1, 2, 3]
    assert [found[f"T01:{i}"] for i in (1, 2, 3)] == [1, 2, 3]


def test_event_ids_are_the_programs_uuid5_of_the_fact_with_the_terminals_uuid() -> None:
    till = "5d6b0c3e-0000-4000-8000-000000000001"
    name = f"ACME/S001/{till}/closure.closed/{till}/4"
    expected = str(uuid.uuid5(uuid.UUID("5a1ef1e5-0e7e-4c1d-9b7a-000000000001"), name))
    assert event_id("ACME", "S001", till, "closure.closed:T01/4") == expected
    sale = event_id("ACME", "S001", till, "sale.completed:5a1ef1e8-0000-4000-8000-000000000001")
    assert sale == str(
        uuid.uuid5(
            uuid.UUID("5a1ef1e5-0e7e-4c1d-9b7a-000000000001"),
            f"ACME/S001/{till}/sale.completed/5a1ef1e8-0000-4000-8000-000000000001",
        )
    )
    other_till = "5d6b0c3e-0000-4000-8000-000000000002"
    assert event_id("ACME", "S001", other_till, "closure.closed:T01/4") != expected
