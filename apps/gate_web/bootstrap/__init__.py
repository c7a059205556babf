"""GATE's composition root: the only place that picks adapters (SQLAlchemy, the problem
handlers of ``adapters.rest``) and builds the Flask app around them."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from adapters.passwords import Argon2Passwords
from adapters.rest import health
from adapters.rest.openapi import ProblemApi
from adapters.rest.problems import install_problem_handlers
from adapters.rest.text_guard import refuse_nul_text
from adapters.sqlalchemy.hub.database import open_hub_database, readiness_problems
from adapters.sqlalchemy.hub.uow import SqlHubUnitOfWork
from adapters.system import SystemClock, SystemSecrets, UuidIds
from apps.gate_web import api as gate_api
from apps.gate_web.auth import SECURITY_SCHEMES
from apps.gate_web.bootstrap import terminal_api
from apps.gate_web.deps import EXTENSION, GateDeps
from apps.gate_web.docs import blueprint as docs_assets
from apps.gate_web.docs import docs_config
from apps.gate_web.settings import GateSettings
from saleflex_core.ports.hub import Authenticator, HubUnitOfWork, PasswordHasher
from saleflex_core.use_cases.gate_access import HubAuthenticator

API_PREFIX = "/api/v1"


def create_app(
    settings: GateSettings | None = None,
    *,
    authenticator: Authenticator | None = None,
    passwords: PasswordHasher | None = None,
) -> Flask:
    """GATE's WSGI app on ``settings.database_url`` (an empty database gets the schema).

    People and terminals are authenticated against the hub's own tables unless another
    ``authenticator`` is given; passwords are argon2id unless ``passwords`` says."""
    settings = settings or GateSettings.from_environment()
    engine = open_hub_database(settings.database_url)

    def unit_of_work(company_id: str) -> HubUnitOfWork:
        return SqlHubUnitOfWork(engine, company_id=company_id)

    ready: Callable[[], list[str]] = lambda: readiness_problems(engine)  # noqa: E731
    clock = SystemClock()
    gate = GateDeps(
        unit_of_work,
        clock,
        UuidIds(),
        authenticator or HubAuthenticator(unit_of_work, clock),
        ready,
        passwords or Argon2Passwords(),
        SystemSecrets(),
    )
    return build_app(gate)


def build_app(gate: GateDeps) -> Flask:
    """The Flask app around ready-made ports (tests may hand in their own)."""
    app = Flask("saleflex_gate")
    app.config.update(
        API_TITLE="SaleFlex GATE",
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": "The central hub: companies, stores, terminals."},
            "components": {"securitySchemes": SECURITY_SCHEMES},
        },
        **docs_config(API_PREFIX),
    )
    app.extensions[EXTENSION] = gate
    api = ProblemApi(app)  # errors documented as the problem documents they are
    app.register_blueprint(docs_assets, url_prefix=API_PREFIX)
    api.register_blueprint(health.blueprint(gate.ready))
    gate_api.register(api)
    terminal_api.register(app, api, gate)
    refuse_nul_text(app, except_endpoints={"terminal_events.push_events"})  # per event
    install_problem_handlers(app)  # after Api(app): ours replace Flask-Smorest's
    return app
