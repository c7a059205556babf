"""``/healthz`` (the process answers) and ``/readyz`` (it can serve: the store database
answers at the schema this OFFICE needs). Called without credentials."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_smorest import Blueprint

from apps.office_web.deps import deps

blp = Blueprint("health", __name__, description="Liveness and readiness")


class HealthSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"example": "ok"})
    problems = ma.fields.List(ma.fields.String())


@blp.route("/healthz")
@blp.response(200, HealthSchema)
def healthz() -> dict[str, Any]:
    """The process is alive."""
    return {"status": "ok"}


@blp.route("/readyz")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="Not ready: the problems say why")
def readyz() -> Any:
    """Ready to serve: the store database answers at the schema this OFFICE needs."""
    problems = deps().ready()
    if problems:
        return {"status": "not ready", "problems": problems}, 503
    return {"status": "ready", "problems": []}
