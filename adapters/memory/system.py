"""Deterministic clock and ids for tests, demos and training mode."""

from __future__ import annotations

from datetime import datetime, timedelta


class SteppingClock:
    """Starts at ``start`` and moves ``step`` forward on every reading."""

    def __init__(
        self, start: datetime | None = None, step: timedelta = timedelta(seconds=1)
    ) -> None:
        self.current = start or datetime(2026, 1, 5, 9, 0, 0)
        self.step = step

    def now(self) -> datetime:
        value = self.current
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
