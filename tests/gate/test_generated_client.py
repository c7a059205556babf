"""The contract is usable by someone who only has the document: a client generated from
GATE's OpenAPI document (openapi-python-client, in a temporary folder) talks to a real
GATE under gunicorn and gets typed answers back."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

import pytest
import requests

from tests.gate.generated_client import generated_client, operation
from tests.gate.live_server import LiveGate

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
    # enrol + push a sale: once /api/v1/terminal/enrol and /api/v1/terminal/events exist,
    # seed a company with a terminal's enrolment code (tests/gate/support.seed_company),
    # enrol through the generated client and push one sale event, then read it back.
