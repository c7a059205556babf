"""GATE's frame: OpenAPI 3.1 at /api/v1/openapi.json, health and readiness, and every
error a problem document (RFC 9457), never HTML."""

from __future__ import annotations

from flask import Flask

from adapters.memory.access import StaticAuthenticator
from adapters.sqlalchemy.hub.schema import HUB_SCHEMA_REVISION
from apps.gate_web.bootstrap import build_app
from apps.gate_web.deps import GateDeps, deps
from saleflex_core.domain import access

PROBLEM = "application/problem+json"


def test_the_openapi_document_is_3_1_under_api_v1(gate: Flask) -> None:
    answer = gate.test_client().get("/api/v1/openapi.json")
    assert answer.status_code == 200
    document = answer.get_json()
    assert document["openapi"] == "3.1.0"
    schemes = document["components"]["securitySchemes"]
    assert schemes["ApiKeyAuth"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    assert schemes["BearerAuth"]["scheme"] == "bearer"


def test_health_and_readiness_answer_on_a_fresh_database(gate: Flask) -> None:
    client = gate.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/readyz").get_json() == {"status": "ready", "problems": []}


def test_readiness_fails_when_the_schema_is_not_the_one_gate_needs(gate: Flask) -> None:
    with gate.app_context():
        uow = deps().unit_of_work("ANY")
        with uow:
            uow.conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'h0000'")  # type: ignore[attr-defined]
            uow.commit()
    answer = gate.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.get_json()["problems"] == [f"schema is h0000, needs {HUB_SCHEMA_REVISION}"]


def test_an_unknown_route_is_a_404_problem(gate: Flask) -> None:
    answer = gate.test_client().get("/api/v1/no-such-thing")
    assert answer.status_code == 404
    assert answer.content_type == PROBLEM
    body = answer.get_json()
    assert body["status"] == 404 and body["title"] == "Not Found"
    assert body["type"].endswith("/not_found")


def test_a_wrong_method_is_a_405_problem_with_allow(gate: Flask) -> None:
    answer = gate.test_client().delete("/healthz")
    assert answer.status_code == 405
    assert answer.content_type == PROBLEM
    assert "GET" in answer.headers["Allow"]


def test_requires_refuses_without_credentials_and_with_too_few_rights(gate: Flask) -> None:
    reader = access.person("ACME", "u1", frozenset({access.GateRole.INTEGRATOR}))
    gate_deps: GateDeps = gate.extensions["saleflex_gate"]
    app = build_app(
        GateDeps(
            gate_deps.unit_of_work,
            gate_deps.clock,
            gate_deps.ids,
            StaticAuthenticator({"good": reader}),
            gate_deps.ready,
        )
    )
    from apps.gate_web.auth import current_caller, requires

    @app.get("/probe")
    @requires("master_data:write")
    def probe() -> str:
        return current_caller().subject_id

    client = app.test_client()
    no_token = client.get("/probe")
    assert no_token.status_code == 401 and no_token.content_type == PROBLEM
    assert no_token.headers["WWW-Authenticate"] == "Bearer"
    assert client.get("/probe", headers={"Authorization": "Bearer bad"}).status_code == 401
    weak = client.get("/probe", headers={"Authorization": "Bearer good"})
    assert weak.status_code == 403
    assert weak.get_json()["detail"] == "This needs the permission 'master_data:write'"
