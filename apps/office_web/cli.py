"""``saleflex-office`` (also ``python -m apps.office_web``): OFFICE, a store's relay, served."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from apps.office_web.bootstrap import API_PREFIX, NOT_ENROLLED, Office, create_office
from apps.office_web.bootstrap.setup import (
    forward_now,
    prepare,
    relay_status,
    retry,
    shown_url,
)
from apps.office_web.settings import OfficeSettings
from saleflex_core import SaleFlexError
from saleflex_core.use_cases.office_relay import RelayStatus

PROG = "saleflex-office"
DESCRIPTION = f"""\
OFFICE, a store's server: it answers the store's tills the terminal contract GATE answers
(under {API_PREFIX}: enrol, push events, pull master data), keeps what they push in the
store database and forwards it to GATE from its own queue, at least once and in arrival
order (GATE down: OFFICE keeps accepting and queues), and serves the tills the master data
it pulls from GATE. One process: the web server's threads and the relay beside them.

The store database is made current first (never reset). The first start enrols OFFICE at
GATE: --upstream-url and --enrolment-code (a company admin creates the store's office at
GATE and reads its one-time code there). Later starts need neither; --upstream-url then
gives GATE a new address. Tills are created at GATE and enrol here with their GATE code.

Exit status: 0 stopped, 1 OFFICE cannot start (one line on stderr), 2 a wrong option."""
EXIT_FAILED = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add("--database-url", metavar="URL", help="the store database: sqlite:////path/office.db or "
        "postgresql+psycopg://user@host/office (default: $SALEFLEX_OFFICE_DATABASE_URL, else "
        "./office-data/office.db)")  # fmt: skip
    add("--host", default="0.0.0.0", help="address the tills reach it at (0.0.0.0: every one)")
    add("--port", type=int, default=8100, help="port to listen on (8100)")
    add("--upstream-url", metavar="URL", help="GATE's address, https://gate.example.com "
        "(default: $SALEFLEX_OFFICE_UPSTREAM_URL, else the one enrolled with)")  # fmt: skip
    add("--enrolment-code", metavar="CODE", help="the office's one-time code from GATE (once)")
    add("--threads", type=int, default=8, help="threads answering the tills (8)")
    add("--pull-interval", type=float, default=60.0, metavar="S",
        help="seconds between master-data pulls from GATE (60)")  # fmt: skip
    add("--forward-batch", type=int, default=500, metavar="N",
        help="events a forward to GATE holds at most (500)")  # fmt: skip
    add("--poll-interval", type=float, default=5.0, metavar="S",
        help="seconds between the relay's looks at its queue, unwoken (5)")  # fmt: skip
    add("--status", action="store_true", help="show the relay's queue and exit")
    add("--retry", metavar="EVENT_ID", help="send an event GATE refused again, and exit")
    add("--forward-now", action="store_true",
        help="GATE is back: end the relay's back-off (the running OFFICE forwards at its "
        "next look), and exit")  # fmt: skip
    return parser


def settings_from(args: argparse.Namespace) -> OfficeSettings:
    base = OfficeSettings.from_environment()
    return OfficeSettings(
        database_url=args.database_url or base.database_url,
        upstream_url=args.upstream_url or base.upstream_url,
        pull_every=args.pull_interval,
        idle=args.poll_interval,
        batch=min(max(args.forward_batch, 1), 500),
    )


class OfficeServer(BaseApplication):  # type: ignore[misc]  # gunicorn ships no types
    """gunicorn in this process, one worker with threads; the worker builds OFFICE after
    the fork and starts the relay beside the app (one relay per store database)."""

    def __init__(self, settings: OfficeSettings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        self.office: Office | None = None
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        self.cfg.set("worker_exit", self._worker_exit)

    def load(self) -> Flask:
        self.office = create_office(self.settings)
        self.office.worker.start()
        return self.office.app

    def _worker_exit(self, server: Any, worker: Any) -> None:
        if self.office is not None:
            self.office.worker.stop()
            self.office.close()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = settings_from(args)
    try:
        if args.status:
            return _status(settings)
        if args.retry or args.forward_now:
            return _retry(settings, args.retry) if args.retry else _forward_now(settings)
        link = prepare(settings, args.enrolment_code)
        print(f"{PROG}: database {shown_url(settings.database_url)} is current", flush=True)
        if link is None:
            print(f"{PROG}: {NOT_ENROLLED}", file=sys.stderr)
            return EXIT_FAILED
        print(f"{PROG}: store {link.store_id} of {link.company_id}, relaying to "
              f"{link.upstream_url} as office {link.office_id}", flush=True)  # fmt: skip
    except SaleFlexError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return EXIT_FAILED
    options = {
        "bind": f"{args.host}:{args.port}",
        "workers": 1,  # one relay per store database: it lives in the one worker
        "worker_class": "gthread",
        "threads": max(args.threads, 1),
        "accesslog": "-",
        "proc_name": PROG,
        "control_socket_disable": True,
    }
    OfficeServer(settings, options).run()
    return 0


def _status(settings: OfficeSettings) -> int:
    link, found = relay_status(settings)
    if link is None or found is None:
        print(f"{PROG}: {NOT_ENROLLED}", file=sys.stderr)
        return EXIT_FAILED
    _print_status(link.upstream_url, found)
    return 0


def _print_status(upstream_url: str, found: RelayStatus) -> None:
    figures, state = found.figures, found.state
    print(f"GATE: {upstream_url}")
    print(f"waiting for GATE: {figures.pending}" + (
        f" (oldest received {figures.oldest_pending_at:%Y-%m-%d %H:%M:%S} UTC)"
        if figures.oldest_pending_at else ""))  # fmt: skip
    print(f"refused by GATE (parked): {figures.parked}")
    for parked in found.parked:
        print(f"  {parked.event_id} terminal {parked.terminal_id} #{parked.sequence}: "
              f"{parked.reason}")  # fmt: skip
    if state is not None:
        print(f"last success: {state.last_success_at or 'never'}")
        if state.last_error:
            print(f"last error: {state.last_error} ({state.last_error_at})")
        if state.next_attempt_at:
            print(f"next attempt: {state.next_attempt_at}")
    print(f"master data from GATE: cursor {found.master_data_cursor or 'none yet'}")


def _forward_now(settings: OfficeSettings) -> int:
    forward_now(settings)
    print(f"{PROG}: the relay's back-off is over: it forwards at its next look")
    return 0


def _retry(settings: OfficeSettings, event_id: str) -> int:
    retry(settings, event_id)
    print(f"{PROG}: event {event_id} queued again for GATE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
