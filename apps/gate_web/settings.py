"""GATE's settings: from arguments, else the environment, else defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from attrs import frozen

DEFAULT_DATABASE = Path("gate-data") / "gate.db"


@frozen
class GateSettings:
    """``database_url``: SQLAlchemy URL of the hub's database (SQLite for a quick start,
    PostgreSQL in production). ``SALEFLEX_GATE_DATABASE_URL`` sets it in the environment."""

    database_url: str

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> GateSettings:
        env = os.environ if environ is None else environ
        default = f"sqlite:///{DEFAULT_DATABASE.resolve()}"
        return cls(database_url=env.get("SALEFLEX_GATE_DATABASE_URL", default))
