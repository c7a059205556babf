"""Seeding GATE for tests: a company with two stores, its people's tokens and an
enrolled terminal's API key, made through the same use cases the API calls.

``seed_company(url)`` is what other tests start from:

    creds = seed_company(gate_database_url)
    client.get("/api/v1/stores", headers=creds.bearer(creds.admin_token))
    client.post("/api/v1/terminal/events", headers=creds.terminal_headers, json=...)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from attrs import evolve, frozen
from flask import Flask

from adapters.passwords import Argon2Passwords
from adapters.sqlalchemy.hub.database import open_hub_database
from adapters.sqlalchemy.hub.uow import SqlHubUnitOfWork
from adapters.system import SystemClock, SystemSecrets, UuidIds
from apps.gate_web.bootstrap import build_app, create_app
from apps.gate_web.deps import EXTENSION, GateDeps
from apps.gate_web.settings import GateSettings
from saleflex_core.domain import access
from saleflex_core.domain.access import GateRole
from saleflex_core.domain.money import known_currency
from saleflex_core.domain.organisation import Company, Store
from saleflex_core.domain.people import PLATFORM_COMPANY
from saleflex_core.ports import Clock
from saleflex_core.ports.hub import HubUnitOfWork
from saleflex_core.use_cases.gate_access import HubAuthenticator, sign_in
from saleflex_core.use_cases.gate_people import (
    NewUser,
    create_company,
    create_user,
    set_up_platform,
)
from saleflex_core.use_cases.gate_stores import create_store
from saleflex_core.use_cases.gate_terminals import create_terminal, enrol_terminal

# argon2id still, with light parameters: tests hash many passwords.
TEST_PASSWORDS = Argon2Passwords(time_cost=1, memory_cost=8192, parallelism=1)
PASSWORD = "correct horse battery"


@frozen
class Credentials:
    company_id: str
    store_ids: tuple[str, str]
    admin_token: str
    manager_token: str  # manages store_ids[0] only
    integrator_token: str
    terminal_id: str
    api_key: str  # the terminal's, in store_ids[0]
    usernames: dict[str, str]  # role name -> username; every password is PASSWORD

    @staticmethod
    def bearer(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    @property
    def terminal_headers(self) -> dict[str, str]:
        return {"X-API-Key": self.api_key}


def access_gate(url: str, clock: Clock | None = None) -> Flask:
    """GATE on ``url`` with its real authenticator (the hub's tables), on ``clock``
    when given (tests of expiry move it)."""
    app = create_app(GateSettings(database_url=url), passwords=TEST_PASSWORDS)
    if clock is not None:
        built: GateDeps = app.extensions[EXTENSION]
        authenticator = HubAuthenticator(built.unit_of_work, clock)
        app = build_app(evolve(built, clock=clock, authenticator=authenticator))
    app.config["TESTING"] = True
    return app


@contextmanager
def hub(url: str) -> Iterator[Callable[[str], HubUnitOfWork]]:
    """Units of work on the hub's database at ``url`` (its engine closed after)."""
    engine = open_hub_database(url)
    try:
        yield lambda company_id: SqlHubUnitOfWork(engine, company_id=company_id)
    finally:
        engine.dispose()


def seed_platform(url: str, username: str = "root") -> str:
    """The platform's company and an admin; its bearer token."""
    with hub(url) as unit_of_work:
        return _seed_platform(unit_of_work, username)


def _seed_platform(unit_of_work: Callable[[str], HubUnitOfWork], username: str) -> str:
    set_up_platform(
        unit_of_work,
        ids=UuidIds(),
        passwords=TEST_PASSWORDS,
        admin=NewUser(username, "Platform admin", PASSWORD, frozenset({GateRole.PLATFORM_ADMIN})),
    )
    return _token(unit_of_work, PLATFORM_COMPANY, username)


def seed_company(url: str, company_id: str = "ACME") -> Credentials:
    """A company with stores S1 and S2, an admin, a manager of S1, an integrator, and
    terminal T01 of S1 enrolled (its API key)."""
    with hub(url) as unit_of_work:
        return _seed_company(unit_of_work, company_id)


def _seed_company(unit_of_work: Callable[[str], HubUnitOfWork], company_id: str) -> Credentials:
    clock, ids = SystemClock(), UuidIds()
    platform = access.person(PLATFORM_COMPANY, "seed", frozenset({GateRole.PLATFORM_ADMIN}))
    admin = NewUser(f"admin@{company_id.lower()}", "Admin", PASSWORD, frozenset())
    create_company(
        unit_of_work,
        clock=clock,
        ids=ids,
        passwords=TEST_PASSWORDS,
        caller=platform,
        company=Company(company_id, f"{company_id} Ltd"),
        admin=admin,
    )
    boss = access.person(company_id, "seed", frozenset({GateRole.COMPANY_ADMIN}))
    stores = ("S1", "S2")
    for store_id, zone in zip(stores, ("Europe/Berlin", "Europe/Vienna"), strict=True):
        store = Store(
            store_id, company_id, f"Store {store_id}", known_currency("EUR"), timezone=zone
        )
        create_store(unit_of_work(company_id), clock=clock, ids=ids, caller=boss, store=store)
    people = {
        "manager": NewUser(
            "manager", "Manager", PASSWORD, frozenset({GateRole.STORE_MANAGER}), frozenset({"S1"})
        ),
        "integrator": NewUser("integrator", "ERP job", PASSWORD, frozenset({GateRole.INTEGRATOR})),
    }
    for answers in people.values():
        create_user(
            unit_of_work(company_id),
            clock=clock,
            ids=ids,
            passwords=TEST_PASSWORDS,
            caller=boss,
            answers=answers,
        )
    terminal, code = create_terminal(
        unit_of_work(company_id),
        clock=clock,
        ids=ids,
        secrets=SystemSecrets(),
        caller=boss,
        store_id="S1",
        code="T01",
        name="Till 1",
    )
    enrolled = enrol_terminal(
        unit_of_work, clock=clock, ids=ids, secrets=SystemSecrets(), code=code.secret
    )
    return Credentials(
        company_id=company_id,
        store_ids=stores,
        admin_token=_token(unit_of_work, company_id, admin.username),
        manager_token=_token(unit_of_work, company_id, "manager"),
        integrator_token=_token(unit_of_work, company_id, "integrator"),
        terminal_id=terminal.id,
        api_key=enrolled.api_key.secret,
        usernames={
            "company_admin": admin.username,
            "store_manager": "manager",
            "integrator": "integrator",
        },
    )


def _token(unit_of_work: Callable[[str], HubUnitOfWork], company_id: str, username: str) -> str:
    done = sign_in(
        unit_of_work,
        clock=SystemClock(),
        secrets=SystemSecrets(),
        passwords=TEST_PASSWORDS,
        company_id=company_id,
        username=username,
        password=PASSWORD,
    )
    return done.token
