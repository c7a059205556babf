"""GATE under a real gunicorn with two workers on 127.0.0.1, driven over HTTP with requests:
what a load balancer and a client see."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from adapters.sqlalchemy.hub.schema import HUB_SCHEMA_REVISION
from tests.gate.live_server import WORKERS, LiveGate

pytestmark = pytest.mark.integration
PROBLEM = "application/problem+json"


def test_two_workers_serve_health_and_readiness_on_a_fresh_database(live_gate: LiveGate) -> None:
    assert len(set(live_gate.worker_pids())) == WORKERS
    assert requests.get(f"{live_gate.url}/healthz", timeout=5).json() == {"status": "ok"}
    ready = requests.get(f"{live_gate.url}/readyz", timeout=5)
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "problems": []}


def test_the_database_the_workers_created_at_once_is_stamped_once(live_gate: LiveGate) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(live_gate.database_url)
    try:
        with engine.connect() as conn:
            stamps = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    finally:
        engine.dispose()
    assert [s[0] for s in stamps] == [HUB_SCHEMA_REVISION]


def test_many_requests_at_once_are_all_answered(live_gate: LiveGate) -> None:
    def ready(_: int) -> int:
        return requests.get(f"{live_gate.url}/readyz", timeout=10).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(ready, range(64)))
    assert statuses == [200] * 64


def test_the_openapi_document_and_its_docs_page_are_served(live_gate: LiveGate) -> None:
    document = requests.get(f"{live_gate.url}/api/v1/openapi.json", timeout=5)
    assert document.status_code == 200 and document.json()["openapi"] == "3.1.0"
    page = requests.get(f"{live_gate.url}/api/v1/docs", timeout=5)
    assert page.status_code == 200 and "/api/v1/openapi.json" in page.text
    script = requests.get(f"{live_gate.url}/api/v1/docs/assets/swagger-ui-bundle.js", timeout=5)
    assert script.status_code == 200 and "SwaggerUIBundle" in script.text


def test_errors_over_http_are_problem_documents(live_gate: LiveGate) -> None:
    missing = requests.get(f"{live_gate.url}/api/v1/no-such-thing", timeout=5)
    assert missing.status_code == 404
    assert missing.headers["Content-Type"] == PROBLEM
    assert missing.json()["status"] == 404
    wrong = requests.delete(f"{live_gate.url}/healthz", timeout=5)
    assert wrong.status_code == 405 and wrong.headers["Content-Type"] == PROBLEM
    assert "GET" in wrong.headers["Allow"]
