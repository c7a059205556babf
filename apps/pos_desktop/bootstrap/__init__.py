"""Composition root of PyPOS: the one place that picks adapters.

``open_register`` takes the terminal's lock (one register per terminal database), opens
its database, finds its terminal by the code its settings name (the company it belongs
to scopes every unit of work: see ``first_start.py``), starts the background WAL
checkpoints and builds the register with the devices of its settings. It never creates
a database: ``first_start`` sets a new shop's terminal up from the answers of its first
start, and ``open_register(..., demo=True)`` creates the demo's database and seeds the
demo store (see ``first_start.py`` for the rules). ``build_demo_till`` is the demo
register on the in-memory adapters.
"""

from __future__ import annotations

import gc
import logging
import secrets
from logging.handlers import RotatingFileHandler
from typing import Protocol

from attrs import define, frozen

from adapters.escpos import EscposPrinter
from adapters.memory import MemoryDrawer, MemoryPrinter, MemoryUnitOfWork
from adapters.serial import SerialDisplay, ToledoScale
from adapters.sqlalchemy.database import (
    WAL_CAP_PAGES,
    NoDatabase,
    WalCheckpointer,
    open_database,
    sqlite_file,
)
from adapters.sqlalchemy.identity import company_ids, find_terminal, find_terminal_by_id
from adapters.sqlalchemy.lock import TerminalLock, lock_file, lock_terminal
from adapters.sqlalchemy.uow import SqlUnitOfWork
from adapters.system import SystemClock, UuidIds
from apps.pos_desktop import first_start as rules
from apps.pos_desktop.bootstrap.devices import build_devices
from apps.pos_desktop.bootstrap.upstream import linked_settings
from apps.pos_desktop.device_jobs import DeviceJobs, QueuedDisplay
from apps.pos_desktop.settings import PosSettings
from apps.pos_desktop.upstream_link import load_link
from saleflex_core import Devices, Register, SaleFlexError, demo
from saleflex_core.exceptions import StorageError
from saleflex_core.logger import ROOT, get_logger
from saleflex_core.ports import PrinterStatusQuery
from saleflex_core.use_cases.store_setup import NewStore

log = get_logger(__name__)
LOG_HANDLER = "saleflex-pos-file"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


class _Disposable(Protocol):
    """The SQLAlchemy engine, as far as the app needs to know it."""

    def dispose(self) -> None: ...


@define
class RunningTill:
    """An open register and what keeps it running; ``close()`` when the app ends."""

    register: Register
    engine: _Disposable
    checkpointer: WalCheckpointer | None
    devices: Devices
    settings: PosSettings
    seeded: bool = False  # the demo store was installed by this start
    jobs: DeviceJobs | None = None  # printer and drawer work, off the till's thread
    printer_status: PrinterStatusQuery | None = None
    lock: TerminalLock | None = None  # held while the register runs: one per terminal

    def close(self) -> None:
        if self.jobs is not None:
            self.jobs.stop()
        if self.checkpointer is not None:
            self.checkpointer.stop()
        display = self.devices.display
        if isinstance(display, QueuedDisplay):
            display = display.display
        for port in (display, self.devices.scale):
            if isinstance(port, SerialDisplay | ToledoScale):
                port.close()
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
        log.info("Register %s stopped", self.settings.terminal_id)
        stop_logging()


@frozen
class DemoTill:
    register: Register
    printer: MemoryPrinter


def settle_after_start() -> None:
    """Move the start-up objects (the reference-data caches) out of the garbage collector's
    reach, so its full passes stay short while the cashier scans."""
    gc.collect()
    gc.freeze()


def build_demo_till() -> DemoTill:
    """A register on terminal T01 of the demo store, with a printer that keeps its output."""
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    demo.install(uow, demo.demo_data())
    printer = MemoryPrinter()
    devices = Devices(printer=printer, drawer=MemoryDrawer())
    register = Register(
        uow, terminal_id=demo.TERMINAL_ID, clock=SystemClock(), ids=UuidIds(), devices=devices
    )
    settle_after_start()
    return DemoTill(register, printer)


# Files a SQLite database leaves beside it once opened: the lock file is never removed.
_TRACES = ("-wal", "-shm", "-journal")


def new_terminal_here(settings: PosSettings) -> bool:
    """True where a start may offer to set the terminal up without being told to (the
    window's first-start form): on a new data folder, whose SQLite database does not
    exist, in a folder that does, and with no trace of a register having run on it.

    A missing folder may be a disk that is not mounted, and a database that went missing
    beside its lock file must be found, not replaced: both keep the refusal, as does a
    server database (set up with ``--init``, where an operator chose it).
    """
    path = sqlite_file(settings.database_url)
    if path is None or path.exists() or not path.parent.is_dir():
        return False
    traces = [lock_file(path), *(path.with_name(path.name + end) for end in _TRACES)]
    return not any(trace.exists() for trace in traces)


def open_register(
    settings: PosSettings, *, devices: Devices | None = None, demo: bool = False
) -> RunningTill:
    """Open the terminal's database and its register, holding the terminal's lock.

    The database must hold the terminal (``TerminalNotSetUp`` otherwise). With ``demo``
    the database is created and the demo store seeded the first time, and only a
    database of the demo store is used. ``devices`` replaces those of the settings.
    """
    return _started(settings, devices, demo=demo, answers=None)


