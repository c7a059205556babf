"""OFFICE's settings: from arguments, else the environment, else defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from attrs import frozen

DEFAULT_DATABASE = Path("office-data") / "office.db"


@frozen
class OfficeSettings:
    """``database_url``: the store database (SQLite by default, PostgreSQL supported;
    ``SALEFLEX_OFFICE_DATABASE_URL``). ``upstream_url``: GATE's base URL, when given it
    replaces the one OFFICE keeps from its enrolment (``SALEFLEX_OFFICE_UPSTREAM_URL``).
    The relay pulls GATE's master data every ``pull_every`` seconds, forwards in batches
    of ``batch`` events, and looks at its queue every ``idle`` seconds when nothing wakes
    it (a till's push does)."""

    database_url: str
    upstream_url: str | None = None
    pull_every: float = 60.0
    idle: float = 5.0
    batch: int = 500

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> OfficeSettings:
        env = os.environ if environ is None else environ
        default = f"sqlite:///{DEFAULT_DATABASE.resolve()}"
        return cls(
            database_url=env.get("SALEFLEX_OFFICE_DATABASE_URL", default),
            upstream_url=env.get("SALEFLEX_OFFICE_UPSTREAM_URL") or None,
        )
