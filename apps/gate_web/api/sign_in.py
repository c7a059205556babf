"""``/api/v1/auth/token``: sign in (a bearer token for company, username, password) and
sign out (the token stops working). Sign-in is throttled: 429 with ``Retry-After``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import request
from flask_smorest import Blueprint

from apps.gate_web.api.access_schemas import SignInSchema, TokenSchema
from apps.gate_web.auth import BEARER, authenticate, documented
from apps.gate_web.deps import deps
from saleflex_core.domain.credentials import TOKEN_LIFETIME
from saleflex_core.use_cases.gate_access import sign_in, sign_out

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign in and out")


@blp.route("/token", methods=["POST"])
@blp.arguments(SignInSchema)
@blp.response(201, TokenSchema)
@blp.alt_response(401, description="Wrong company, username or password")
@blp.alt_response(429, description="Too many failed sign-ins: see Retry-After")
@blp.doc(security=[])
def create_token(body: dict[str, Any]) -> dict[str, Any]:
    """Sign in: an opaque bearer token, shown once."""
    gate = deps()
    scopes = body.get("scopes")
    done = sign_in(
        gate.unit_of_work,
        clock=gate.clock,
        secrets=gate.secrets,
        passwords=gate.passwords,
        company_id=body["company_id"],
        username=body["username"],
        password=body["password"],
        scopes=None if scopes is None else frozenset(scopes),
        lifetime=timedelta(seconds=body["expires_in"]) if "expires_in" in body else TOKEN_LIFETIME,
    )
    return {
        "access_token": done.token,
        "token_type": "Bearer",
        "expires_at": done.expires_at,
        "user_id": done.user.id,
        "scopes": sorted(done.scopes),
    }


@blp.route("/token", methods=["DELETE"])
@blp.response(204)
@blp.doc(**documented(BEARER))
def delete_token() -> None:
    """Sign out: the token answers 401 from now on."""
    caller = authenticate()
    token = request.headers.get("Authorization", "").partition(" ")[2].strip()
    sign_out(deps().unit_of_work, caller=caller, token=token)
