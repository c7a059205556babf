"""GATE's composition root: the only place that picks adapters (SQLAlchemy, the problem
handlers of ``adapters.rest``) and builds the Flask app around them."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask_smorest import Api

from adapters.rest import terminal_master_data
from adapters.rest.problems import install_problem_handlers
from adapters.sqlalchemy.hub.database import open_hub_database, readiness_problems
from adapters.sqlalchemy.hub.uow import SqlHubUnitOfWork
from adapters.system import SystemClock, UuidIds
from apps.gate_web import api as gate_api
from apps.gate_web.auth import API_KEY, SECURITY_SCHEMES, authenticate
from apps.gate_web.deps import EXTENSION, GateDeps, deps
from apps.gate_web.settings import GateSettings
from saleflex_core.domain.access import Caller
from saleflex_core.exceptions import AuthenticationFailed
from saleflex_core.ports import Authenticator, HubUnitOfWork

API_PREFIX = "/api/v1"


class NoCredentials:
    """Refuses every credential: the authenticator until people and keys exist."""

    def person(self, token: str) -> Caller:
        raise AuthenticationFailed("This token is not valid")

    def terminal(self, api_key: str) -> Caller:
        raise AuthenticationFailed("This API key is not valid")


def create_app(
    settings: GateSettings | None = None, *, authenticator: Authenticator | None = None
) -> Flask:
    """GATE's WSGI app on ``settings.database_url`` (an empty database gets the schema)."""
    settings = settings or GateSettings.from_environment()
    engine = open_hub_database(settings.database_url)

    def unit_of_work(company_id: str) -> HubUnitOfWork:
        return SqlHubUnitOfWork(engine, company_id=company_id)

    ready: Callable[[], list[str]] = lambda: readiness_problems(engine)  # noqa: E731
    gate = GateDeps(unit_of_work, SystemClock(), UuidIds(), authenticator or NoCredentials(), ready)
    return build_app(gate)


def _authorised(scope: str) -> Caller:
    caller = authenticate()
    caller.require(scope)
    return caller


def _company_uow(caller: Caller) -> HubUnitOfWork:
    return deps().unit_of_work(caller.company_id)


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
    )
    app.extensions[EXTENSION] = gate
    api = Api(app)
    gate_api.register(api)
    api.register_blueprint(terminal_master_data.blueprint(_authorised, _company_uow, API_KEY))
    install_problem_handlers(app)  # after Api(app): ours replace Flask-Smorest's
    return app
