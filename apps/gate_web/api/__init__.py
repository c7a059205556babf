"""GATE's REST API (``/api/v1``): one Flask-Smorest blueprint per resource family."""

from __future__ import annotations

from flask_smorest import Api

from apps.gate_web.api import (
    audit_log,
    companies,
    ingest,
    master_data,
    master_data_import,
    sign_in,
    stores,
    terminals,
    users,
)


def register(api: Api) -> None:
    """Register every blueprint of the API; each part adds its line here."""
    # access
    for blueprint in (sign_in, companies, users, stores, terminals, audit_log):
        api.register_blueprint(blueprint.blp)
    # feed
    api.register_blueprint(master_data.blp)
    api.register_blueprint(master_data_import.blp)
    # ingest
    api.register_blueprint(ingest.blp)
