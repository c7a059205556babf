"""An OFFICE at GATE: a node of one store with its own key, created by a company admin and
enrolled with a one-time code like a till. With its key it relays the events of any till
of its store (and only theirs) and pulls the store's master data; it pushes nothing as
itself, and a till's key still pushes only the till's own events."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from saleflex_core.domain.access import CallerKind
from tests.gate.ingest_support import sale
from tests.gate.support import Credentials, access_gate, seed_company

bearer = Credentials.bearer
ENROL = "/api/v1/terminal/enrol"
EVENTS = "/api/v1/terminal/events"


def _create(client: FlaskClient, creds: Credentials, store: str, code: str, kind: str) -> Any:
    body = {"store_id": store, "code": code, "name": f"{kind} {code}", "kind": kind}
    answer = client.post("/api/v1/terminals", headers=bearer(creds.admin_token), json=body)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _event(seq: int, terminal_id: str, store_id: str) -> dict[str, Any]:
    return sale(seq, lines=2, terminal=terminal_id) | {"company_id": "ACME", "store_id": store_id}


def _push(client: FlaskClient, key: str, events: list[dict[str, Any]]) -> list[Any]:
    answer = client.post(EVENTS, headers={"X-API-Key": key}, json={"events": events})
    assert answer.status_code == 200, answer.get_json()
    return [(r["outcome"], r["reason"]) for r in answer.get_json()["results"]]


def test_an_office_relays_its_stores_tills_and_refuses_the_rest(gate_database_url: str) -> None:
    creds = seed_company(gate_database_url)
    app = access_gate(gate_database_url)
    client = app.test_client()
    office = _create(client, creds, "S1", "OFFICE", "office")
    assert office["terminal"]["kind"] == "office"
    other_till = _create(client, creds, "S2", "T01", "till")["terminal"]["id"]
    listed = client.get("/api/v1/terminals", headers=bearer(creds.admin_token)).get_json()
    assert sorted(t["kind"] for t in listed["items"]) == ["office", "till", "till"]
    enrolled = client.post(ENROL, json={"code": office["enrolment_code"]}).get_json()
    key, office_id = enrolled["api_key"], office["terminal"]["id"]
    with app.app_context():
        assert app.extensions["saleflex_gate"].authenticator.terminal(key).kind is CallerKind.OFFICE

    answers = _push(client, key, [
        _event(1, creds.terminal_id, "S1"),  # a till of the office's store
        _event(1, other_till, "S2"),  # another store's till
        _event(2, other_till, "S1"),  # another store's till, claiming the office's store
        _event(1, office_id, "S1"),  # the office itself is no till
        _event(1, "5d7e9f10-0000-4000-8000-000000000000", "S1"),  # nobody's
    ])  # fmt: skip
    assert answers == [
        ("accepted", None),
        ("rejected", "an OFFICE relays only its own store's events (store_id is another store's)"),
        ("rejected", "terminal_id is not a till of this OFFICE's store"),
        ("rejected", "terminal_id is not a till of this OFFICE's store"),
        ("rejected", "terminal_id is not a till of this OFFICE's store"),
    ]
    # The till's own push of the same event is a duplicate: GATE holds it once.
    assert _push(client, creds.api_key, [_event(1, creds.terminal_id, "S1")]) == [
        ("duplicate", None)
    ]
    # A till's key relays nothing of another till's.
    assert _push(client, creds.api_key, [_event(2, creds.terminal_id, "S1")])[0][0] == "accepted"
    refused = _push(client, creds.api_key, [_event(1, other_till, "S2")])
    assert refused[0][0] == "rejected"
    pulled = client.get("/api/v1/terminal/master-data", headers={"X-API-Key": key})
    assert pulled.status_code == 200 and "next_cursor" in pulled.get_json()


def test_only_a_company_admin_creates_an_office(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'gate.db'}"  # nothing here depends on the backend
    creds = seed_company(url)
    client = access_gate(url).test_client()
    body = {"store_id": "S1", "code": "OFFICE", "name": "Office", "kind": "office"}
    manager = client.post("/api/v1/terminals", headers=bearer(creds.manager_token), json=body)
    assert manager.status_code == 403
    wrong = client.post(
        "/api/v1/terminals", headers=bearer(creds.admin_token), json=body | {"kind": "server"}
    )
    assert wrong.status_code == 422
    listed = client.get("/api/v1/terminals", headers=bearer(creds.admin_token)).get_json()
    assert [t["kind"] for t in listed["items"]] == ["till"]
