"""GATE on a real database: a SQLite file, and PostgreSQL (the throwaway cluster)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from adapters.memory.access import StaticAuthenticator
from apps.gate_web.bootstrap import create_app
from apps.gate_web.settings import GateSettings
from saleflex_core.ports.hub import Authenticator
from tests.gate.live_server import live_gate  # noqa: F401  (GATE under a real gunicorn)


@pytest.fixture(params=["sqlite", "postgresql"])
def gate_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database for one GATE: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'gate.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


def make_gate(url: str, authenticator: Authenticator | None = None) -> Flask:
    app = create_app(GateSettings(database_url=url), authenticator=authenticator)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def gate(gate_database_url: str) -> Iterator[Flask]:
    """GATE on a fresh database with no credentials known."""
    yield make_gate(gate_database_url, StaticAuthenticator())
