"""What ``saleflex-office`` does before it serves, or instead: the store database made
current, OFFICE's own enrolment at GATE, a new GATE address, the relay's status."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import attrs

from adapters.http import HttpEnroller
from adapters.sqlalchemy.database import parse_url
from adapters.sqlalchemy.office.database import open_office_database, read_link
from adapters.sqlalchemy.office.uow import SqlOfficeUnitOfWork
from apps.office_web.settings import OfficeSettings
from saleflex_core.domain.relay import OfficeLink
from saleflex_core.exceptions import StateError, ValidationError
from saleflex_core.ports.office import OfficeUnitOfWork
from saleflex_core.use_cases import office_relay
from saleflex_core.use_cases.office_enrolment import enrol_office

UnitOfWorkFor = Callable[[str], OfficeUnitOfWork]


@contextmanager
def _store_database(settings: OfficeSettings) -> Iterator[tuple[UnitOfWorkFor, OfficeLink | None]]:
    engine = open_office_database(settings.database_url)  # made current: StorageError if not
    try:
        yield (lambda company: SqlOfficeUnitOfWork(engine, company_id=company)), read_link(engine)
    finally:
        engine.dispose()


def prepare(settings: OfficeSettings, code: str | None) -> OfficeLink | None:
    """Make the store database current; enrol at GATE when given a ``code``; keep a new
    GATE address (``settings.upstream_url``). The link after it (None: not enrolled)."""
    with _store_database(settings) as (unit_of_work, link):
        url = settings.upstream_url or (link.upstream_url if link else None)
        if code is not None:
            if url is None:
                raise ValidationError("Name the GATE to enrol at: --upstream-url URL")
            return enrol_office(
                unit_of_work, enroller=HttpEnroller(url), code=code, upstream_url=url, current=link
            )
        if link is not None and url is not None and url != link.upstream_url:
            link = attrs.evolve(link, upstream_url=url)
            with unit_of_work(link.company_id) as uow:
                uow.link.save(link)
                uow.commit()
        return link


def relay_status(
    settings: OfficeSettings,
) -> tuple[OfficeLink | None, office_relay.RelayStatus | None]:
    with _store_database(settings) as (unit_of_work, link):
        if link is None:
            return None, None
        return link, office_relay.status(unit_of_work(link.company_id))


def forward_now(settings: OfficeSettings) -> None:
    with _store_database(settings) as (unit_of_work, link):
        if link is None:
            raise StateError("This OFFICE is not enrolled at GATE: nothing to forward")
        office_relay.end_backoff(unit_of_work(link.company_id))


def retry(settings: OfficeSettings, event_id: str) -> None:
    with _store_database(settings) as (unit_of_work, link):
        if link is None:
            raise StateError("This OFFICE is not enrolled at GATE: nothing is parked")
        office_relay.retry_parked(unit_of_work(link.company_id), event_id=event_id)


def shown_url(url: str) -> str:
    """A database URL as it may be printed: without its password."""
    return parse_url(url).render_as_string(hide_password=True)
