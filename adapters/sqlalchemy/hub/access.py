"""People at the hub: users, their bearer tokens (digests) and the sign-in throttle."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    delete,
    select,
)
from sqlalchemy import exc as sa_exc

from adapters.sqlalchemy.errors import translate
from adapters.sqlalchemy.hub.metadata import ID, company_key, hub_metadata
from adapters.sqlalchemy.types import UtcDateTime
from adapters.sqlalchemy.upsert import upsert
from saleflex_core.domain.access import GateRole
from saleflex_core.domain.credentials import AccessToken
from saleflex_core.domain.organisation import check_company
from saleflex_core.domain.people import User
from saleflex_core.domain.sign_in import SignInThrottle
from saleflex_core.exceptions import NotFound, ValidationError

DIGEST = String(64)  # SHA-256, hex

gate_user = Table(
    "gate_user",
    hub_metadata,
    company_key(),
    Column("id", ID, primary_key=True),
    Column("username", String(64), nullable=False),
    Column("name", String(200), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("store_ids", JSON),  # NULL: every store of the company
    Column("password_hash", String(256), nullable=False),
    Column("active", Boolean, nullable=False),
    UniqueConstraint("company_id", "username", name="uq_gate_user_username"),
    ForeignKeyConstraint(["company_id"], ["company.id"], name="fk_gate_user_company_id_company"),
)

access_token = Table(
    "access_token",
    hub_metadata,
    company_key(),
    Column("digest", DIGEST, primary_key=True),
    Column("user_id", ID, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("scopes", JSON),  # NULL: every scope of the user's roles
    Index("ix_access_token_user", "company_id", "user_id"),
)

sign_in_throttle = Table(
    "sign_in_throttle",
    hub_metadata,
    company_key(),
    Column("username", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", UtcDateTime),
    Column("locked_until", UtcDateTime),
)


class _Scoped:
    def __init__(self, conn: Connection, company: str) -> None:
        self.conn = conn
        self.company = company


class SqlUsers(_Scoped):
    def get(self, user_id: str) -> User:
        t = gate_user
        row = (
            self.conn.execute(select(t).where(t.c.company_id == self.company, t.c.id == user_id))
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound(f"User {user_id} does not exist")
        return _user(row)

    def by_username(self, username: str) -> User | None:
        t = gate_user
        row = (
            self.conn.execute(
                select(t).where(t.c.company_id == self.company, t.c.username == username)
            )
            .mappings()
            .first()
        )
        return None if row is None else _user(row)

    def all(self) -> list[User]:
        t = gate_user
        rows = self.conn.execute(
            select(t).where(t.c.company_id == self.company).order_by(t.c.username)
        ).mappings()
        return [_user(r) for r in rows]

    def add(self, user: User) -> None:
        check_company(self.company, user.company_id, f"User {user.username}")
        try:
            with self.conn.begin_nested():
                self.conn.execute(gate_user.insert(), _user_row(user))
        except sa_exc.IntegrityError as error:  # a concurrent sign-up took the name
            raise ValidationError(f"The username {user.username} is taken") from error

    def save(self, user: User) -> None:
        check_company(self.company, user.company_id, f"User {user.username}")
        with translate(f"saving user {user.username}"):
            upsert(self.conn, gate_user, [_user_row(user)], ["company_id", "id"])


class SqlAccessTokens(_Scoped):
    def add(self, token: AccessToken) -> None:
        check_company(self.company, token.company_id, "A token")
        scopes = None if token.scopes is None else sorted(token.scopes)
        row = {
            "company_id": self.company,
            "digest": token.digest,
            "user_id": token.user_id,
            "created_at": token.created_at,
            "expires_at": token.expires_at,
            "scopes": scopes,
        }
        self.conn.execute(access_token.insert(), row)

    def get(self, digest: str) -> AccessToken | None:
        t = access_token
        r = (
            self.conn.execute(select(t).where(t.c.company_id == self.company, t.c.digest == digest))
            .mappings()
            .first()
        )
        if r is None:
            return None
        scopes = None if r["scopes"] is None else frozenset(r["scopes"])
        return AccessToken(
            r["company_id"], r["digest"], r["user_id"], r["created_at"], r["expires_at"], scopes
        )

    def delete(self, digest: str) -> None:
        t = access_token
        self.conn.execute(delete(t).where(t.c.company_id == self.company, t.c.digest == digest))

    def delete_for_user(self, user_id: str) -> None:
        t = access_token
        self.conn.execute(delete(t).where(t.c.company_id == self.company, t.c.user_id == user_id))


class SqlSignInThrottle(_Scoped):
    def get(self, username: str) -> SignInThrottle | None:
        t = sign_in_throttle
        r = (
            self.conn.execute(
                select(t)
                .where(t.c.company_id == self.company, t.c.username == username)
                .with_for_update()
            )
            .mappings()
            .first()
        )
        if r is None:
            return None
        return SignInThrottle(
            r["company_id"], r["username"], r["failures"], r["last_failure_at"], r["locked_until"]
        )

    def save(self, throttle: SignInThrottle) -> None:
        check_company(self.company, throttle.company_id, "A sign-in throttle")
        row = {
            "company_id": self.company,
            "username": throttle.username,
            "failures": throttle.failures,
            "last_failure_at": throttle.last_failure_at,
            "locked_until": throttle.locked_until,
        }
        upsert(self.conn, sign_in_throttle, [row], ["company_id", "username"])


def _user_row(user: User) -> dict[str, Any]:
    return {
        "company_id": user.company_id,
        "id": user.id,
        "username": user.username,
        "name": user.name,
        "roles": sorted(r.value for r in user.roles),
        "store_ids": None if user.store_ids is None else sorted(user.store_ids),
        "password_hash": user.password_hash,
        "active": user.active,
    }


def _user(r: Any) -> User:
    stores = None if r["store_ids"] is None else frozenset(r["store_ids"])
    return User(
        r["company_id"],
        r["id"],
        r["username"],
        r["name"],
        frozenset(GateRole(v) for v in r["roles"]),
        stores,
        r["password_hash"],
        bool(r["active"]),
    )
