"""Tenant isolation over GATE's whole URL map (see ``tenancy.py`` for the rules): a caller
of company A reaches nothing of company B, on every route and method there is, so a new
route cannot escape. The probes below show the check catches a leak and refuses a route it
cannot classify."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_smorest import Blueprint
from sqlalchemy import Engine

from adapters.memory.access import StaticAuthenticator
from adapters.sqlalchemy.database import make_engine
from apps.gate_web.auth import BEARER, documented, requires, unit_of_work
from apps.gate_web.deps import deps
from tests.gate.conftest import make_gate
from tests.gate.tenancy import (
    A_ADMIN_TOKEN,
    SECRET_B,
    A,
    B,
    IsolationCheck,
    Unclassifiable,
    authenticator_for_a,
    calls,
    seed_tenant,
)

pytestmark = pytest.mark.integration


Tenants = tuple[Flask, Engine, dict[str, str], dict[str, str]]


def _tenants(url: str) -> Tenants:
    app = make_gate(url, StaticAuthenticator(**authenticator_for_a()))
    engine = make_engine(url)
    a_keys = seed_tenant(engine, A, "tenant-a", "Alpha")
    b_keys = seed_tenant(engine, B, "zq9b", SECRET_B)
    return app, engine, a_keys, b_keys


@pytest.fixture
def tenants(gate_database_url: str) -> Iterator[Tenants]:
    found = _tenants(gate_database_url)
    yield found
    found[1].dispose()


def test_company_a_reaches_nothing_of_company_b_on_any_route(
    tenants: Tenants,
) -> None:
    app, engine, a_keys, b_keys = tenants
    covered = list(calls(app))
    assert ("/readyz", "GET") in [(rule.rule, method) for rule, method in covered]
    assert IsolationCheck(app, engine, a_keys, b_keys).run() == []


# --- the check itself: it finds leaks and refuses what it cannot classify -----------------


@pytest.fixture
def probe(tmp_path: Path) -> Iterator[Callable[[Blueprint], IsolationCheck]]:
    """An isolation check over GATE plus one probe blueprint (SQLite)."""
    engines: list[Engine] = []

    def check(blp: Blueprint) -> IsolationCheck:
        app, engine, a_keys, b_keys = _tenants(f"sqlite:///{tmp_path / 'gate.db'}")
        engines.append(engine)
        app.extensions["flask-smorest"]["blp_name_to_api"]["health"].register_blueprint(blp)
        return IsolationCheck(app, engine, a_keys, b_keys)

    yield check
    for engine in engines:
        engine.dispose()


def _store_route(blp: Blueprint, company: Callable[[], str] | None) -> None:
    """``GET /api/v1/probe/stores/<store_id>``: scoped to the caller, or to ``company()``."""

    @blp.route("/api/v1/probe/stores/<store_id>")
    @blp.doc(**documented(BEARER))
    @requires("master_data:read")
    def store(store_id: str) -> dict[str, Any]:
        uow = unit_of_work() if company is None else deps().unit_of_work(company())
        with uow:
            found = uow.organisation.store(store_id)
        return {"id": found.id, "name": found.name}


def test_a_route_scoped_to_the_caller_passes(probe: Callable[[Blueprint], IsolationCheck]) -> None:
    blp = Blueprint("probe", __name__)
    _store_route(blp, company=None)
    check = probe(blp)
    assert check.run() == []
    own = check.client.get(
        "/api/v1/probe/stores/tenant-a-store", headers={"Authorization": f"Bearer {A_ADMIN_TOKEN}"}
    )
    assert own.get_json() == {"id": "tenant-a-store", "name": "Alpha Store"}


def test_a_route_that_reads_another_company_is_caught(
    probe: Callable[[Blueprint], IsolationCheck],
) -> None:
    blp = Blueprint("probe", __name__)
    _store_route(blp, company=lambda: B)  # the bug: a unit of work not scoped to the caller
    findings = probe(blp).run()
    assert "GET /api/v1/probe/stores/<store_id>: the answer shows company B's data" in findings
    assert "GET /api/v1/probe/stores/<store_id> with B's keys: answered 200, not 404" in findings


def test_a_listing_that_shows_another_company_is_caught(
    probe: Callable[[Blueprint], IsolationCheck],
) -> None:
    blp = Blueprint("probe", __name__)

    @blp.route("/api/v1/probe/stores", methods=["GET"])
    @blp.doc(**documented(BEARER))
    @requires("master_data:read")
    def stores() -> dict[str, Any]:
        with deps().unit_of_work(B) as uow:
            return {"ids": [t.store_id for t in uow.organisation.terminals()]}

    findings = probe(blp).run()
    shown = "GET /api/v1/probe/stores: the answer shows company B's keys ['zq9b-store']"
    assert findings == [shown]


def test_a_route_with_a_parameter_it_cannot_fill_fails_loudly(
    probe: Callable[[Blueprint], IsolationCheck],
) -> None:
    blp = Blueprint("probe", __name__)

    @blp.route("/api/v1/probe/gizmos/<gizmo_id>")
    @blp.doc(**documented(BEARER))
    @requires("master_data:read")
    def gizmo(gizmo_id: str) -> dict[str, Any]:
        return {}

    with pytest.raises(Unclassifiable, match=r"no company-B key for \['gizmo_id'\]"):
        probe(blp).run()


def test_an_undocumented_route_fails_loudly(probe: Callable[[Blueprint], IsolationCheck]) -> None:
    check = probe(Blueprint("probe", __name__))
    check.app.add_url_rule("/api/v1/hidden", "hidden", lambda: "B's secrets", methods=["POST"])
    with pytest.raises(Unclassifiable, match=r"POST /api/v1/hidden \(hidden\) is neither"):
        check.run()


def test_a_documented_route_without_security_fails_loudly(
    probe: Callable[[Blueprint], IsolationCheck],
) -> None:
    blp = Blueprint("probe", __name__)

    @blp.route("/api/v1/probe/open")
    def wide_open() -> dict[str, Any]:
        return {}

    with pytest.raises(Unclassifiable, match="without BearerAuth or ApiKeyAuth"):
        probe(blp).run()
