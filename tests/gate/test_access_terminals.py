"""Terminals at GATE: a one-time enrolment code, the terminal's API key (stored as a
digest, shown once), rotation with two keys valid, revocation, and re-enrolment after a
disk swap answering the counters the hub holds, so no receipt number is used twice."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from adapters.memory.system import SteppingClock
from apps.gate_web.deps import deps
from saleflex_core.domain.access import CallerKind
from saleflex_core.exceptions import AuthenticationFailed
from tests.gate.ingest_support import golden, sale
from tests.gate.support import PASSWORD, Credentials, access_gate, seed_company

bearer = Credentials.bearer
ENROL = "/api/v1/terminal/enrol"
EVENTS = "/api/v1/terminal/events"


def _new_terminal(client: Any, creds: Credentials, code: str = "T02") -> dict[str, Any]:
    body = {"store_id": "S1", "code": code, "name": "Till 2", "cash_out_limit": 5000}
    answer = client.post("/api/v1/terminals", headers=bearer(creds.admin_token), json=body)
    assert answer.status_code == 201
    made: dict[str, Any] = answer.get_json()
    return made


def _long_admin(client: Any, creds: Credentials) -> dict[str, str]:
    """An admin token that outlives the clock moves of a test (90 days)."""
    body = {
        "company_id": creds.company_id,
        "username": creds.usernames["company_admin"],
        "password": PASSWORD,
        "expires_in": 90 * 86400,
    }
    return bearer(client.post("/api/v1/auth/token", json=body).get_json()["access_token"])


def _key_works(app: Flask, key: str) -> bool:
    with app.app_context():
        try:
            caller = deps().authenticator.terminal(key)
        except AuthenticationFailed:
            return False
    return caller.kind is CallerKind.TERMINAL


def test_a_terminal_enrols_once_with_its_code_and_gets_a_working_key(
    gate_database_url: str,
) -> None:
    creds = seed_company(gate_database_url)
    app = access_gate(gate_database_url)
    client = app.test_client()
    made = _new_terminal(client, creds)
    code = made["enrolment_code"]
    assert code.startswith("ACME.") and made["terminal"]["cash_out_limit"] == 5000
    company, _, secret = code.partition(".")
    typed = f"{company}.{secret.lower().replace('-', ' ')}"  # as a person may type it
    enrolled = client.post(ENROL, json={"code": typed})
    assert enrolled.status_code == 200
    body = enrolled.get_json()
    assert body["terminal_id"] == made["terminal"]["id"] and body["store_id"] == "S1"
    assert body["counters"] == {
        "last_event_sequence": 0,
        "last_closed_closure": 0,
        "last_receipt": None,
    }
    assert _key_works(app, body["api_key"])
    assert client.post(ENROL, json={"code": code}).status_code == 401  # used
    for wrong in ("ACME.0000-0000-0000-0000", "nonsense", "BETA." + code.split(".")[1]):
        answer = client.post(ENROL, json={"code": wrong})
        assert answer.status_code == 401 and answer.content_type == "application/problem+json"
    keys = client.get(
        f"/api/v1/terminals/{body['terminal_id']}/api-keys", headers=bearer(creds.admin_token)
    )
    assert [k["valid"] for k in keys.get_json()["items"]] == [True]
    assert body["api_key"] not in keys.get_data(as_text=True)


def test_a_terminals_key_is_not_a_persons_token(gate_database_url: str) -> None:
    creds = seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    assert client.get("/api/v1/stores", headers=creds.terminal_headers).status_code == 403
    assert client.get("/api/v1/stores", headers=bearer(creds.api_key)).status_code == 401


def test_an_enrolment_code_expires_and_a_new_one_replaces_it(gate_database_url: str) -> None:
    creds = seed_company(gate_database_url)
    clock = SteppingClock(datetime.now(UTC), step=timedelta(0))
    client = access_gate(gate_database_url, clock).test_client()
    admin = _long_admin(client, creds)
    made = _new_terminal(client, creds)
    url = f"/api/v1/terminals/{made['terminal']['id']}/enrolment-code"
    assert client.post(url, headers=bearer(creds.manager_token)).status_code == 403
    clock.advance(timedelta(days=7, seconds=1))
    assert client.post(ENROL, json={"code": made["enrolment_code"]}).status_code == 401
    first = client.post(url, headers=admin).get_json()["enrolment_code"]
    second = client.post(url, headers=admin).get_json()["enrolment_code"]
    assert client.post(ENROL, json={"code": first}).status_code == 401  # replaced
    assert client.post(ENROL, json={"code": second}).status_code == 200


def test_re_enrolment_revokes_the_old_key_and_answers_the_counters(gate_database_url: str) -> None:
    creds = seed_company(gate_database_url)
    app = access_gate(gate_database_url)
    client = app.test_client()
    _received(client, creds)
    url = f"/api/v1/terminals/{creds.terminal_id}/enrolment-code"
    code = client.post(url, headers=bearer(creds.admin_token)).get_json()["enrolment_code"]
    again = client.post(ENROL, json={"code": code}).get_json()
    assert again["terminal_id"] == creds.terminal_id
    assert again["counters"] == {
        "last_event_sequence": 9,
        "last_closed_closure": 2,
        "last_receipt": {"closure": 3, "receipt": 7},
    }
    assert not _key_works(app, creds.api_key)  # the lost disk's key
    assert _key_works(app, again["api_key"])


def _received(client: FlaskClient, creds: Credentials) -> None:
    """The terminal sends, as its outbox would: Zs 1 and 2, then receipts 1-7 of
    period 3, events 1 to 9 (through GATE's own ingest, with its API key)."""
    events = [_closure(seq, number, creds) for seq, number in ((1, 1), (2, 2))]
    events += [_sale(seq, 3, seq - 2, creds) for seq in range(3, 10)]
    answer = client.post(EVENTS, json={"events": events}, headers=creds.terminal_headers)
    outcomes = [r["outcome"] for r in answer.get_json()["results"]]
    assert outcomes == ["accepted"] * 9, answer.get_json()


def _mine(event: dict[str, Any], creds: Credentials, seq: int) -> dict[str, Any]:
    return event | {
        "event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{creds.terminal_id}/{seq}")),
        "company_id": creds.company_id,
        "store_id": creds.store_ids[0],
        "terminal_id": creds.terminal_id,
        "sequence": seq,
    }


