"""Store time: instants are aware UTC; dates and printed times are the store's local ones.

The rules, written down once:

* Every instant the core keeps (a sale's start and end, a Z, a cash movement, an audit
  entry, an outbox event) is a timezone-aware ``datetime`` in UTC, as ``Clock.now()``
  gives it. A naive datetime is refused (``ValidationError``): nobody can tell which
  wall clock it was read from.
* A store has an IANA time zone (``Store.timezone``, e.g. ``"Europe/Istanbul"``). Local
  times are worked out from the instant with that zone, so they are right across DST
  changes (the hour that repeats in autumn prints twice, with its true instants).
* The **business date** of a fact is the local date, in the store's zone, of the instant
  that makes it final:

  - a document (sale or cancellation): its completion or cancellation instant
    (``ended_at``); a draft has none. The printed unique id
    ``YYYYMMDD-{closure:04d}-{receipt:06d}`` carries it.
  - a closure: its Z (``closed_at``), the day the period's report is taken; an open
    closure has none yet.
  - a cash movement: its own instant (``at``).

* Nothing is ordered by a clock: documents by (closure, receipt), events by sequence.
  A clock that jumps back changes the instants and dates written from then on, never a
  number or an order.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from saleflex_core.exceptions import ValidationError

DEFAULT_TIMEZONE = "UTC"
# Files under zoneinfo/ that are no zone of their own: "localtime" is whatever the
# machine's zone is (the books would move with the machine), the others are not zones.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


def check_timezone(name: object) -> str:
    """``name`` if it is an IANA time zone known to this machine (``"Europe/Berlin"``).

    Raises ``ValidationError`` naming the value otherwise (an empty, malformed or
    unknown name, or a fixed offset such as ``"+03:00"``).
    """
    text = name.strip() if isinstance(name, str) else ""
    if not text:
        raise ValidationError(
            "The store's time zone is empty: give an IANA name such as Europe/Berlin"
        )
    try:
        if text in _NOT_ZONES:
            raise ValueError(text)
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            f"Unknown time zone {name!r}: give an IANA name such as Europe/Istanbul"
        ) from exc
    return text


def zone(name: str) -> ZoneInfo:
    """The ``ZoneInfo`` of a checked time zone name (``ZoneInfo`` caches them)."""
    return ZoneInfo(name)


def utc(at: datetime) -> datetime:
    """``at`` as aware UTC; a naive datetime is refused."""
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise ValidationError(f"An instant must be timezone-aware (UTC), not {at!r}")
    return at if at.tzinfo is UTC else at.astimezone(UTC)


def local_time(at: datetime, timezone: str) -> datetime:
    """The wall-clock time in ``timezone`` of the instant ``at`` (aware, local offset)."""
    return utc(at).astimezone(zone(timezone))


def business_date(at: datetime, timezone: str) -> date:
    """The local date in ``timezone`` of the instant ``at`` (see the module's rules)."""
    return local_time(at, timezone).date()
