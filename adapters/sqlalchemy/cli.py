"""``saleflex db ...``: database maintenance from the command line.

    saleflex db upgrade --url sqlite:////var/lib/saleflex/terminal.db
    saleflex db current --url postgresql+psycopg://user@host/saleflex

The URL may also come from the ``SALEFLEX_DATABASE_URL`` environment variable.
"""

from __future__ import annotations

import argparse
import os
import sys

from sqlalchemy import exc as sa_exc

from adapters.sqlalchemy.database import current_revision, head_revision, make_engine, upgrade
from adapters.sqlalchemy.errors import explain


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
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.url:
        print("saleflex: give --url or set SALEFLEX_DATABASE_URL", file=sys.stderr)
        return 2
    engine = make_engine(args.url)
    try:
        if args.action == "upgrade":
            upgrade(engine)
        with engine.connect() as conn:
            current = current_revision(conn)
    except sa_exc.DBAPIError as error:
        print(f"saleflex: cannot use the database: {explain(error)}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    state = "up to date" if current == head_revision() else f"newest is {head_revision()}"
    print(f"schema version {current or 'none'} ({state})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
