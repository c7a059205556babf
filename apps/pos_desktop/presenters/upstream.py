"""The upstream in words, for the status bar and the sync screen.

What the sync worker last reported (``SyncReport``) becomes one short phrase: the state
(online, offline, connecting, or not connected in the Standalone profile), how many
events wait and how old the oldest is, when the queue tries again while it backs off,
and how many the upstream refused for good (a supervisor sends those again from the sync
screen: F11, then F5).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Protocol

from attrs import frozen

from apps.pos_desktop.sync_worker import SyncReport
from saleflex_core.queries.sync import SyncStatus


class SyncFeed(Protocol):
    """The sync worker, as the screens know it."""

    @property
    def report(self) -> SyncReport: ...

    def wake(self) -> None: ...

    def sync_now(self) -> None: ...


@frozen
class UpstreamView:
    """``state``: online, offline, connecting or not connected; ``text``: the whole phrase."""

    state: str
    depth: int
    oldest: str  # the oldest waiting event's age ("4 min"), empty when none waits
    refused: int
    text: str


def age_text(age: timedelta) -> str:
    """A duration as a cashier reads it: ``45 s``, ``12 min``, ``3 h 20 min``, ``2 d 4 h``."""
    seconds = max(0, int(age.total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if hours < 1:
        return f"{minutes} min"
    if days < 1:
        rest = minutes % 60
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    rest = hours % 24
    return f"{days} d {rest} h" if rest else f"{days} d"


def upstream_view(
    report: SyncReport | None, depth: int, now: datetime | None = None
) -> UpstreamView:
    """The phrase for ``report`` at ``now`` (without it, no ages); ``depth`` (the till's
    own count) stands in until the worker has read the outbox."""
    status = None if report is None else report.status
    if status is not None:
        depth = status.depth
    oldest = retry = ""
    if status is not None and now is not None:
        oldest, retry = _oldest(status, report, now), _retry(status, depth, now)
    refused = 0 if status is None else status.failed
    state = _state(report)
    text = _phrase(state, depth, oldest, retry)
    if refused:
        text += f"; {refused} refused (F11, F5)"
    return UpstreamView(state, depth, oldest, refused, text)


def _state(report: SyncReport | None) -> str:
    if report is None or not report.connected:
        return "not connected"
    return {None: "connecting", True: "online", False: "offline"}[report.online]


def _phrase(state: str, depth: int, oldest: str, retry: str) -> str:
    if state == "not connected":  # Standalone: nothing leaves, everything is kept
        kept = f"the outbox keeps {depth} event{'s' if depth != 1 else ''}"
        return f"not connected: {kept}" + (f", oldest {oldest}" if oldest else "")
    parts = [f"{depth} waiting"]
    if oldest:
        parts.append(f"oldest {oldest}")
    if retry:
        parts.append(retry)
    return f"{state}: {', '.join(parts)}"


def _oldest(status: SyncStatus, report: SyncReport | None, now: datetime) -> str:
    """The oldest waiting event's age now: its age when read, plus the time since."""
    if status.oldest_pending_age is None or report is None:
        return ""
    since = timedelta(0) if report.read_at is None else max(now - report.read_at, timedelta(0))
    return age_text(status.oldest_pending_age + since)


def _retry(status: SyncStatus, depth: int, now: datetime) -> str:
    """While the queue backs off: when it tries again."""
    if status.next_attempt_at is None or not depth:
        return ""
    wait = status.next_attempt_at - now
    if wait <= timedelta(0):
        return "trying again"
    return f"next try in {age_text(timedelta(seconds=math.ceil(wait.total_seconds())))}"
