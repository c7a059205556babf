"""The v1 JSON Schemas of contracts/v1, loaded for validation in tests.

``validator(name)`` checks as a receiver does (open objects: unknown properties are
ignored). ``validator(name, strict=True)`` checks as a producer must: every object schema
is closed with ``unevaluatedProperties: false``, so nothing undeclared leaves a terminal.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts" / "v1"
EXAMPLES = CONTRACTS / "examples"
TYPES = ("sale.completed", "sale.cancelled", "closure.closed", "cash.moved")
BASE = "https://contracts.saleflex.example/v1/"


def schema_files() -> list[Path]:
    return sorted(CONTRACTS.glob("*.schema.json"))


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def closed(schema: Any) -> Any:
    """A copy of ``schema`` with every object schema that lists properties closed."""
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: closed(value) for key, value in schema.items()}
    if result.get("type") == "object" and "properties" in result:
        result["unevaluatedProperties"] = False
    return result


@cache
def _registry(strict: bool) -> Registry:
    resources = []
    for path in schema_files():
        schema = load(path)
        if strict:
            schema = closed(schema)
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


@cache
def validator(name: str, *, strict: bool = False) -> Draft202012Validator:
    """A validator for ``contracts/v1/<name>.schema.json`` ("envelope", "sale.completed", ...)."""
    registry = _registry(strict)
    schema = registry.contents(f"{BASE}{name}.schema.json")
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def errors(name: str, instance: Any, *, strict: bool = False) -> list[str]:
    """Every violation of the schema, as ``path: message`` lines (empty when valid)."""
    found = validator(name, strict=strict).iter_errors(instance)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


def example(name: str) -> Any:
    return copy.deepcopy(load(EXAMPLES / f"{name}.json"))
