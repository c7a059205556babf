"""Bulk upsert through POST /api/v1/master-data/import: CSV and JSON, all or nothing, a
report per row."""

from __future__ import annotations

from typing import Any

from tests.gate.feed_support import Hub, bearer, hub

URL = "/api/v1/master-data/import"
CSV = """id,plu,name,department_code,vat_code,price,currency,sold_by,barcodes,active
P1,1001,Bread,10,A,2.50,EUR,piece,4006381333931,true
P2,1002,Olives,10,A,12.90,EUR,weight,,true
"""


def send(gate: Hub, body: Any, kind: str = "products", who: str = "admin") -> Any:
    headers = bearer(who)
    if isinstance(body, str):
        return gate.client.post(
            URL, query_string={"kind": kind}, data=body, headers=headers, content_type="text/csv"
        )
    return gate.client.post(URL, query_string={"kind": kind}, json=body, headers=headers)


def position(gate: Hub) -> int:
    uow = gate.uow()
    with uow:
        return uow.master_data_feed.position()


def test_a_csv_file_is_imported_and_reported_per_row(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    answer = send(gate, CSV)
    assert answer.status_code == 200, answer.get_json()
    report = answer.get_json()
    assert report["applied"] and report["position"] == position(gate)
    assert [(r["row"], r["key"], r["action"]) for r in report["rows"]] == [
        (1, "P1", "create"),
        (2, "P2", "create"),
    ]
    [page] = gate.pull_all()
    prices = {p["id"]: p["unit_price"]["minor"] for p in page["upserts"]["products"]}
    assert prices == {"P1": 250, "P2": 1290}
    again = send(gate, CSV.replace("2.50", "2.60")).get_json()
    assert [r["action"] for r in again["rows"]] == ["update", "unchanged"]


def test_one_bad_row_refuses_the_whole_file_and_says_why_per_row(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    before = position(gate)
    bad = CSV + "P3,1003,Cake,99,A,abc,EUR,piece,,true\nP4,1001,Pie,10,A,1.00,EUR,piece,,true\n"
    answer = send(gate, bad)
    assert answer.status_code == 422 and answer.content_type == "application/problem+json"
    body = answer.get_json()
    assert body["applied"] is False and body["detail"].startswith("2 of 4 rows failed")
    rows = {r["row"]: r for r in body["rows"]}
    assert rows[1]["action"] == "valid" and rows[1]["errors"] == []
    assert rows[3]["action"] == "error" and "'abc' is not an amount" in rows[3]["errors"][0]
    assert rows[4]["errors"] == ["PLU 1001 is on row 1 too"]
    assert position(gate) == before
    assert (
        gate.client.get("/api/v1/master-data/products", headers=bearer("admin")).get_json()["items"]
        == []
    )


def test_json_rows_use_the_pulls_wire_form(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    rows = [
        {"code": "B", "rate": "7", "name": "Reduced"},
        {"code": "A", "rate": "21", "name": "Standard"},
    ]
    report = send(gate, rows, kind="vat_rates").get_json()
    assert [r["action"] for r in report["rows"]] == ["create", "update"]
    wrong = send(gate, [{"code": "C", "rate": 7.5}], kind="vat_rates").get_json()
    assert "rate is decimal text" in wrong["rows"][0]["errors"][0]
    refused = send(gate, [{"id": "P1"}]).get_json()
    assert refused["rows"][0]["errors"] == ["plu is missing"]


def test_only_company_admins_import_and_bad_requests_are_problems(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    assert send(gate, CSV, who="manager").status_code == 403
    assert send(gate, CSV, who="reader").status_code == 403
    assert send(gate, CSV, kind="cashiers").status_code == 422
    assert send(gate, {"not": "a list"}).status_code == 422
    assert send(gate, []).status_code == 422
