"""A company at GATE that terminals can enrol in and sell for: the sync tests' upstream.

``seed_shop(url)`` is ``tests.gate.support.seed_company`` (stores S1 and S2, an admin, an
integrator ...) plus the demo's catalogue and cashiers as the company's master data, so an
enrolled terminal pulls something to sell and someone to sign in. ``new_terminal`` adds a
terminal to a store and answers its one-time enrolment code, as an admin's screen would.
"""

from __future__ import annotations

from contextlib import ExitStack
from functools import cache
from pathlib import Path
from typing import Any

import requests
from attrs import frozen

from adapters.system import SystemClock, SystemSecrets, UuidIds
from saleflex_core import demo
from saleflex_core.domain import access
from saleflex_core.domain.access import GateRole
from saleflex_core.domain.catalog import SoldBy
from saleflex_core.domain.master_data import Upserts
from saleflex_core.domain.money import known_currency
from saleflex_core.domain.organisation import Store
from saleflex_core.use_cases.gate_feed import Editor, change_master_data
from saleflex_core.use_cases.gate_stores import create_store
from saleflex_core.use_cases.gate_terminals import create_terminal
from tests.gate.live_server import LiveGate, free_port, running_gate
from tests.gate.support import Credentials, hub, seed_company

PIN_ITERATIONS = 1000  # the demo cashiers' PIN hashes, light for tests
CASHIER = ("1", "1234")
SUPERVISOR = ("2", "9999")


@cache
def catalogue() -> demo.DemoData:
    return demo.demo_data(pin_iterations=PIN_ITERATIONS)


def piece_barcodes() -> list[str]:
    """Barcodes of the catalogue's products sold by the piece (what the tills scan)."""
    return [p.barcodes[0] for p in catalogue().products if p.sold_by is SoldBy.PIECE and p.barcodes]


def seed_shop(database_url: str) -> Credentials:
    """The company ``ACME`` at GATE, with the demo's catalogue and cashiers."""
    creds = seed_company(database_url)
    data = catalogue()
    upserts = Upserts(
        vat_rates=data.vat_rates,
        departments=data.departments,
        payment_types=data.payment_types,
        products=data.products,
        cashiers=data.cashiers,
    )
    with hub(database_url) as unit_of_work:
        change_master_data(
            unit_of_work(creds.company_id), editor=_editor(creds.company_id), upserts=upserts
        )
    return creds


@frozen
class NewTerminal:
    terminal_id: str
    enrolment_code: str


def new_terminal(database_url: str, company_id: str, store_id: str, code: str) -> NewTerminal:
    """A terminal ``code`` in ``store_id``, not enrolled yet: its id and enrolment code."""
    with hub(database_url) as unit_of_work:
        terminal, issued = create_terminal(
            unit_of_work(company_id),
            clock=SystemClock(),
            ids=UuidIds(),
            secrets=SystemSecrets(),
            caller=_boss(company_id),
            store_id=store_id,
            code=code,
            name=f"Till {code}",
        )
    return NewTerminal(terminal.id, issued.secret)


def new_store(database_url: str, company_id: str, store_id: str) -> None:
    """Another store of the company (EUR, Berlin time), for a test's own daily totals."""
    store = Store(
        store_id, company_id, f"Store {store_id}", known_currency("EUR"), timezone="Europe/Berlin"
    )
    with hub(database_url) as unit_of_work:
        create_store(
            unit_of_work(company_id),
            clock=SystemClock(),
            ids=UuidIds(),
            caller=_boss(company_id),
            store=store,
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


def _boss(company_id: str) -> access.Caller:
    return access.person(company_id, "seed", frozenset({GateRole.COMPANY_ADMIN}))


def _editor(company_id: str) -> Editor:
    return Editor(_boss(company_id), SystemClock(), UuidIds())
