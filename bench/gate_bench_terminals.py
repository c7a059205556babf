"""The ingest bench's company, stores and terminals (key ``bench-key-<n>``), and the
``StaticAuthenticator`` that knows them. Apart from ``gate_ingest_wsgi.py``, which builds
GATE's app when imported (for gunicorn): the benches import these without opening any
database."""

from __future__ import annotations

import uuid

from adapters.memory.access import StaticAuthenticator
from saleflex_core.domain import access

COMPANY = "BENCH"
NAMESPACE = uuid.UUID("5a1ef1e5-0e7e-4c1d-9b7a-0000000000bb")


def terminal_id(n: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"terminal/{n}"))


def store_id(n: int) -> str:
    return f"S{n // 2:03d}"  # two tills a store


def api_key(n: int) -> str:
    return f"bench-key-{n}"


def authenticator(terminals: int) -> StaticAuthenticator:
    keys = {
        api_key(n): access.terminal(COMPANY, store_id(n), terminal_id(n)) for n in range(terminals)
    }
    return StaticAuthenticator(api_keys=keys)
