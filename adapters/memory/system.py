"""Deterministic clock and ids for tests, demos and training mode."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from saleflex_core.domain.store_time import utc

DEFAULT_START = datetime(2026, 1, 5, 8, 0, 0, tzinfo=UTC)
"""Monday 5 January 2026, 08:00 UTC: 09:00 in the demo store (Europe/Berlin)."""


class SteppingClock:
    """Starts at ``start`` (aware; kept in UTC) and moves ``step`` forward on every reading.

    ``current`` may be set or moved back to play a clock that jumps; it must stay aware.
    """

    def __init__(
        self, start: datetime | None = None, step: timedelta = timedelta(seconds=1)
    ) -> None:
        self.current = DEFAULT_START if start is None else utc(start)
        self.step = step

    def now(self) -> datetime:
        value = utc(self.current)
        self.current += self.step
        return value

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class SequentialIds:
    """``prefix-000001``, ``prefix-000002``, ...: readable and reproducible."""

    def __init__(self, prefix: str = "id") -> None:
        self.prefix = prefix
        self.count = 0

    def new_id(self) -> str:
        self.count += 1
        return f"{self.prefix}-{self.count:06d}"
