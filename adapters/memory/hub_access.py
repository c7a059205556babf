"""GATE's access repositories in memory: users, bearer tokens (digests), the sign-in
throttle, terminals' API keys and enrolment codes, and a company's store list.

Each checks what the SQL tables' keys check (a username, a digest names one row; a key or
a code belongs to a terminal that exists; a store still referred to stays), and keeps
instants as the SQL adapter gives them back: aware, in UTC (a naive one is refused).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, TypeVar

import attrs

from adapters.memory.storage import _must, _Overlay
from saleflex_core.domain.audit_log import AuditRecord
from saleflex_core.domain.credentials import AccessToken, ApiKey, EnrolmentCode
from saleflex_core.domain.organisation import Store, check_company
from saleflex_core.domain.people import User
from saleflex_core.domain.sign_in import SignInThrottle
from saleflex_core.exceptions import StateError, StorageError, ValidationError

A = TypeVar("A")


def utc(value: datetime) -> datetime:
    """``value`` in UTC, as the SQL adapter reads an instant back; a naive one is refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"Refusing to store the naive datetime {value.isoformat()}")
    return value.astimezone(UTC)


def stored(thing: A) -> A:
    """An attrs value as a database keeps it: its instants in UTC, its JSON fields as JSON
    gives them back (a copy: nothing the caller holds is shared with storage)."""
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(thing)):  # type: ignore[arg-type]
        value = getattr(thing, field.name)
        if isinstance(value, datetime):
            changes[field.name] = utc(value)
        elif isinstance(value, dict):
            changes[field.name] = json.loads(json.dumps(value))
    return attrs.evolve(thing, **changes) if changes else thing  # type: ignore[misc]


class _Scoped:
    def __init__(self, rows: _Overlay[Any], company: str) -> None:
        self.rows = rows
        self.company = company


class MemoryAuditLog(_Scoped):
    """Records keyed by their position in the company's log (1, 2, 3 ...)."""

    def add(self, record: AuditRecord) -> None:
        check_company(self.company, record.company_id, f"Audit record {record.id}")
        last = max((seq for seq, _ in self.rows.raw_values()), default=0)
        self.rows.put(last + 1, (last + 1, stored(record)))

    def page(self, after: int, limit: int) -> list[tuple[int, AuditRecord]]:
        found = sorted(self.rows.select(lambda row: bool(row[0] > after)), key=lambda r: r[0])
        return [(seq, stored(record)) for seq, record in found[:limit]]


class MemoryUsers(_Scoped):
    def get(self, user_id: str) -> User:
        found: User = _must(self.rows.get(user_id), f"User {user_id}")
        return found

    def by_username(self, username: str) -> User | None:
        found = self.rows.select(lambda u: u.username == username)
        return found[0] if found else None

    def all(self) -> list[User]:
        return sorted(self.rows.values(), key=lambda u: u.username)

    def add(self, user: User) -> None:
        check_company(self.company, user.company_id, f"User {user.username}")
        if self.rows.get(user.id) is not None or self._taken(user):
            raise ValidationError(f"The username {user.username} is taken")
        self.rows.put(user.id, user)

    def save(self, user: User) -> None:
        check_company(self.company, user.company_id, f"User {user.username}")
        if self._taken(user):
            raise StorageError(f"Cannot finish saving user {user.username}: it is already stored")
        self.rows.put(user.id, user)

    def _taken(self, user: User) -> bool:
        return any(u.username == user.username and u.id != user.id for u in self.rows.raw_values())


class MemoryAccessTokens(_Scoped):
    def add(self, token: AccessToken) -> None:
        check_company(self.company, token.company_id, "A token")
        if self.rows.get(token.digest) is not None:
            raise StorageError("This token is already stored")
        self.rows.put(token.digest, stored(token))

    def get(self, digest: str) -> AccessToken | None:
        found: AccessToken | None = self.rows.get(digest)
        return found

    def delete(self, digest: str) -> None:
        self.rows.delete(digest)

    def delete_for_user(self, user_id: str) -> None:
        for token in self.rows.select(lambda t: t.user_id == user_id):
            self.rows.delete(token.digest)


