"""What GATE's views are given: the ports, built once by ``bootstrap`` per app."""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen
from flask import current_app

from saleflex_core.ports import Authenticator, Clock, HubUnitOfWork, IdGenerator

EXTENSION = "saleflex_gate"


@frozen
class GateDeps:
    """``unit_of_work(company_id)`` opens one company's transaction; ``ready()`` lists
    what keeps GATE from serving (empty when ready)."""

    unit_of_work: Callable[[str], HubUnitOfWork]
    clock: Clock
    ids: IdGenerator
    authenticator: Authenticator
    ready: Callable[[], list[str]]


def deps() -> GateDeps:
    """The running app's ports."""
    found: GateDeps = current_app.extensions[EXTENSION]
    return found
