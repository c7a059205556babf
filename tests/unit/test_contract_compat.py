"""contracts/v1 stays a contract: valid schemas, open to additions, every golden accepted
for ever, and the builders still saying what each golden says.

A failure here means a change is not additive: it needs contracts/v2, not an edit of v1 or
of a golden (see contracts/v1/README.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from saleflex_core.contract import cash_payload, closure_payload, envelope, sale_payload
from tests.support.contract_day import Day, Record, day
from tests.support.contracts import (
    BASE,
    EXAMPLES,
    TYPES,
    errors,
    example,
    load,
    schema_files,
)

GOLDENS = sorted(path.stem for path in EXAMPLES.glob("*.json"))

# Which fixed input of contract_day made each golden.
BUILT: dict[str, Callable[[Day], dict[str, Any]]] = {
    "sale.completed": lambda d: sale_payload(d.sale),
    "sale.cancelled": lambda d: sale_payload(d.cancelled),
    "closure.closed": lambda d: closure_payload(d.closure),
    "cash.moved": lambda d: cash_payload(d.pickup),
    "cash.moved.no-approval": lambda d: cash_payload(d.float_in),
}


def says_all_of(made: Any, golden: Any, path: str = "$") -> list[str]:
    """Where ``made`` does not say what ``golden`` says; properties ``made`` adds are fine."""
    if isinstance(golden, dict):
        if not isinstance(made, dict):
            return [f"{path}: not an object"]
        return [
            problem
            for key, value in golden.items()
            for problem in (
                says_all_of(made[key], value, f"{path}.{key}")
                if key in made
                else [f"{path}.{key}: missing"]
            )
        ]
    if isinstance(golden, list):
        if not isinstance(made, list) or len(made) != len(golden):
            return [f"{path}: not a list of {len(golden)}"]
        return [
            p
            for i, pair in enumerate(zip(made, golden, strict=True))
            for p in says_all_of(*pair, f"{path}[{i}]")
        ]
    return (
        [] if made == golden and type(made) is type(golden) else [f"{path}: {made!r} != {golden!r}"]
    )


def closed_somewhere(schema: Any) -> list[str]:
    if isinstance(schema, list):
        return [found for item in schema for found in closed_somewhere(item)]
    if not isinstance(schema, dict):
        return []
    here = [k for k in ("additionalProperties", "unevaluatedProperties") if schema.get(k) is False]
    return here + [found for value in schema.values() for found in closed_somewhere(value)]


@pytest.mark.parametrize("path", schema_files(), ids=lambda p: p.name)
def test_every_schema_is_a_draft_2020_12_schema_named_by_its_file(path: Any) -> None:
    schema = load(path)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == BASE + path.name


@pytest.mark.parametrize("path", schema_files(), ids=lambda p: p.name)
def test_no_schema_closes_an_object_so_receivers_accept_additions(path: Any) -> None:
    assert closed_somewhere(load(path)) == []


def test_every_type_has_a_payload_schema_and_a_golden() -> None:
    names = {path.name for path in schema_files()}
    for event_type in TYPES:
        assert f"{event_type}.schema.json" in names
        assert event_type in GOLDENS
        assert example(event_type)["type"] == event_type


@pytest.mark.parametrize("name", GOLDENS)
def test_every_golden_is_accepted_for_ever(name: str) -> None:
    golden = example(name)
    assert errors("envelope", golden) == []
    assert errors("envelope", golden, strict=True) == []
    assert errors(golden["type"], golden["payload"]) == []


@pytest.mark.parametrize("name", GOLDENS)
def test_the_builders_still_say_what_every_golden_says(name: str) -> None:
    golden = example(name)
    made = BUILT[name](day())
    assert errors(golden["type"], made, strict=True) == []
    assert says_all_of(made, golden["payload"]) == []


@pytest.mark.parametrize("name", GOLDENS)
def test_the_envelope_renders_an_outbox_item_as_the_golden(name: str) -> None:
    golden = example(name)
    record = Record(
        event_id=golden["event_id"],
        event_type=golden["type"],
        sequence=golden["sequence"],
        occurred_at=datetime.fromisoformat(golden["occurred_at"]),
        payload=BUILT[name](day()),
    )
    rendered = envelope(record)
    assert errors("envelope", rendered, strict=True) == []
    assert says_all_of(rendered, golden) == []


def test_a_receiver_accepts_properties_and_types_it_does_not_know() -> None:
    golden = example("sale.completed")
    golden["origin"] = "v1.4 terminal"
    golden["payload"]["loyalty"] = {"card": "123"}
    golden["payload"]["lines"][0]["promotion_id"] = "P-7"
    assert errors("envelope", golden) == []
    # ... which a producer may not send before the schema says them.
    assert len(errors("envelope", golden, strict=True)) == 3
    unknown = example("cash.moved") | {"type": "gift_card.sold", "payload": {"card": "9"}}
    assert errors("envelope", unknown) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda e: e["payload"]["totals"]["total"].update(minor=5.34), "minor"),
        (lambda e: e["payload"]["lines"][0].update(quantity=0.75), "quantity"),
        (lambda e: e["payload"]["lines"][0].update(quantity="7.5E-1"), "quantity"),
        (lambda e: e["payload"]["vat"][0].update(rate="19%"), "rate"),
        (lambda e: e.update(occurred_at="2026-03-14T08:44:02"), "occurred_at"),
        (lambda e: e.update(business_date="14.03.2026"), "business_date"),
        (lambda e: e.update(sequence=0), "sequence"),
        (lambda e: e.update(schema_version=2), "schema_version"),
        (lambda e: e.update(event_id="sale.completed:doc-1"), "event_id"),
        (lambda e: e.update(terminal_id="T01"), "terminal_id"),
        (lambda e: e["payload"].pop("receipt"), "receipt"),
        (lambda e: e["payload"]["payments"][1].update(kind="bitcoin"), "kind"),
        (lambda e: e["payload"]["totals"]["total"].update(currency="eur"), "currency"),
    ],
)
def test_what_breaks_the_contract_is_refused(change: Callable[[Any], object], where: str) -> None:
    golden = example("sale.completed")
    change(golden)
    found = errors("envelope", golden)
    assert found and any(where in problem for problem in found), found
