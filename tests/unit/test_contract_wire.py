"""The wire form apart from the storage form: its own converter, its own classes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from saleflex_core import storage
from saleflex_core.contract import cash_payload, closure_payload, sale_payload
from saleflex_core.contract.builders import line_v1
from saleflex_core.contract.converter import decimal_text, from_v1, instant, to_v1
from saleflex_core.contract.v1 import CashMovedV1, ClosureV1, SaleV1
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.document import Document
from saleflex_core.domain.line import Line
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import StateError, ValidationError
from tests.support.contract_day import APPLES, day, sale_in_progress
from tests.support.contracts import errors


def everything(d: Any) -> list[dict[str, Any]]:
    return [
        sale_payload(d.sale),
        sale_payload(d.cancelled),
        closure_payload(d.closure),
        cash_payload(d.float_in),
        cash_payload(d.pickup),
    ]


def floats(data: Any) -> list[Any]:
    if isinstance(data, dict):
        return [f for value in data.values() for f in floats(value)]
    if isinstance(data, list):
        return [f for value in data for f in floats(value)]
    return [data] if isinstance(data, float) else []


def test_a_storage_refactor_does_not_change_the_wire(monkeypatch: pytest.MonkeyPatch) -> None:
    before = everything(day())
    live = storage.converter.copy()
    monkeypatch.setattr(storage, "converter", live)
    # A storage refactor: money kept as text, instants as epoch seconds, lines renamed.
    live.register_unstructure_hook(Money, lambda m: f"{m.minor} {m.currency}")
    live.register_unstructure_hook(datetime, lambda at: at.timestamp())
    live.register_unstructure_hook(Line, lambda line: {"no": line.line_no})
    d = day()
    assert storage.to_storage(d.sale)["lines"][0] == {"no": 1}  # the storage form did change
    assert storage.to_storage(Money(5, "EUR")) == "5 EUR"
    assert everything(d) == before


def test_payloads_are_json_with_no_float_and_read_back_into_the_wire_classes() -> None:
    d = day()
    for payload, cls in zip(
        everything(d), [SaleV1, SaleV1, ClosureV1, CashMovedV1, CashMovedV1], strict=True
    ):
        text = json.dumps(payload)
        assert floats(json.loads(text)) == []
        back = from_v1(json.loads(text), cls)
        assert to_v1(back) == payload


def test_no_internal_field_leaves_the_terminal() -> None:
    d = day()
    closure = closure_payload(d.closure)
    sale = sale_payload(d.sale)
    assert "next_receipt" not in json.dumps(closure)
    assert {"state", "subtotal_at", "terminal_id", "store_id"}.isdisjoint(sale)
    assert {"state", "terminal_id", "totals"}.isdisjoint(closure)


def test_a_draft_and_an_open_closure_are_not_events() -> None:
    with pytest.raises(StateError, match="no number"):
        sale_payload(sale_in_progress())
    open_one = Closure.first(terminal_id="t", currency="EUR", at=datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(StateError, match="still open"):
        closure_payload(open_one)


def test_instants_travel_in_utc_with_their_offset() -> None:
    istanbul = timezone(timedelta(hours=3))
    assert instant(datetime(2026, 3, 14, 11, 0, tzinfo=istanbul)) == "2026-03-14T08:00:00+00:00"
    # A naive instant is UTC by the core's rule (every stored instant is UTC).
    assert instant(datetime(2026, 3, 14, 8, 0)) == "2026-03-14T08:00:00+00:00"


def test_decimals_travel_as_plain_text() -> None:
    assert decimal_text(Decimal("2E+1")) == "20"
    assert decimal_text(Decimal("5.5")) == "5.5"
    with pytest.raises(ValidationError):
        decimal_text(Decimal("NaN"))


def test_a_weight_travels_in_kilograms_with_three_decimals() -> None:
    doc = Document.start(
        id="d", terminal_id="t", store_id="s", cashier_id="1", currency="EUR", at=datetime.now(UTC)
    )
    line = doc.add_line(APPLES, Decimal("1.5"), vat_rate=Decimal(7))
    wire = to_v1(line_v1(line, line.net))
    assert (wire["sold_by"], wire["quantity"]) == ("weight", "1.500")


@pytest.mark.parametrize(
    "bad",
    [
        {"minor": 1.5, "currency": "EUR"},
        {"minor": True, "currency": "EUR"},
        {"minor": "150", "currency": "EUR"},
    ],
)
def test_reading_refuses_what_is_not_integer_money(bad: dict[str, Any]) -> None:
    payload = cash_payload(day().pickup)
    payload["amount"] = bad
    with pytest.raises(ValidationError):
        from_v1(payload, CashMovedV1)


def test_reading_refuses_an_instant_without_offset_and_a_float_quantity() -> None:
    payload = cash_payload(day().pickup)
    with pytest.raises(ValidationError):
        from_v1(payload | {"at": "2026-03-14T12:30:00"}, CashMovedV1)
    sale = sale_payload(day().sale)
    sale["lines"][0]["quantity"] = 0.75
    with pytest.raises(ValidationError):
        from_v1(sale, SaleV1)


def test_what_the_builders_make_validates_strictly() -> None:
    d = day()
    names = ["sale.completed", "sale.cancelled", "closure.closed", "cash.moved", "cash.moved"]
    for name, payload in zip(names, everything(d), strict=True):
        assert errors(name, payload, strict=True) == []
