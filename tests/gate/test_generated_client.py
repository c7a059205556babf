"""The contract is usable by someone who only has the document: a client generated from
GATE's OpenAPI document (openapi-python-client, in a temporary folder) talks to a real
GATE under gunicorn and gets typed answers back."""

from __future__ import annotations

import uuid
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.gate.generated_client import generated_client, operation
from tests.gate.ingest_support import sale
from tests.gate.live_server import LiveGate
from tests.gate.support import Credentials, seed_company

pytestmark = pytest.mark.integration


def test_a_generated_client_reads_health_and_readiness(live_gate: LiveGate, tmp_path: Path) -> None:
    document = requests.get(f"{live_gate.url}/api/v1/openapi.json", timeout=5).json()
    with generated_client(document, tmp_path) as gate_client:
        with gate_client.Client(base_url=live_gate.url, raise_on_unexpected_status=True) as client:
            alive = operation(gate_client, "health", "get_healthz").sync_detailed(client=client)
            ready = operation(gate_client, "health", "get_readyz").sync(client=client)
        assert alive.status_code == HTTPStatus.OK
        assert isinstance(alive.parsed, gate_client.models.Health)
        assert alive.parsed.status == "ok"
        assert isinstance(ready, gate_client.models.Health)
        assert (ready.status, ready.problems) == ("ready", [])
        # Errors are typed too: the document's problem schema became a model that reads them.
        missing = requests.get(f"{live_gate.url}/api/v1/no-such-thing", timeout=5).json()
        problem = gate_client.models.Problem.from_dict(missing)
        assert (problem.status, problem.title) == (404, "Not Found")
        assert problem.type_.endswith("/not_found")


def test_a_generated_client_enrols_a_terminal_pushes_a_sale_and_reads_it_back(
    live_gate: LiveGate, tmp_path: Path
) -> None:
    creds = seed_company(live_gate.database_url)
    new_till = {"store_id": "S1", "code": "T02", "name": "Till 2"}
    made = requests.post(f"{live_gate.url}/api/v1/terminals", json=new_till,
                         headers=Credentials.bearer(creds.admin_token), timeout=5)  # fmt: skip
    assert made.status_code == 201, made.text
    document = requests.get(f"{live_gate.url}/api/v1/openapi.json", timeout=5).json()
    with generated_client(document, tmp_path) as gate_client:
        enrol = operation(gate_client, "terminal_enrol", "post_api_v1_terminal_enrol")
        models, url = gate_client.models, live_gate.url  # imported with the operation
        with gate_client.Client(base_url=url, raise_on_unexpected_status=True) as anyone:
            code = models.EnrolRequest(code=made.json()["enrolment_code"])
            enrolled = enrol.sync(client=anyone, body=code)
        assert isinstance(enrolled, models.Enrolled)
        assert enrolled.counters.last_event_sequence == 0
        event = _sale_of(enrolled.company_id, enrolled.store_id, enrolled.terminal_id)
        push = operation(gate_client, "terminal_events", "post_api_v1_terminal_events")
        till = gate_client.AuthenticatedClient(
            base_url=url, token=enrolled.api_key, prefix="", auth_header_name="X-API-Key"
        )
        with till:
            body = models.PostApiV1TerminalEventsBody.from_dict({"events": [event]})
            answered = push.sync(client=till, body=body)
        assert isinstance(answered, models.Results)
        assert [(r.event_id, r.outcome) for r in answered.results] == [
            (event["event_id"], "accepted")
        ]
        read = operation(gate_client, "ingest_reads", "get_api_v1_sales_sale_id")
        with gate_client.AuthenticatedClient(base_url=url, token=creds.admin_token) as admin:
            sale = read.sync(client=admin, sale_id=event["event_id"])
        assert isinstance(sale, models.Sale)
        assert (sale.terminal_id, sale.store_id) == (enrolled.terminal_id, "S1")
        assert sale.totals.total.minor == event["payload"]["totals"]["total"]["minor"]


def _sale_of(company_id: str, store_id: str, terminal_id: str) -> dict[str, Any]:
    """A ten-line sale as the enrolled terminal's first event."""
    event = sale(1)
    return event | {
        "event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{terminal_id}/1")),
        "company_id": company_id,
        "store_id": store_id,
        "terminal_id": terminal_id,
    }
