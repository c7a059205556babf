"""``/healthz`` (the process answers) and ``/readyz`` (it can serve: its database answers
at the schema it needs). Load balancers call them without credentials.

One blueprint for GATE and OFFICE alike, built around the app's ``ready()`` (the problems
keeping it from serving; empty when ready), as the terminal blueprints are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import marshmallow as ma
from flask_smorest import Blueprint


class HealthSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"example": "ok"})
    problems = ma.fields.List(ma.fields.String())


def blueprint(ready: Callable[[], list[str]]) -> Blueprint:
    """The health blueprint, asking ``ready()`` at each ``/readyz``."""
    blp = Blueprint("health", __name__, description="Liveness and readiness")

    @blp.route("/healthz")
    @blp.response(200, HealthSchema)
    def healthz() -> dict[str, Any]:
        """The process is alive."""
        return {"status": "ok"}

    @blp.route("/readyz")
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema, description="Not ready: the problems say why")
    def readyz() -> Any:
        """Ready to serve: the database answers and its schema is the one this app needs."""
        problems = ready()
        if problems:
            return {"status": "not ready", "problems": problems}, 503
        return {"status": "ready", "problems": []}

    return blp
