"""GATE for the end-to-end sync tests: a process that can be stopped and started again on
the same port, another store for a test's own daily totals, and the integrators' lists
read to the end (what HQ sees).

The company itself (ACME, stores S1 and S2, the demo's catalogue and cashiers) is
``tests.sync.gate_process.seeded``'s, and terminals are made through the admin API with
``SyncGate.new_terminal``, as HQ makes them.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

import requests

from adapters.system import SystemClock, UuidIds
from saleflex_core.domain import access
from saleflex_core.domain.access import GateRole
from saleflex_core.domain.money import known_currency
from saleflex_core.domain.organisation import Store
from saleflex_core.use_cases.gate_stores import create_store
from tests.gate.live_server import LiveGate, free_port, running_gate
from tests.gate.support import Credentials, hub


class GateService:
    """GATE under gunicorn on ``database_url``, on one port for its life: ``stop()`` and
    ``start()`` again are a GATE restart its terminals cannot tell from an outage."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.database_url, self.log = database_url, log
        self.port = free_port()
        self._running: ExitStack | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    def start(self) -> LiveGate:
        assert self._running is None, "GATE runs already"
        with ExitStack() as stack:
            gate = stack.enter_context(running_gate(self.database_url, self.log, self.port))
            self._running = stack.pop_all()
        return gate

    def stop(self) -> None:
        running, self._running = self._running, None
        if running is not None:
            running.close()


def new_store(database_url: str, company_id: str, store_id: str) -> None:
    """Another store of the company (EUR, Berlin time), for a test's own daily totals."""
    store = Store(
        store_id, company_id, f"Store {store_id}", known_currency("EUR"), timezone="Europe/Berlin"
    )
    boss = access.person(company_id, "seed", frozenset({GateRole.COMPANY_ADMIN}))
    with hub(database_url) as unit_of_work:
        create_store(
            unit_of_work(company_id), clock=SystemClock(), ids=UuidIds(), caller=boss, store=store
        )


def read_all(gate_url: str, token: str, what: str, **filters: str) -> list[dict[str, Any]]:
    """Every item of an integrator's list (``sales``, ``closures`` ...), page by page."""
    items: list[dict[str, Any]] = []
    query: dict[str, Any] = {"limit": 500, **filters}
    while True:
        answer = requests.get(
            f"{gate_url}/api/v1/{what}",
            params=query,
            headers=Credentials.bearer(token),
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        page = answer.json()
        items += page["items"]
        if page["next_cursor"] is None:
            return items
        query["after"] = page["next_cursor"]
