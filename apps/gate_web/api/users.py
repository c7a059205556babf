"""``/api/v1/users``: a company's people, managed by its admins (``users:write``)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from apps.gate_web.api.access_schemas import UserChangeSchema, UserListSchema, UserSchema
from apps.gate_web.auth import BEARER, current_caller, documented, requires, unit_of_work
from apps.gate_web.deps import deps
from saleflex_core.domain.access import GateRole
from saleflex_core.use_cases.gate_people import NewUser, change_user, create_user

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="People")


@blp.route("", methods=["GET"])
@blp.response(200, UserListSchema)
@blp.doc(**documented(BEARER))
@requires("users:write")
def list_users() -> dict[str, Any]:
    """The company's users (no password hashes)."""
    with unit_of_work() as uow:
        return {"items": [u.public() for u in uow.users.all()]}


@blp.route("", methods=["POST"])
@blp.arguments(UserSchema)
@blp.response(201, UserSchema)
@blp.doc(**documented(BEARER))
@requires("users:write")
def post_user(body: dict[str, Any]) -> dict[str, Any]:
    """Add a user to the company."""
    gate = deps()
    stores = body.get("store_ids")
    answers = NewUser(
        body["username"],
        body["name"],
        body["password"],
        frozenset(GateRole(r) for r in body["roles"]),
        None if stores is None else frozenset(stores),
    )
    user = create_user(
        unit_of_work(),
        clock=gate.clock,
        ids=gate.ids,
        passwords=gate.passwords,
        caller=current_caller(),
        answers=answers,
    )
    return user.public()


@blp.route("/<user_id>", methods=["GET"])
@blp.response(200, UserSchema)
@blp.doc(**documented(BEARER))
@requires("users:write")
def get_user(user_id: str) -> dict[str, Any]:
    """One user of the company."""
    with unit_of_work() as uow:
        return uow.users.get(user_id).public()


@blp.route("/<user_id>", methods=["PATCH"])
@blp.arguments(UserChangeSchema)
@blp.response(200, UserSchema)
@blp.doc(**documented(BEARER))
@requires("users:write")
def patch_user(body: dict[str, Any], user_id: str) -> dict[str, Any]:
    """Change a user; deactivating it or changing its password or rights signs it out."""
    gate = deps()
    changes = dict(body)
    if "roles" in changes:
        changes["roles"] = frozenset(GateRole(r) for r in changes["roles"])
    if "store_ids" in changes and changes["store_ids"] is not None:
        changes["store_ids"] = frozenset(changes["store_ids"])
    user = change_user(
        unit_of_work(),
        clock=gate.clock,
        ids=gate.ids,
        passwords=gate.passwords,
        caller=current_caller(),
        user_id=user_id,
        changes=changes,
    )
    return user.public()
