"""A register's first start, and where the demo keeps its data. No window, no adapters.

A terminal's database is a shop's books, so no start creates one unasked:

* ``saleflex-pos --init --store-name NAME --currency CODE`` sets up a new shop's terminal
  (``bootstrap.first_start``); the manager PIN is read from ``$SALEFLEX_MANAGER_PIN`` or
  asked on the terminal, never taken as an option (shell history, ``ps``).
* ``saleflex-pos`` with a display on a new data folder opens the window's first-start
  form, which asks the same answers and calls ``bootstrap.first_start`` with them. A new
  data folder is one whose SQLite database does not exist, in a folder that does, with
  no lock file or journal beside it (``bootstrap.new_terminal_here``); anywhere else
  (a missing folder, a terminal's database gone missing, a server database) the start
  is refused as below.
* ``saleflex-pos --demo`` (and ``--headless-demo``) runs on the demo's own data folder,
  ``~/.local/share/saleflex-pos-demo`` unless ``--data-dir`` names another, and ignores
  the environment that describes the real terminal (its folder, database, terminal id and
  upstream); it seeds the demo store only into a new or empty database and runs only on a
  database that holds the demo store.
* Any other start needs the terminal in its database; otherwise it stops with
  ``TerminalNotSetUp``, whose message says what to pass.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import attrs

from apps.pos_desktop.settings import PosSettings, load_settings, resolve_data_dir
from saleflex_core import demo as demo_store
from saleflex_core.exceptions import NotFound, StateError
from saleflex_core.logger import get_logger
from saleflex_core.ports import UnitOfWork
from saleflex_core.use_cases.store_setup import NewStore, holds_master_data, set_up_store

log = get_logger(__name__)
DEMO_DATA_DIR = "~/.local/share/saleflex-pos-demo"
MANAGER_PIN_VARIABLE = "SALEFLEX_MANAGER_PIN"
# What says where the real terminal is; the demo must not follow it.
REAL_TERMINAL_VARIABLES = (
    "SALEFLEX_DATA_DIR",
    "SALEFLEX_DATABASE_URL",
    "SALEFLEX_TERMINAL_ID",
    "SALEFLEX_UPSTREAM_URL",
    "SALEFLEX_UPSTREAM_TOKEN",
)


class TerminalNotSetUp(NotFound):
    """The terminal has no database, or its database does not hold it."""

    code = "terminal_not_set_up"


def demo_settings(
    data_dir: str | Path | None, environ: Mapping[str, str] | None = None
) -> PosSettings:
    """The demo's settings: its own folder (``--data-dir`` or ``DEMO_DATA_DIR``)."""
    env = os.environ if environ is None else environ
    kept = {name: value for name, value in env.items() if name not in REAL_TERMINAL_VARIABLES}
    return load_settings(data_dir=data_dir or DEMO_DATA_DIR, environ=kept)


def how_to_set_up(settings: PosSettings) -> str:
    """The commands that set this register up, with its data folder when not the default."""
    folder = ""
    if settings.data_dir != resolve_data_dir(None, {}):
        folder = f" --data-dir {settings.data_dir}"
    return (
        f"set this register up for your shop with `saleflex-pos{folder} --init "
        f"--store-name NAME --currency CODE` (the manager PIN is asked, or read from "
        f"${MANAGER_PIN_VARIABLE}), or try the demo with `saleflex-pos --demo`"
    )


def shown_url(url: str) -> str:
    """A database URL fit for a message: its password replaced by ``***``."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def no_database(settings: PosSettings, database: Path | None) -> TerminalNotSetUp:
    """The refusal for a terminal whose database does not exist (or is empty)."""
    where = database or shown_url(settings.database_url)
    if database is not None and not database.parent.is_dir():
        return TerminalNotSetUp(
            f"There is no terminal database at {where}: its folder {database.parent} does "
            "not exist. If the disk that holds it is not mounted, mount it and start again; "
            f"if this is a new register, {how_to_set_up(settings)}"
        )
    return TerminalNotSetUp(
        f"Terminal {settings.terminal_id} has no database yet ({where}): " + how_to_set_up(settings)
    )


def not_in_database(settings: PosSettings, *, empty: bool) -> TerminalNotSetUp:
    """The refusal for a database that does not hold this terminal."""
    if empty:
        return TerminalNotSetUp(
            f"Terminal {settings.terminal_id} is not set up in its database "
            f"({shown_url(settings.database_url)}): {how_to_set_up(settings)}"
        )
    return TerminalNotSetUp(
        f"Terminal {settings.terminal_id} is not set up in this database: "
        "set terminal.id (or SALEFLEX_TERMINAL_ID) to this register's terminal id"
    )


def prepare_terminal(
    uow: UnitOfWork,
    settings: PosSettings,
    *,
    demo: bool,
    answers: NewStore | None,
    salt: bytes,
) -> bool:
    """Set the terminal up from ``answers`` (its manager PIN salted with ``salt``), seed
    the demo (``demo``), or check that the database holds it; True when the demo was
    seeded. Each is refused, changing nothing, where the rules above say so."""
    terminal_id = settings.terminal_id
    if answers is not None:
        done = set_up_store(uow, terminal_id=terminal_id, answers=answers, salt=salt)
        log.info("Set up terminal %s of %s", terminal_id, done.store.name)
        return False
    if demo:
        seeded = seed_demo_store(uow, terminal_id)
        refuse_a_real_store(uow, settings)
        return seeded
    with uow:
        try:
            uow.organisation.terminal(terminal_id)
        except NotFound as error:
            raise not_in_database(settings, empty=not holds_master_data(uow)) from error
    return False


def seed_demo_store(uow: UnitOfWork, terminal_id: str) -> bool:
    """Install the demo store (as ``terminal_id``) in a database without master data.

    True when it was installed; a database that has master data but not this terminal
    is refused: the demo is never seeded next to a shop's data.
    """
    with uow:
        try:
            uow.organisation.terminal(terminal_id)
            return False
        except NotFound:
            empty = not holds_master_data(uow)
    if not empty:
        raise StateError(
            f"The demo is not installed here: this database holds master data but no "
            f"terminal {terminal_id}. The demo runs in a folder of its own "
            f"({DEMO_DATA_DIR} unless --data-dir names another)"
        )
    data = demo_store.demo_data()  # the real PIN hashing cost: these PINs guard a working till
    if terminal_id != data.terminal.id:
        terminal = attrs.evolve(data.terminal, id=terminal_id, name=f"Till {terminal_id}")
        data = attrs.evolve(data, terminal=terminal)
    demo_store.install(uow, data)
    log.info("Installed the demo store for terminal %s", terminal_id)
    return True


def refuse_a_real_store(uow: UnitOfWork, settings: PosSettings) -> None:
    """The demo runs only on a database whose terminal belongs to the demo store."""
    with uow:
        terminal = uow.organisation.terminal(settings.terminal_id)
        store = uow.organisation.store(terminal.store_id)
    if not demo_store.is_demo_store(store):
        raise StateError(
            f"The demo does not run on {store.name}'s terminal {terminal.id}: it runs in a "
            f"folder of its own ({DEMO_DATA_DIR} unless --data-dir names another)"
        )
