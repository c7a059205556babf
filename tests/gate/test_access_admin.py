"""Companies, users and stores at GATE, by role, scoped to the caller's company and
stores, each change in the audit log (who, what, when, before and after)."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.gate.support import PASSWORD, Credentials, access_gate, seed_company, seed_platform

bearer = Credentials.bearer
NEW_COMPANY = {
    "id": "BETA",
    "name": "Beta GmbH",
    "admin": {"username": "boss", "name": "Boss", "password": PASSWORD},
}


def test_the_platform_admin_creates_a_company_whose_admin_signs_in(gate_database_url: str) -> None:
    root = seed_platform(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    made = client.post("/api/v1/companies", headers=bearer(root), json=NEW_COMPANY)
    assert made.status_code == 201
    assert made.get_json()["admin"]["roles"] == ["company_admin"]
    again = client.post("/api/v1/companies", headers=bearer(root), json=NEW_COMPANY)
    assert again.status_code == 409
    body = {"company_id": "BETA", "username": "boss", "password": PASSWORD}
    signed = client.post("/api/v1/auth/token", json=body)
    assert signed.status_code == 201
    log = client.get("/api/v1/audit-log", headers=bearer(signed.get_json()["access_token"]))
    entries = [(r["entity"], r["action"], r["actor"]) for r in log.get_json()["items"]]
    assert entries[:2] == [
        ("company", "create", "person:" + _user_id(client, root)),
        ("user", "create", entries[1][2]),
    ]


def _user_id(client: FlaskClient, token: str) -> str:
    body = {"company_id": "platform", "username": "root", "password": PASSWORD}
    return str(client.post("/api/v1/auth/token", json=body).get_json()["user_id"])


def test_a_company_admin_may_not_create_companies(gate_database_url: str) -> None:
    creds = seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    refused = client.post("/api/v1/companies", headers=bearer(creds.admin_token), json=NEW_COMPANY)
    assert refused.status_code == 403


def test_stores_are_created_changed_and_removed_with_their_time_zone(
    gate_database_url: str,
) -> None:
    creds = seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    admin = bearer(creds.admin_token)
    store = {"id": "S3", "name": "Harbour", "currency": "EUR", "timezone": "Europe/Lisbon"}
    made = client.post("/api/v1/stores", headers=admin, json=store)
    assert made.status_code == 201 and made.get_json()["timezone"] == "Europe/Lisbon"
    changed = client.patch("/api/v1/stores/S3", headers=admin, json={"timezone": "Atlantic/Azores"})
    assert changed.get_json()["timezone"] == "Atlantic/Azores"
    bad = client.patch("/api/v1/stores/S3", headers=admin, json={"timezone": "Mars/Olympus"})
    assert bad.status_code == 422 and "Mars/Olympus" in bad.get_json()["detail"]
    assert (
        client.get("/api/v1/stores/S3", headers=admin).get_json()["timezone"] == "Atlantic/Azores"
    )
    assert client.post("/api/v1/stores", headers=admin, json=store).status_code == 422
    assert client.delete("/api/v1/stores/S3", headers=admin).status_code == 204
    assert client.get("/api/v1/stores/S3", headers=admin).status_code == 404
    assert client.delete("/api/v1/stores/S1", headers=admin).status_code == 409  # has T01
    log = client.get("/api/v1/audit-log?limit=500", headers=admin).get_json()["items"]
    s3 = [(r["action"], r["before"], r["after"]) for r in log if r["key"] == "S3"]
    assert [a for a, _, _ in s3] == ["create", "update", "delete"]
    assert s3[1][1]["timezone"] == "Europe/Lisbon" and s3[1][2]["timezone"] == "Atlantic/Azores"
    assert s3[2][2] is None


def test_a_store_manager_sees_only_its_stores_and_cannot_change_them(
    gate_database_url: str,
) -> None:
    creds = seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    manager = bearer(creds.manager_token)
    listed = client.get("/api/v1/stores", headers=manager).get_json()["items"]
    assert [s["id"] for s in listed] == ["S1"]
    assert client.get("/api/v1/stores/S2", headers=manager).status_code == 404
    assert client.patch("/api/v1/stores/S1", headers=manager, json={"name": "X"}).status_code == 403
    assert client.get("/api/v1/users", headers=manager).status_code == 403


def test_another_companys_things_answer_404(gate_database_url: str) -> None:
    acme = seed_company(gate_database_url, "ACME")
    beta = seed_company(gate_database_url, "BETA")
    client = access_gate(gate_database_url).test_client()
    admin = bearer(beta.admin_token)
    users = client.get("/api/v1/users", headers=bearer(acme.admin_token)).get_json()["items"]
    assert client.get(f"/api/v1/users/{users[0]['id']}", headers=admin).status_code == 404
    assert (
        client.patch(
            f"/api/v1/users/{users[0]['id']}", headers=admin, json={"active": False}
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/terminals/{acme.terminal_id}", headers=admin).status_code == 404
    assert (
        client.post(
            f"/api/v1/terminals/{acme.terminal_id}/api-keys", headers=admin, json={}
        ).status_code
        == 404
    )
    assert len(client.get("/api/v1/users", headers=admin).get_json()["items"]) == 3


def test_user_rules_are_422_problems_and_change_nothing(gate_database_url: str) -> None:
    creds = seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    admin = bearer(creds.admin_token)
    base = {"username": "clerk", "name": "Clerk", "password": PASSWORD}
    cases = [
        {**base, "roles": ["store_manager"]},  # a manager needs its stores
        {**base, "roles": ["store_manager"], "store_ids": ["S9"]},  # no such store
        {**base, "roles": ["platform_admin"]},  # not in a customer's company
        {**base, "roles": ["integrator"], "password": "short"},
        {**base, "username": "manager", "roles": ["integrator"]},  # taken
    ]
    for body in cases:
        answer = client.post("/api/v1/users", headers=admin, json=body)
        assert answer.status_code == 422, body
    assert len(client.get("/api/v1/users", headers=admin).get_json()["items"]) == 3
    made = client.post(
        "/api/v1/users",
        headers=admin,
        json={**base, "roles": ["store_manager"], "store_ids": ["S2"]},
    )
    assert made.status_code == 201 and made.get_json()["store_ids"] == ["S2"]


def test_the_audit_log_pages_with_a_cursor_and_is_for_admins(gate_database_url: str) -> None:
    creds = seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    admin = bearer(creds.admin_token)
    seen, cursor = [], "0"
    while cursor is not None:
        page = client.get(f"/api/v1/audit-log?after={cursor}&limit=2", headers=admin).get_json()
        assert len(page["items"]) <= 2
        seen += page["items"]
        cursor = page["next_cursor"]
    everything = client.get("/api/v1/audit-log?limit=500", headers=admin).get_json()
    assert seen == everything["items"] and everything["next_cursor"] is None
    assert len({r["id"] for r in seen}) == len(seen) >= 7  # company, 3 users, 2 stores, terminal...
    assert (
        client.get("/api/v1/audit-log", headers=bearer(creds.integrator_token)).status_code == 403
    )
    assert client.get("/api/v1/audit-log?limit=0", headers=admin).status_code == 422