class MemorySignInThrottle(_Scoped):
    def get(self, username: str) -> SignInThrottle | None:
        found: SignInThrottle | None = self.rows.get(username)  # the database lock: one writer
        return found

    def save(self, throttle: SignInThrottle) -> None:
        check_company(self.company, throttle.company_id, "A sign-in throttle")
        self.rows.put(throttle.username, stored(throttle))


class _TerminalOwned(_Scoped):
    def __init__(self, rows: _Overlay[Any], terminals: _Overlay[Any], company: str) -> None:
        super().__init__(rows, company)
        self.terminals = terminals

    def _check(self, terminal_id: str, digest: str, key: str) -> None:
        """What the SQL table checks: its terminal exists, its digest names it alone."""
        if self.terminals.get(terminal_id) is None:
            raise StorageError(f"Terminal {terminal_id} is not stored: its secret cannot be")
        if any(r.digest == digest and self._key(r) != key for r in self.rows.raw_values()):
            raise StorageError("This secret's digest is already stored")

    def _key(self, row: Any) -> str:
        raise NotImplementedError


class MemoryTerminalKeys(_TerminalOwned):
    def add(self, key: ApiKey) -> None:
        if self.rows.get(key.id) is not None:
            raise StorageError(f"API key {key.id} is already stored")
        self.save(key)

    def save(self, key: ApiKey) -> None:
        check_company(self.company, key.company_id, f"API key {key.id}")
        self._check(key.terminal_id, key.digest, key.id)
        self.rows.put(key.id, stored(key))

    def by_digest(self, digest: str) -> ApiKey | None:
        found = self.rows.select(lambda k: k.digest == digest)
        return found[0] if found else None

    def for_terminal(self, terminal_id: str) -> list[ApiKey]:
        mine = self.rows.select(lambda k: k.terminal_id == terminal_id)
        return sorted(mine, key=lambda k: (k.created_at, k.id))

    def _key(self, row: Any) -> str:
        return str(row.id)


class MemoryEnrolmentCodes(_TerminalOwned):
    """One code per terminal, keyed by the terminal's id."""

    def put(self, code: EnrolmentCode) -> None:
        check_company(self.company, code.company_id, "An enrolment code")
        self._check(code.terminal_id, code.digest, code.terminal_id)
        self.rows.put(code.terminal_id, stored(code))

    def by_digest(self, digest: str) -> EnrolmentCode | None:
        found = self.rows.select(lambda c: c.digest == digest)
        return found[0] if found else None

    def for_terminal(self, terminal_id: str) -> EnrolmentCode | None:
        found: EnrolmentCode | None = self.rows.get(terminal_id)
        return found

    def use(self, digest: str, at: datetime) -> bool:
        code = self.by_digest(digest)
        if code is None or code.used_at is not None:
            return False
        self.rows.put(code.terminal_id, attrs.evolve(code, used_at=utc(at)))
        return True

    def _key(self, row: Any) -> str:
        return str(row.terminal_id)


class MemoryOfficeNodes:
    """The company's offices: terminal ids (the terminal must be stored, as the SQL key says)."""

    def __init__(self, rows: _Overlay[str], terminals: _Overlay[Any]) -> None:
        self.rows = rows
        self.terminals = terminals

    def add(self, terminal_id: str) -> None:
        if self.terminals.get(terminal_id) is None:
            raise StorageError(f"Terminal {terminal_id} is not stored: it cannot be an office")
        if self.rows.get(terminal_id) is not None:
            raise StorageError(f"Terminal {terminal_id} is an office already")
        self.rows.put(terminal_id, terminal_id)

    def ids(self) -> frozenset[str]:
        return frozenset(self.rows.values())


class MemoryStores:
    """The company's stores (the organisation's own rows)."""

    def __init__(self, stores: _Overlay[Store], referrers: dict[str, _Overlay[Any]]) -> None:
        self.stores = stores
        self.referrers = referrers  # table name -> rows that have a ``store_id``

    def all(self) -> list[Store]:
        return sorted(self.stores.values(), key=lambda s: s.id)

    def delete(self, store_id: str) -> None:
        # What the SQL tables' foreign keys refuse: a store its terminals or prices name.
        for rows in self.referrers.values():
            if any(row.store_id == store_id for row in rows.raw_values()):
                raise StateError(f"Store {store_id} still has data (prices, stock...): keep it")
        self.stores.delete(store_id)
