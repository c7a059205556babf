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

The settings name the terminal by its code (``[terminal] id = "T01"``). The bootstrap
finds that code in the database (``adapters.sqlalchemy.identity.find_terminal``, the one
lookup across companies) and builds its units of work for the company found
(``company_for``); the register then works with the terminal's global id.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import attrs
from attrs import frozen

from apps.pos_desktop.settings import PosSettings, load_settings, resolve_data_dir
from saleflex_core import demo as demo_store
from saleflex_core.exceptions import NotFound, StateError
from saleflex_core.logger import get_logger
from saleflex_core.ports import IdGenerator, UnitOfWork
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


def company_for(
    found: str | None,
    companies: Sequence[str],
    settings: PosSettings,
    *,
    demo: bool,
    new_id: Callable[[], str],
) -> str:
    """The company a start works for: the one holding its terminal (``found``), else the
    database's one company (whose data the rules below then protect), else a new one
    (the demo's, or a new UUID for a shop's first start). A database of several
    companies without this terminal is no register's: ``TerminalNotSetUp``."""
    if found is not None:
        return found
    if len(companies) == 1:
        return companies[0]
    if companies:
        raise not_in_database(settings, empty=False)
    return demo_store.COMPANY_ID if demo else new_id()


@frozen
class Prepared:
    """The terminal a start runs (its global id), and whether the demo was just seeded."""

    terminal_id: str
    seeded: bool = False


def prepare_terminal(
    uow: UnitOfWork,
    settings: PosSettings,
    *,
    demo: bool,
    answers: NewStore | None,
    salt: bytes,
    ids: IdGenerator,
) -> Prepared:
    """Set the terminal up from ``answers`` (its manager PIN salted with ``salt``, its
    store's and its own ids from ``ids``), seed the demo (``demo``), or check that the
    database holds it. Each is refused, changing nothing, where the rules above say so."""
    code = settings.terminal_id
    if answers is not None:
        done = set_up_store(uow, terminal_code=code, ids=ids, answers=answers, salt=salt)
        log.info("Set up terminal %s of %s", code, done.store.name)
        log.info("Terminal %s has the id %s", code, done.terminal.id)
        return Prepared(done.terminal.id)
    if demo:
        prepared = seed_demo_store(uow, code)
        refuse_a_real_store(uow, prepared.terminal_id)
        return prepared
    with uow:
        terminal = terminal_of(uow, code)
        if terminal is None:
            raise not_in_database(settings, empty=not holds_master_data(uow))
    return Prepared(terminal)


def terminal_of(uow: UnitOfWork, code: str) -> str | None:
    """The global id of the company's terminal ``code`` (inside ``with uow``)."""
    return next((t.id for t in uow.organisation.terminals() if t.code == code), None)


def seed_demo_store(uow: UnitOfWork, code: str) -> Prepared:
    """Install the demo store (its terminal called ``code``) in a database without
    master data.

    ``seeded`` when it was installed; a database that has master data but not this
    terminal is refused: the demo is never seeded next to a shop's data.
    """
    with uow:
        existing = terminal_of(uow, code)
        if existing is not None:
            return Prepared(existing)
        empty = not holds_master_data(uow)
    if not empty:
        raise StateError(
            f"The demo is not installed here: this database holds master data but no "
            f"terminal {code}. The demo runs in a folder of its own "
            f"({DEMO_DATA_DIR} unless --data-dir names another)"
        )
    data = demo_store.demo_data()  # the real PIN hashing cost: these PINs guard a working till
    if code != data.terminal.code:
        terminal = attrs.evolve(data.terminal, code=code, name=f"Till {code}")
        data = attrs.evolve(data, terminal=terminal)
    demo_store.install(uow, data)
    log.info("Installed the demo store for terminal %s", code)
    return Prepared(data.terminal.id, seeded=True)


def refuse_a_real_store(uow: UnitOfWork, terminal_id: str) -> None:
    """The demo runs only on a database whose terminal belongs to the demo store."""
    with uow:
        terminal = uow.organisation.terminal(terminal_id)
        store = uow.organisation.store(terminal.store_id)
    if not demo_store.is_demo_store(store):
        raise StateError(
            f"The demo does not run on {store.name}'s terminal {terminal.code}: it runs in "
            f"a folder of its own ({DEMO_DATA_DIR} unless --data-dir names another)"
        )
