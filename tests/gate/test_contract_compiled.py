"""The ingest checks contracts/v1 rearranged for speed (``contract_schemas.compilable``)
with jsonschema_rs: it must take and refuse exactly what the files as written take and
refuse, read by another implementation (fastjsonschema, following the files' references).

Every golden example, and every variant of it with one value removed or replaced by a
value of each JSON type (null, a number, a negative number, text, an empty text, an
object, a list, a boolean), is checked by the files compiled as written and by the
ingest's validator: the verdicts must be the same, and some of each kind must occur.
The formats the files name (uuid, date, date-time) are checked alike, value by value.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterator
from typing import Any

import fastjsonschema
import pytest

from adapters.rest import contract_schemas
from adapters.rest.contract_schemas import ENVELOPE, compilable, contract_problem
from tests.support.contracts import EXAMPLES, load

REPLACEMENTS: tuple[Any, ...] = (None, 7, -1, 1.5, "x", "", {}, [], True)


@functools.cache
def as_written() -> Callable[[Any], Any]:
    schema = copy.deepcopy(contract_schemas.schemas()[ENVELOPE])
    return fastjsonschema.compile(schema, handlers={"https": _file})


def _file(uri: str) -> Any:
    return copy.deepcopy(contract_schemas._local(uri))


def takes(validate: Callable[[Any], Any], event: Any) -> bool:
    try:
        validate(event)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def ingest_takes(event: Any) -> bool:
    return contract_problem(event) is None


def variants(node: Any) -> Iterator[Any]:
    """``node`` with one value removed or replaced, for each value anywhere in it."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield {k: v for k, v in node.items() if k != key}
            for other in (*REPLACEMENTS, *variants(value)):
                yield node | {key: other}
    elif isinstance(node, list):
        for index, value in enumerate(node):
            for other in (*REPLACEMENTS, *variants(value)):
                yield [*node[:index], other, *node[index + 1 :]]


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.json")))
def test_the_compiled_form_takes_and_refuses_what_the_files_do(example: str) -> None:
    golden = load(EXAMPLES / example)
    written = as_written()
    verdicts = {True: 0, False: 0}
    for event in (golden, *variants(golden)):
        verdict = takes(written, event)
        assert ingest_takes(event) == verdict, event
        verdicts[verdict] += 1
    assert verdicts[True] > 1 and verdicts[False] > 100, verdicts


def test_the_compiled_form_has_no_reference_or_one_of_left() -> None:
    text = repr(compilable(ENVELOPE))
    assert "$ref" not in text and "oneOf" not in text
    assert "$ref" in repr(contract_schemas.schemas()[ENVELOPE])  # the files keep theirs


SALE = "sale.completed.json"
FORMATS = {
    "occurred_at": [
        "2026-03-14T08:44:02+00:00",
        "2026-03-14T08:44:02.123456Z",
        "2026-03-14T09:44:02+01:00",
        "2026-03-14T08:44:02",  # no offset
        "2026-03-14t08:44:02z",
        "2026-03-14 08:44:02Z",
        "2026-03-14T08:44:02+0100",
        "2026-02-30T08:44:02Z",
        "2026-03-14T24:00:00Z",
        "2026-03-14T08:44:02+25:00",
        "2026-3-14T08:44:02Z",
    ],
    "business_date": ["2026-03-14", "2026-02-29", "2026-02-30", "2026-3-14", "20260314"],
    "event_id": [
        "c8a1f2e3-4b5c-4d6e-8f70-8192a3b4c5d6",
        "C8A1F2E3-4B5C-4D6E-8F70-8192A3B4C5D6",
        "c8a1f2e34b5c4d6e8f708192a3b4c5d6",
        "urn:uuid:c8a1f2e3-4b5c-4d6e-8f70-8192a3b4c5d6",
    ],
}


@pytest.mark.parametrize(
    ("field", "value"), [(f, v) for f, values in FORMATS.items() for v in values]
)
def test_formats_are_checked_as_the_files_ask(field: str, value: str) -> None:
    event = load(EXAMPLES / SALE) | {field: value}
    assert ingest_takes(event) == takes(as_written(), event), value


def test_a_leap_second_is_refused_by_the_ingest_alone() -> None:
    """The one value found where the two differ: RFC 3339 allows second 60, which
    fastjsonschema takes; jsonschema_rs refuses it, and so must GATE, whose instants
    (Python's datetime, PostgreSQL's timestamptz) cannot hold it: taken, it was a 500."""
    event = load(EXAMPLES / SALE) | {"occurred_at": "2026-03-14T08:44:60Z"}
    assert takes(as_written(), event)
    assert (
        contract_problem(event) == 'data.occurred_at: "2026-03-14T08:44:60Z" is not a "date-time"'
    )


def test_a_refusal_says_where_and_what() -> None:
    event = load(EXAMPLES / SALE)
    event["payload"]["lines"][0]["quantity"] = 5
    assert contract_problem(event) == 'data.payload.lines[0].quantity: 5 is not of type "string"'
    missing = {k: v for k, v in load(EXAMPLES / SALE).items() if k != "type"}
    assert contract_problem(missing) == 'data: "type" is a required property'
