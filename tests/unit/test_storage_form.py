"""The storage form: JSON round trips, integers and strings only, malformed data refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from adapters.memory.storage import MemoryUnitOfWork
from saleflex_core.domain.cash import CashMovement
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.document import Document
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import ValidationError
from saleflex_core.register import Register
from saleflex_core.storage import from_storage, to_storage
from tests.conftest import APPLES_PLU, BAGUETTE, COLA, SUPERVISOR, TERMINAL, WINE


def through_json(value: Any) -> Any:
    return json.loads(json.dumps(to_storage(value)))


def walk(data: Any, path: str = "$") -> list[str]:
    """Paths of every float in a JSON structure."""
    if isinstance(data, float):
        return [path]
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in walk(v, f"{path}.{k}")]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in walk(v, f"{path}[{i}]")]
    return []


@pytest.fixture
def document(register: Register, uow: MemoryUnitOfWork) -> Document:
    """A completed sale with every feature: weights, a void after subtotal, adjustments, mixes."""
    register.scan(BAGUETTE, "3")
    register.discount_line(1, percent="12.5")
    register.scan(APPLES_PLU, "1.234")
    register.surcharge_line(2, amount="0.10")
    register.scan(COLA)
    register.subtotal()
    register.void_line(3, override=SUPERVISOR)
    register.scan(WINE)
    register.discount_sale(percent="5")
    register.tender("CARD", "5")
    register.tender("VOUCHER", "2.50")
    register.tender("CASH", "50")
    done = register.complete()
    with uow:
        return uow.documents.get(done.sale.document_id)


@pytest.fixture
def closure(register: Register, document: Document) -> Closure:
    register.cash_in("100", "float")
    register.scan(COLA)
    register.cancel()
    return register.close_period("123.45", override=SUPERVISOR).closure


@pytest.fixture
def movement(register: Register) -> CashMovement:
    register.cash_in("500", "float")
    return register.cash_out("250", "bank pickup", override=SUPERVISOR).movement


def test_document_round_trip(document: Document) -> None:
    assert document.audit and document.adjustment and len(document.payments) == 3
    assert any(line.voided for line in document.lines)
    back = from_storage(through_json(document), Document)
    assert back == document
    assert back.totals() == document.totals()
    assert isinstance(back.lines[1].quantity, Decimal)
    assert back.lines[1].quantity == Decimal("1.234")


def test_open_sale_round_trip(register: Register, uow: MemoryUnitOfWork) -> None:
    sale = register.scan(APPLES_PLU, "0.5")
    with uow:
        draft = uow.drafts.get(sale.document_id)
    assert from_storage(through_json(draft), Document) == draft


def test_closure_round_trip(closure: Closure) -> None:
    assert closure.counted_cash is not None and closure.closed_at is not None
    back = from_storage(through_json(closure), Closure)
    assert back == closure
    assert back.expected_cash == closure.expected_cash
    assert back.difference == closure.difference


def test_open_closure_round_trip(register: Register) -> None:
    register.scan(COLA)
    register.tender("CASH")
    register.complete()
    closure = register.x_report().closure
    assert from_storage(through_json(closure), Closure) == closure


def test_cash_movement_round_trip(movement: CashMovement, register: Register) -> None:
    assert movement.approved_by == "2"
    assert from_storage(through_json(movement), CashMovement) == movement
    plain = register.cash_in("1", "float").movement
    assert from_storage(through_json(plain), CashMovement) == plain


def test_no_float_anywhere(
    document: Document, closure: Closure, movement: CashMovement, uow: MemoryUnitOfWork
) -> None:
    for value in (document, closure, movement):
        data = through_json(value)
        assert walk(data) == []
    doc = to_storage(document)
    assert doc["lines"][1]["quantity"] == "1.234"
    assert doc["lines"][0]["vat_rate"] == "10"
    assert doc["payments"][0]["tendered"] == {"minor": 500, "currency": "EUR"}
    assert doc["started_at"] == document.started_at.isoformat()
    assert doc["state"] == "completed"
    with uow:
        events = uow.outbox.pending(TERMINAL, 100)
    assert len(events) == 6  # completed, cancelled, 2 cash in, cash out, closure closed
    for event in events:
        assert walk(json.loads(json.dumps(event.payload))) == []


def test_the_walker_finds_floats() -> None:
    assert walk({"a": [1, {"b": 1.5}], "c": "1.5"}) == ["$.a[1].b"]


def test_money_storage_form() -> None:
    assert to_storage(Money(-1250, "EUR")) == {"minor": -1250, "currency": "EUR"}
    assert from_storage({"minor": 5, "currency": "JPY"}, Money) == Money(5, "JPY")


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


def _drop(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.pop(key)


DOCUMENT_DAMAGE = {
    "missing id": _drop("id"),
    "missing currency": _drop("currency"),
    "float minor": _set("lines.0.unit_price.minor", 1.29),
    "text minor": _set("lines.0.unit_price.minor", "129"),
    "bool minor": _set("lines.0.unit_price.minor", True),
    "money as text": _set("lines.0.unit_price", "1.29"),
    "money without currency": _set("lines.0.unit_price", {"minor": 129}),
    "money is null": _set("payments.0.tendered", None),
    "float quantity": _set("lines.0.quantity", 3.0),
    "quantity not a number": _set("lines.0.quantity", "three"),
    "float vat rate": _set("lines.0.vat_rate", 10.0),
    "unknown state": _set("state", "lost"),
    "unknown sold by": _set("lines.0.sold_by", "litre"),
    "unknown payment kind": _set("payments.0.kind", "cheque"),
    "bad date": _set("started_at", "yesterday"),
    "date as number": _set("started_at", 20260105),
    "lines not a list": _set("lines", "none"),
    "line not a dict": _set("lines.0", 7),
    "bad adjustment": _set("adjustment", {"kind": "discount"}),
    "negative discount": _set("adjustment", {"kind": "discount", "amount": None, "percent": "-5"}),
}


@pytest.mark.parametrize("damage", DOCUMENT_DAMAGE.values(), ids=DOCUMENT_DAMAGE.keys())
def test_malformed_document_is_refused(
    document: Document, damage: Callable[[dict[str, Any]], None]
) -> None:
    data = through_json(document)
    damage(data)
    with pytest.raises(ValidationError):
        from_storage(data, Document)


MOVEMENT_DAMAGE = {
    "missing amount": _drop("amount"),
    "zero amount": _set("amount.minor", 0),
    "float amount": _set("amount.minor", 250.0),
    "empty reason": _set("reason", " "),
    "reason not text": _set("reason", 5),
    "unknown kind": _set("kind", "sideways"),
    "bad date": _set("at", "12:00"),
}


@pytest.mark.parametrize("damage", MOVEMENT_DAMAGE.values(), ids=MOVEMENT_DAMAGE.keys())
def test_malformed_movement_is_refused(
    movement: CashMovement, damage: Callable[[dict[str, Any]], None]
) -> None:
    data = through_json(movement)
    damage(data)
    with pytest.raises(ValidationError):
        from_storage(data, CashMovement)


CLOSURE_DAMAGE = {
    "missing number": _drop("number"),
    "float total": _set("totals.sales_total.minor", 15.0),
    "bad by payment": _set("totals.by_payment", {"CASH": 5}),
    "bad by vat": _set("totals.by_vat", {"A": {"gross": {"minor": 1, "currency": "EUR"}}}),
    "unknown state": _set("state", "half-open"),
}


@pytest.mark.parametrize("damage", CLOSURE_DAMAGE.values(), ids=CLOSURE_DAMAGE.keys())
def test_malformed_closure_is_refused(
    closure: Closure, damage: Callable[[dict[str, Any]], None]
) -> None:
    data = through_json(closure)
    damage(data)
    with pytest.raises(ValidationError):
        from_storage(data, Closure)


@pytest.mark.parametrize("data", [None, [], "document", 42])
def test_not_even_an_object_is_refused(data: Any) -> None:
    with pytest.raises(ValidationError):
        from_storage(data, Document)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_decimal_is_refused(document: Document, value: str) -> None:
    data = through_json(document)
    data["lines"][0]["quantity"] = value
    with pytest.raises(ValidationError):
        from_storage(data, Document)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("lines.0.voided", "false"),
        ("lines.0.voided", 0),
        ("lines.0.line_no", 1.7),
        ("lines.0.line_no", True),
        ("receipt_number", "1"),
        ("lines.0.quantity", True),
        ("lines.0.name", 42),
    ],
)
def test_loosely_typed_scalars_are_refused(document: Document, path: str, value: Any) -> None:
    data = through_json(document)
    _set(path, value)(data)
    with pytest.raises(ValidationError):
        from_storage(data, Document)
