"""GATE's unit of work: the terminal's repositories plus the hub's, on one connection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.sqlalchemy.hub.audit import SqlAuditLog
from adapters.sqlalchemy.hub.feed import SqlMasterDataFeed
from adapters.sqlalchemy.uow import SqlUnitOfWork

if TYPE_CHECKING:
    from saleflex_core.ports import HubUnitOfWork


class SqlHubUnitOfWork(SqlUnitOfWork):
    """One company's transaction on the hub's database (see ``SqlUnitOfWork``)."""

    def __enter__(self) -> SqlHubUnitOfWork:
        super().__enter__()
        conn, company = self.conn, self.company_id
        self.audit_log = SqlAuditLog(conn, company)
        # access

        # feed
        self.master_data_feed = SqlMasterDataFeed(conn, company)

        # ingest

        return self


if TYPE_CHECKING:  # mypy holds the adapter to the port

    def _is_a_hub_unit_of_work(uow: SqlHubUnitOfWork) -> HubUnitOfWork:
        return uow
