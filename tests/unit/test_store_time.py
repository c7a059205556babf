"""Store time zones, aware instants and business dates in the core and the clocks."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from adapters.memory import SteppingClock
from adapters.system import SystemClock
from apps.pos_desktop.machine_zone import machine_timezone
from apps.pos_desktop.prompts import first_start_answers
from saleflex_core.domain.cash import CashMovement, MovementKind
from saleflex_core.domain.document import Document
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Store
from saleflex_core.domain.store_time import business_date, check_timezone, local_time, utc
from saleflex_core.exceptions import ValidationError
from saleflex_core.use_cases.store_setup import NewStore
from tests.support.store_time import UTC_T0

EUR = Currency.of("EUR")


@pytest.mark.parametrize("name", ["Europe/Istanbul", "America/New_York", "UTC", "Etc/GMT-3"])
def test_iana_zones_are_taken(name: str) -> None:
    assert check_timezone(f" {name} ") == name
    assert Store("S", "C", "Shop", EUR, timezone=name).timezone == name


@pytest.mark.parametrize(
    "name", ["", "  ", "Mars/Olympus", "+03:00", "CET-1CEST", "../etc/passwd", "localtime", 3]
)
def test_an_unknown_zone_is_a_clear_validation_error(name: object) -> None:
    with pytest.raises(ValidationError, match="time zone"):
        check_timezone(name)
    with pytest.raises(ValidationError, match="time zone"):
        Store("S", "C", "Shop", EUR, timezone=name)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="time zone"):
        NewStore.from_answers(
            store_name="Shop",
            currency="EUR",
            manager_pin="2580",
            timezone=name,  # type: ignore[arg-type]
        )


def test_a_store_without_a_zone_is_a_utc_store() -> None:
    assert Store("S", "C", "Shop", EUR).timezone == "UTC"


def test_naive_instants_are_refused_and_aware_ones_kept_in_utc() -> None:
    with pytest.raises(ValidationError, match="timezone-aware"):
        utc(datetime(2026, 1, 5, 9, 0))
    istanbul_noon = datetime(2026, 1, 5, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    assert utc(istanbul_noon) == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert utc(istanbul_noon).tzinfo is UTC


def test_the_domain_refuses_naive_instants() -> None:
    naive = datetime(2026, 1, 5, 9, 0)
    with pytest.raises(ValidationError):
        Document.start(
            id="d", terminal_id="T", store_id="S", cashier_id="1", currency="EUR", at=naive
        )
    with pytest.raises(ValidationError):
        CashMovement(
            "m", "T", 1, MovementKind.IN, Money(100, "EUR"), "float", "1", naive,
            business_date=date(2026, 1, 5),
        )  # fmt: skip


def test_business_dates_and_local_times_follow_the_zone() -> None:
    late = datetime(2026, 1, 5, 22, 30, tzinfo=UTC)
    assert business_date(late, "UTC") == date(2026, 1, 5)
    assert business_date(late, "Europe/Istanbul") == date(2026, 1, 6)
    assert business_date(late, "America/Los_Angeles") == date(2026, 1, 5)
    assert f"{local_time(late, 'Europe/Istanbul'):%H:%M}" == "01:30"
    store = Store("S", "C", "Shop", EUR, timezone="Europe/Istanbul")
    assert store.business_date(late) == date(2026, 1, 6)
    assert f"{store.local(late):%Y-%m-%d %H:%M}" == "2026-01-06 01:30"


def test_the_repeated_hour_of_a_fall_back_night_keeps_two_instants() -> None:
    first, second = (datetime(2026, 10, 25, h, 30, tzinfo=UTC) for h in (0, 1))
    berlin = [local_time(t, "Europe/Berlin") for t in (first, second)]
    assert [f"{t:%H:%M %Z}" for t in berlin] == ["02:30 CEST", "02:30 CET"]
    assert {business_date(t, "Europe/Berlin") for t in (first, second)} == {date(2026, 10, 25)}


@pytest.fixture
def machine_in_new_york() -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_the_system_clock_answers_utc_whatever_the_machine_zone(machine_in_new_york: None) -> None:
    before = time.time()
    now = SystemClock().now()
    assert now.tzinfo is UTC
    assert before - 1 <= now.timestamp() <= time.time() + 1
    assert now.utcoffset() == timedelta(0)  # not New York's -5 hours


def test_the_stepping_clock_is_aware() -> None:
    clock = SteppingClock()
    assert clock.now() == UTC_T0
    assert clock.now().tzinfo is UTC
    with pytest.raises(ValidationError):
        SteppingClock(datetime(2026, 1, 5, 9, 0))
    clock.current = datetime(2026, 1, 5, 9, 0)  # a test that forgets the zone is told at once
    with pytest.raises(ValidationError):
        clock.now()


# --- the machine's zone, the default of a first start ----------------------------------------


def test_the_machine_zone_comes_from_tz_first(tmp_path: Path) -> None:
    nothing = tmp_path / "none"
    assert machine_timezone({"TZ": ":Europe/Istanbul"}, nothing, nothing) == "Europe/Istanbul"
    path = "/usr/share/zoneinfo/Europe/Berlin"
    assert machine_timezone({"TZ": path}, nothing, nothing) == "Europe/Berlin"
    assert machine_timezone({"TZ": "CET-1CEST"}, nothing, nothing) is None


def test_the_machine_zone_comes_from_the_localtime_link(tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Europe/Istanbul")
    assert machine_timezone({}, link, tmp_path / "none") == "Europe/Istanbul"


def test_a_machine_without_localtime_runs_in_utc(tmp_path: Path) -> None:
    assert machine_timezone({}, tmp_path / "none", tmp_path / "none") == "UTC"


def test_a_copied_localtime_is_named_by_etc_timezone_or_not_at_all(tmp_path: Path) -> None:
    copied = tmp_path / "localtime"
    copied.write_bytes(Path("/usr/share/zoneinfo/Europe/Berlin").read_bytes())
    named = tmp_path / "timezone"
    named.write_text("Europe/Berlin\n", encoding="utf-8")
    assert machine_timezone({}, copied, named) == "Europe/Berlin"
    assert machine_timezone({}, copied, tmp_path / "none") is None


def test_init_takes_the_zone_and_asks_for_one_when_the_machine_has_no_name() -> None:
    env = {"SALEFLEX_MANAGER_PIN": "2580"}
    answers = first_start_answers("Shop", "TRY", timezone="Europe/Istanbul", environ=env)
    assert answers.timezone == "Europe/Istanbul"
    with pytest.raises(ValidationError, match="--timezone"):
        first_start_answers("Shop", "TRY", timezone=None, environ=env)
    with pytest.raises(ValidationError, match="time zone"):
        first_start_answers("Shop", "TRY", timezone="Istanbul", environ=env)
