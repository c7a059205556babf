"""A PostgreSQL server for tests, and one fresh database per test.

Where the server comes from, first match wins:

1. ``SALEFLEX_TEST_DATABASE_URL``: an existing server, as a SQLAlchemy URL such as
   ``postgresql+psycopg://user:pw@host:5432/saleflex_test``. The URL is used as is; its user needs
   ``CREATEDB``, because every test gets a database of its own next to the named one.
2. A throwaway cluster started from the installed server binaries (``initdb``, ``pg_ctl``) in a
   temporary directory, on a free port of 127.0.0.1, with durability switched off for speed.
   ``SALEFLEX_PG_BINDIR`` names the binaries' directory and disables the search (set it to a
   missing directory to pretend PostgreSQL is not installed). As root the cluster runs as the
   ``postgres`` OS user, since ``initdb`` refuses to run as root.
3. A Docker container (testcontainers) would come next; it is not implemented because no Docker
   engine runs where these tests run. Its place is ``PostgresServer.start``, as the fallback when
   ``_start_cluster`` raises ``PostgresUnavailable``.

Otherwise ``start`` raises ``PostgresUnavailable``, which the pytest plugin
(``tests.support.pg_fixtures``) turns into a skip, or into a failure under ``CI=true``.
Binaries that are present but fail to start raise ``RuntimeError``: a broken install is an error.

Usage outside pytest (benchmarks, debugging)::

    with PostgresServer() as server, server.database() as url:
        engine = sqlalchemy.create_engine(url)
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

URL_VARIABLE = "SALEFLEX_TEST_DATABASE_URL"
BINDIR_VARIABLE = "SALEFLEX_PG_BINDIR"
SUPERUSER = "postgres"
# C locale: collation and case rules that do not depend on the machine's locales.
INITDB_OPTIONS = ("-A", "trust", "-U", SUPERUSER, "--no-sync", "-E", "UTF8", "--locale=C")
# Durability is worthless for a cluster deleted at the end of the session, and costs time.
SERVER_OPTIONS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
START_ATTEMPTS = 3  # the free port can be taken between finding it and the server binding it


class PostgresUnavailable(Exception):
    """No PostgreSQL server is configured and none can be started here; the message says why."""


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL ``url`` as a libpq URL for ``psycopg.connect``."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def find_bindir(environ: Mapping[str, str]) -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``, or None when PostgreSQL is not installed."""
    if BINDIR_VARIABLE in environ:
        return _server_bindir(Path(environ[BINDIR_VARIABLE]))
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        done = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            candidates.append(Path(done.stdout.strip()))
    # Debian keeps the server binaries off PATH; prefer the newest major version.
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_major, reverse=True)
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        candidates.append(Path(pg_ctl).parent)
    return next((found for c in candidates if (found := _server_bindir(c))), None)


def _server_bindir(directory: Path) -> Path | None:
    # libpq-dev's pg_config names a bindir even when the server package is not installed.
    if all(os.access(directory / name, os.X_OK) for name in ("initdb", "pg_ctl")):
        return directory
    return None


