"""The ``saleflex enrol`` and ``saleflex sync ...`` commands (see the package's doc).

A long catch-up (thousands of events after days offline, a first pull of a large
catalogue) shows a progress bar on stderr (rich); stdout gets one summary line a step.
"""

from __future__ import annotations

import argparse
import getpass
import os
import random
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from adapters.http import HttpUpstream
from apps.pos_desktop.bootstrap import RunningTill, open_register
from apps.pos_desktop.bootstrap.upstream import (
    enrol_locked,
    outbox_report,
    pull_everything,
    upstream_for,
)
from apps.pos_desktop.settings import PosSettings
from apps.pos_desktop.upstream_link import PullProgress
from saleflex_core import Devices
from saleflex_core.domain.enrolment import continuation
from saleflex_core.exceptions import StateError, ValidationError

SUPERVISOR_PIN_VARIABLE = "SALEFLEX_SUPERVISOR_PIN"
STANDALONE = (
    "Standalone: this register has no upstream, so its outbox keeps every event until it "
    "is enrolled (saleflex enrol --url URL --code CODE)"
)


def enrol(settings: PosSettings, args: argparse.Namespace) -> int:
    url = args.url or (settings.upstream.url if settings.upstream else None)
    if not url:
        raise ValidationError("Give the upstream's URL: saleflex enrol --url URL --code CODE")
    code = args.code or _ask("Enrolment code: ", secret=False)
    with _pull_bar() as progress:
        done = enrol_locked(settings, url, code, progress=progress)
    goes_on = continuation(done.counters)
    print(
        f"Enrolled as terminal {done.terminal.code} ({done.terminal.id}) of {done.store.name}, "
        f"{done.company_name}, at {url}"
    )
    print(
        f"Numbering continues at closure {goes_on.closure_number}, receipt "
        f"{goes_on.next_receipt}, event {goes_on.last_sequence + 1}"
    )
    return 0


def status(settings: PosSettings, args: argparse.Namespace) -> int:
    report = outbox_report(settings)
    state, terminal = report.status, report.terminal
    print(f"Terminal {terminal.code} ({terminal.id})")
    print(STANDALONE if report.link is None else f"Gate-connected: upstream {report.link.url}")
    age = "" if state.oldest_pending_age is None else f", oldest {_age(state.oldest_pending_age)}"
    print(f"Waiting: {state.depth}{age}")
    print(f"Refused (parked): {state.failed}")
    for item in report.parked:
        print(f"  {item.event_id}  #{item.sequence} {item.event_type}: {item.last_error}")
    if state.last_success_at is not None:
        print(f"Last delivery: {state.last_success_at:%Y-%m-%d %H:%M:%S} UTC")
    if state.last_error is not None and state.last_error_at is not None:
        print(f"Last error ({state.last_error_at:%Y-%m-%d %H:%M:%S} UTC): {state.last_error}")
    if state.next_attempt_at is not None:
        print(f"Backing off: next attempt at {state.next_attempt_at:%H:%M:%S} UTC")
    return 0


def run(settings: PosSettings, args: argparse.Namespace) -> int:
    if not 1 <= args.batch <= 500:
        raise ValidationError("--batch is 1 to 500 events")
    with _register(settings) as till:
        upstream = _upstream(settings)
        register = till.register
        total = register.sync_status().depth
        sent = parked = 0
        error = None
        with _bar("Sending", total) as advance:
            while error is None:
                result = register.push_outbox(upstream, random.SystemRandom(), limit=args.batch)
                sent, parked = sent + result.sent, parked + result.parked
                advance(result.sent + result.parked)
                error = result.error or _waiting(result.next_attempt_at, result.sent)
                if result.pending == 0 or result.sent + result.parked == 0:
                    break
        upstream.close()
    print(f"Sent {sent}, refused and parked {parked}, waiting {result.pending}")
    if error is not None:
        print(f"saleflex: stopped: {error}; the events wait and go out later", file=sys.stderr)
        return 1
    return 0


def retry(settings: PosSettings, args: argparse.Namespace) -> int:
    pin = os.environ.get(SUPERVISOR_PIN_VARIABLE) or _ask("Supervisor PIN: ", secret=True)
    with _register(settings) as till:
        till.register.sign_in(args.supervisor, pin)
        item = till.register.retry_event(args.event_id)
        till.register.sign_out()
    print(f"Event {item.event_id} (#{item.sequence}) waits again: saleflex sync run sends it")
    return 0


def pull(settings: PosSettings, args: argparse.Namespace) -> int:
    with _register(settings) as till:
        upstream = _upstream(settings)
        terminal_id = till.register.ref.terminal.id
        with _pull_bar() as progress:
            pulled = pull_everything(till.register.uow, terminal_id, upstream, progress)
        upstream.close()
    print(f"Pulled {pulled.pages} page(s) of master data")
    if pulled.error is not None:
        print(f"saleflex: stopped: {pulled.error}; the next pull goes on", file=sys.stderr)
        return 1
    return 0


@contextmanager
def _register(settings: PosSettings) -> Iterator[RunningTill]:
    till = open_register(settings, devices=Devices())
    try:
        yield till
    finally:
        till.close()


def _upstream(settings: PosSettings) -> HttpUpstream:
    upstream = upstream_for(settings.data_dir)
    if upstream is None:
        raise StateError(STANDALONE)
    return upstream


def _waiting(next_attempt_at: datetime | None, sent: int) -> str | None:
    if next_attempt_at is not None and sent == 0:
        return f"the queue backs off until {next_attempt_at:%H:%M:%S} UTC after failures"
    return None


@contextmanager
def _bar(what: str, total: int | None) -> Iterator[Callable[[int], None]]:
    console = Console(stderr=True)
    columns = (TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
        task = bar.add_task(what, total=total)
        yield lambda done: bar.advance(task, done)


@contextmanager
def _pull_bar() -> Iterator[Callable[[PullProgress], None]]:
    with _bar("Master data: pages", None) as advance:
        yield lambda _progress: advance(1)


def _ask(prompt: str, *, secret: bool) -> str:
    if sys.stdin is None or not sys.stdin.isatty():
        raise ValidationError(f"{prompt.rstrip(': ')} is needed: give it as an option or variable")
    return (getpass.getpass(prompt) if secret else input(prompt)).strip()


def _age(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min ago" if minutes >= 60 else f"{minutes} min ago"
