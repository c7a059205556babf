"""Opening a database: engine settings, the start-up health check and migrations.

SQLite is the embedded default: one file per terminal, WAL, ``synchronous=FULL``,
foreign keys on, a busy timeout, and write transactions that start with
``BEGIN IMMEDIATE`` so two writers queue instead of failing half-way. PostgreSQL runs
the same code through psycopg 3.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url

from adapters.sqlalchemy.errors import explain
from adapters.sqlalchemy.tables import metadata
from saleflex_core.exceptions import StorageError
from saleflex_core.logger import get_logger

if TYPE_CHECKING:
    from alembic.config import Config

log = get_logger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 5000
# The newest migration. Kept here so opening a current database never imports Alembic
# (a tenth of a second of the register's start-up); a test holds it equal to Alembic's head.
SCHEMA_REVISION = "0003"
BACKENDS = ("sqlite", "postgresql")
URL_EXAMPLES = (
    "SaleFlex runs on SQLite (sqlite:////var/lib/saleflex/terminal.db) or PostgreSQL "
    "(postgresql+psycopg://user@host/saleflex)"
)
WAL_CAP_PAGES = 20_000  # wal_autocheckpoint while a WalCheckpointer runs: only a safety cap


class NoDatabase(StorageError):
    """The database does not exist yet, or is empty, and was not to be created."""

    code = "no_database"


def sqlite_url(path: str | Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def parse_url(url: str) -> URL:
    """``url`` parsed, when SaleFlex can run on it (SQLite or PostgreSQL); a StorageError
    in one line otherwise."""
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError as error:
        raise StorageError(f"{url!r} is not a database URL: {URL_EXAMPLES}") from error
    if parsed.get_backend_name() not in BACKENDS:
        shown = parsed.render_as_string(hide_password=True)
        raise StorageError(f"SaleFlex cannot use the database URL {shown!r}: {URL_EXAMPLES}")
    return parsed


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for an in-memory SQLite or a server database."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    # A SQLite URI ("file:/path?mode=ro") names its file before the query.
    return Path(str(parsed.database).removeprefix("file:").split("?", 1)[0])


def make_engine(
    url: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, wal_autocheckpoint: int = 1000
) -> Engine:
    """An engine with SaleFlex's settings for SQLite or PostgreSQL (no I/O yet).

    ``busy_timeout_ms`` is how long a SQLite writer waits for another one to finish;
    ``wal_autocheckpoint`` is the WAL size (pages) at which a commit checkpoints itself.
    An unsupported URL or a missing driver is a StorageError.
    """
    parsed = parse_url(url)
    try:
        if parsed.get_backend_name() != "sqlite":
            return create_engine(url, pool_pre_ping=True)
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
    except (ImportError, sa_exc.NoSuchModuleError) as error:
        raise StorageError(
            f"The driver {parsed.drivername!r} of the database URL is not installed "
            f"({error}): {URL_EXAMPLES}"
        ) from error

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        _sqlite_settings(dbapi_connection, busy_timeout_ms, wal_autocheckpoint)

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _switch_to_wal(cursor: Any, busy_timeout_ms: int) -> None:
    """``PRAGMA journal_mode=WAL``, waiting as long as a busy writer would be waited for.

    SQLite answers "database is locked" at once, without its busy handler, when a new
    file is switched to WAL while another connection holds it (GATE's workers opening a
    fresh database together): the switch is tried again until ``busy_timeout_ms``.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def _sqlite_settings(dbapi_connection: Any, busy_timeout_ms: int, wal_pages: int) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, see _sqlite_on_begin
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        _switch_to_wal(cursor, busy_timeout_ms)
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA wal_autocheckpoint={int(wal_pages)}")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def open_database(
    url: str,
    *,
    create: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    wal_autocheckpoint: int = 1000,
) -> Engine:
    """Open (and when ``create``, create) a database; StorageError if unusable.

    A database this call creates gets the newest schema at once (``create_schema``). An
    existing one must already be at the newest schema (``saleflex db upgrade`` brings it
    there).
    """
    parsed = parse_url(url)
    path = sqlite_file(url)
    fresh = path is not None and (not path.exists() or path.stat().st_size == 0)
    if fresh and not create:
        raise NoDatabase(f"There is no database at {path}")
    if fresh and path is not None:
        _make_parent(path)
    engine = make_engine(
        url, busy_timeout_ms=busy_timeout_ms, wal_autocheckpoint=wal_autocheckpoint
    )
    try:
        revision = _check(engine)
        if revision is None and (fresh or _is_empty(engine)):
            if not create:  # an empty server database: only a first start sets it up
                raise NoDatabase(f"The database {_where(parsed)} is empty")
            create_schema(engine)
        elif revision != SCHEMA_REVISION:
            raise StorageError(
                f"The database schema is at {revision or 'no version'}, the program needs "
                f"{SCHEMA_REVISION}: run `saleflex db upgrade`"
            )
    except sa_exc.DBAPIError as error:
        engine.dispose()
        raise StorageError(f"Cannot use the database {_where(parsed)}: {explain(error)}") from error
    except StorageError:
        engine.dispose()
        raise
    return engine


