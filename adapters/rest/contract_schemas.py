"""``contracts/v1``'s JSON Schemas, compiled for the ingest (fastjsonschema) and copied into
the OpenAPI document (components), so the wire is checked and described by the same files.

The schemas refer to each other by their ``$id`` (``https://contracts.saleflex.example/
v1/common.schema.json#/$defs/line``); the compiler reads those from the files here, never
from the network. In OpenAPI each file becomes one component (``V1Envelope``,
``V1SaleCompleted`` ...) and each reference points at the component.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema

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
def envelope_validator() -> Callable[[Any], Any]:
    """The compiled envelope schema (with each known type's payload schema).

    The compiler reads ``compilable(ENVELOPE)``: the same checks in a form its generated
    code runs faster (see there). It rewrites what it reads in place, so it reads copies:
    the files' own dicts stay as written for the OpenAPI components."""
    return fastjsonschema.compile(compilable(ENVELOPE), handlers={"https": _copy})


def _copy(uri: str) -> Any:
    return copy.deepcopy(_local(uri))


def compilable(file_name: str) -> Any:
    """``file_name``'s schema as the ingest compiles it: the same constraints, arranged
    for fastjsonschema's generated code (a ten-line sale checked in about two thirds of
    the time; ``bench/gate_ingest.py``):

    - every ``$ref`` replaced by what it names (each was a function call building its
      path's name as a string, some 250 a ten-line sale);
    - ``{"oneOf": [X, {"type": "null"}]}``, where X has one ``type`` (not null) and no
      keyword that speaks of null, becomes X with ``"type": [X's type, "null"]``: the same
      values pass (every other keyword of X applies to X's type only), without the
      exception the generated code raised and caught for the branch that did not match.

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
