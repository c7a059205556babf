"""GATE's enrolment answer tells the terminal its company and store (so a register knows
where it sells before its first pull), and the event push takes a gzipped batch."""

from __future__ import annotations

import gzip
import json

from tests.gate.ingest_support import batch, sale
from tests.gate.support import Credentials, access_gate, seed_company

ENROL = "/api/v1/terminal/enrol"
EVENTS = "/api/v1/terminal/events"


def test_the_enrol_answer_names_the_company_the_store_and_the_cash_out_limit(
    gate_database_url: str,
) -> None:
    creds = seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    body = {"store_id": "S1", "code": "T02", "name": "Till 2", "cash_out_limit": 5000}
    made = client.post(
        "/api/v1/terminals", headers=Credentials.bearer(creds.admin_token), json=body
    )
    answer = client.post(ENROL, json={"code": made.get_json()["enrolment_code"]}).get_json()
    assert answer["company_name"] == "ACME Ltd"
    assert answer["store"] == {
        "name": "Store S1",
        "currency": "EUR",
        "timezone": "Europe/Berlin",
        "header": [],
        "footer": [],
    }
    assert answer["cash_out_limit"] == 5000 and answer["terminal_code"] == "T02"


def test_a_gzipped_batch_is_taken_and_a_body_that_is_not_gzip_is_a_422(
    gate_database_url: str,
) -> None:
    creds = seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    events = [sale(n, terminal=creds.terminal_id) | {"store_id": "S1"} for n in (1, 2)]
    packed = gzip.compress(json.dumps(batch(events)).encode())
    headers = {**creds.terminal_headers, "Content-Encoding": "gzip"}
    answer = client.post(EVENTS, data=packed, headers=headers, content_type="application/json")
    assert [r["outcome"] for r in answer.get_json()["results"]] == ["accepted", "accepted"]
    broken = client.post(EVENTS, data=packed[:-8], headers=headers, content_type="application/json")
    assert broken.status_code == 422 and "cut short" in broken.get_json()["detail"]
    other = {**creds.terminal_headers, "Content-Encoding": "br"}
    refused = client.post(EVENTS, data=b"{}", headers=other, content_type="application/json")
    assert refused.status_code == 422 and "gzip or none" in refused.get_json()["detail"]
