"""``/api/v1/terminals``: a company's terminals, their enrolment codes and API keys.

Creating a terminal answers its one-time enrolment code; a new code can be asked for
(a disk swap). API keys rotate (the previous key keeps working for a grace period) and
are revoked one by one. Codes and keys are shown once, in the answer that makes them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_smorest import Blueprint

from apps.gate_web.api.access_schemas import (
    ApiKeyListSchema,
    ApiKeySchema,
    EnrolmentCodeSchema,
    NewApiKeySchema,
    NewTerminalSchema,
    RotateSchema,
    TerminalListSchema,
    TerminalSchema,
)
from apps.gate_web.auth import BEARER, current_caller, documented, requires, unit_of_work
from apps.gate_web.deps import deps
from saleflex_core.domain.credentials import ApiKey
from saleflex_core.domain.organisation import TerminalKind
from saleflex_core.use_cases.gate_terminals import (
    create_terminal,
    kind_of,
    new_enrolment_code,
    reachable_terminal,
    revoke_key,
    rotate_key,
    terminal_record,
)

blp = Blueprint("terminals", __name__, url_prefix="/api/v1/terminals", description="Terminals")


@blp.route("", methods=["GET"])
@blp.response(200, TerminalListSchema)
@blp.doc(**documented(BEARER))
@requires("terminals:read")
def list_terminals() -> dict[str, Any]:
    """The terminals of the stores the caller reaches."""
    caller = current_caller()
    with unit_of_work() as uow:
        found = [t for t in uow.organisation.terminals() if caller.reaches_store(t.store_id)]
        offices = uow.offices.ids()
    kinds = {True: TerminalKind.OFFICE, False: TerminalKind.TILL}
    return {"items": [terminal_record(t, kinds[t.id in offices]) for t in found]}


@blp.route("", methods=["POST"])
@blp.arguments(NewTerminalSchema)
@blp.response(201, EnrolmentCodeSchema)
@blp.doc(**documented(BEARER))
@requires("terminals:write")
def post_terminal(body: dict[str, Any]) -> dict[str, Any]:
    """Create a terminal (a till, or the store's office): its one-time enrolment code is
    in the answer, only there."""
    gate = deps()
    terminal, issued = create_terminal(
        unit_of_work(),
        clock=gate.clock,
        ids=gate.ids,
        secrets=gate.secrets,
        caller=current_caller(),
        store_id=body["store_id"],
        code=body["code"],
        name=body["name"],
        cash_out_limit=body["cash_out_limit"],
        kind=TerminalKind(body["kind"]),
    )
    record = terminal_record(terminal, TerminalKind(body["kind"]))
    return {"terminal": record, "enrolment_code": issued.secret, "expires_at": issued.expires_at}


@blp.route("/<terminal_id>", methods=["GET"])
@blp.response(200, TerminalSchema)
@blp.doc(**documented(BEARER))
@requires("terminals:read")
def get_terminal(terminal_id: str) -> dict[str, Any]:
    """One terminal of a store the caller reaches."""
    with unit_of_work() as uow:
        terminal = reachable_terminal(uow, current_caller(), terminal_id)
        return terminal_record(terminal, kind_of(uow, terminal_id))


@blp.route("/<terminal_id>/enrolment-code", methods=["POST"])
@blp.response(201, EnrolmentCodeSchema)
@blp.doc(**documented(BEARER))
@requires("terminals:write")
def post_enrolment_code(terminal_id: str) -> dict[str, Any]:
    """A new one-time enrolment code (the previous one stops working)."""
    gate, caller = deps(), current_caller()
    issued = new_enrolment_code(
        unit_of_work(),
        clock=gate.clock,
        ids=gate.ids,
        secrets=gate.secrets,
        caller=caller,
        terminal_id=terminal_id,
    )
    with unit_of_work() as uow:
        record = terminal_record(uow.organisation.terminal(terminal_id), kind_of(uow, terminal_id))
    return {"terminal": record, "enrolment_code": issued.secret, "expires_at": issued.expires_at}


@blp.route("/<terminal_id>/api-keys", methods=["GET"])
@blp.response(200, ApiKeyListSchema)
@blp.doc(**documented(BEARER))
@requires("terminals:read")
def list_api_keys(terminal_id: str) -> dict[str, Any]:
    """The terminal's API keys (never the keys themselves)."""
    now = deps().clock.now()
    with unit_of_work() as uow:
        reachable_terminal(uow, current_caller(), terminal_id)
        keys = uow.terminal_keys.for_terminal(terminal_id)
    return {"items": [_key(k, now) for k in keys]}


@blp.route("/<terminal_id>/api-keys", methods=["POST"])
@blp.arguments(RotateSchema)
@blp.response(201, NewApiKeySchema)
@blp.doc(**documented(BEARER))
@requires("terminals:write")
def post_api_key(body: dict[str, Any], terminal_id: str) -> dict[str, Any]:
    """Rotate: a new key, shown once; the previous one works for ``grace_seconds``."""
    gate = deps()
    issued = rotate_key(
        unit_of_work(),
        clock=gate.clock,
        ids=gate.ids,
        secrets=gate.secrets,
        caller=current_caller(),
        terminal_id=terminal_id,
        grace=timedelta(seconds=body["grace_seconds"]),
    )
    return {"id": issued.key_id, "api_key": issued.secret}


@blp.route("/<terminal_id>/api-keys/<key_id>", methods=["DELETE"])
@blp.response(200, ApiKeySchema)
@blp.doc(**documented(BEARER))
@requires("terminals:write")
def delete_api_key(terminal_id: str, key_id: str) -> dict[str, Any]:
    """Revoke a key at once."""
    gate = deps()
    key = revoke_key(
        unit_of_work(),
        clock=gate.clock,
        ids=gate.ids,
        caller=current_caller(),
        terminal_id=terminal_id,
        key_id=key_id,
    )
    return _key(key, gate.clock.now())


def _key(key: ApiKey, now: datetime) -> dict[str, Any]:
    return {
        "id": key.id,
        "created_at": key.created_at,
        "expires_at": key.expires_at,
        "revoked_at": key.revoked_at,
        "valid": key.valid_at(now),
    }
