"""The GATE the ingest bench serves with gunicorn: GATE's own app on
``SALEFLEX_GATE_DATABASE_URL``, with a ``StaticAuthenticator`` that knows the bench's
``GATE_BENCH_TERMINALS`` terminals (key ``bench-key-<n>``); see ``gate_ingest.py``."""

from __future__ import annotations

import os
import uuid

from adapters.memory.access import StaticAuthenticator
from apps.gate_web.bootstrap import create_app
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


app = create_app(authenticator=authenticator(int(os.environ.get("GATE_BENCH_TERMINALS", "8"))))
