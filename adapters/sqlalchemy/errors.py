"""Database errors translated into the core's vocabulary, with a message a person can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa_exc

from saleflex_core.exceptions import ConcurrencyError, StorageError

_KNOWN = (
    ("database is locked", "the database is locked by another program"),
    ("readonly database", "the database file is read-only"),
    ("read-only", "the database file is read-only"),
    ("disk is full", "the disk holding the database is full"),
    ("file is not a database", "the database file is damaged or is not a SaleFlex database"),
    ("malformed", "the database file is damaged"),
    ("unable to open database", "the database file cannot be opened"),
    ("could not serialize", "another terminal changed the same data; nothing was saved"),
    ("deadlock detected", "another terminal changed the same data; nothing was saved"),
    ("connection", "the database server cannot be reached"),
)


def explain(error: BaseException) -> str:
    """A short, human cause for a driver error."""
    text = str(getattr(error, "orig", error)).lower()
    for needle, meaning in _KNOWN:
        if needle in text:
            return meaning
    return str(getattr(error, "orig", error)).splitlines()[0]


@contextmanager
def translate(action: str, duplicate: type[StorageError] = StorageError) -> Iterator[None]:
    """Run database work; a driver error becomes a StorageError chained to its cause."""
    try:
        yield
    except sa_exc.IntegrityError as error:
        raise duplicate(
            f"Cannot finish {action}: it is already stored ({explain(error)})"
        ) from error
    except sa_exc.DBAPIError as error:
        cause = explain(error)
        kind = ConcurrencyError if "another terminal" in cause else StorageError
        raise kind(f"Cannot finish {action}: {cause}") from error
