"""Terminal databases as programs already in the field wrote them, ready to upgrade.

The committed files under ``tests/fixtures/field_databases/`` were made by those programs
(see ``make_field_database.py`` there). A test gets a copy on SQLite, or the same rows in a
PostgreSQL database built by the migrations up to the file's revision, so the upgrade is
tested on both from the very same books.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import Engine, MetaData, create_engine, select, text

from adapters.sqlalchemy.database import make_engine, sqlite_url, upgrade

FIELD_DATABASES = Path(__file__).resolve().parent.parent / "fixtures" / "field_databases"


def field_file(revision: str) -> Path:
    """The committed database a program at schema ``revision`` wrote."""
    return FIELD_DATABASES / f"schema_{revision}.sqlite"


def sqlite_copy(revision: str, folder: Path) -> str:
    """A private copy of the field database (the committed file is never opened for writing)."""
    target = folder / f"terminal_{revision}.sqlite"
    shutil.copyfile(field_file(revision), target)
    return sqlite_url(target)


def postgres_copy(revision: str, url: str) -> str:
    """The field database's rows, in the empty PostgreSQL database ``url`` at ``revision``."""
    engine = make_engine(url)
    try:
        upgrade(engine, revision)
        copy_rows(field_file(revision), engine)
    finally:
        engine.dispose()
    return url


def copy_rows(source: Path, target: Engine) -> None:
    """Copy every row of ``source`` into ``target``'s tables of the same name and schema.

    Both sides are reflected, so the values travel as Python values (datetimes, booleans,
    parsed JSON) whatever the revision; parents are written before their children.
    """
    reader = create_engine(sqlite_url(source))
    try:
        old, new = MetaData(), MetaData()
        old.reflect(reader)
        new.reflect(target)
        with reader.connect() as src, target.begin() as dst:
            for table in old.sorted_tables:
                if table.name == "alembic_version":
                    continue
                rows = [dict(row) for row in src.execute(select(table)).mappings()]
                if rows:
                    dst.execute(new.tables[table.name].insert(), rows)
            stamped = src.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            found = dst.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            assert stamped == found, f"{source} is at {stamped}, the copy at {found}"
    finally:
        reader.dispose()
