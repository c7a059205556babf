"""People change a company's master data through /api/v1/master-data: the right roles,
checked as a terminal would check it, audited, and fed to the terminals."""

from __future__ import annotations

from typing import Any

from saleflex_core.domain.organisation import pin_matches
from tests.gate.feed_support import Hub, bearer, hub

API = "/api/v1/master-data"
PROBLEM = "application/problem+json"
BREAD = {
    "plu": "1001",
    "name": "Bread",
    "department_code": "10",
    "vat_code": "A",
    "unit_price": {"minor": 250, "currency": "EUR"},
    "barcodes": ["4006381333931"],
}


def put(gate: Hub, path: str, body: dict[str, Any], who: str = "admin") -> Any:
    return gate.client.put(f"{API}/{path}", json=body, headers=bearer(who))


def position(gate: Hub) -> int:
    uow = gate.uow()
    with uow:
        return uow.master_data_feed.position()


def audit(gate: Hub) -> list[Any]:
    uow = gate.uow()
    with uow:
        return [record for _, record in uow.audit_log.page(0, 1000)]


def test_an_admin_creates_reads_changes_and_deletes_a_product(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    created = put(gate, "products/P1", BREAD)
    assert created.status_code == 200, created.get_json()
    assert created.get_json() == BREAD | {"id": "P1", "sold_by": "piece", "active": True}
    assert gate.client.get(f"{API}/products/P1", headers=bearer("reader")).status_code == 200
    assert put(gate, "products/P1", BREAD | {"name": "Rye"}).get_json()["name"] == "Rye"
    assert gate.client.delete(f"{API}/products/P1", headers=bearer("admin")).status_code == 204
    assert gate.client.get(f"{API}/products/P1", headers=bearer("admin")).status_code == 404
    [page] = gate.pull_all()
    assert page["deletions"]["products"] == ["P1"] and page["upserts"]["products"] == []
    records = [(r.actor, r.action, r.entity, r.key) for r in audit(gate)][-3:]
    assert records == [
        ("person:u-admin", "create", "product", "P1"),
        ("person:u-admin", "update", "product", "P1"),
        ("person:u-admin", "delete", "product", "P1"),
    ]
    assert audit(gate)[-2].before["name"] == "Bread" and audit(gate)[-2].after["name"] == "Rye"


def test_what_a_terminal_would_refuse_is_refused_and_changes_nothing(
    gate_database_url: str,
) -> None:
    gate = hub(gate_database_url)
    assert put(gate, "products/P1", BREAD).status_code == 200
    before, records = position(gate), len(audit(gate))
    for path, body in [
        ("products/P2", BREAD | {"department_code": "99", "plu": "2"}),  # no such department
        ("products/P2", BREAD | {"plu": "1001", "barcodes": []}),  # PLU of P1
        ("products/P2", BREAD | {"plu": "2"}),  # barcode of P1
        ("products/P2", BREAD | {"plu": "2", "barcodes": ["4006381333932"]}),  # check digit
        (
            "products/P2",
            BREAD | {"plu": "2", "barcodes": [], "unit_price": {"minor": 1, "currency": "USD"}},
        ),
        ("quick-keys/1/1", {"caption": "X", "kind": "plu", "target": "404"}),
    ]:
        answer = put(gate, path, body)
        assert answer.status_code == 422, (path, body, answer.get_json())
        assert answer.content_type == PROBLEM
    in_use = gate.client.delete(f"{API}/departments/10", headers=bearer("admin"))
    assert in_use.status_code == 422 and "department" in in_use.get_json()["detail"]
    assert gate.client.delete(f"{API}/products/nope", headers=bearer("admin")).status_code == 404
    assert (position(gate), len(audit(gate))) == (before, records)


def test_writing_the_same_thing_again_feeds_and_audits_nothing(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    put(gate, "products/P1", BREAD)
    before, records = position(gate), len(audit(gate))
    assert put(gate, "products/P1", BREAD).status_code == 200
    assert (position(gate), len(audit(gate))) == (before, records)


def test_roles_decide_who_changes_what(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    put(gate, "products/P1", BREAD)
    assert put(gate, "products/P2", BREAD, who="manager").status_code == 403
    assert put(gate, "products/P2", BREAD, who="reader").status_code == 403
    price = {"unit_price": {"minor": 199, "currency": "EUR"}}
    assert put(gate, "stores/S1/prices/P1", price, who="manager").status_code == 200
    assert put(gate, "stores/S2/prices/P1", price, who="manager").status_code == 403
    assert put(gate, "stores/S2/prices/P1", price, who="reader").status_code == 403
    listed = gate.client.get(f"{API}/stores/S1/prices", headers=bearer("manager")).get_json()
    assert listed["items"] == [{"store_id": "S1", "product_id": "P1", **price}]
    assert put(gate, "stores/S1/prices/P9", price).status_code == 404
    gone = gate.client.delete(f"{API}/stores/S1/prices/P1", headers=bearer("manager"))
    assert gone.status_code == 204
    assert audit(gate)[-1].entity == "store_price" and audit(gate)[-1].action == "delete"


def test_another_companys_things_are_not_found(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    put(gate, "products/P1", BREAD)
    assert gate.client.get(f"{API}/products/P1", headers=bearer("other")).status_code == 404
    assert gate.client.delete(f"{API}/products/P1", headers=bearer("other")).status_code == 404
    price = {"unit_price": {"minor": 199, "currency": "EUR"}}
    assert put(gate, "stores/S1/prices/P1", price, who="other").status_code == 404
    assert gate.client.get(f"{API}/stores/S1/prices", headers=bearer("other")).status_code == 404
    listed = gate.client.get(f"{API}/products", headers=bearer("other")).get_json()
    assert listed == {"items": [], "next_after": None}


def test_a_cashiers_pin_is_hashed_sent_to_terminals_and_never_shown(
    gate_database_url: str,
) -> None:
    gate = hub(gate_database_url)
    assert put(gate, "cashiers/C1", {"name": "Ada", "role": "cashier"}).status_code == 422
    made = put(gate, "cashiers/C1", {"name": "Ada", "role": "cashier", "pin": "4711"})
    assert made.get_json() == {"id": "C1", "name": "Ada", "role": "cashier", "active": True}
    renamed = put(gate, "cashiers/C1", {"name": "Ada L.", "role": "supervisor"})
    assert renamed.status_code == 200
    [page] = gate.pull_all()
    [cashier] = page["upserts"]["cashiers"]
    assert cashier["role"] == "supervisor" and pin_matches("4711", cashier["pin_hash"])
    assert all("pin" not in str(r.after) for r in audit(gate) if r.entity == "cashier")


def test_quick_keys_and_lists_in_pages(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    for n in range(1, 6):
        body = BREAD | {"plu": str(n), "barcodes": []}
        assert put(gate, f"products/P{n}", body).status_code == 200
    key = {"caption": "Bread", "kind": "plu", "target": "3"}
    assert put(gate, "quick-keys/1/2", key).get_json()["page"] == 1
    first = gate.client.get(f"{API}/products?limit=2", headers=bearer("reader")).get_json()
    assert [p["id"] for p in first["items"]] == ["P1", "P2"] and first["next_after"] == "P2"
    rest = gate.client.get(f"{API}/products?after=P2&limit=9", headers=bearer("reader"))
    assert [p["id"] for p in rest.get_json()["items"]] == ["P3", "P4", "P5"]
    assert gate.client.delete(f"{API}/quick-keys/1/2", headers=bearer("admin")).status_code == 204
    [page] = gate.pull_all()
    assert page["deletions"]["quick_keys"] == [{"page": 1, "position": 2}]


def test_text_longer_than_the_hub_keeps_is_refused_never_a_storage_error(
    gate_database_url: str,
) -> None:
    gate = hub(gate_database_url)
    assert put(gate, "products/" + "P" * 65, BREAD).status_code == 422
    assert put(gate, "products/P1", BREAD | {"name": "x" * 201}).status_code == 422
    assert put(gate, "departments/" + "D" * 33, {"name": "D", "vat_code": "A"}).status_code == 422
    rows = [{"code": "C" * 33, "rate": "7"}, {"code": "B", "rate": "7", "name": "n" * 101}]
    answer = gate.client.post(
        "/api/v1/master-data/import?kind=vat_rates", json=rows, headers=bearer("admin")
    )
    assert answer.status_code == 422
    assert [r["errors"] for r in answer.get_json()["rows"]] == [
        ["code is at most 32 characters"],
        ["name is at most 100 characters"],
    ]
