"""OFFICE's web app in-process (Flask's test client) on an enrolled store database: the
terminal contract GATE serves, under the same paths; a till's first enrolment while GATE
cannot be reached is a 503 problem the till shows; pushes and pulls need a till's key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from adapters.memory import MemoryEnroller
from adapters.sqlalchemy.database import sqlite_url
from adapters.sqlalchemy.office.database import open_office_database
from adapters.sqlalchemy.office.uow import SqlOfficeUnitOfWork
from apps.office_web.bootstrap import create_office
from apps.office_web.settings import OfficeSettings
from saleflex_core.domain.organisation import TerminalKind
from saleflex_core.use_cases.office_enrolment import enrol_office
from tests.gate.live_server import free_port
from tests.unit.office_support import OFFICE_CODE, OFFICE_ID, enrolment

pytestmark = pytest.mark.integration


@pytest.fixture
def client(tmp_path: Path) -> Iterator[FlaskClient]:
    url = sqlite_url(tmp_path / "office.db")
    engine = open_office_database(url)
    enroller = MemoryEnroller()
    enroller.issue(OFFICE_CODE, enrolment(OFFICE_ID, kind=TerminalKind.OFFICE))
    nobody = f"http://127.0.0.1:{free_port()}"  # GATE is not there
    enrol_office(
        lambda company: SqlOfficeUnitOfWork(engine, company_id=company),
        enroller=enroller, code=OFFICE_CODE, upstream_url=nobody, current=None,
    )  # fmt: skip
    engine.dispose()
    office = create_office(OfficeSettings(database_url=url))
    office.app.config["TESTING"] = True
    try:
        yield office.app.test_client()
    finally:
        office.close()


def test_office_serves_the_terminal_contract_under_gates_paths(client: FlaskClient) -> None:
    assert client.get("/readyz").get_json() == {"status": "ready", "problems": []}
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/terminal/enrol", "/api/v1/terminal/events",
            "/api/v1/terminal/master-data"} <= set(paths)  # fmt: skip


def test_a_first_enrolment_without_gate_is_a_503_problem(client: FlaskClient) -> None:
    answer = client.post("/api/v1/terminal/enrol", json={"code": "ACME.AAAA-BBBB-CCCC-DDDD"})
    assert answer.status_code == 503
    assert answer.content_type == "application/problem+json"
    assert (
        "OFFICE cannot reach GATE, which a till's first enrolment needs"
        in (answer.get_json()["detail"])
    )


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "sfk.ACME.not-a-key"}])
def test_pushes_and_pulls_need_a_tills_key(client: FlaskClient, headers: dict[str, str]) -> None:
    push = client.post("/api/v1/terminal/events", json={"events": []}, headers=headers)
    pull = client.get("/api/v1/terminal/master-data", headers=headers)
    assert (push.status_code, pull.status_code) == (401, 401)
