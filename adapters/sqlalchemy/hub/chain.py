"""The hub's Alembic chain next to ``hub_metadata``: what differs, and the draft that closes it.

A new hub database gets its schema straight from ``hub_metadata`` (``create_hub_schema``);
an older one is brought there by the chain (``migrations/versions/h*.py``). The two must
build the same tables, so whoever adds or changes a hub table also adds a revision.

    python -m adapters.sqlalchemy.hub.chain            # the differences; exit 1 when any
    python -m adapters.sqlalchemy.hub.chain --draft    # the Alembic ops that would close them

Both build a scratch SQLite database through the whole chain and compare it with
``hub_metadata`` (``--url`` names another empty database, a PostgreSQL one say). The draft
is Alembic's autogenerate output with the hub's own types written as plain SQLAlchemy
ones, so a revision never imports today's tables: paste it into a new revision (or,
before the first release, into ``h0001``) and read it through.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any, Literal

from alembic.autogenerate import compare_metadata, produce_migrations, render_python_code
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from adapters.sqlalchemy.database import make_engine, sqlite_url
from adapters.sqlalchemy.hub import schema  # noqa: F401  (registers every part's tables)
from adapters.sqlalchemy.hub.metadata import hub_metadata
from adapters.sqlalchemy.types import UtcDateTime

MIGRATIONS = Path(__file__).with_name("migrations")


def hub_alembic_config(location: Path = MIGRATIONS) -> Config:
    config = Config()
    config.set_main_option("script_location", str(location))
    return config


def chain_head(location: Path = MIGRATIONS) -> str:
    """The newest revision of the chain at ``location``."""
    head = ScriptDirectory.from_config(hub_alembic_config(location)).get_current_head()
    if head is None:
        raise LookupError(f"No hub revision in {location}")
    return head


def chain_revisions(location: Path = MIGRATIONS) -> list[str]:
    """Every revision of the chain, oldest first."""
    scripts = ScriptDirectory.from_config(hub_alembic_config(location))
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def _render_item(type_: str, obj: Any, context: Any) -> str | Literal[False]:
    """Write UtcDateTime as the column type it is in the database."""
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _context(conn: Any) -> MigrationContext:
    opts = {"compare_type": True, "render_as_batch": True, "render_item": _render_item}
    return MigrationContext.configure(conn, opts=opts)


def differences(engine: Engine) -> list[Any]:
    """What the database on ``engine`` lacks or has beyond ``hub_metadata`` (empty: equal)."""
    with engine.connect() as conn:
        found: list[Any] = compare_metadata(_context(conn), hub_metadata)
        return found


def draft(engine: Engine) -> str:
    """Alembic operations taking the database on ``engine`` to ``hub_metadata``."""
    with engine.connect() as conn:
        script = produce_migrations(_context(conn), hub_metadata)
        assert script.upgrade_ops is not None  # produce_migrations always fills it
        return render_python_code(script.upgrade_ops, render_item=_render_item)


def _built_by_the_chain(url: str) -> Engine:
    from adapters.sqlalchemy.hub.database import upgrade_hub  # it imports this module

    engine = make_engine(url)
    upgrade_hub(engine)
    return engine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m adapters.sqlalchemy.hub.chain")
    parser.add_argument("--draft", action="store_true", help="print the ops that close the gap")
    parser.add_argument("--url", help="an EMPTY database to build the chain in (default: scratch)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        engine = _built_by_the_chain(args.url or sqlite_url(Path(scratch) / "chain.db"))
        try:
            found = differences(engine)
            print(draft(engine) if args.draft else "\n".join(map(str, found)) or "no difference")
        finally:
            engine.dispose()
    return 1 if found and not args.draft else 0


if __name__ == "__main__":
    sys.exit(main())
