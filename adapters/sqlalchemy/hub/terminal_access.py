"""Terminals at the hub: API keys and enrolment codes (digests), which terminals are
OFFICE nodes, and the store list of a company."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    ForeignKeyConstraint,
    Index,
    Table,
    UniqueConstraint,
    delete,
    select,
    update,
)
from sqlalchemy import exc as sa_exc

from adapters.sqlalchemy import mappers
from adapters.sqlalchemy.hub.access import DIGEST
from adapters.sqlalchemy.hub.metadata import ID, company_key, hub_metadata
from adapters.sqlalchemy.types import UtcDateTime
from adapters.sqlalchemy.upsert import upsert
from saleflex_core.domain.credentials import ApiKey, EnrolmentCode
from saleflex_core.domain.organisation import Store, check_company
from saleflex_core.exceptions import StateError

_TERMINAL_FK = (["company_id", "terminal_id"], ["terminal.company_id", "terminal.id"])

terminal_api_key = Table(
    "terminal_api_key",
    hub_metadata,
    company_key(),
    Column("id", ID, primary_key=True),
    Column("terminal_id", ID, nullable=False),
    Column("digest", DIGEST, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime),  # set when a rotation replaces it
    Column("revoked_at", UtcDateTime),
    UniqueConstraint("company_id", "digest", name="uq_terminal_api_key_digest"),
    Index("ix_terminal_api_key_terminal", "company_id", "terminal_id"),
    ForeignKeyConstraint(*_TERMINAL_FK, name="fk_terminal_api_key_terminal_id_terminal"),
)

enrolment_code = Table(
    "enrolment_code",
    hub_metadata,
    company_key(),
    Column("terminal_id", ID, primary_key=True),  # one code per terminal at a time
    Column("digest", DIGEST, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),
    UniqueConstraint("company_id", "digest", name="uq_enrolment_code_digest"),
    ForeignKeyConstraint(*_TERMINAL_FK, name="fk_enrolment_code_terminal_id_terminal"),
)


office_node = Table(  # a terminal listed here is a store's OFFICE, not a till
    "office_node",
    hub_metadata,
    company_key(),
    Column("terminal_id", ID, primary_key=True),
    ForeignKeyConstraint(*_TERMINAL_FK, name="fk_office_node_terminal_id_terminal"),
)


class _Scoped:
    def __init__(self, conn: Connection, company: str) -> None:
        self.conn = conn
        self.company = company


class SqlTerminalKeys(_Scoped):
    def add(self, key: ApiKey) -> None:
        check_company(self.company, key.company_id, f"API key {key.id}")
        self.conn.execute(terminal_api_key.insert(), _key_row(key))

    def save(self, key: ApiKey) -> None:
        check_company(self.company, key.company_id, f"API key {key.id}")
        upsert(self.conn, terminal_api_key, [_key_row(key)], ["company_id", "id"])

    def by_digest(self, digest: str) -> ApiKey | None:
        t = terminal_api_key
        found = (
            self.conn.execute(select(t).where(t.c.company_id == self.company, t.c.digest == digest))
            .mappings()
            .first()
        )
        return None if found is None else _key(found)

    def for_terminal(self, terminal_id: str) -> list[ApiKey]:
        t = terminal_api_key
        rows = self.conn.execute(
            select(t)
            .where(t.c.company_id == self.company, t.c.terminal_id == terminal_id)
            .order_by(t.c.created_at, t.c.id)
        ).mappings()
        return [_key(r) for r in rows]


class SqlEnrolmentCodes(_Scoped):
    def put(self, code: EnrolmentCode) -> None:
        check_company(self.company, code.company_id, "An enrolment code")
        row = {
            "company_id": self.company,
            "terminal_id": code.terminal_id,
            "digest": code.digest,
            "created_at": code.created_at,
            "expires_at": code.expires_at,
            "used_at": code.used_at,
        }
        upsert(self.conn, enrolment_code, [row], ["company_id", "terminal_id"])

    def by_digest(self, digest: str) -> EnrolmentCode | None:
        return self._one(enrolment_code.c.digest == digest)

    def for_terminal(self, terminal_id: str) -> EnrolmentCode | None:
        return self._one(enrolment_code.c.terminal_id == terminal_id)

    def use(self, digest: str, at: datetime) -> bool:
        t = enrolment_code
        done = self.conn.execute(  # one statement: two enrolments racing, one wins
            update(t)
            .where(t.c.company_id == self.company, t.c.digest == digest, t.c.used_at.is_(None))
            .values(used_at=at)
        )
        return done.rowcount == 1

    def _one(self, where: Any) -> EnrolmentCode | None:
        t = enrolment_code
        r = (
            self.conn.execute(select(t).where(t.c.company_id == self.company, where))
            .mappings()
            .first()
        )
        if r is None:
            return None
        return EnrolmentCode(
            r["company_id"],
            r["terminal_id"],
            r["digest"],
            r["created_at"],
            r["expires_at"],
            r["used_at"],
        )


class SqlOfficeNodes(_Scoped):
    def add(self, terminal_id: str) -> None:
        self.conn.execute(
            office_node.insert(), {"company_id": self.company, "terminal_id": terminal_id}
        )

    def ids(self) -> frozenset[str]:
        t = office_node
        return frozenset(
            self.conn.execute(
                select(t.c.terminal_id).where(t.c.company_id == self.company)
            ).scalars()
        )


class SqlStores(_Scoped):
    def all(self) -> list[Store]:
        t = hub_metadata.tables["store"]
        rows = self.conn.execute(select(t).where(t.c.company_id == self.company).order_by(t.c.id))
        return [mappers.to_store(r) for r in rows.mappings()]

    def delete(self, store_id: str) -> None:
        t = hub_metadata.tables["store"]
        try:
            with self.conn.begin_nested():
                self.conn.execute(
                    delete(t).where(t.c.company_id == self.company, t.c.id == store_id)
                )
        except sa_exc.IntegrityError as error:
            raise StateError(
                f"Store {store_id} still has data (prices, stock...): keep it"
            ) from error


def _key_row(key: ApiKey) -> dict[str, Any]:
    return {
        "company_id": key.company_id,
        "id": key.id,
        "terminal_id": key.terminal_id,
        "digest": key.digest,
        "created_at": key.created_at,
        "expires_at": key.expires_at,
        "revoked_at": key.revoked_at,
    }


def _key(r: Any) -> ApiKey:
    return ApiKey(
        r["company_id"],
        r["id"],
        r["terminal_id"],
        r["digest"],
        r["created_at"],
        r["expires_at"],
        r["revoked_at"],
    )
