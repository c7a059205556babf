"""A company on a real GATE for the master-data tests: two stores, people and terminals.

Credentials come from a ``StaticAuthenticator`` (the real authenticator is another part's).
"""

from __future__ import annotations

from typing import Any

from attrs import frozen
from flask import Flask
from flask.testing import FlaskClient

from adapters.memory.access import StaticAuthenticator
from apps.gate_web.deps import deps
from saleflex_core.domain import access
from saleflex_core.domain.access import GateRole
from saleflex_core.domain.catalog import Department, PaymentType, VatRate
from saleflex_core.domain.master_data import Upserts
from saleflex_core.domain.money import Currency
from saleflex_core.domain.organisation import Company, Store
from saleflex_core.ports.hub import HubUnitOfWork
from saleflex_core.use_cases.gate_feed import Editor, change_master_data
from tests.gate.conftest import make_gate

COMPANY, OTHER = "ACME", "GLOBEX"
ADMIN = access.person(COMPANY, "u-admin", frozenset({GateRole.COMPANY_ADMIN}))
MANAGER = access.person(
    COMPANY, "u-manager", frozenset({GateRole.STORE_MANAGER}), store_ids=frozenset({"S1"})
)
READER = access.person(COMPANY, "u-reader", frozenset({GateRole.INTEGRATOR}))
OTHER_ADMIN = access.person(OTHER, "u-other", frozenset({GateRole.COMPANY_ADMIN}))
TOKENS = {"admin": ADMIN, "manager": MANAGER, "reader": READER, "other": OTHER_ADMIN}
KEYS = {
    "key-s1": access.terminal(COMPANY, "S1", "T-1"),
    "key-s2": access.terminal(COMPANY, "S2", "T-2"),
    "key-other": access.terminal(OTHER, "X1", "T-X"),
}


def bearer(who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {who}"}


def api_key(key: str) -> dict[str, str]:
    return {"X-API-Key": key}


@frozen
class Hub:
    app: Flask

    @property
    def client(self) -> FlaskClient:
        return self.app.test_client()

    def uow(self, company: str = COMPANY) -> HubUnitOfWork:
        with self.app.app_context():
            return deps().unit_of_work(company)

    def editor(self, caller: access.Caller = ADMIN) -> Editor:
        gate = self.app.extensions["saleflex_gate"]
        return Editor(caller, gate.clock, gate.ids)

    def pull_all(self, key: str = "key-s1", since: str | None = None, limit: int = 500) -> Any:
        """Every page from ``since`` on, as the wire dicts the terminal got."""
        pages = []
        while True:
            query = {"limit": limit} | ({} if since is None else {"since": since})
            answer = self.client.get(
                "/api/v1/terminal/master-data", query_string=query, headers=api_key(key)
            )
            assert answer.status_code == 200, answer.get_json()
            page = answer.get_json()
            pages.append(page)
            since = page["next_cursor"]
            if not page["has_more"]:
                return pages


def company(uow: HubUnitOfWork, company_id: str, *stores: tuple[str, str]) -> None:
    with uow:
        uow.organisation.save_company(Company(company_id, company_id.title()))
        for store_id, currency in stores:
            store = Store(store_id, company_id, f"Store {store_id}", Currency.of(currency))
            uow.organisation.save_store(store)
        uow.commit()


def hub(url: str) -> Hub:
    """GATE on ``url`` with ACME (stores S1, S2 in EUR), GLOBEX (store X1), the basics."""
    found = Hub(make_gate(url, StaticAuthenticator(TOKENS, KEYS)))
    company(found.uow(), COMPANY, ("S1", "EUR"), ("S2", "EUR"))
    company(found.uow(OTHER), OTHER, ("X1", "EUR"))
    basics = Upserts(
        vat_rates=(VatRate("A", "20", "Standard"),),
        departments=(Department("10", "Bakery", "A"),),
        payment_types=(PaymentType.cash(),),
    )
    change_master_data(found.uow(), editor=found.editor(), upserts=basics)
    return found
