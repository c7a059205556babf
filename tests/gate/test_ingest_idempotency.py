"""Idempotency under pressure: the same batch from 8 threads at once, and again after a
restart, stores each sale once, its stock once and its daily totals once."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from flask import Flask

from tests.gate.conftest import make_gate
from tests.gate.ingest_support import INTEGRATOR, TERMINAL_KEY, authenticator, batch, sale
from tests.gate.test_ingest import count

THREADS = 8
READER = {"Authorization": f"Bearer {INTEGRATOR}"}


def push_from_threads(gate: Flask, events: list[dict[str, Any]]) -> list[list[str]]:
    start = threading.Barrier(THREADS)
    outcomes: list[list[str]] = []
    failures: list[str] = []

    def send() -> None:
        client = gate.test_client()
        start.wait()
        answer = client.post(
            "/api/v1/terminal/events", json=batch(events), headers={"X-API-Key": TERMINAL_KEY}
        )
        if answer.status_code != 200:
            failures.append(answer.get_data(as_text=True))
            return
        outcomes.append([r["outcome"] for r in answer.get_json()["results"]])

    threads = [threading.Thread(target=send) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    return outcomes


def daily_sales(gate: Flask) -> tuple[int, int]:
    [day] = gate.test_client().get("/api/v1/daily-totals", headers=READER).get_json()["items"]
    return day["sales_count"], day["sales_total"]["minor"]


def test_the_same_batch_from_8_threads_at_once_stores_each_sale_once(
    gate_database_url: str,
) -> None:
    gate = make_gate(gate_database_url, authenticator())
    events = [sale(n, lines=10) for n in range(1, 21)]
    outcomes = push_from_threads(gate, events)
    assert len(outcomes) == THREADS
    for position in range(len(events)):  # each event: accepted once, a duplicate otherwise
        answers = Counter(answer[position] for answer in outcomes)
        assert answers == Counter({"accepted": 1, "duplicate": THREADS - 1})
    assert count(gate, "hub_sale") == 20
    assert count(gate, "hub_sale_line") == 200
    assert count(gate, "stock_movement") == 200
    assert daily_sales(gate) == (20, 20 * 1000)
    levels = gate.test_client().get("/api/v1/stock/levels", headers=READER).get_json()["items"]
    assert {level["quantity"] for level in levels} == {"-20"}


def test_a_replay_after_a_restart_stores_nothing_twice(gate_database_url: str) -> None:
    events = [sale(n, lines=3) for n in range(1, 6)]
    first = make_gate(gate_database_url, authenticator())
    first.test_client().post(
        "/api/v1/terminal/events", json=batch(events[:3]), headers={"X-API-Key": TERMINAL_KEY}
    )
    restarted = make_gate(gate_database_url, authenticator())  # a new process on the books
    answer = restarted.test_client().post(
        "/api/v1/terminal/events", json=batch(events), headers={"X-API-Key": TERMINAL_KEY}
    )
    outcomes = [r["outcome"] for r in answer.get_json()["results"]]
    assert outcomes == ["duplicate"] * 3 + ["accepted"] * 2
    assert count(restarted, "hub_sale") == 5
    assert daily_sales(restarted) == (5, 5 * 300)
