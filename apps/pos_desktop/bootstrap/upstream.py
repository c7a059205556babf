"""The register's upstream wired: enrolment, the upstream of an enrolled register, and
master-data pulls with progress (``upstream_link.py`` says the rules)."""

from __future__ import annotations

from pathlib import Path

import attrs
from attrs import frozen

from adapters.http import HttpEnroller, HttpUpstream
from adapters.sqlalchemy.database import NoDatabase, open_database, sqlite_file
from adapters.sqlalchemy.identity import (
    TerminalKey,
    company_ids,
    find_terminal,
    find_terminal_by_id,
    forget_company,
)
from adapters.sqlalchemy.lock import lock_terminal
from adapters.sqlalchemy.uow import SqlUnitOfWork
from adapters.system import SystemClock
from apps.pos_desktop.first_start import TerminalNotSetUp, no_database, not_in_database
from apps.pos_desktop.settings import PosSettings
from apps.pos_desktop.upstream_link import (
    FIRST_PULL_PAGE,
    Progress,
    PullProgress,
    UpstreamLink,
    link_path,
    load_link,
    save_link,
)
from saleflex_core.domain.enrolment import Enrolment
from saleflex_core.domain.events import OutboxItem
from saleflex_core.domain.master_data import MasterDataPage
from saleflex_core.domain.organisation import Terminal
from saleflex_core.domain.reference_page import ReferenceHolder
from saleflex_core.exceptions import StorageError
from saleflex_core.logger import get_logger
from saleflex_core.ports import MasterDataSource, UnitOfWork
from saleflex_core.queries.sync import SyncStatus, failed_events, sync_status
from saleflex_core.use_cases.enrolling import company_of_code, enrol_terminal, refuse_used_books
from saleflex_core.use_cases.pulling import Pulled, pull_master_data
from saleflex_core.use_cases.terminal import load_reference_data

log = get_logger(__name__)
MAX_PAGES = 10_000  # a bound, not a plan: 50 million changes in pages of 5,000


def linked_settings(
    settings: PosSettings, link: UpstreamLink, found: TerminalKey | None
) -> PosSettings:
    """The settings of the terminal ``upstream.toml`` names (``found`` in the database):
    its code is GATE's, which may differ from the settings' own."""
    if found is None:
        raise TerminalNotSetUp(
            f"{link_path(settings.data_dir)} names terminal {link.terminal_id}, which this "
            "database does not hold: enrol this register again (saleflex enrol)"
        )
    return attrs.evolve(settings, terminal_id=found.code)


@frozen
class OutboxReport:
    """A terminal's outbox as ``saleflex sync status`` shows it."""

    terminal: Terminal
    link: UpstreamLink | None
    status: SyncStatus
    parked: list[OutboxItem]


def outbox_report(settings: PosSettings) -> OutboxReport:
    """Read the terminal's outbox without its lock (a running register keeps running):
    its depth, back-off and parked events. The database must exist."""
    try:
        engine = open_database(settings.database_url, create=False)
    except NoDatabase as error:
        raise no_database(settings, sqlite_file(settings.database_url)) from error
    try:
        link = load_link(settings.data_dir)
        if link is None:
            found = find_terminal(engine, settings.terminal_id)
        else:
            found = find_terminal_by_id(engine, link.terminal_id)
            settings = linked_settings(settings, link, found)
        if found is None:
            raise not_in_database(settings, empty=False)
        uow = SqlUnitOfWork(engine, company_id=found.company_id)
        with uow:
            terminal = uow.organisation.terminal(found.terminal_id)
        status = sync_status(uow, terminal_id=terminal.id, now=SystemClock().now())
        return OutboxReport(terminal, link, status, failed_events(uow, terminal_id=terminal.id))
    finally:
        engine.dispose()


def upstream_for(data_dir: Path) -> HttpUpstream | None:
    """The enrolled register's upstream (None: Standalone, no ``upstream.toml``)."""
    link = load_link(data_dir)
    return None if link is None else HttpUpstream(link.url, link.api_key)


def enrol_locked(
    settings: PosSettings, url: str, code: str, *, progress: Progress | None
) -> Enrolment:
    """``saleflex enrol``: ``enrol_here`` holding the terminal's lock, so no register runs
    on the database meanwhile (TerminalBusy when one does)."""
    folder = sqlite_file(settings.database_url)
    if folder is not None:
        _make_folder(folder.parent)
    lock = lock_terminal(settings.database_url, settings.terminal_id)
    try:
        return enrol_here(settings.data_dir, settings.database_url, url, code, progress=progress)
    finally:
        lock.release()


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"Cannot create {folder}: {error.strerror}") from error


def enrol_here(
    data_dir: Path, database_url: str, url: str, code: str, *, progress: Progress | None
) -> Enrolment:
    """``upstream_link.enrol``: the database opened (created on a new folder), the code
    traded, the link saved, a never-used standalone identity dropped, the first pull."""
    company = company_of_code(code)  # a typing error is refused before anything is made
    enroller = HttpEnroller(url)
    folder = sqlite_file(database_url)
    if folder is not None:
        _make_folder(folder.parent)
    engine = open_database(database_url, create=True)
    try:
        former = [other for other in company_ids(engine) if other != company]
        for other in former:
            with SqlUnitOfWork(engine, company_id=other) as used:
                refuse_used_books(used)
        uow = SqlUnitOfWork(engine, company_id=company)
        enrolment = enrol_terminal(uow, enroller=enroller, code=code, clock=SystemClock())
        save_link(
            data_dir, UpstreamLink(enroller.base_url, enrolment.terminal.id, enrolment.api_key)
        )
        for other in former:
            forget_company(engine, other)
            log.info("Dropped the standalone identity %s: enrolled as %s", other, company)
        upstream = HttpUpstream(url, enrolment.api_key)
        try:
            pulled = pull_everything(uow, enrolment.terminal.id, upstream, progress)
        finally:
            upstream.close()
        if pulled.error is not None:
            log.warning("The first pull stopped (%s): the next pull goes on", pulled.error)
    finally:
        engine.dispose()
    return enrolment


def pull_everything(
    uow: UnitOfWork,
    terminal_id: str,
    source: MasterDataSource,
    progress: Progress | None,
    *,
    limit: int = FIRST_PULL_PAGE,
) -> Pulled:
    """Pull pages until upstream has no more (or the network stops it), from the stored
    cursor, ``progress`` told after each page; on a unit of work of the caller's."""
    holder = ReferenceHolder(load_reference_data(uow, terminal_id=terminal_id))
    reporting = _Reporting(source, progress)
    return pull_master_data(uow, source=reporting, holder=holder, limit=limit, max_pages=MAX_PAGES)


class _Reporting:
    """A master-data source that tells ``progress`` of every page it hands out."""

    def __init__(self, source: MasterDataSource, progress: Progress | None) -> None:
        self.source = source
        self.progress = progress
        self.pages = 0
        self.changes = 0

    def pull(self, cursor: str | None, limit: int) -> MasterDataPage:
        page = self.source.pull(cursor, limit)
        self.pages += 1
        up, down = page.upserts.keys(), page.deletions.keys()
        self.changes += sum(len(keys) for keys in (*up.values(), *down.values()))
        if self.progress is not None:
            self.progress(PullProgress(self.pages, self.changes, page.has_more))
        return page
