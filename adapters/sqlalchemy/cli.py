"""``saleflex db ...``: database maintenance from the command line.

    saleflex db upgrade --url sqlite:////var/lib/saleflex/terminal.db
    saleflex db upgrade --url sqlite:////var/lib/saleflex/terminal.db --timezone Europe/Berlin
    saleflex db current --url postgresql+psycopg://user@host/saleflex

The URL may also come from the ``SALEFLEX_DATABASE_URL`` environment variable.
``--timezone`` is the store's IANA zone: a terminal database from before schema 0003 holds
the till's local times, read in this machine's zone unless it is given (see README).
"""

from __future__ import annotations

import argparse
import os
import sys

from sqlalchemy import exc as sa_exc

from adapters.sqlalchemy.database import (
    current_revision,
    head_revision,
    make_engine,
    sqlite_file,
    upgrade,
)
from adapters.sqlalchemy.errors import explain
from saleflex_core.exceptions import StorageError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="saleflex", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    groups = parser.add_subparsers(dest="group", required=True)
    db = groups.add_parser("db", help="database schema maintenance")
    actions = db.add_subparsers(dest="action", required=True)
    for name, text in (
        ("upgrade", "migrate the schema to the newest version"),
        ("current", "print the schema version of the database"),
    ):
        sub = actions.add_parser(name, help=text)
        sub.add_argument(
            "--url",
            default=os.environ.get("SALEFLEX_DATABASE_URL"),
            help="SQLAlchemy URL (default: $SALEFLEX_DATABASE_URL)",
        )
        if name == "upgrade":
            sub.add_argument(
                "--timezone",
                help="the store's IANA time zone, e.g. Europe/Berlin (default: this machine's)",
            )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.url:
        print("saleflex: give --url or set SALEFLEX_DATABASE_URL", file=sys.stderr)
        return 2
    try:
        current = _revision(
            args.url, upgrading=args.action == "upgrade", timezone=getattr(args, "timezone", None)
        )
    except StorageError as error:
        print(f"saleflex: {' '.join(error.message.split())}", file=sys.stderr)
        return 1
    state = "up to date" if current == head_revision() else f"newest is {head_revision()}"
    print(f"schema version {current or 'none'} ({state})")
    return 0


def _revision(url: str, *, upgrading: bool, timezone: str | None = None) -> str | None:
    """The schema revision, after migrating when ``upgrading``; a missing SQLite file is
    created (and migrated) only by ``upgrade``, never by a question."""
    path = sqlite_file(url)
    if not upgrading and path is not None and not path.exists():
        raise StorageError(f"There is no database at {path}")
    engine = make_engine(url)
    try:
        if upgrading:
            upgrade(engine, timezone=timezone)
        with engine.connect() as conn:
            return current_revision(conn)
    except sa_exc.DBAPIError as error:
        raise StorageError(f"cannot use the database: {explain(error)}") from error
    finally:
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
