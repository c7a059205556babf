"""The unit of work: one connection, one database transaction, every repository on it."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine
from sqlalchemy import exc as sa_exc

from adapters.sqlalchemy.documents import DraftCache, SqlDocuments, SqlDrafts
from adapters.sqlalchemy.errors import explain
from adapters.sqlalchemy.outbox import SqlOutbox
from adapters.sqlalchemy.repositories import (
    ClosureCache,
    SqlCash,
    SqlCashiers,
    SqlCatalog,
    SqlClosures,
    SqlOrganisation,
)
from adapters.sqlalchemy.sync_cursors import SqlSyncCursors
from saleflex_core.exceptions import StorageError

if TYPE_CHECKING:
    from saleflex_core.ports import UnitOfWork


class SqlUnitOfWork:
    """``with uow: ...; uow.commit()`` is one transaction; leaving without commit rolls back.

    Database errors inside the block surface as StorageError (chained to the driver error).
    """

    conn: Connection

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.draft_cache = DraftCache()
        self.closure_cache = ClosureCache()

    def __enter__(self) -> SqlUnitOfWork:
        try:
            self.conn = self.engine.connect()
        except sa_exc.DBAPIError as error:
            raise StorageError(f"Cannot open the database: {explain(error)}") from error
        conn = self.conn
        self.drafts = SqlDrafts(conn, self.draft_cache)
        self.documents = SqlDocuments(conn)
        self.closures = SqlClosures(conn, self.closure_cache)
        self.cash = SqlCash(conn)
        self.outbox = SqlOutbox(conn)
        self.catalog = SqlCatalog(conn)
        self.cashiers = SqlCashiers(conn)
        self.organisation = SqlOrganisation(conn)
        # "": the company of a unit of work scoped to one (tenancy) goes here
        self.sync_cursors = SqlSyncCursors(conn, company_id="")
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
