"""The terminal-facing blueprints (``adapters.rest``, shared with OFFICE), wired to
GATE's ports here because only a composition root may import an adapter."""

from __future__ import annotations

from flask_smorest import Api

from adapters.rest import terminal_enrol
from apps.gate_web.deps import deps
from saleflex_core.use_cases.gate_terminals import Enrolled, enrol_terminal


def _enrol(code: str) -> Enrolled:
    gate = deps()
    return enrol_terminal(
        gate.unit_of_work, clock=gate.clock, ids=gate.ids, secrets=gate.secrets, code=code
    )


def register(api: Api) -> None:
    """Register the terminal endpoints; each part adds its line here."""
    # access
    api.register_blueprint(terminal_enrol.blueprint(_enrol))
    # feed
    # ingest
