"""One register per terminal database: an exclusive lock held for the register's life.

Two registers on one terminal would share its open sale and its counters, so the second
start is refused. On SQLite the lock is an OS lock (``flock``, ``msvcrt.locking`` on
Windows) on the file ``<database>.lock`` beside the database; on PostgreSQL it is a
session advisory lock on the terminal id, held on a connection of its own. Either one
dies with the process: a register that crashed or was killed leaves no stale lock (and a
PostgreSQL session that the network drops loses it: the server cannot tell). The
lock file keeps the holder's process id, only to name it in the refusal, and is never
removed (removing it would let a third start lock a file nobody else sees).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy import exc as sa_exc

from adapters.sqlalchemy.database import make_engine, parse_url, sqlite_file
from adapters.sqlalchemy.errors import explain
from saleflex_core.exceptions import StorageError

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

_NAMESPACE = "saleflex-terminal:"  # keeps our advisory keys apart from other programs'


class TerminalBusy(StorageError):
    """Another register already runs on this terminal database."""

    code = "terminal_busy"


class TerminalLock:
    """Held from ``lock_terminal`` until ``release()`` (or the end of the process)."""

    def __init__(self, *, fd: int | None = None, connection: Connection | None = None) -> None:
        self._fd = fd
        self._connection = connection

    def release(self) -> None:
        """Give the terminal up; closing the file or the session lets the lock go."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)
        if self._connection is not None:
            connection, self._connection = self._connection, None
            engine = connection.engine
            connection.close()
            engine.dispose()


def lock_terminal(url: str, terminal_id: str) -> TerminalLock:
    """Take the terminal's lock without waiting; ``TerminalBusy`` when it is held.

    An in-memory SQLite database belongs to its process alone and needs no lock.
    """
    path = sqlite_file(url)  # an unsupported URL is refused here
    if path is not None:
        return _lock_file(path, terminal_id)
    if parse_url(url).get_backend_name() == "sqlite":
        return TerminalLock()
    return _lock_session(url, terminal_id)


def lock_file(database: Path) -> Path:
    """The lock file beside a SQLite database: ``terminal.db.lock``. It stays once made, so
    it also tells that a register has run (or been set up) on that database."""
    return database.with_name(database.name + ".lock")


def _lock_file(database: Path, terminal_id: str) -> TerminalLock:
    path = lock_file(database)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise StorageError(f"Cannot create the lock file {path}: {error.strerror}") from error
    try:
        _os_lock(fd)
    except OSError as error:
        holder = _holder(fd)
        os.close(fd)
        raise TerminalBusy(
            f"Another register{holder} is already running on terminal {terminal_id} "
            f"({database}): close it first"
        ) from error
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid()}\n".encode())
    return TerminalLock(fd=fd)


def _os_lock(fd: int) -> None:
    """An exclusive, non-blocking lock of the whole open file; OSError when taken."""
    if sys.platform == "win32":
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _holder(fd: int) -> str:
    """`` (process 1234)`` from the lock file, when it can be read."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        pid = os.read(fd, 32).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):  # Windows keeps a locked byte from readers
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


def advisory_key(terminal_id: str) -> int:
    """The terminal's 64-bit advisory lock key (stable across processes and versions)."""
    digest = hashlib.sha256((_NAMESPACE + terminal_id).encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _lock_session(url: str, terminal_id: str) -> TerminalLock:
    engine = make_engine(url)
    connection = None
    try:
        connection = engine.connect()
        taken = connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": advisory_key(terminal_id)}
        ).scalar()
        connection.commit()  # the session lock outlives the transaction: none is left open
    except sa_exc.DBAPIError as error:
        if connection is not None:
            connection.close()
        engine.dispose()
        where = parse_url(url).render_as_string(hide_password=True)
        raise StorageError(f"Cannot use the database {where}: {explain(error)}") from error
    lock = TerminalLock(connection=connection)  # releasing it closes the session
    if not taken:
        lock.release()
        raise TerminalBusy(
            f"Another register is already running on terminal {terminal_id} "
            "(its database session holds the terminal): close it first"
        )
    return lock
