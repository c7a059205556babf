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

    The compiler rewrites the references of the schemas it reads in place, so it reads
    copies: the files' own dicts stay as written for the OpenAPI components."""
    return fastjsonschema.compile(copy.deepcopy(schemas()[ENVELOPE]), handlers={"https": _copy})


def _copy(uri: str) -> Any:
    return copy.deepcopy(_local(uri))


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
