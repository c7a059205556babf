"""The wall clock the old programs wrote, read as instants.

Programs up to schema 0002 stored ``datetime.now()``: the machine's naive local time.
Those values are the store's local times only in the zone the machine ran in, so that is
the default zone, read the way the C library reads it (``TZ``, then ``/etc/localtime``;
no ``/etc/localtime`` means UTC). ``saleflex db upgrade --timezone`` overrides it, e.g.
when the upgrade runs on another machine than the till.

A local time of the hour a fall-back night repeats is read as its first occurrence (summer
time, ``fold=0``): it may be an hour early, but nothing is ordered by it (receipt numbers
and sequences order the facts) and its local date, the business date, is the same either
way. A time in a spring-forward gap cannot have come from a clock; it is read with the
offset before the gap.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from saleflex_core.exceptions import StorageError

LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")
ASK = "give the store's zone with `saleflex db upgrade --timezone Europe/Berlin`"


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; a StorageError that says what to do when it is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise StorageError(
            f"{name!r} is not an IANA time zone (such as Europe/Berlin or Europe/Istanbul): {ASK}"
        ) from error


def machine_zone_name(
    environ: dict[str, str] | None = None,
    localtime: Path = LOCALTIME,
    timezone_file: Path = TIMEZONE_FILE,
) -> str:
    """The IANA name of the zone ``datetime.now()`` runs in on this machine."""
    env = os.environ if environ is None else environ
    configured = env.get("TZ", "").removeprefix(":")
    if configured:
        return _named(configured, f"TZ={env['TZ']!r}")
    if not localtime.exists() and not localtime.is_symlink():
        return "UTC"  # what the C library (and so the old program) used
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "/zoneinfo/" in target:
            return _named(target.split("/zoneinfo/", 1)[1], str(localtime))
    if timezone_file.exists():
        return _named(timezone_file.read_text(encoding="utf-8").strip(), str(timezone_file))
    raise StorageError(f"Cannot tell which time zone {localtime} is: {ASK}")


def _named(name: str, source: str) -> str:
    if name.startswith("/"):  # TZ=/usr/share/zoneinfo/Europe/Berlin
        name = name.split("/zoneinfo/", 1)[-1]
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        message = f"This machine's time zone ({source}) has no IANA name: {ASK}"
        raise StorageError(message) from error
    return name


def to_utc(local: datetime, store_zone: ZoneInfo) -> datetime:
    """A naive local wall-clock time of ``store_zone`` as an aware UTC instant."""
    if local.tzinfo is not None:
        raise StorageError(f"{local.isoformat()} is not a local wall-clock time")
    return local.replace(tzinfo=store_zone, fold=0).astimezone(UTC)


def to_utc_or_none(local: datetime | None, store_zone: ZoneInfo) -> datetime | None:
    return None if local is None else to_utc(local, store_zone)
