"""The unit of work: one connection, one database transaction, every repository on it."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine
from sqlalchemy import exc as sa_exc

from adapters.sqlalchemy.documents import DraftCache, SqlDocuments, SqlDrafts
from adapters.sqlalchemy.errors import explain
from adapters.sqlalchemy.master_data import SqlCashiers, SqlCatalog, SqlOrganisation
from adapters.sqlalchemy.outbox import SqlOutbox
from adapters.sqlalchemy.repositories import ClosureCache, SqlCash, SqlClosures
from adapters.sqlalchemy.sync_cursors import SqlSyncCursors
from saleflex_core.exceptions import StorageError

if TYPE_CHECKING:
    from saleflex_core.ports import UnitOfWork


class SqlUnitOfWork:
    """``with uow: ...; uow.commit()`` is one transaction; leaving without commit rolls back.

    Database errors inside the block surface as StorageError (chained to the driver error).
    It is built for one company: every repository reads and writes only ``company_id``'s
    rows (the tenant), so no unit of work can see another company's data.
    """

    conn: Connection

    def __init__(self, engine: Engine, *, company_id: str) -> None:
        if not company_id:
            raise ValueError("A unit of work is built for one company: company_id is empty")
        self.engine = engine
        self.company_id = company_id
        self.draft_cache = DraftCache()
        self.closure_cache = ClosureCache()

    def __enter__(self) -> SqlUnitOfWork:
        try:
            self.conn = self.engine.connect()
        except sa_exc.DBAPIError as error:
            raise StorageError(f"Cannot open the database: {explain(error)}") from error
        conn = self.conn
        company = self.company_id
        self.drafts = SqlDrafts(conn, self.draft_cache, company)
        self.documents = SqlDocuments(conn, company)
        self.closures = SqlClosures(conn, self.closure_cache, company)
        self.cash = SqlCash(conn, company)
        self.outbox = SqlOutbox(conn, company)
        self.catalog = SqlCatalog(conn, company)
        self.cashiers = SqlCashiers(conn, company)
        self.organisation = SqlOrganisation(conn, company)
        self.sync_cursors = SqlSyncCursors(conn, company_id=company)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.rollback()
        finally:
            self.conn.close()
        if isinstance(exc, sa_exc.DBAPIError):
            raise StorageError(f"Database error: {explain(exc)}") from exc

    def commit(self) -> None:
        try:
            self.conn.commit()
        except sa_exc.DBAPIError as error:
            self._forget()
            raise StorageError(f"Cannot save: {explain(error)}") from error
        self.draft_cache.keep()
        self.closure_cache.keep()

    def rollback(self) -> None:
        self._forget()
        self.conn.rollback()

    def _forget(self) -> None:
        self.draft_cache.forget()
        self.closure_cache.forget()


if TYPE_CHECKING:  # mypy holds the adapter to the port

    def _is_a_unit_of_work(uow: SqlUnitOfWork) -> UnitOfWork:
        return uow
