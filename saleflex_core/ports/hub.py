"""GATE's ports: what the hub's use cases need beyond a terminal's (``saleflex_core.ports``).

The hub's unit of work is the terminal's plus the hub's own repositories; each part of the
hub (access, the master-data feed, ingest and reads) has its section below.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, Protocol

from saleflex_core.domain.access import Caller
from saleflex_core.domain.audit_log import AuditRecord
from saleflex_core.domain.catalog import (
    Product,
)
from saleflex_core.domain.credentials import (
    AccessToken,
    ApiKey,
    EnrolmentCode,
)
from saleflex_core.domain.hub_ledger import DayTotals, StockMove
from saleflex_core.domain.hub_reads import Page, ReadFilter
from saleflex_core.domain.ingest import IncomingEvent, SequenceGap, TerminalCounters
from saleflex_core.domain.master_data_feed import Change, FeedEntry
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Store
from saleflex_core.domain.people import User
from saleflex_core.domain.sign_in import SignInThrottle
from saleflex_core.ports import UnitOfWork

# --- GATE, the hub (issue #10) ---------------------------------------------------------------


class Authenticator(Protocol):
    """Turns a credential into a ``Caller``; ``AuthenticationFailed`` when it cannot."""

    def person(self, token: str) -> Caller:
        """The caller behind a person's (or integrator's) bearer token."""
        ...

    def terminal(self, api_key: str) -> Caller:
        """The caller behind a terminal's API key."""
        ...


class AuditLogRepository(Protocol):
    def add(self, record: AuditRecord) -> None: ...
    def page(self, after: int, limit: int) -> list[tuple[int, AuditRecord]]:
        """Up to ``limit`` records after position ``after`` (0: from the first), each with
        its position, in the order they were written: the position is the next cursor."""
        ...


# --- GATE: access (people, tokens, terminal keys, enrolment) ---


class PasswordHasher(Protocol):
    """Slow, salted password hashing (argon2id in production)."""

    def hash(self, password: str) -> str: ...
    def verify(self, stored: str, password: str) -> bool:
        """Whether ``password`` matches ``stored``; never raises for a mismatch."""
        ...

    def needs_rehash(self, stored: str) -> bool:
        """Whether ``stored`` was made with weaker parameters than today's."""
        ...


class SecretSource(Protocol):
    """Unguessable randomness (``secrets`` in production) for tokens, keys and codes."""

    def token(self, nbytes: int) -> str:
        """``nbytes`` random bytes, URL-safe base64 text (no dots)."""
        ...

    def choice(self, alphabet: str, length: int) -> str:
        """``length`` characters drawn uniformly from ``alphabet``."""
        ...


class UserRepository(Protocol):
    def get(self, user_id: str) -> User:
        """The user; NotFound if the company has no such user."""
        ...

    def by_username(self, username: str) -> User | None: ...
    def all(self) -> list[User]: ...
    def add(self, user: User) -> None:
        """A new user; ValidationError if its username is taken in the company."""
        ...

    def save(self, user: User) -> None: ...


class AccessTokenRepository(Protocol):
    def add(self, token: AccessToken) -> None: ...
    def get(self, digest: str) -> AccessToken | None: ...
    def delete(self, digest: str) -> None: ...
    def delete_for_user(self, user_id: str) -> None: ...


class SignInThrottleRepository(Protocol):
    def get(self, username: str) -> SignInThrottle | None:
        """The username's throttle, locked for this transaction (workers queue on it)."""
        ...

    def save(self, throttle: SignInThrottle) -> None: ...


class TerminalKeyRepository(Protocol):
    def add(self, key: ApiKey) -> None: ...
    def save(self, key: ApiKey) -> None: ...
    def by_digest(self, digest: str) -> ApiKey | None: ...
    def for_terminal(self, terminal_id: str) -> list[ApiKey]:
        """The terminal's keys, oldest first."""
        ...


class EnrolmentCodeRepository(Protocol):
    def put(self, code: EnrolmentCode) -> None:
        """The terminal's code, replacing any code it had."""
        ...

    def by_digest(self, digest: str) -> EnrolmentCode | None: ...
    def for_terminal(self, terminal_id: str) -> EnrolmentCode | None: ...
    def use(self, digest: str, at: datetime) -> bool:
        """Mark the code used unless it was; False if another enrolment used it first."""
        ...


class OfficeNodeRepository(Protocol):
    """Which of the company's terminals are OFFICE nodes (a store's relay), not tills."""

    def add(self, terminal_id: str) -> None:
        """Mark the (stored) terminal as an office."""
        ...

    def ids(self) -> frozenset[str]:
        """The ids of the company's offices."""
        ...


