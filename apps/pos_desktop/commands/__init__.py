"""``saleflex``: a terminal's commands. ``db`` keeps its schema current; ``enrol`` links
the register to its upstream (GATE or OFFICE); ``sync`` sends its outbox, shows it,
retries a parked event and pulls master data.

    saleflex db upgrade --url sqlite:////var/lib/saleflex/terminal.db
    saleflex enrol --url https://gate.example --code ACME.K7QF-M2XD-9HTP-3WRA
    saleflex sync status
    saleflex sync run
    saleflex sync retry <event id> --supervisor 2
    saleflex sync pull

The register is found as ``saleflex-pos`` finds it (``--data-dir``, else
$SALEFLEX_DATA_DIR, else ~/.local/share/saleflex-pos). ``sync run``, ``retry``, ``pull``
and ``enrol`` hold the terminal (stop the register window first; a running register
syncs by itself); ``status`` only reads. Exit status: 0 done, 1 not done (one line on
stderr says why; a sync that stops on the network keeps every event), 2 a wrong option.
"""

from __future__ import annotations

import argparse
import os
import sys

from adapters.sqlalchemy import cli as db_cli
from apps.pos_desktop.commands import syncing
from apps.pos_desktop.settings import load_settings
from saleflex_core import SaleFlexError

ENROLMENT_CODE_VARIABLE = "SALEFLEX_ENROLMENT_CODE"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="saleflex", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", metavar="DIR", help="the register's data folder")
    groups = parser.add_subparsers(dest="group", required=True)
    groups.add_parser("db", help="database schema maintenance (saleflex db --help)")
    enrol = groups.add_parser("enrol", help="link this register to GATE or OFFICE")
    enrol.add_argument("--url", help="the upstream's URL (default: upstream.url of pos.toml)")
    enrol.add_argument(
        "--code",
        help=f"the one-time enrolment code (default: ${ENROLMENT_CODE_VARIABLE}, or asked)",
    )
    enrol.set_defaults(handler=syncing.enrol)
    sync = groups.add_parser("sync", help="the outbox and master data").add_subparsers(
        dest="action", required=True
    )
    sync.add_parser("status", help="what waits, what was refused").set_defaults(
        handler=syncing.status
    )
    run = sync.add_parser("run", help="send every waiting event now")
    run.add_argument("--batch", type=int, default=500, help="events a request (1-500; 500)")
    run.set_defaults(handler=syncing.run)
    retry = sync.add_parser("retry", help="send a refused event again (a supervisor's call)")
    retry.add_argument("event_id")
    retry.add_argument("--supervisor", required=True, help="the supervisor's cashier id")
    retry.set_defaults(handler=syncing.retry)
    sync.add_parser("pull", help="pull master data now").set_defaults(handler=syncing.pull)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["db"]:
        return db_cli.main(argv)
    args = _parser().parse_args(argv)
    if args.group == "enrol":
        args.code = args.code or os.environ.get(ENROLMENT_CODE_VARIABLE)
    try:
        settings = load_settings(data_dir=args.data_dir)
        code: int = args.handler(settings, args)
    except SaleFlexError as error:
        print(f"saleflex: {' '.join(error.message.split())}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("saleflex: stopped; what was done is kept", file=sys.stderr)
        return 1
    return code
