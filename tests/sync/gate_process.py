"""GATE for the sync tests: a company seeded into a running GATE (gunicorn, started once
a session by ``tests.gate.live_server.running_gate``) with its demo master data and an
admin who makes terminals and changes prices through the API, as HQ would."""

from __future__ import annotations

from typing import Any

import requests
from attrs import frozen

from adapters.system import SystemClock, UuidIds
from saleflex_core.domain import access
from saleflex_core.domain.access import GateRole
from saleflex_core.domain.master_data import Upserts
from saleflex_core.use_cases.gate_feed import Editor, change_master_data
from tests.conftest import demo_data
from tests.gate.support import Credentials, hub, seed_company


@frozen
class SyncGate:
    """A running GATE and one company of it (stores S1, S2; the demo's master data)."""

    url: str
    database_url: str
    creds: Credentials

    @property
    def admin(self) -> dict[str, str]:
        return Credentials.bearer(self.creds.admin_token)

    def call(self, method: str, path: str, **options: Any) -> requests.Response:
        return requests.request(method, self.url + path, headers=self.admin, timeout=30, **options)

    def new_terminal(self, code: str, store_id: str = "S1") -> tuple[str, str]:
        """A new terminal (its id) and its one-time enrolment code."""
        body = {"store_id": store_id, "code": code, "name": f"Till {code}", "cash_out_limit": 5000}
        answer = self.call("POST", "/api/v1/terminals", json=body)
        assert answer.status_code == 201, answer.text
        made = answer.json()
        return made["terminal"]["id"], made["enrolment_code"]

    def new_code(self, terminal_id: str) -> str:
        """A new enrolment code for a terminal (a disk swap: the till is set up again)."""
        answer = self.call("POST", f"/api/v1/terminals/{terminal_id}/enrolment-code")
        assert answer.status_code in (200, 201), answer.text
        code: str = answer.json()["enrolment_code"]
        return code

    def product(self, product_id: str) -> dict[str, Any]:
        answer = self.call("GET", f"/api/v1/master-data/products/{product_id}")
        assert answer.status_code == 200, answer.text
        found: dict[str, Any] = answer.json()
        return found

    def set_price(self, product_id: str, minor: int) -> None:
        body = self.product(product_id)
        body["unit_price"] = {"minor": minor, "currency": "EUR"}
        body.pop("id", None)
        answer = self.call("PUT", f"/api/v1/master-data/products/{product_id}", json=body)
        assert answer.status_code == 200, answer.text

    def delete_product(self, product_id: str) -> None:
        answer = self.call("DELETE", f"/api/v1/master-data/products/{product_id}")
        assert answer.status_code in (200, 204), answer.text


def seeded(url: str, database_url: str, company_id: str = "ACME") -> SyncGate:
    """A company (stores S1, S2) with the demo's master data, published the way an
    admin's change is."""
    creds = seed_company(database_url, company_id)
    data = demo_data()
    boss = access.person(creds.company_id, "seed", frozenset({GateRole.COMPANY_ADMIN}))
    upserts = Upserts(
        vat_rates=data.vat_rates,
        departments=data.departments,
        payment_types=data.payment_types,
        products=data.products,
        cashiers=data.cashiers,
    )
    with hub(database_url) as unit_of_work:
        editor = Editor(boss, SystemClock(), UuidIds())
        change_master_data(unit_of_work(creds.company_id), editor=editor, upserts=upserts)
    return SyncGate(url, database_url, creds)
