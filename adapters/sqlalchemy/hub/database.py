"""Opening GATE's database: created with the hub's newest schema when empty, refused when
its schema is another revision, checked for readiness."""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy import exc as sa_exc

from adapters.sqlalchemy.database import (
    _check,
    _is_empty,
    _make_parent,
    make_engine,
    sqlite_file,
)
from adapters.sqlalchemy.errors import explain
from adapters.sqlalchemy.hub.schema import HUB_SCHEMA_REVISION, create_hub_schema
from saleflex_core.exceptions import StorageError


def open_hub_database(url: str) -> Engine:
    """The hub's engine on ``url`` (SQLite file or PostgreSQL); an empty database gets
    the newest hub schema, one at another revision is a StorageError."""
    path = sqlite_file(url)
    if path is not None:
        _make_parent(path)
    engine = make_engine(url)
    try:
        revision = _check(engine)
        if revision is None and _is_empty(engine):
            create_hub_schema(engine)
        elif revision != HUB_SCHEMA_REVISION:
            raise StorageError(
                f"The GATE database is at schema {revision or 'none'}, this GATE needs "
                f"{HUB_SCHEMA_REVISION}"
            )
    except sa_exc.DBAPIError as error:
        engine.dispose()
        raise StorageError(f"Cannot use the GATE database: {explain(error)}") from error
    except StorageError:
        engine.dispose()
        raise
    return engine


def readiness_problems(engine: Engine) -> list[str]:
    """What keeps GATE from serving (empty when ready): database unreachable, schema old."""
    try:
        with engine.connect() as conn:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except sa_exc.DBAPIError as error:
        return [f"database unreachable: {explain(error)}"]
    if revision != HUB_SCHEMA_REVISION:
        return [f"schema is {revision}, needs {HUB_SCHEMA_REVISION}"]
    return []
