"""The terminal-facing blueprints (``adapters.rest``, shared with OFFICE), wired to
GATE's ports here because only a composition root may import an adapter."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask
from flask_smorest import Api

from adapters.rest import terminal_enrol, terminal_events, terminal_master_data
from apps.gate_web.auth import API_KEY, authenticate
from apps.gate_web.deps import GateDeps, deps
from saleflex_core.domain.access import Caller
from saleflex_core.domain.delivery import DeliveryResult
from saleflex_core.domain.ingest import IncomingEvent
from saleflex_core.ports.hub import HubUnitOfWork
from saleflex_core.use_cases import gate_ingest
from saleflex_core.use_cases.gate_terminals import Enrolled, enrol_terminal


def _enrol(code: str) -> Enrolled:
    gate = deps()
    return enrol_terminal(
        gate.unit_of_work, clock=gate.clock, ids=gate.ids, secrets=gate.secrets, code=code
    )


def _authorised(scope: str) -> Caller:
    caller = authenticate()
    caller.require(scope)
    return caller


def _company_uow(caller: Caller) -> HubUnitOfWork:
    return deps().unit_of_work(caller.company_id)


def _terminal_events(gate: GateDeps) -> terminal_events.TerminalEvents:
    """The terminals' push, received by the core's use case on the caller's company: a
    till pushes its own events, an office relays its store's tills'."""

    def caller() -> Caller:
        found = authenticate()
        found.require("events:relay" if found.is_office else "events:write")
        return found

    def receive(caller: Caller, events: Sequence[IncomingEvent]) -> list[DeliveryResult]:
        uow = gate.unit_of_work(caller.company_id)
        return gate_ingest.receive_events(uow, clock=gate.clock, caller=caller, events=events)

    return terminal_events.TerminalEvents(caller, receive)


def register(app: Flask, api: Api, gate: GateDeps) -> None:
    """Register the terminal endpoints; each part adds its line here."""
    # access
    api.register_blueprint(terminal_enrol.blueprint(_enrol))
    # feed
    api.register_blueprint(terminal_master_data.blueprint(_authorised, _company_uow, API_KEY))
    # ingest
    terminal_events.install(app, api, _terminal_events(gate))
