"""GATE's OpenAPI document is a contract: it is valid OpenAPI 3.1 (openapi-spec-validator),
and schemathesis, calling every operation it describes with generated input and valid
credentials, gets no 5xx and only answers the document describes."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask_smorest import Blueprint
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from schemathesis.checks import positive_data_acceptance
from schemathesis.core.failures import FailureGroup

from adapters.memory.access import StaticAuthenticator
from adapters.rest.health import HealthSchema
from adapters.sqlalchemy.database import make_engine
from apps.gate_web.auth import BEARER, documented
from tests.gate.conftest import make_gate
from tests.gate.tenancy import A_ADMIN_TOKEN, A_TERMINAL_KEY, A, authenticator_for_a, seed_tenant

pytestmark = pytest.mark.integration
MAX_EXAMPLES = 25  # per operation: bounded, so the suite's time grows with the API, slowly
# Not checked: "schema-valid input is accepted". Input of the right shape that breaks a
# business rule (a barcode's check digit, a username's characters, a product's unknown
# department) is a documented 422 problem; the document cannot state every such rule.


@pytest.fixture
def credentialed_gate(gate_database_url: str) -> Iterator[Flask]:
    """GATE with one company's things and valid credentials for its admin and terminal."""
    app = make_gate(gate_database_url, StaticAuthenticator(**authenticator_for_a()))
    engine = make_engine(gate_database_url)
    seed_tenant(engine, A, "tenant-a", "Alpha")
    engine.dispose()
    yield app


@pytest.fixture
def gate_schema(credentialed_gate: Flask) -> Any:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", credentialed_gate)


def credentials(security: list[dict[str, Any]] | None) -> dict[str, str]:
    """The headers a caller who may call the operation sends."""
    schemes = {name for requirement in security or [] for name in requirement}
    if "ApiKeyAuth" in schemes:
        return {"X-API-Key": A_TERMINAL_KEY}
    if "BearerAuth" in schemes:
        return {"Authorization": f"Bearer {A_ADMIN_TOKEN}"}
    return {}


def operations(schema: Any) -> list[Any]:
    found = [result.ok() for result in schema.get_all_operations()]
    assert found, "the document describes no operation"
    return found


def fuzz(operation: Any) -> None:
    """Call ``operation`` with up to MAX_EXAMPLES generated inputs; raise on the first
    answer that breaks a check (5xx, a status, content type, header or body the document
    does not describe)."""
    headers = credentials(operation.definition.raw.get("security"))

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,  # a batch of up to 500 events
        ],
    )
    def call(case: Any) -> None:
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    call()


def test_every_operation_answers_as_the_document_says(gate_schema: Any) -> None:
    # schemathesis.pytest.from_fixture does not run under pytest 9 (it reads a removed
    # attribute), so the operations are walked here, each with its own Hypothesis run.
    failures = []
    for operation in operations(gate_schema):
        try:
            fuzz(operation)
        except (FailureGroup, Exception) as error:  # noqa: BLE001  (each one is reported)
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert failures == []


def test_the_document_is_valid_openapi_3_1(gate: Flask) -> None:
    document = gate.test_client().get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"] == "3.1.0"
    errors = document["components"]["responses"]["DEFAULT_ERROR"]["content"]
    assert list(errors) == ["application/problem+json"]  # what problems.py answers
    assert document["paths"]["/readyz"]["get"]["responses"]["default"] == {
        "$ref": "#/components/responses/DEFAULT_ERROR"
    }


def test_the_validator_refuses_a_broken_document(gate: Flask) -> None:
    document = copy.deepcopy(gate.test_client().get("/api/v1/openapi.json").get_json())
    document["paths"]["/healthz"]["get"]["responses"] = {"200": {"content": "not a map"}}
    with pytest.raises(OpenAPIValidationError):
        validate(document)


def test_fuzzing_reports_an_operation_that_fails(credentialed_gate: Flask) -> None:
    blp = Blueprint("probe", __name__)

    @blp.route("/api/v1/probe/broken")
    @blp.doc(**documented(BEARER))
    @blp.response(200, HealthSchema)
    def broken() -> dict[str, Any]:
        raise RuntimeError("a bug")

    credentialed_gate.extensions["flask-smorest"]["blp_name_to_api"]["health"].register_blueprint(
        blp
    )
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", credentialed_gate)
    [probe] = [op for op in operations(schema) if op.path == "/api/v1/probe/broken"]
    with pytest.raises(FailureGroup) as caught:
        fuzz(probe)
    assert [type(e).__name__ for e in caught.value.exceptions] == ["ServerError"]
