"""Text holding a NUL character (U+0000), which PostgreSQL cannot store, is bad input on
every backend: a 422 that changes nothing, and in a terminal's batch that one event is
rejected while the rest is stored (a 503 there would refuse the batch at every resend)."""

from __future__ import annotations

from flask import Flask

from adapters.rest.text_guard import NUL_REASON
from tests.gate.ingest_support import TERMINAL_KEY, batch, sale
from tests.gate.support import Credentials, access_gate, seed_company
from tests.gate.test_ingest_reads import gate  # noqa: F401  (GATE with a store and till)

PROBLEM = "application/problem+json"


def test_a_body_or_query_with_a_nul_is_a_422_that_changes_nothing(
    gate_database_url: str,
) -> None:
    creds = seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    admin = Credentials.bearer(creds.admin_token)
    before = client.get("/api/v1/terminals", headers=admin).get_json()["items"]
    body = {"store_id": "S1", "code": "T09", "name": "Till\u0000 9"}
    answer = client.post("/api/v1/terminals", json=body, headers=admin)
    assert answer.status_code == 422 and answer.content_type == PROBLEM
    assert answer.get_json()["detail"] == f"The body {NUL_REASON}"
    assert client.get("/api/v1/terminals", headers=admin).get_json()["items"] == before
    answer = client.get("/api/v1/daily-totals?store_id=S1%00", headers=admin)
    assert answer.status_code == 422 and answer.content_type == PROBLEM


def test_an_event_with_a_nul_is_rejected_alone_and_the_rest_stored(gate: Flask) -> None:  # noqa: F811
    poisoned, fine = sale(1), sale(2)
    poisoned["payload"]["cashier"]["opened_by"] = "1\u0000"
    answer = gate.test_client().post(
        "/api/v1/terminal/events",
        json=batch([poisoned, fine]),
        headers={"X-API-Key": TERMINAL_KEY},
    )
    assert answer.status_code == 200
    assert [(r["outcome"], r["reason"]) for r in answer.get_json()["results"]] == [
        ("rejected", NUL_REASON),
        ("accepted", None),
    ]