def _major(bindir: Path) -> float:
    match = re.fullmatch(r"\d+(\.\d+)?", bindir.parent.name)
    return float(match.group()) if match else 0.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PostgresServer:
    """One PostgreSQL server for a test session: the configured one, or a throwaway cluster."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = dict(os.environ if environ is None else environ)
        self._url: str | None = None
        self._cluster: _Cluster | None = None

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the maintenance database; tests should use ``database()`` instead."""
        if self._url is None:
            raise RuntimeError("PostgresServer.start() has not been called")
        return self._url

    def start(self) -> str:
        """Find or start the server; returns ``url``. Raises ``PostgresUnavailable``."""
        if self._url is None:
            configured = self._environ.get(URL_VARIABLE, "").strip()
            self._url = configured or self._start_cluster()
        return self._url

    def stop(self) -> None:
        """Stop the throwaway cluster and delete its files; a configured server is left alone."""
        if self._cluster is not None:
            self._cluster.stop()
            self._cluster = None
        self._url = None

    def _start_cluster(self) -> str:
        bindir = find_bindir(self._environ)
        if bindir is None:
            raise PostgresUnavailable(
                f"set {URL_VARIABLE}, or install the PostgreSQL server binaries "
                "(Debian: apt-get install postgresql; `bash .ci/setup` does it)"
            )
        self._cluster = _Cluster(bindir)
        return self._cluster.start()

    def create_database(self) -> str:
        """Create an empty database ``t_<random hex>``; returns its SQLAlchemy URL."""
        name = "t_" + secrets.token_hex(8)
        # template0: template1 may be in use by another session, which blocks CREATE DATABASE.
        self._admin(sql.SQL("CREATE DATABASE {} TEMPLATE template0"), name)
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        """Drop the database that ``create_database`` returned, disconnecting its sessions."""
        name = make_url(url).database
        if not (name and name.startswith("t_")):
            raise ValueError(f"not a test database: {name!r}")
        self._admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)"), name)

    @contextmanager
    def database(self) -> Iterator[str]:
        """A fresh database for the duration of the block; yields its SQLAlchemy URL."""
        url = self.create_database()
        try:
            yield url
        finally:
            self.drop_database(url)

    def _admin(self, statement: sql.SQL, name: str) -> None:
        # CREATE/DROP DATABASE cannot run inside a transaction block.
        with psycopg.connect(libpq_url(self.url), autocommit=True) as conn:
            conn.execute(statement.format(sql.Identifier(name)))

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class _Cluster:
    """A cluster in a temporary directory, deleted on ``stop`` or at interpreter exit."""

    def __init__(self, bindir: Path) -> None:
        self._bindir = bindir
        self._root: Path | None = None
        self._as_postgres = os.geteuid() == 0

    @property
    def _data(self) -> Path:
        assert self._root is not None
        return self._root / "data"

    def start(self) -> str:
        self._root = self._make_root()
        atexit.register(self.stop)
        try:
            self._pg("initdb", "-D", str(self._data), *INITDB_OPTIONS)
            port = self._serve()
        except BaseException:
            self.stop()
            raise
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/postgres"

    def stop(self) -> None:
        if self._root is None:
            return
        root, pid_file = self._root, self._data / "postmaster.pid"
        self._root = None
        atexit.unregister(self.stop)
        if pid_file.exists():
            self._pg("pg_ctl", "stop", "-D", str(root / "data"), "-m", "immediate", "-w")
        shutil.rmtree(root)

    def _serve(self) -> int:
        assert self._root is not None
        log = self._root / "server.log"
        for _ in range(START_ATTEMPTS):
            port = _free_port()
            options = [f"-p {port}", f"-k {self._root}", "-c listen_addresses=127.0.0.1"]
            options += [f"-c {option}" for option in SERVER_OPTIONS]
            start = ["start", "-D", str(self._data), "-l", str(log), "-w", "-t", "60"]
            started = self._pg("pg_ctl", *start, "-o", " ".join(options), check=False)
            if started.returncode == 0:
                return port
            server_log = log.read_text(errors="replace") if log.exists() else ""
            if "already in use" not in server_log:
                raise RuntimeError(f"pg_ctl start failed:\n{started.stderr}\n{server_log}")
            log.unlink()
        raise RuntimeError(f"pg_ctl start: no free port after {START_ATTEMPTS} attempts")

    def _make_root(self) -> Path:
        if not self._as_postgres:
            return Path(tempfile.mkdtemp(prefix="saleflex-pg-"))
        try:
            account = pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise PostgresUnavailable(
                "running as root needs the `postgres` OS user (Debian's postgresql package "
                "creates it), since initdb refuses to run as root"
            ) from None
        # The default temp dir may sit under a directory the postgres user cannot enter.
        for parent in (None, "/tmp"):
            root = Path(tempfile.mkdtemp(prefix="saleflex-pg-", dir=parent))
            os.chown(root, account.pw_uid, account.pw_gid)
            if self._run(["test", "-w", str(root), "-a", "-x", str(root)]).returncode == 0:
                return root
            root.rmdir()
        raise PostgresUnavailable("no temporary directory the `postgres` OS user can enter")

    def _pg(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = self._run([str(self._bindir / program), *args])
        if check and done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        return done

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        if self._as_postgres:
            argv = ["runuser", "-u", SUPERUSER, "--", *argv]
        # cwd: the server processes must be able to stat their working directory.
        return subprocess.run(
            argv, capture_output=True, text=True, check=False, timeout=120, cwd=self._root
        )
