"""`saleflex-pos --init` keeps the store's time zone: given, or the machine's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.pos_cli import MANAGER_PIN, clean_env, fields, one_line, pos, query

pytestmark = pytest.mark.integration

SHOP = ("--init", "--store-name", "Kiosk", "--currency", "TRY")


def test_init_keeps_the_zone_it_is_given(tmp_path: Path) -> None:
    env = clean_env(SALEFLEX_MANAGER_PIN=MANAGER_PIN, TZ="America/New_York")
    done = pos(tmp_path, *SHOP, "--timezone", "Europe/Istanbul", env=env)

    assert done.returncode == 0, done.stderr
    assert fields(done.stdout)["time zone"].startswith("Europe/Istanbul")
    assert query(tmp_path / "terminal.db", "SELECT timezone FROM store") == [("Europe/Istanbul",)]


def test_init_takes_the_machines_zone_by_default(tmp_path: Path) -> None:
    env = clean_env(SALEFLEX_MANAGER_PIN=MANAGER_PIN, TZ=":Asia/Tokyo")
    done = pos(tmp_path, *SHOP, env=env)

    assert done.returncode == 0, done.stderr
    assert query(tmp_path / "terminal.db", "SELECT timezone FROM store") == [("Asia/Tokyo",)]


@pytest.mark.parametrize(
    ("options", "tz", "refusal"),
    [
        (("--timezone", "Istanbul"), "UTC", "Unknown time zone 'Istanbul'"),
        ((), "CET-1CEST", "--timezone"),  # the machine's zone has no IANA name
    ],
)
def test_a_zone_that_cannot_be_used_sets_nothing_up(
    tmp_path: Path, options: tuple[str, ...], tz: str, refusal: str
) -> None:
    env = clean_env(SALEFLEX_MANAGER_PIN=MANAGER_PIN, TZ=tz)
    done = pos(tmp_path, *SHOP, *options, env=env)

    assert done.returncode == 1
    assert refusal in one_line(done.stderr)
    assert not (tmp_path / "terminal.db").exists()


def test_timezone_without_init_is_a_usage_error(tmp_path: Path) -> None:
    result = pos(tmp_path, "--timezone", "Europe/Istanbul")

    assert result.returncode == 2
    assert "--timezone belongs to --init" in result.stderr
