"""GATE's WSGI entry for a production server::

    SALEFLEX_GATE_DATABASE_URL=postgresql+psycopg://gate@db/gate \\
        gunicorn --workers 4 --bind 0.0.0.0:8000 apps.gate_web.wsgi:app

Each worker builds its own app (and its own connection pool) as it starts; the first to
find the database empty or behind creates or migrates it while the others wait
(``open_hub_database``). The settings come from the environment (``GateSettings``).
"""

from __future__ import annotations

from apps.gate_web.bootstrap import create_app

app = create_app()
