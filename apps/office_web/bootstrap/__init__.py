"""OFFICE's composition root: the only place that picks adapters (SQLAlchemy for the
store database, requests for GATE, the problem handlers of ``adapters.rest``) and builds
the Flask app and the relay worker around them."""

from __future__ import annotations

import random
from collections.abc import Callable

from attrs import frozen
from flask import Flask

from adapters.http import HttpEnroller, HttpUpstream
from adapters.rest import health
from adapters.rest.openapi import ProblemApi
from adapters.rest.problems import install_problem_handlers
from adapters.rest.text_guard import refuse_nul_text
from adapters.sqlalchemy.office.database import open_office_database, read_link, readiness
from adapters.sqlalchemy.office.uow import SqlOfficeUnitOfWork
from adapters.system import SystemClock
from apps.office_web.auth import SECURITY_SCHEMES
from apps.office_web.bootstrap import terminal_api
from apps.office_web.deps import EXTENSION, OfficeDeps
from apps.office_web.relay_worker import RelayWorker
from apps.office_web.settings import OfficeSettings
from saleflex_core.domain.relay import OfficeLink
from saleflex_core.exceptions import StateError
from saleflex_core.ports.office import OfficeUnitOfWork
from saleflex_core.use_cases.gate_access import HubAuthenticator
from saleflex_core.use_cases.office_master_data import pull_from_gate
from saleflex_core.use_cases.office_relay import forward

API_PREFIX = "/api/v1"
NOT_ENROLLED = (
    "This OFFICE is not enrolled at GATE: start it once with --upstream-url URL "
    "--enrolment-code CODE (a company admin creates the store's office at GATE)"
)


@frozen
class Office:
    """A running OFFICE: the web app and the relay worker beside it (not started);
    ``close()`` lets go of the database once both are done."""

    app: Flask
    worker: RelayWorker
    close: Callable[[], None]


def create_office(settings: OfficeSettings) -> Office:
    """OFFICE on its store database (made current first); StateError before enrolment."""
    engine = open_office_database(settings.database_url)
    link = read_link(engine)
    if link is None:
        engine.dispose()
        raise StateError(NOT_ENROLLED)
    upstream_url = settings.upstream_url or link.upstream_url
    clock = SystemClock()

    def unit_of_work() -> OfficeUnitOfWork:
        return SqlOfficeUnitOfWork(engine, company_id=link.company_id)

    gate = HttpUpstream(upstream_url, link.api_key)
    jitter = random.Random()  # the back-off's jitter: spread, not secret
    worker = RelayWorker(
        lambda: forward(
            unit_of_work(), relay=gate, clock=clock, jitter=jitter, limit=settings.batch
        ),
        lambda: pull_from_gate(unit_of_work(), source=gate),
        clock.now,
        pull_every=settings.pull_every,
        idle=settings.idle,
    )
    office = OfficeDeps(
        link,
        unit_of_work,
        clock,
        HubAuthenticator(
            lambda company_id: SqlOfficeUnitOfWork(engine, company_id=company_id), clock
        ),
        lambda: HttpEnroller(upstream_url),
        worker.wake,
        lambda: readiness(engine),
    )
    return Office(build_app(office), worker, engine.dispose)


def build_app(office: OfficeDeps) -> Flask:
    """The Flask app around ready-made ports (tests may hand in their own)."""
    app = Flask("saleflex_office")
    app.config.update(
        API_TITLE="SaleFlex OFFICE",
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": "A store's relay: the terminal contract GATE answers."},
            "components": {"securitySchemes": SECURITY_SCHEMES},
        },
    )
    app.extensions[EXTENSION] = office
    api = ProblemApi(app)
    api.register_blueprint(health.blueprint(office.ready))
    terminal_api.register(app, api, office)
    refuse_nul_text(app, except_endpoints={"terminal_events.push_events"})  # per event
    install_problem_handlers(app)  # after Api(app): ours replace Flask-Smorest's
    return app


def linked(settings: OfficeSettings) -> OfficeLink | None:
    """The store database made current, and this OFFICE's link (None: not enrolled)."""
    engine = open_office_database(settings.database_url)
    try:
        return read_link(engine)
    finally:
        engine.dispose()
