"""The GATE the ingest bench serves with gunicorn: GATE's own app on
``SALEFLEX_GATE_DATABASE_URL``, with a ``StaticAuthenticator`` that knows the bench's
``GATE_BENCH_TERMINALS`` terminals (``gate_bench_terminals.py``); see ``gate_ingest.py``.
Importing it builds the app: only gunicorn imports it."""

from __future__ import annotations

import os

from gate_bench_terminals import authenticator

from apps.gate_web.bootstrap import create_app

app = create_app(authenticator=authenticator(int(os.environ.get("GATE_BENCH_TERMINALS", "8"))))