def first_start(
    settings: PosSettings, answers: NewStore, *, devices: Devices | None = None
) -> RunningTill:
    """Set the terminal up for a new shop from its first start's answers (creating its
    database), then open its register. A terminal that exists is never set up again."""
    return _started(settings, devices, demo=False, answers=answers)


def _started(
    settings: PosSettings, devices: Devices | None, *, demo: bool, answers: NewStore | None
) -> RunningTill:
    configure_logging(settings)
    try:
        return _open(settings, devices, demo=demo, answers=answers)
    except SaleFlexError as error:
        log.error("Start-up failed: %s", error.message)
        stop_logging()
        raise


def _open(
    settings: PosSettings, devices: Devices | None, *, demo: bool, answers: NewStore | None
) -> RunningTill:
    where = rules.shown_url(settings.database_url)
    log.info("Register %s starting on %s", settings.terminal_id, where)
    create = demo or answers is not None
    lock = _lock(settings, create=create)
    uow: SqlUnitOfWork | None = None
    checkpointer = None
    try:
        uow, settings = _unit_of_work(settings, create=create, demo=demo)
        salt = secrets.token_bytes(16)  # the manager PIN's, when this is a first start
        prepared = rules.prepare_terminal(
            uow, settings, demo=demo, answers=answers, salt=salt, ids=UuidIds()
        )
        devices, jobs, status_query = _devices(settings, devices)
        register = Register(
            uow,
            terminal_id=prepared.terminal_id,
            clock=SystemClock(),
            ids=UuidIds(),
            devices=devices,
            paper_width=settings.paper_width,
        )
        if settings.is_sqlite:
            checkpointer = WalCheckpointer(uow.engine).start()
    except BaseException:
        if uow is not None:
            uow.engine.dispose()
        lock.release()
        raise
    settle_after_start()
    log.info("Register %s ready: %d products", settings.terminal_id, len(register.ref.products))
    return RunningTill(
        register,
        uow.engine,
        checkpointer,
        devices,
        settings,
        prepared.seeded,
        jobs,
        status_query,
        lock,
    )


def _devices(
    settings: PosSettings, devices: Devices | None
) -> tuple[Devices, DeviceJobs | None, PrinterStatusQuery | None]:
    if devices is not None:
        return devices, None, None
    # Real devices: the till must never wait on them.
    devices = build_devices(settings.devices)
    status_query = devices.printer if isinstance(devices.printer, EscposPrinter) else None
    jobs = DeviceJobs()
    return jobs.wrap(devices), jobs, status_query


def _lock(settings: PosSettings, *, create: bool) -> TerminalLock:
    """The terminal's lock, taken before its database is opened (or created)."""
    path = sqlite_file(settings.database_url)
    if path is not None and not path.exists():
        if not create:  # nothing is created, not even the folder or the lock file
            raise rules.no_database(settings, path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(
                f"Cannot create the folder {path.parent}: {error.strerror}"
            ) from error
    return lock_terminal(settings.database_url, settings.terminal_id)


def _unit_of_work(
    settings: PosSettings, *, create: bool, demo: bool
) -> tuple[SqlUnitOfWork, PosSettings]:
    """The terminal's units of work, for the company that holds its terminal: the one
    ``upstream.toml`` names once enrolled (the settings then carry its code), else the
    one of the settings' code."""
    try:
        engine = open_database(
            settings.database_url, create=create, wal_autocheckpoint=WAL_CAP_PAGES
        )
    except NoDatabase as error:  # an empty file or server database
        raise rules.no_database(settings, sqlite_file(settings.database_url)) from error
    try:
        link = None if demo else load_link(settings.data_dir)
        if link is None:
            found = find_terminal(engine, settings.terminal_id)
        else:
            found = find_terminal_by_id(engine, link.terminal_id)
            settings = linked_settings(settings, link, found)
        company = rules.company_for(
            None if found is None else found.company_id,
            company_ids(engine),
            settings,
            demo=demo,
            new_id=UuidIds().new_id,
        )
    except BaseException:
        engine.dispose()
        raise
    return SqlUnitOfWork(engine, company_id=company), settings


def open_headless_demo(settings: PosSettings) -> tuple[RunningTill, DemoTill]:
    """The demo register of ``open_register`` (``settings`` are the demo's) with a printer
    that keeps its output, for the headless demo sale."""
    printer = MemoryPrinter()
    devices = Devices(printer=printer, drawer=MemoryDrawer())
    running = open_register(settings, devices=devices, demo=True)
    return running, DemoTill(running.register, printer)


def configure_logging(settings: PosSettings) -> None:
    """Send the ``saleflex`` loggers to ``<log dir>/pos.log``, rotated at 1 MB (5 kept)."""
    try:
        settings.log_dir.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            settings.log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError as error:
        raise StorageError(
            f"Cannot write the log file {settings.log_file}: {error.strerror}"
        ) from error
    handler.set_name(LOG_HANDLER)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    stop_logging()
    root = logging.getLogger(ROOT)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    # The file is the register's log: python-escpos calls logging.basicConfig() on import,
    # which would copy every record to the terminal as well.
    root.propagate = False


def stop_logging() -> None:
    root = logging.getLogger(ROOT)
    for handler in [h for h in root.handlers if h.get_name() == LOG_HANDLER]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.NOTSET)
    root.propagate = True