def _closure(seq: int, number: int, creds: Credentials) -> dict[str, Any]:
    event = golden("closure.closed")
    event["payload"]["closure_number"] = number
    return _mine(event, creds, seq)


def _sale(seq: int, closure: int, receipt: int, creds: Credentials) -> dict[str, Any]:
    event = sale(seq, receipt=receipt)
    event["payload"]["receipt"] |= {
        "closure_number": closure,
        "unique_id": f"20260314-{closure:04d}-{receipt:06d}",
    }
    return _mine(event, creds, seq)


def test_rotation_keeps_two_keys_valid_and_revocation_stops_one(gate_database_url: str) -> None:
    creds = seed_company(gate_database_url)
    clock = SteppingClock(datetime.now(UTC), step=timedelta(0))
    app = access_gate(gate_database_url, clock)
    client = app.test_client()
    admin = _long_admin(client, creds)
    keys_url = f"/api/v1/terminals/{creds.terminal_id}/api-keys"
    second = client.post(keys_url, headers=admin, json={"grace_seconds": 3600}).get_json()
    assert _key_works(app, creds.api_key) and _key_works(app, second["api_key"])
    third = client.post(keys_url, headers=admin, json={}).get_json()
    assert not _key_works(app, creds.api_key)  # never three at once
    assert _key_works(app, second["api_key"]) and _key_works(app, third["api_key"])
    clock.advance(timedelta(hours=24, seconds=1))
    assert not _key_works(app, second["api_key"]) and _key_works(app, third["api_key"])
    revoked = client.delete(f"{keys_url}/{third['id']}", headers=admin)
    assert revoked.status_code == 200 and revoked.get_json()["valid"] is False
    assert not _key_works(app, third["api_key"])
    assert client.delete(f"{keys_url}/no-such-key", headers=admin).status_code == 404
    log = client.get("/api/v1/audit-log?limit=500", headers=admin).get_json()["items"]
    actions = [r["action"] for r in log if r["key"] == creds.terminal_id]
    assert actions == ["create", "enrol", "rotate_key", "rotate_key", "revoke_key"]
    assert all(second["api_key"] not in str(r) for r in log)


def test_two_enrolments_racing_with_one_code_give_one_key(gate_database_url: str) -> None:
    creds = seed_company(gate_database_url)
    app = access_gate(gate_database_url)
    code = _new_terminal(app.test_client(), creds)["enrolment_code"]
    statuses: list[int] = []
    start = threading.Barrier(4)

    def enrol() -> None:
        start.wait()
        statuses.append(app.test_client().post(ENROL, json={"code": code}).status_code)

    threads = [threading.Thread(target=enrol) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(200) == 1, statuses
    assert all(s in (401, 503) for s in statuses if s != 200), statuses


def test_store_managers_see_their_stores_terminals_and_terminal_rules_hold(
    gate_database_url: str,
) -> None:
    creds = seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    admin, manager = bearer(creds.admin_token), bearer(creds.manager_token)
    body = {"store_id": "S2", "code": "T01", "name": "Till S2"}
    in_s2 = client.post("/api/v1/terminals", headers=admin, json=body).get_json()["terminal"]
    listed = client.get("/api/v1/terminals", headers=manager).get_json()["items"]
    assert [t["id"] for t in listed] == [creds.terminal_id]
    assert client.get(f"/api/v1/terminals/{in_s2['id']}", headers=manager).status_code == 404
    assert (
        client.post("/api/v1/terminals", headers=admin, json=body).status_code == 422
    )  # T01 taken
    body["store_id"] = "S9"
    assert client.post("/api/v1/terminals", headers=admin, json=body).status_code == 404
    assert client.post("/api/v1/terminals", headers=manager, json=body).status_code == 403
