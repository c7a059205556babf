"""Integrators' reads of what terminals sent: a sale reads back as it was sent, lists are
filtered and walked with a cursor, single resources carry an ETag, another company sees
nothing, and a terminal's gaps are listed."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from apps.gate_web.deps import deps
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Company, Store, Terminal
from tests.gate.conftest import make_gate
from tests.gate.ingest_support import (
    COMPANY,
    INTEGRATOR,
    OTHER_KEY,
    OTHER_TERMINAL,
    STORE,
    STRANGER,
    TERMINAL,
    TERMINAL_KEY,
    authenticator,
    batch,
    envelope,
    golden,
    sale,
)

READER = {"Authorization": f"Bearer {INTEGRATOR}"}
OTHER_COMPANY = {"Authorization": f"Bearer {STRANGER}"}


@pytest.fixture
def gate(gate_database_url: str) -> Flask:
    app = make_gate(gate_database_url, authenticator())
    with app.app_context():
        uow = deps().unit_of_work(COMPANY)
        with uow:
            uow.organisation.save_company(Company(COMPANY, "Acme"))
            uow.organisation.save_store(Store(STORE, COMPANY, "Main street", Currency("EUR")))
            till = Terminal(TERMINAL, COMPANY, STORE, "T01", "Till 1", Money(50000, "EUR"))
            uow.organisation.save_terminal(till)
            uow.commit()
    return app


def push(gate: Flask, events: list[dict[str, Any]], key: str = TERMINAL_KEY) -> None:
    answer = gate.test_client().post(
        "/api/v1/terminal/events", json=batch(events), headers={"X-API-Key": key}
    )
    assert {r["outcome"] for r in answer.get_json()["results"]} == {"accepted"}


def get(gate: Flask, path: str, headers: Any = READER) -> Any:
    answer = gate.test_client().get(path, headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


def test_a_sale_reads_back_as_the_terminal_sent_it(gate: Flask) -> None:
    sent = golden("sale.completed") | {"company_id": COMPANY, "store_id": STORE}
    push(gate, [sent])
    read = get(gate, f"/api/v1/sales/{sent['event_id']}")
    where = {"id", "store_id", "terminal_id", "business_date", "status"}
    assert {k: v for k, v in read.items() if k not in where} == sent["payload"]
    assert read["status"] == "completed" and read["business_date"] == "2026-03-14"


def test_a_single_sale_has_an_etag_and_if_none_match_answers_304(gate: Flask) -> None:
    event = sale(1)
    push(gate, [event])
    client = gate.test_client()
    first = client.get(f"/api/v1/sales/{event['event_id']}", headers=READER)
    etag = first.headers["ETag"]
    again = client.get(
        f"/api/v1/sales/{event['event_id']}", headers=READER | {"If-None-Match": etag}
    )
    assert again.status_code == 304 and again.get_data() == b""


def test_another_companys_sale_is_not_found(gate: Flask) -> None:
    event = sale(1)
    push(gate, [event])
    answer = gate.test_client().get(f"/api/v1/sales/{event['event_id']}", headers=OTHER_COMPANY)
    assert answer.status_code == 404
    assert get(gate, "/api/v1/sales", headers=OTHER_COMPANY)["items"] == []


def test_sales_are_walked_with_a_cursor_without_offsets(gate: Flask) -> None:
    events = [sale(n, lines=1) for n in range(1, 8)]
    push(gate, events)
    seen, after = [], ""
    while True:
        page = get(gate, f"/api/v1/sales?limit=3{after}")
        seen += [item["id"] for item in page["items"]]
        if page["next_cursor"] is None:
            break
        after = f"&after={page['next_cursor']}"
    assert sorted(seen) == sorted(e["event_id"] for e in events)
    assert len(seen) == len(set(seen))


def test_a_cursor_gate_did_not_give_is_a_422_problem(gate: Flask) -> None:
    answer = gate.test_client().get("/api/v1/sales?after=bogus", headers=READER)
    assert answer.status_code == 422
    assert "cursor" in answer.get_json()["detail"]


def test_lists_filter_by_terminal_store_date_and_type(gate: Flask) -> None:
    push(gate, [sale(1), sale(2)])
    push(gate, [sale(1, terminal=OTHER_TERMINAL)], key=OTHER_KEY)
    assert len(get(gate, "/api/v1/sales")["items"]) == 3
    assert len(get(gate, f"/api/v1/sales?terminal_id={TERMINAL}")["items"]) == 2
    assert len(get(gate, "/api/v1/sales?store_id=S002")["items"]) == 1
    assert len(get(gate, "/api/v1/sales?business_date=2026-03-15")["items"]) == 0
    assert len(get(gate, "/api/v1/sales?type=cancelled")["items"]) == 0
    days = get(gate, "/api/v1/daily-totals?store_id=S001")["items"]
    assert [(d["sales_count"], d["sales_total"]["minor"], d["vat"]["minor"]) for d in days] == [
        (2, 2000, 2 * 167)
    ]


def test_closures_cash_movements_and_their_figures_are_read(gate: Flask) -> None:
    z = envelope("closure.closed", 2, golden("closure.closed")["payload"])
    cash = envelope("cash.moved", 1, golden("cash.moved")["payload"])
    push(gate, [cash, z])
    [closure] = get(gate, "/api/v1/closures")["items"]
    assert closure["z"] == z["payload"] and closure["closure_number"] == 7
    assert get(gate, f"/api/v1/closures/{z['event_id']}")["z"]["cash"]["difference"]["minor"] == -4
    [moved] = get(gate, "/api/v1/cash-movements?type=out")["items"]
    assert moved["amount"] == {"minor": 18000, "currency": "EUR"}
    [day] = get(gate, "/api/v1/daily-totals")["items"]
    assert (day["cash_out"]["minor"], day["closures"], day["sales_count"]) == (18000, 1, 0)


def test_stock_moves_out_of_the_stores_default_warehouse(gate: Flask) -> None:
    push(gate, [sale(1, lines=2), sale(2, lines=1)])
    [main] = get(gate, f"/api/v1/stores/{STORE}/warehouses")
    assert main["code"] == "MAIN"
    levels = get(gate, f"/api/v1/stock/levels?warehouse_id={main['id']}")["items"]
    assert [(lv["product_id"], lv["quantity"]) for lv in levels] == [
        ("P0001", "-2"),
        ("P0002", "-1"),
    ]
    moves = get(gate, "/api/v1/stock/movements?product_id=P0001&type=sale")["items"]
    assert [m["quantity"] for m in moves] == ["-1", "-1"]


def test_a_voided_line_and_a_cancelled_sale_move_no_stock(gate: Flask) -> None:
    cancelled = envelope("sale.cancelled", 1, golden("sale.cancelled")["payload"])
    completed = golden("sale.completed") | {"company_id": COMPANY, "store_id": STORE, "sequence": 2}
    push(gate, [cancelled, completed])
    moves = get(gate, "/api/v1/stock/movements")["items"]
    assert sorted((m["product_id"], m["quantity"]) for m in moves) == [
        ("p-apple", "-0.750"),
        ("p-baguette", "-3"),
        ("p-cola", "-1"),
    ]


def test_a_terminals_missing_events_are_listed_as_ranges(gate: Flask) -> None:
    push(gate, [sale(3), sale(4), sale(7), sale(10)])
    gaps = get(gate, f"/api/v1/terminals/{TERMINAL}/missing-events")
    assert gaps == {
        "terminal_id": TERMINAL,
        "missing": [{"first": 1, "last": 2}, {"first": 5, "last": 6}, {"first": 8, "last": 9}],
    }
    answer = gate.test_client().get(
        f"/api/v1/terminals/{TERMINAL}/missing-events", headers=OTHER_COMPANY
    )
    assert answer.status_code == 404


def test_a_filter_a_list_does_not_have_is_refused_not_ignored(gate: Flask) -> None:
    """Daily totals are per store and day, stock movements have no terminal and stock
    levels no business date: asking for those answers 422 instead of everything."""
    client = gate.test_client()
    for path in (
        "/api/v1/daily-totals?terminal_id=T1",
        "/api/v1/stock/movements?terminal_id=T1",
        "/api/v1/stock/levels?business_date=2026-03-14",
    ):
        answer = client.get(path, headers=READER)
        assert answer.status_code == 422, path
        assert answer.content_type == "application/problem+json"
    assert (
        client.get("/api/v1/daily-totals?business_date=2026-03-14", headers=READER).status_code
        == 200
    )
