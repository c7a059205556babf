"""A register's link to its upstream (GATE or OFFICE): ``upstream.toml`` in its data folder.

Enrolment (``enrol``, or ``saleflex enrol``) writes it: the upstream's URL, the terminal's
global id and its API key. The key is a secret, so it lives in this file only, beside the
database and never in it (a copy of the shop's books, sent to a support desk, carries no
key): written atomically, readable by the register's user alone (mode 0600). A register
without the file is Standalone: its outbox keeps every event until it has an upstream.

Rules of enrolment (``enrol``; the core's ``use_cases/enrolling.py`` says the rest):

- It runs on a new data folder (the database is created) or on a register whose books
  are empty: a register that has sold keeps its identity and is refused, changing nothing.
- A register set up standalone and never used takes the enrolled identity: its former
  company (its store, terminal, manager and cash payment type) is dropped once the new
  identity is written.
- The first master-data pull follows at once, in pages of ``FIRST_PULL_PAGE`` changes
  (GATE's largest page: a register enrolled and holding 50,000 products in 4.9 s, against
  6.1 s in pages of 500; BENCHMARKS.md, ``bench/sync_catch_up.py``). A pull cut short
  by the network is no failure: the register is enrolled, and the next pull goes on
  from the stored cursor.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path

from attrs import field, frozen

from apps.pos_desktop.files import write_atomically
from saleflex_core.domain.enrolment import Enrolment
from saleflex_core.exceptions import StorageError, ValidationError

LINK_FILE = "upstream.toml"
FIRST_PULL_PAGE = 5000  # GATE's MAX_PAGE


@frozen
class UpstreamLink:
    """Where this register's upstream is, and who the register is there."""

    url: str
    terminal_id: str
    api_key: str = field(repr=False)


@frozen
class PullProgress:
    """How far a master-data pull has got: pages applied, changes in them, more to come."""

    pages: int
    changes: int
    has_more: bool


Progress = Callable[[PullProgress], None]


def link_path(data_dir: str | Path) -> Path:
    return Path(data_dir).expanduser() / LINK_FILE


def load_link(data_dir: str | Path) -> UpstreamLink | None:
    """The register's link; None when it has none (Standalone). A file that cannot be read
    or lacks a value is a StorageError that names it."""
    path = link_path(data_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StorageError(f"Cannot read {path}: {error.strerror}") from error
    try:
        values = tomllib.loads(text)
        return UpstreamLink(
            _value(values, "url"), _value(values, "terminal_id"), _value(values, "api_key")
        )
    except (tomllib.TOMLDecodeError, ValidationError) as error:
        raise StorageError(f"{path} is damaged ({error}): enrol this register again") from error


def save_link(data_dir: str | Path, link: UpstreamLink) -> None:
    """Write the link atomically, readable and writable by its owner only."""
    path = link_path(data_dir)
    text = (
        "# This register's upstream, written at enrolment (saleflex enrol).\n"
        "# api_key is a secret: keep this file to the register's user (mode 0600).\n"
        f"url = {json.dumps(link.url)}\n"
        f"terminal_id = {json.dumps(link.terminal_id)}\n"
        f"api_key = {json.dumps(link.api_key)}\n"
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text, mode=0o600)
    except OSError as error:
        raise StorageError(f"Cannot write {path}: {error.strerror}") from error


def enrol(
    data_dir: str | Path,
    database_url: str,
    url: str,
    code: str,
    *,
    progress: Progress | None = None,
) -> Enrolment:
    """Enrol this register at ``url`` with the one-time ``code``: take on its identity in
    the database at ``database_url``, keep the key in ``upstream.toml`` and pull the
    master data (``progress`` hears of each page). Stop the register first: enrolment
    holds the terminal's database while it runs.

    Raises EnrolmentRefused (the code), StateError (a register with books), SyncError
    (upstream unreachable: nothing changed, the code is still good), StorageError."""
    # The wiring lives in the composition root, which reads this module's link file.
    from apps.pos_desktop.bootstrap.upstream import enrol_here

    return enrol_here(Path(data_dir), database_url, url, code, progress=progress)


def _value(values: dict[str, object], name: str) -> str:
    value = values.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{name} is missing")
    return value.strip()
