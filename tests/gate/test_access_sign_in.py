"""Signing in at GATE: argon2id passwords, opaque bearer tokens stored as digests,
expiry, sign-out, narrowed scopes, and sign-in throttled in the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, select

from adapters.memory.system import SteppingClock
from adapters.sqlalchemy.hub.access import access_token, gate_user
from tests.gate.support import PASSWORD, Credentials, access_gate, seed_company

PROBLEM = "application/problem+json"


def _sign_in(client, password=PASSWORD, username="manager", company="ACME", **extra):  # type: ignore[no-untyped-def]
    body = {"company_id": company, "username": username, "password": password, **extra}
    return client.post("/api/v1/auth/token", json=body)


def test_a_token_signs_in_and_sign_out_ends_it(gate_database_url: str) -> None:
    seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    answer = _sign_in(client)
    assert answer.status_code == 201
    token = answer.get_json()["access_token"]
    headers = Credentials.bearer(token)
    assert client.get("/api/v1/stores", headers=headers).status_code == 200
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    after = client.get("/api/v1/stores", headers=headers)
    assert after.status_code == 401 and after.content_type == PROBLEM


def test_only_digests_and_argon2id_hashes_are_stored(gate_database_url: str) -> None:
    seed_company(gate_database_url)
    token = _sign_in(access_gate(gate_database_url).test_client()).get_json()["access_token"]
    engine = create_engine(gate_database_url)
    with engine.connect() as conn:
        digests = conn.execute(select(access_token.c.digest)).scalars().all()
        hashes = conn.execute(select(gate_user.c.password_hash)).scalars().all()
    engine.dispose()
    assert token not in digests and all(len(d) == 64 for d in digests)
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)


def test_wrong_password_unknown_user_and_unknown_company_answer_alike(
    gate_database_url: str,
) -> None:
    seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    answers = [
        _sign_in(client, password="not the password"),
        _sign_in(client, username="nobody"),
        _sign_in(client, company="NOPE"),
    ]
    assert [a.status_code for a in answers] == [401, 401, 401]
    assert {a.get_json()["detail"] for a in answers} == {"Wrong company, username or password"}
    assert all("access_token" not in a.get_json() for a in answers)


def test_sign_in_is_throttled_across_workers_after_five_failures(gate_database_url: str) -> None:
    seed_company(gate_database_url)
    worker_a = access_gate(gate_database_url).test_client()
    worker_b = access_gate(gate_database_url).test_client()  # another process's app
    for client in (worker_a, worker_b, worker_a, worker_b, worker_a):
        assert _sign_in(client, password="guess guess guess").status_code == 401
    locked = _sign_in(worker_b)  # even the right password
    assert locked.status_code == 429 and locked.content_type == PROBLEM
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert "access_token" not in locked.get_json()
    assert _sign_in(worker_a, username="integrator").status_code == 201  # others sign in


def test_the_lock_ends_after_fifteen_minutes_and_a_success_clears_the_count(
    gate_database_url: str,
) -> None:
    seed_company(gate_database_url)
    clock = SteppingClock(datetime.now(UTC), step=timedelta(0))
    client = access_gate(gate_database_url, clock).test_client()
    for _ in range(5):
        _sign_in(client, password="guess guess guess")
    assert _sign_in(client).status_code == 429
    clock.advance(timedelta(minutes=15, seconds=1))
    assert _sign_in(client).status_code == 201
    for _ in range(4):  # the count starts again from nothing
        assert _sign_in(client, password="guess guess guess").status_code == 401
    assert _sign_in(client).status_code == 201


def test_a_token_expires(gate_database_url: str) -> None:
    seed_company(gate_database_url)
    clock = SteppingClock(datetime.now(UTC), step=timedelta(0))
    client = access_gate(gate_database_url, clock).test_client()
    answer = _sign_in(client, expires_in=600)
    headers = Credentials.bearer(answer.get_json()["access_token"])
    assert client.get("/api/v1/stores", headers=headers).status_code == 200
    clock.advance(timedelta(minutes=10))
    expired = client.get("/api/v1/stores", headers=headers)
    assert expired.status_code == 401
    assert expired.get_json()["detail"] == "This token is not valid or has expired"


def test_a_token_narrowed_to_fewer_scopes_has_only_those(gate_database_url: str) -> None:
    seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    answer = _sign_in(client, scopes=["stores:read"])
    assert answer.get_json()["scopes"] == ["stores:read"]
    headers = Credentials.bearer(answer.get_json()["access_token"])
    assert client.get("/api/v1/stores", headers=headers).status_code == 200
    assert client.get("/api/v1/terminals", headers=headers).status_code == 403
    wider = _sign_in(client, scopes=["users:write"])  # a manager's roles do not grant it
    assert wider.status_code == 422 and "users:write" in wider.get_json()["detail"]


def test_bad_sign_in_bodies_are_422_problems(gate_database_url: str) -> None:
    seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    missing = client.post("/api/v1/auth/token", json={"company_id": "ACME"})
    assert missing.status_code == 422 and missing.content_type == PROBLEM
    assert "password" in missing.get_json()["errors"]["json"]
    assert _sign_in(client, expires_in=10).status_code == 422


def test_deactivating_a_user_ends_its_tokens(gate_database_url: str) -> None:
    creds = seed_company(gate_database_url)
    client = access_gate(gate_database_url).test_client()
    admin = Credentials.bearer(creds.admin_token)
    users = client.get("/api/v1/users", headers=admin).get_json()["items"]
    manager = next(u for u in users if u["username"] == "manager")
    assert "password_hash" not in manager and "password" not in manager
    done = client.patch(f"/api/v1/users/{manager['id']}", headers=admin, json={"active": False})
    assert done.status_code == 200 and done.get_json()["active"] is False
    assert (
        client.get("/api/v1/stores", headers=Credentials.bearer(creds.manager_token)).status_code
        == 401
    )
    assert _sign_in(client).status_code == 401
