"""Master data at OFFICE on the memory adapters: GATE's pages go into OFFICE's feed with
a mark where each ends, and a till's page ends only at such a mark, so a till behind
OFFICE stops only at catalogues GATE served; a till catches up page by page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from adapters.memory.master_data import MasterDataLog
from saleflex_core.contract.master_data import page_from_wire
from saleflex_core.domain.catalog import Department, Product, VatRate
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import StateError
from saleflex_core.use_cases.office_master_data import pull_from_gate, serve_page
from tests.unit.office_support import Office

VAT = VatRate("A", Decimal("20"), "Standard")
DEPT = Department("D1", "Grocery", "A")


def _product(n: int, price: int = 100) -> Product:
    return Product(f"p{n}", f"{n:04d}", f"Product {n}", "D1", "A", Money(price, "EUR"))


def _serve(office: Office, since: str | None, limit: int) -> dict[str, Any]:
    return serve_page(office.uow, caller=office.till, since=since, limit=limit)


def _gate_with_two_pages() -> MasterDataLog:
    gate = MasterDataLog()
    gate.upsert(VAT, DEPT, _product(1), _product(2))  # GATE's first page (4 entries)
    gate.upsert(_product(1, 150), _product(3))  # its second (2 entries)
    return gate


def test_a_tills_page_never_ends_inside_one_of_gates() -> None:
    office, gate = Office(), _gate_with_two_pages()
    pulled = pull_from_gate(office.uow, source=gate, limit=4)
    assert (pulled.pages, pulled.cursor, pulled.has_more) == (2, "6", False)

    small = _serve(office, None, 1)  # GATE's first page whole, though 4 > 1
    assert small["has_more"] is True
    assert [p["id"] for p in small["upserts"]["products"]] == ["p1", "p2"]
    rest = _serve(office, small["next_cursor"], 1)
    assert rest["has_more"] is False
    assert [(p["id"], p["unit_price"]["minor"]) for p in rest["upserts"]["products"]] == [
        ("p1", 150),
        ("p3", 100),
    ]
    both = _serve(office, None, 500)  # both of GATE's pages, net: p1 once, at 1.50
    assert [(p["id"], p["unit_price"]["minor"]) for p in both["upserts"]["products"]] == [
        ("p2", 100),
        ("p1", 150),
        ("p3", 100),
    ]
    assert both["next_cursor"] == rest["next_cursor"] and both["has_more"] is False
    page = page_from_wire(both)  # a page the till's client reads
    assert {v.code for v in page.upserts.vat_rates} == {"A"}
    nothing = _serve(office, both["next_cursor"], 500)
    assert nothing["next_cursor"] == both["next_cursor"] and not nothing["upserts"]["products"]
    with pytest.raises(StateError, match="pull again from the beginning"):
        _serve(office, "99", 500)


def test_deletions_at_gate_reach_the_till_and_office_catalogue() -> None:
    office, gate = Office(), _gate_with_two_pages()
    pull_from_gate(office.uow, source=gate)
    gate.delete("products", "p2")
    again = pull_from_gate(office.uow, source=gate)
    assert again.pages == 1
    start = _serve(office, None, 500)
    served = _serve(office, start["next_cursor"], 500)
    assert served["deletions"]["products"] == [] and start["deletions"]["products"] == ["p2"]
    with office.uow as uow:
        assert {p.id for p in uow.catalog.products()} == {"p1", "p3"}


def test_gate_unreachable_ends_the_pull_and_keeps_what_was_stored() -> None:
    office, gate = Office(), _gate_with_two_pages()
    pull_from_gate(office.uow, source=gate, limit=4, max_pages=1)
    gate.online = False
    failed = pull_from_gate(office.uow, source=gate, limit=4)
    assert (failed.pages, failed.cursor, failed.error) == (0, "4", "Upstream is offline")
    gate.online = True
    assert pull_from_gate(office.uow, source=gate, limit=4).cursor == "6"
    assert gate.pulls == [None, "4", "4"]
