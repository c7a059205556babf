"""``/api/v1/audit-log``: the company's changes, oldest first, in cursor pages."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from apps.gate_web.api.access_schemas import AuditPageSchema, PageArgsSchema
from apps.gate_web.auth import BEARER, documented, requires, unit_of_work

blp = Blueprint("audit_log", __name__, url_prefix="/api/v1/audit-log", description="Audit log")


@blp.route("", methods=["GET"])
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, AuditPageSchema)
@blp.doc(**documented(BEARER))
@requires("audit:read")
def audit_page(args: dict[str, Any]) -> dict[str, Any]:
    """Up to ``limit`` records after the cursor ``after``; ``next_cursor`` is None on
    the last page."""
    limit = args["limit"]
    with unit_of_work() as uow:
        found = uow.audit_log.page(int(args["after"]), limit + 1)
    items = [
        {
            "id": r.id,
            "at": r.at,
            "actor": r.actor,
            "action": r.action,
            "entity": r.entity,
            "key": r.key,
            "before": r.before,
            "after": r.after,
        }
        for _, r in found[:limit]
    ]
    more = len(found) > limit
    return {"items": items, "next_cursor": str(found[limit - 1][0]) if more else None}
