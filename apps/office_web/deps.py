"""What OFFICE's views are given: the ports, built once by ``bootstrap``."""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen
from flask import current_app

from saleflex_core.domain.relay import OfficeLink
from saleflex_core.ports import Clock, Enroller
from saleflex_core.ports.hub import Authenticator
from saleflex_core.ports.office import OfficeUnitOfWork

EXTENSION = "saleflex_office"


@frozen
class OfficeDeps:
    """``unit_of_work()`` opens a transaction on the store database (its one company);
    ``enroller()`` reaches GATE's enrolment desk; ``queued()`` tells the relay that
    events wait; ``ready()`` lists what keeps OFFICE from serving (empty when ready)."""

    link: OfficeLink
    unit_of_work: Callable[[], OfficeUnitOfWork]
    clock: Clock
    authenticator: Authenticator
    enroller: Callable[[], Enroller]
    queued: Callable[[], None]
    ready: Callable[[], list[str]]


def deps() -> OfficeDeps:
    """The running app's ports."""
    found: OfficeDeps = current_app.extensions[EXTENSION]
    return found
