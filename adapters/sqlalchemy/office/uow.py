"""OFFICE's unit of work: the hub's on the store database, plus the relay's repositories."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.sqlalchemy.hub.uow import SqlHubUnitOfWork
from adapters.sqlalchemy.office.relay import SqlFeedMarks, SqlOfficeLink, SqlRelayQueue

if TYPE_CHECKING:
    from saleflex_core.ports.office import OfficeUnitOfWork


class SqlOfficeUnitOfWork(SqlHubUnitOfWork):
    """One transaction on OFFICE's store database (see ``SqlUnitOfWork``)."""

    def __enter__(self) -> SqlOfficeUnitOfWork:
        super().__enter__()
        self.link = SqlOfficeLink(self.conn, self.company_id)
        self.relay = SqlRelayQueue(self.conn, self.company_id)
        self.feed_marks = SqlFeedMarks(self.conn, self.company_id)
        return self


if TYPE_CHECKING:  # mypy holds the adapter to the port

    def _is_an_office_unit_of_work(uow: SqlOfficeUnitOfWork) -> OfficeUnitOfWork:
        return uow
