"""The terminal-facing blueprints (``adapters.rest``, shared with GATE), wired to OFFICE's
ports: a till enrols through OFFICE, pushes to OFFICE's relay, pulls OFFICE's feed."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask
from flask_smorest import Api

from adapters.rest import terminal_enrol, terminal_events, terminal_master_data
from apps.office_web.auth import API_KEY, till
from apps.office_web.deps import OfficeDeps
from saleflex_core.domain.access import Caller
from saleflex_core.domain.delivery import DeliveryResult, Outcome
from saleflex_core.domain.ingest import IncomingEvent
from saleflex_core.ports.office import OfficeUnitOfWork
from saleflex_core.use_cases.gate_terminals import Enrolled
from saleflex_core.use_cases.office_enrolment import enrol_till
from saleflex_core.use_cases.office_master_data import serve_page
from saleflex_core.use_cases.office_relay import receive


def register(app: Flask, api: Api, office: OfficeDeps) -> None:
    def enrol(code: str) -> Enrolled:
        return enrol_till(
            office.unit_of_work(), enroller=office.enroller(), clock=office.clock, code=code
        )

    def caller() -> Caller:
        return till("events:write")

    def received(caller: Caller, events: Sequence[IncomingEvent]) -> list[DeliveryResult]:
        answers = receive(office.unit_of_work(), clock=office.clock, caller=caller, events=events)
        if any(answer.outcome is Outcome.ACCEPTED for answer in answers):
            office.queued()  # the relay forwards now, not at its next look
        return answers

    def unit_of_work(caller: Caller) -> OfficeUnitOfWork:
        return office.unit_of_work()

    api.register_blueprint(terminal_enrol.blueprint(enrol))
    api.register_blueprint(
        terminal_master_data.blueprint(till, unit_of_work, API_KEY, page=serve_page)
    )
    terminal_events.install(app, api, terminal_events.TerminalEvents(caller, received))
