"""The ingest compiles contracts/v1 rearranged for speed (``contract_schemas.compilable``):
it must take and refuse exactly what the files as written take and refuse.

Every golden example, and every variant of it with one value removed or replaced by a
value of each JSON type (null, a number, a negative number, text, an empty text, an
object, a list, a boolean), is checked by the files compiled as written and by the
ingest's validator: the verdicts must be the same, and some of each kind must occur.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import fastjsonschema
import pytest

from adapters.rest import contract_schemas
from adapters.rest.contract_schemas import ENVELOPE, compilable, envelope_validator
from tests.support.contracts import EXAMPLES, load

REPLACEMENTS: tuple[Any, ...] = (None, 7, -1, 1.5, "x", "", {}, [], True)


def as_written() -> Callable[[Any], Any]:
    schema = copy.deepcopy(contract_schemas.schemas()[ENVELOPE])
    return fastjsonschema.compile(schema, handlers={"https": contract_schemas._copy})


def takes(validate: Callable[[Any], Any], event: Any) -> bool:
    try:
        validate(event)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


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
    written, fast = as_written(), envelope_validator()
    verdicts = {True: 0, False: 0}
    for event in (golden, *variants(golden)):
        verdict = takes(written, event)
        assert takes(fast, event) == verdict, event
        verdicts[verdict] += 1
    assert verdicts[True] > 1 and verdicts[False] > 100, verdicts


def test_the_compiled_form_has_no_reference_or_one_of_left() -> None:
    text = repr(compilable(ENVELOPE))
    assert "$ref" not in text and "oneOf" not in text
    assert "$ref" in repr(contract_schemas.schemas()[ENVELOPE])  # the files keep theirs