class StoreDirectory(Protocol):
    def all(self) -> list[Store]: ...
    def delete(self, store_id: str) -> None:
        """Remove a store nothing refers to; StateError if something still does."""
        ...


# --- GATE: master data admin and the change feed ---


class MasterDataFeedRepository(Protocol):
    """One company's master-data change feed (``domain/master_data_feed.py``)."""

    def lock(self) -> None:
        """Queue behind the company's other master-data writers until this unit of work
        ends: call it first, before the checks, so checks and positions follow one order."""
        ...

    def append(self, changes: Sequence[Change]) -> int:
        """Add ``changes`` at the next positions, in order; returns the last position."""
        ...

    def entries(self, after: int, limit: int) -> tuple[list[FeedEntry], bool]:
        """Up to ``limit`` entries after position ``after`` in order (each thing in its
        wire form), and whether more follow."""
        ...

    def position(self) -> int:
        """The last position written (0: none)."""
        ...

    def store_prices(self, store_id: str, product_ids: Sequence[str]) -> dict[str, Money]:
        """The store's price overrides of those products (only those it has)."""
        ...

    def currencies(self) -> list[str]:
        """The currencies of the company's stores, sorted."""
        ...

    def product(self, product_id: str) -> Product | None:
        """One product at the company's price, or None."""
        ...


# --- GATE: event ingest, sales, stock and reads ---


class ReceivedEventRepository(Protocol):
    """The events GATE received, one row per event id (the idempotency key)."""

    def claim(self, events: Sequence[IncomingEvent], received_at: datetime) -> set[str]:
        """Store the events not known yet, by event id and by (terminal, sequence); the
        ids stored now. Concurrent claims of one id wait for each other: one stores it."""
        ...

    def fingerprints(self, event_ids: Collection[str]) -> dict[str, str]:
        """The stored fingerprint of each of ``event_ids`` that is known."""
        ...

    def missing(self, terminal_id: str, limit: int) -> list[SequenceGap]:
        """The terminal's sequence gaps below the highest sequence received, in order."""
        ...

    def counters(self, terminal_id: str) -> TerminalCounters: ...


class HubLedgerRepository(Protocol):
    """The hub's books of received facts: sales (lines, payments, VAT), closures with
    their Z, cash movements, stock (warehouses, levels, movements) and daily totals."""

    def record(self, events: Sequence[IncomingEvent]) -> None:
        """Write the rows of newly received events (sales, closures, cash movements)."""
        ...

    def ensure_warehouse(self, store_id: str, warehouse_id: str, code: str) -> None: ...
    def move_stock(self, moves: Sequence[StockMove]) -> None:
        """Add the movements and change the levels they move (locked in key order)."""
        ...

    def add_day_totals(self, totals: Sequence[DayTotals]) -> None: ...


class HubReader(Protocol):
    """Integrators' reads, scoped to the company; each list a keyset page."""

    def sales(self, where: ReadFilter, after: str | None, limit: int) -> Page: ...
    def sale(self, sale_id: str) -> dict[str, Any] | None: ...
    def closures(self, where: ReadFilter, after: str | None, limit: int) -> Page: ...
    def closure(self, closure_id: str) -> dict[str, Any] | None: ...
    def cash_movements(self, where: ReadFilter, after: str | None, limit: int) -> Page: ...
    def stock_levels(self, where: ReadFilter, after: str | None, limit: int) -> Page: ...
    def stock_movements(self, where: ReadFilter, after: str | None, limit: int) -> Page: ...
    def daily_totals(self, where: ReadFilter, after: str | None, limit: int) -> Page: ...
    def warehouses(self, store_id: str) -> list[dict[str, Any]]: ...


class HubUnitOfWork(UnitOfWork, Protocol):
    """GATE's unit of work: one company's rows, one transaction, the hub's repositories too."""

    @property
    def audit_log(self) -> AuditLogRepository: ...

    # access
    @property
    def users(self) -> UserRepository: ...
    @property
    def access_tokens(self) -> AccessTokenRepository: ...
    @property
    def sign_in_throttle(self) -> SignInThrottleRepository: ...
    @property
    def terminal_keys(self) -> TerminalKeyRepository: ...
    @property
    def enrolment_codes(self) -> EnrolmentCodeRepository: ...
    @property
    def offices(self) -> OfficeNodeRepository: ...
    @property
    def stores(self) -> StoreDirectory: ...
    @property
    def received(self) -> ReceivedEventRepository: ...

    @property
    def ledger(self) -> HubLedgerRepository: ...

    @property
    def reader(self) -> HubReader: ...
    @property
    def master_data_feed(self) -> MasterDataFeedRepository: ...
