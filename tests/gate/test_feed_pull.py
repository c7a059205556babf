"""A terminal pulls its company's master data from GATE: the change feed in pages, with
tombstones, its store's prices, a monotonic cursor, in the contract's wire form."""

from __future__ import annotations

from typing import Any

import pytest

from saleflex_core.contract.master_data import page_from_wire, page_to_wire
from saleflex_core.domain.catalog import Product, StorePrice
from saleflex_core.domain.master_data import Deletions, Upserts
from saleflex_core.domain.money import Money
from saleflex_core.use_cases.gate_feed import (
    change_master_data,
    remove_store_price,
    set_store_price,
)
from tests.gate.feed_support import MANAGER, Hub, api_key, hub
from tests.support.contracts import CONTRACTS, errors, load

GOLDEN = "examples/master_data/page.json"


def product(n: int, price: int = 100, **changes: Any) -> Product:
    fields: dict[str, Any] = {
        "id": f"P{n}",
        "plu": str(1000 + n),
        "name": f"Bread {n}",
        "department_code": "10",
        "vat_code": "A",
        "unit_price": Money(price, "EUR"),
    }
    return Product(**(fields | changes))


def add(gate: Hub, *products: Product) -> int:
    return change_master_data(
        gate.uow(), editor=gate.editor(), upserts=Upserts(products=products)
    ).position


def products_of(pages: list[Any]) -> dict[str, int]:
    return {
        p["id"]: p["unit_price"]["minor"] for page in pages for p in page["upserts"]["products"]
    }


def test_the_golden_page_is_valid_and_reads_back_unchanged() -> None:
    golden = load(CONTRACTS / GOLDEN)
    assert errors("master_data_page", golden, strict=True) == []
    assert page_to_wire(page_from_wire(golden)) == golden


def test_a_first_pull_gets_everything_in_pages_then_nothing(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    add(gate, *(product(n) for n in range(1, 8)))
    pages = gate.pull_all(limit=3)
    for page in pages:
        assert errors("master_data_page", page, strict=True) == []
        page_from_wire(page)  # a terminal can read it
    assert [p["has_more"] for p in pages] == [True, True, True, False]
    assert len(products_of(pages)) == 7
    assert pages[0]["upserts"]["vat_rates"][0] == {"code": "A", "rate": "20", "name": "Standard"}
    cursors = [int(p["next_cursor"]) for p in pages]
    assert cursors == sorted(cursors) and len(set(cursors)) == 4
    again = gate.pull_all(since=pages[-1]["next_cursor"])
    assert again[0]["next_cursor"] == pages[-1]["next_cursor"]
    assert page_from_wire(again[0]).is_empty


def test_changes_and_deletions_come_as_their_net_effect_with_tombstones(
    gate_database_url: str,
) -> None:
    gate = hub(gate_database_url)
    add(gate, product(1), product(2))
    cursor = gate.pull_all()[-1]["next_cursor"]
    add(gate, product(1, 250))
    add(gate, product(1, 260))
    change_master_data(gate.uow(), editor=gate.editor(), deletions=Deletions(products=("P2",)))
    [page] = gate.pull_all(since=cursor)
    assert products_of([page]) == {"P1": 260}
    assert page["deletions"]["products"] == ["P2"]
    assert int(page["next_cursor"]) == int(cursor) + 3


def test_each_terminal_gets_its_own_stores_prices(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    add(gate, product(1, 100), product(2, 200))
    cursor = gate.pull_all()[-1]["next_cursor"]
    set_store_price(
        gate.uow(), editor=gate.editor(MANAGER), price=StorePrice("S1", "P1", Money(90, "EUR"))
    )
    s1 = gate.pull_all("key-s1", since=cursor)
    s2 = gate.pull_all("key-s2", since=cursor)
    assert products_of(s1) == {"P1": 90}
    assert products_of(s2) == {"P1": 100}  # S2 is told again, at the company's price
    assert products_of(gate.pull_all("key-s1")) == {"P1": 90, "P2": 200}
    remove_store_price(gate.uow(), editor=gate.editor(), store_id="S1", product_id="P1")
    assert products_of(gate.pull_all("key-s1", since=s1[-1]["next_cursor"])) == {"P1": 100}


def test_another_companys_terminal_sees_none_of_it(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    add(gate, product(1))
    [page] = gate.pull_all("key-other")
    assert page_from_wire(page).is_empty and page["next_cursor"] == "0"


@pytest.mark.parametrize(
    ("query", "headers", "status"),
    [
        ({}, {}, 401),
        ({}, {"Authorization": "Bearer admin"}, 403),
        ({"since": "abc"}, api_key("key-s1"), 422),
        ({"limit": 0}, api_key("key-s1"), 422),
        ({"since": "999"}, api_key("key-s1"), 409),
    ],
)
def test_bad_pulls_are_problems(
    gate_database_url: str, query: dict[str, Any], headers: dict[str, str], status: int
) -> None:
    gate = hub(gate_database_url)
    answer = gate.client.get("/api/v1/terminal/master-data", query_string=query, headers=headers)
    assert answer.status_code == status
    assert answer.content_type == "application/problem+json"


def test_the_pull_is_in_the_openapi_document_with_its_schema(gate_database_url: str) -> None:
    gate = hub(gate_database_url)
    document = gate.client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/terminal/master-data"]["get"]
    assert operation["security"] == [{"ApiKeyAuth": []}]
    assert "MasterDataPage" in document["components"]["schemas"]
