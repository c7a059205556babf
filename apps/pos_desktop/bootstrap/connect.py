"""Enrolment from the register window: a new data folder's first start, or a running
register whose books are empty (a supervisor's "Connect to OFFICE / GATE").

Either way the register that comes out is opened as every start opens one: it finds its
terminal by the id ``upstream.toml`` names, and its sync worker talks to that upstream.
"""

from __future__ import annotations

from apps.pos_desktop.bootstrap import RunningTill, open_register
from apps.pos_desktop.bootstrap.upstream import enrol_here, enrol_locked
from apps.pos_desktop.settings import PosSettings
from saleflex_core.logger import get_logger

log = get_logger(__name__)


def enrol_new(settings: PosSettings, url: str, code: str) -> RunningTill:
    """A new data folder enrolled (its database created), then its register opened."""
    enrol_locked(settings, url, code, progress=None)
    return open_register(settings)


def enrol_running(running: RunningTill, settings: PosSettings, url: str, code: str) -> RunningTill:
    """Enrol the register ``running`` serves, then open it again under its new identity.

    ``running`` holds the terminal's lock throughout (no other register starts meanwhile)
    and goes on unchanged when enrolment refuses: a code upstream refuses, an upstream
    that does not answer, books of its own (a sale, even one in progress, a cash movement
    or a Z: its receipts and events carry its identity). Its sync worker only reads while
    it is Standalone, so nothing writes under the old identity while it is dropped. Only
    once enrolled is it closed, and the enrolled register opened in its place.
    """
    enrolment = enrol_here(settings.data_dir, settings.database_url, url, code, progress=None)
    log.info("Enrolled from the window as terminal %s: reopening", enrolment.terminal.code)
    running.close()
    return open_register(settings)
