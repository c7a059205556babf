"""``saleflex-gate`` (also ``python -m apps.gate_web``): GATE, the central hub, served."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from apps.gate_web.bootstrap import API_PREFIX, create_app
from apps.gate_web.bootstrap.setup import prepare_database, seed_demo_company, shown_url
from apps.gate_web.settings import GateSettings
from saleflex_core import SaleFlexError
from saleflex_core.use_cases.gate_demo import DemoSeeded

PROG = "saleflex-gate"
DESCRIPTION = f"""\
GATE, SaleFlex's central hub: the REST API (under {API_PREFIX}) that HQ, integrators and
terminals call, served by gunicorn with several worker processes.

The database is made current first: an empty one gets the hub's schema, one written by
an older GATE is migrated. --demo then seeds a demo company (ACME, two stores, about 200
products) unless the hub holds it already; it never reseeds. The API's interactive docs
are at {API_PREFIX}/docs.

Exit status: 0 stopped, 1 the database cannot be used (one line on stderr), 2 a wrong
option."""
EXIT_FAILED = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="the hub's database: sqlite:////path/gate.db or postgresql+psycopg://user@host/gate "
        "(default: $SALEFLEX_GATE_DATABASE_URL, else ./gate-data/gate.db)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (2)")
    parser.add_argument(
        "--demo", action="store_true", help="seed the demo company first (once; never again)"
    )
    return parser


class GateServer(BaseApplication):  # type: ignore[misc]  # gunicorn ships no types
    """gunicorn in this process; each worker builds its own app after the fork."""

    def __init__(self, settings: GateSettings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return create_app(self.settings)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = (
        GateSettings(database_url=args.database_url)
        if args.database_url
        else GateSettings.from_environment()
    )
    try:
        prepare_database(settings)
        print(f"{PROG}: database {shown_url(settings.database_url)} is current", flush=True)
        if args.demo:
            _print_demo(seed_demo_company(settings))
    except SaleFlexError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{PROG}: API docs at http://{args.host}:{args.port}{API_PREFIX}/docs", flush=True)
    options = {
        "bind": f"{args.host}:{args.port}",
        "workers": args.workers,
        "accesslog": "-",
        "proc_name": PROG,
        "control_socket_disable": True,  # gunicornc is not used; two GATEs would share it
    }
    GateServer(settings, options).run()
    return 0


def _print_demo(seeded: DemoSeeded) -> None:
    state = "seeded" if seeded.created else "already there, left as it is"
    print(f"{PROG}: demo company {seeded.company_id} {state}:", flush=True)
    for store in seeded.stores:
        print(f"  store {store.id} {store.name} ({store.timezone})")
    print(f"  catalogue: {seeded.products} products", flush=True)
    for till in seeded.terminals:
        print(f"  terminal {till.store_id}/{till.code} ({till.terminal_id}): enrolment code "
              f"{till.enrolment_code} (one-time, 7 days)")  # fmt: skip
    if seeded.admin is not None:
        username, password = seeded.admin
        print(f"  company admin: {username}, password {password} (shown this once)")
    if not seeded.created:
        print("  new enrolment codes: POST /api/v1/terminals/<id>/enrolment-code", flush=True)


if __name__ == "__main__":
    sys.exit(main())
