"""``/api/v1/stores``: a company's stores (with their time zones). Store managers see
only their stores; another's answers 404."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from apps.gate_web.api.access_schemas import StoreChangeSchema, StoreListSchema, StoreSchema
from apps.gate_web.auth import BEARER, current_caller, documented, requires, unit_of_work
from apps.gate_web.deps import deps
from saleflex_core.domain.money import known_currency
from saleflex_core.domain.organisation import Store
from saleflex_core.use_cases.gate_stores import (
    change_store,
    create_store,
    reachable_store,
    remove_store,
    store_record,
)

blp = Blueprint("stores", __name__, url_prefix="/api/v1/stores", description="Stores")


@blp.route("", methods=["GET"])
@blp.response(200, StoreListSchema)
@blp.doc(**documented(BEARER))
@requires("stores:read")
def list_stores() -> dict[str, Any]:
    """The stores the caller reaches."""
    caller = current_caller()
    with unit_of_work() as uow:
        stores = [s for s in uow.stores.all() if caller.reaches_store(s.id)]
    return {"items": [store_record(s) for s in stores]}


@blp.route("", methods=["POST"])
@blp.arguments(StoreSchema)
@blp.response(201, StoreSchema)
@blp.doc(**documented(BEARER))
@requires("stores:write")
def post_store(body: dict[str, Any]) -> dict[str, Any]:
    """Add a store: its currency is fixed from now on."""
    caller, gate = current_caller(), deps()
    store = Store(
        body["id"],
        caller.company_id,
        body["name"].strip(),
        known_currency(body["currency"]),
        tuple(body["header"]),
        tuple(body["footer"]),
        body["qr_template"],
        body["timezone"],
    )
    done = create_store(unit_of_work(), clock=gate.clock, ids=gate.ids, caller=caller, store=store)
    return store_record(done)


@blp.route("/<store_id>", methods=["GET"])
@blp.response(200, StoreSchema)
@blp.doc(**documented(BEARER))
@requires("stores:read")
def get_store(store_id: str) -> dict[str, Any]:
    """One store the caller reaches."""
    with unit_of_work() as uow:
        return store_record(reachable_store(uow, current_caller(), store_id))


@blp.route("/<store_id>", methods=["PATCH"])
@blp.arguments(StoreChangeSchema)
@blp.response(200, StoreSchema)
@blp.doc(**documented(BEARER))
@requires("stores:write")
def patch_store(body: dict[str, Any], store_id: str) -> dict[str, Any]:
    """Change a store's name, receipt texts or time zone."""
    gate, changes = deps(), dict(body)
    for field in ("header", "footer"):
        if field in changes:
            changes[field] = tuple(changes[field])
    store = change_store(
        unit_of_work(),
        clock=gate.clock,
        ids=gate.ids,
        caller=current_caller(),
        store_id=store_id,
        changes=changes,
    )
    return store_record(store)


@blp.route("/<store_id>", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(409, description="The store has terminals or data")
@blp.doc(**documented(BEARER))
@requires("stores:write")
def delete_store(store_id: str) -> None:
    """Remove a store without terminals."""
    gate = deps()
    remove_store(
        unit_of_work(), clock=gate.clock, ids=gate.ids, caller=current_caller(), store_id=store_id
    )
