"""GATE's unit of work: the terminal's repositories plus the hub's, on one connection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.sqlalchemy.hub.access import SqlAccessTokens, SqlSignInThrottle, SqlUsers
from adapters.sqlalchemy.hub.audit import SqlAuditLog
from adapters.sqlalchemy.hub.feed import SqlMasterDataFeed
from adapters.sqlalchemy.hub.ledger import SqlLedger, SqlReceivedEvents
from adapters.sqlalchemy.hub.reads import SqlHubReader
from adapters.sqlalchemy.hub.terminal_access import (
    SqlEnrolmentCodes,
    SqlOfficeNodes,
    SqlStores,
    SqlTerminalKeys,
)
from adapters.sqlalchemy.uow import SqlUnitOfWork

if TYPE_CHECKING:
    from saleflex_core.ports.hub import HubUnitOfWork


class SqlHubUnitOfWork(SqlUnitOfWork):
    """One company's transaction on the hub's database (see ``SqlUnitOfWork``)."""

    def __enter__(self) -> SqlHubUnitOfWork:
        super().__enter__()
        conn, company = self.conn, self.company_id
        self.audit_log = SqlAuditLog(conn, company)
        # access
        self.users = SqlUsers(conn, company)
        self.access_tokens = SqlAccessTokens(conn, company)
        self.sign_in_throttle = SqlSignInThrottle(conn, company)
        self.terminal_keys = SqlTerminalKeys(conn, company)
        self.enrolment_codes = SqlEnrolmentCodes(conn, company)
        self.stores = SqlStores(conn, company)
        self.offices = SqlOfficeNodes(conn, company)

        # feed
        self.master_data_feed = SqlMasterDataFeed(conn, company)

        # ingest
        self.received = SqlReceivedEvents(conn, company)
        self.ledger = SqlLedger(conn, company)
        self.reader = SqlHubReader(conn, company)

        return self


if TYPE_CHECKING:  # mypy holds the adapter to the port

    def _is_a_hub_unit_of_work(uow: SqlHubUnitOfWork) -> HubUnitOfWork:
        return uow
