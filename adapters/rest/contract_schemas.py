"""``contracts/v1``'s JSON Schemas, compiled for the ingest (jsonschema_rs) and copied into
the OpenAPI document (components), so the wire is checked and described by the same files.

The schemas refer to each other by their ``$id`` (``https://contracts.saleflex.example/
v1/common.schema.json#/$defs/line``); the ingest's validator is built from the files here
with every reference inlined, never from the network. In OpenAPI each file becomes one
component (``V1Envelope``, ``V1SaleCompleted`` ...) and each reference points at the
component.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts" / "v1"
BASE = "https://contracts.saleflex.example/v1/"
ENVELOPE = "envelope.schema.json"


@cache
def schemas() -> dict[str, Any]:
    """Every schema file of contracts/v1 by file name."""
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(CONTRACTS.glob("*.schema.json"))
    }


def _local(uri: str) -> Any:
    name = uri.removeprefix(BASE).split("#", 1)[0]
    if uri.startswith(BASE) and name in schemas():
        return schemas()[name]
    raise ValueError(f"contracts/v1 has no schema {uri}")


@cache
def envelope_validator() -> jsonschema_rs.Validator:
    """The envelope schema (with each known type's payload schema) as the ingest checks it.

    jsonschema_rs (compiled Rust) reads ``compilable(ENVELOPE)`` with its formats checked
    (``uuid``, ``date``, ``date-time``, as the files ask): about 30 µs a ten-line sale,
    against some 180-230 µs for the same schema compiled by fastjsonschema
    (``bench/gate_ingest_cpu.py``). ``tests/gate/test_contract_compiled.py`` holds its
    verdicts to the files' own, read by another implementation."""
    return jsonschema_rs.validator_for(compilable(ENVELOPE), validate_formats=True)


MAX_REASON = 200  # a message quoting a whole payload is cut: the path says where


def contract_problem(event: Any) -> str | None:
    """Why ``event`` is not a v1 envelope (where, and what), or None when it is one."""
    try:
        envelope_validator().validate(event)
    except jsonschema_rs.ValidationError as error:
        message = error.message
        if len(message) > MAX_REASON:
            message = message[:MAX_REASON] + "..."
        return f"{json_path(error.instance_path)}: {message}"
    return None


def json_path(parts: Sequence[str | int]) -> str:
    """``["payload", "lines", 0, "quantity"]`` -> ``data.payload.lines[0].quantity``."""
    return "data" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


def compilable(file_name: str) -> Any:
    """``file_name``'s schema as the ingest compiles it: the same constraints, in one
    document that needs no other (the validator is handed no resolver, so it can never
    fetch one), arranged to be checked with the fewest steps:

    - every ``$ref`` replaced by what it names;
    - ``{"oneOf": [X, {"type": "null"}]}``, where X has one ``type`` (not null) and no
      keyword that speaks of null, becomes X with ``"type": [X's type, "null"]``: the same
      values pass (every other keyword of X applies to X's type only), without trying
      both branches of a ``oneOf``.

    A ``$ref`` that comes back to where it is (no contract has one) stays a reference."""
    return _inlined(_absolute(schemas()[file_name], file_name), ())


NULL_AWARE = frozenset({"enum", "const", "allOf", "anyOf", "oneOf", "not", "if", "$ref"})


def _inlined(node: Any, refs: tuple[str, ...]) -> Any:
    if isinstance(node, list):
        return [_inlined(item, refs) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref not in refs and set(node) <= {"$ref", "description"}:
        return _inlined(_target(ref), (*refs, ref))
    result = {key: _inlined(value, refs) for key, value in node.items() if key != "$defs"}
    return _or_null(result)


def _or_null(node: dict[str, Any]) -> Any:
    """``{"oneOf": [X, {"type": "null"}]}`` as X that also takes null, where it can be."""
    either = node.get("oneOf")
    if set(node) - {"description"} != {"oneOf"} or not isinstance(either, list):
        return node
    if len(either) != 2 or either[1] != {"type": "null"} or not isinstance(either[0], dict):
        return node
    only: dict[str, Any] = either[0]
    if not isinstance(only.get("type"), str) or only["type"] == "null" or NULL_AWARE & set(only):
        return node
    return only | {"type": [only["type"], "null"]}


def _absolute(node: Any, here: str) -> Any:
    """A copy of ``node`` (read in the file ``here``) with every ``$ref`` a whole URI."""
    if isinstance(node, list):
        return [_absolute(item, here) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            file_name, _, pointer = value.removeprefix(BASE).partition("#")
            result[key] = f"{BASE}{file_name or here}#{pointer}"
        else:
            result[key] = _absolute(value, here)
    return result


def _target(uri: str) -> Any:
    """What the whole-URI reference ``uri`` names, its own references made whole."""
    file_name, _, pointer = uri.removeprefix(BASE).partition("#")
    node = _local(uri)
    for part in filter(None, pointer.split("/")):
        node = node[part]
    return _absolute(node, file_name)


def component_name(file_name: str) -> str:
    """``sale.completed.schema.json`` -> ``V1SaleCompleted``."""
    stem = file_name.removesuffix(".schema.json")
    return "V1" + "".join(part.capitalize() for part in stem.replace("_", ".").split("."))


def openapi_components() -> dict[str, Any]:
    """Each schema file as an OpenAPI 3.1 component, and each of its ``$defs`` as one of
    its own (``common.schema.json#/$defs/uuid`` -> ``V1CommonUuid``): references point
    at components only, which every OpenAPI tool (and client generator) can follow."""
    found: dict[str, Any] = {}
    for name, schema in schemas().items():
        body = {k: v for k, v in schema.items() if k != "$defs"}
        found[component_name(name)] = _rewrite(body, name)
        for part, definition in schema.get("$defs", {}).items():
            found[_def_name(name, part)] = _rewrite(definition, name)
    return found


def _def_name(file_name: str, part: str) -> str:
    """``common.schema.json`` + ``line`` -> ``V1CommonLine``."""
    return component_name(file_name) + "".join(w.capitalize() for w in part.split("_"))


def _rewrite(node: Any, here: str) -> Any:
    if isinstance(node, list):
        return [_rewrite(item, here) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("$id", "$schema"):
            continue  # the component's place is its identity in the document
        if key == "$ref" and isinstance(value, str):
            result[key] = _component_ref(value, here)
        else:
            result[key] = _rewrite(value, here)
    return result


def _component_ref(ref: str, here: str) -> str:
    file_name, _, pointer = ref.removeprefix(BASE).partition("#")
    file_name = file_name or here
    if not pointer:
        return f"#/components/schemas/{component_name(file_name)}"
    prefix = "/$defs/"
    if not pointer.startswith(prefix) or "/" in pointer.removeprefix(prefix):
        raise ValueError(f"contracts/v1: a reference OpenAPI cannot name: {ref}")
    return f"#/components/schemas/{_def_name(file_name, pointer.removeprefix(prefix))}"