def _make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"Cannot create the folder {path.parent}: {error.strerror}") from error


def _where(parsed: Any) -> str:
    return (
        str(parsed.database) if parsed.get_backend_name() == "sqlite" else parsed.render_as_string()
    )


def _check(engine: Engine) -> str | None:
    """Read the schema revision in a write transaction that is rolled back.

    On SQLite it rewrites the header's user_version with its own value: that proves the
    file is a database, is not locked by another writer and can be written.
    """
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            version = conn.exec_driver_sql("PRAGMA user_version").scalar()
            conn.exec_driver_sql(f"PRAGMA user_version = {int(version or 0)}")
        revision = current_revision(conn)
        conn.rollback()
        return revision


def current_revision(conn: Connection) -> str | None:
    """The Alembic revision stamped in the database, None when it has none."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            count = conn.execute(
                text("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
            ).scalar()
        else:
            count = conn.execute(
                text(
                    "SELECT count(*) FROM information_schema.tables"
                    " WHERE table_schema = current_schema()"
                )
            ).scalar()
        return not count


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest revision among the migration scripts (asks Alembic)."""
    from alembic.script import ScriptDirectory  # only migrations need Alembic

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def create_schema(engine: Engine) -> None:
    """Give an empty database the newest schema in one transaction: the tables as
    ``tables.py`` declares them, stamped ``SCHEMA_REVISION`` the way Alembic stamps.

    Migrations bring older databases to the same schema; a test holds the two equal.
    Building from the tables needs no Alembic at a first start.
    """
    with engine.begin() as conn:
        metadata.create_all(conn)
        conn.execute(
            text(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
        )
        conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": SCHEMA_REVISION})
    if engine.dialect.name == "sqlite":  # the file itself holds its schema, not only the WAL
        WalCheckpointer(engine).checkpoint()


def upgrade(engine: Engine, revision: str = "head", *, timezone: str | None = None) -> None:
    """Apply the migrations up to ``revision`` (Alembic, inside one transaction).

    ``timezone``: the store's IANA zone, in which migration 0003 reads the local times the
    old programs stored (None: this machine's zone, where they were written).
    """
    from alembic import command  # only migrations need Alembic

    log.info("Migrating %s to %s", engine.url.render_as_string(), revision)
    config = alembic_config(engine)
    config.attributes["timezone"] = timezone
    command.upgrade(config, revision)


class WalCheckpointer:
    """Copies a SQLite WAL back into the database file on a thread of its own.

    SQLite's automatic checkpoint runs inside whichever commit crosses its threshold, so
    now and then a sale would pay for it. With this running (and the database opened with
    ``wal_autocheckpoint=WAL_CAP_PAGES`` as a safety cap) the till's commits stay short.
    """

    def __init__(self, engine: Engine, *, every_s: float = 0.5) -> None:
        self.engine = engine
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)

    def start(self) -> WalCheckpointer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self.checkpoint()

    def checkpoint(self) -> None:
        """One PASSIVE checkpoint: it never waits for the till; a failure is logged only,
        since SQLite's own checkpoint at the cap still bounds the WAL."""
        connection = self.engine.raw_connection()
        try:
            connection.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error as error:
            log.warning("Background WAL checkpoint failed: %s", error)
        finally:
            connection.close()
