"""POST /api/v1/terminal/events on SQLite and PostgreSQL: each event answered accepted,
duplicate or rejected (with its reason), validated by contracts/v1, stored once."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from saleflex_core.domain.ingest import ANOTHER_PAYLOAD
from tests.gate.conftest import make_gate
from tests.gate.ingest_support import (
    OTHER_TERMINAL,
    TERMINAL_KEY,
    authenticator,
    batch,
    envelope,
    golden,
    sale,
)

KEY = {"X-API-Key": TERMINAL_KEY}


@pytest.fixture
def gate(gate_database_url: str) -> Flask:
    return make_gate(gate_database_url, authenticator())


def push(client: FlaskClient, events: list[dict[str, Any]], headers: Any = KEY) -> Any:
    answer = client.post("/api/v1/terminal/events", json=batch(events), headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return [(r["event_id"], r["outcome"], r["reason"]) for r in answer.get_json()["results"]]


def count(gate: Flask, table: str) -> int:
    with gate.app_context():
        from apps.gate_web.deps import deps

        uow = deps().unit_of_work("ACME")
        with uow:
            found: int = uow.conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()  # type: ignore[attr-defined]
            return found


def test_a_new_batch_is_accepted_and_the_same_batch_again_is_duplicate(gate: Flask) -> None:
    client = gate.test_client()
    events = [sale(1), sale(2, lines=3)]
    ids = [e["event_id"] for e in events]
    assert push(client, events) == [(i, "accepted", None) for i in ids]
    assert push(client, events) == [(i, "duplicate", None) for i in ids]
    assert count(gate, "hub_sale") == 2
    assert count(gate, "hub_sale_line") == 13
    assert count(gate, "received_event") == 2


def test_the_same_event_id_with_another_payload_is_rejected_and_logged(
    gate: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = gate.test_client()
    first = sale(1)
    push(client, [first])
    changed = copy.deepcopy(first)
    changed["payload"]["totals"]["total"]["minor"] += 1
    assert push(client, [changed]) == [(first["event_id"], "rejected", ANOTHER_PAYLOAD)]
    assert "with another payload" in caplog.text
    assert count(gate, "hub_sale") == 1


def test_an_event_the_schema_refuses_is_rejected_alone(gate: Flask) -> None:
    bad = sale(2)
    bad["payload"]["lines"][0]["quantity"] = 1.5  # a float: v1 sends decimal text
    good = sale(1)
    answers = push(gate.test_client(), [good, bad])
    assert answers[0] == (good["event_id"], "accepted", None)
    assert answers[1][:2] == (bad["event_id"], "rejected")
    assert (
        answers[1][2]
        == 'not a v1 event: data.payload.lines[0].quantity: 1.5 is not of type "string"'
    )
    assert count(gate, "hub_sale") == 1


def test_a_terminal_sends_only_its_own_events_of_known_types(gate: Flask) -> None:
    foreign = sale(1, terminal=OTHER_TERMINAL)
    unknown = envelope("sale.refunded", 2, {"anything": 1})
    answers = push(gate.test_client(), [foreign, unknown])
    assert answers[0][1:] == (
        "rejected",
        "a terminal sends only its own events (terminal_id is another terminal's)",
    )
    assert answers[1][1:] == ("rejected", "GATE does not know the event type 'sale.refunded'")
    assert count(gate, "received_event") == 0


def test_a_sequence_already_held_by_another_event_is_rejected(gate: Flask) -> None:
    client = gate.test_client()
    push(client, [sale(1)])
    impostor = sale(1) | {"event_id": "00000000-0000-4000-8000-000000000001"}
    assert push(client, [impostor]) == [
        (impostor["event_id"], "rejected", "sequence 1 of this terminal is already another event's")
    ]


def test_an_event_twice_in_one_batch_is_stored_once(gate: Flask) -> None:
    event = sale(1)
    answers = push(gate.test_client(), [event, event])
    assert [a[1] for a in answers] == ["accepted", "duplicate"]
    assert count(gate, "hub_sale") == 1


def test_closures_and_cash_movements_are_stored(gate: Flask) -> None:
    z = envelope("closure.closed", 2, golden("closure.closed")["payload"])
    cash = envelope("cash.moved", 1, golden("cash.moved")["payload"])
    assert [a[1] for a in push(gate.test_client(), [cash, z])] == ["accepted", "accepted"]
    assert count(gate, "hub_closure") == 1
    assert count(gate, "hub_cash_movement") == 1


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"not json", "The body is not JSON"),
        (b"[]", 'The body must be {"events": [...]}'),
        (b'{"events": {}}', 'The body must be {"events": [...]}'),
    ],
)
def test_a_body_that_is_no_batch_is_a_422_problem(gate: Flask, body: bytes, detail: str) -> None:
    answer = gate.test_client().post(
        "/api/v1/terminal/events", data=body, headers=KEY, content_type="application/json"
    )
    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"
    assert answer.get_json()["detail"].startswith(detail)


def test_a_batch_of_more_than_500_events_is_refused_whole(gate: Flask) -> None:
    events = [sale(n, lines=1) for n in range(1, 502)]
    answer = gate.test_client().post("/api/v1/terminal/events", json=batch(events), headers=KEY)
    assert answer.status_code == 422
    assert answer.get_json()["detail"] == "A batch holds at most 500 events, not 501"
    assert count(gate, "received_event") == 0


def test_only_a_terminal_pushes_events(gate: Flask) -> None:
    client = gate.test_client()
    assert client.post("/api/v1/terminal/events", json=batch([])).status_code == 401
    person = {"Authorization": "Bearer token-integrator"}
    assert client.post("/api/v1/terminal/events", json=batch([]), headers=person).status_code == 403
