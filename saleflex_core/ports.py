"""The ports: what the core needs from the outside world, named by role.

Adapters implement these; ``adapters.memory`` implements every one of them for real,
in memory, and the contract tests hold every adapter to the same behaviour.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal
from types import TracebackType
from typing import Any, Protocol, Self

from attrs import frozen

from saleflex_core.domain.access import Caller
from saleflex_core.domain.audit_log import AuditRecord
from saleflex_core.domain.cash import CashMovement
from saleflex_core.domain.catalog import (
    Department,
    PaymentType,
    Product,
    QuickKey,
    StorePrice,
    VatRate,
)
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.credentials import (
    AccessToken,
    ApiKey,
    EnrolmentCode,
)
from saleflex_core.domain.delivery import DeliveryResult, OutboxFigures, SyncState
from saleflex_core.domain.document import Document
from saleflex_core.domain.events import OutboxItem
from saleflex_core.domain.hub_ledger import DayTotals, StockMove
from saleflex_core.domain.hub_reads import Page, ReadFilter
from saleflex_core.domain.ingest import IncomingEvent, SequenceGap, TerminalCounters
from saleflex_core.domain.master_data import MasterDataPage
from saleflex_core.domain.master_data_feed import Change, FeedEntry
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Cashier, Company, Store, Terminal
from saleflex_core.domain.people import User
from saleflex_core.domain.receipt import LayoutLine
from saleflex_core.domain.sign_in import SignInThrottle

# --- time and identity ---------------------------------------------------------------------


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware in UTC (``tzinfo is datetime.UTC``).

        Never a local wall-clock time: the store's zone turns an instant into local
        times and business dates (``saleflex_core.domain.store_time``). The clock only
        labels facts; nothing is ordered by it, so a clock that jumps back renumbers
        and reorders nothing.
        """
        ...


class IdGenerator(Protocol):
    def new_id(self) -> str:
        """A new globally unique id (a UUID string in production)."""
        ...


class RandomSource(Protocol):
    def random(self) -> float:
        """A number in [0, 1) (``random.Random`` is one): the jitter of the outbox's back-off."""
        ...


# --- storage -------------------------------------------------------------------------------


class DraftRepository(Protocol):
    """Temp documents: ACTIVE and SUSPENDED sales, saved after every change."""

    def get(self, document_id: str) -> Document: ...
    def save(self, document: Document) -> None: ...
    def delete(self, document_id: str) -> None: ...
    def active_for(self, terminal_id: str) -> Document | None: ...
    def suspended_for(self, terminal_id: str) -> list[Document]: ...


class DocumentRepository(Protocol):
    """Permanent documents: numbered, COMPLETED or CANCELLED, never changed again."""

    def add(self, document: Document) -> None: ...
    def get(self, document_id: str) -> Document: ...
    def last_for(self, terminal_id: str) -> Document | None: ...
    def for_closure(self, terminal_id: str, closure_number: int) -> list[Document]: ...


class ClosureRepository(Protocol):
    def current(self, terminal_id: str) -> Closure | None:
        """The OPEN closure of the terminal, read without a lock (reports, status, start-up)."""
        ...

    def lock_current(self, terminal_id: str) -> Closure | None:
        """The OPEN closure, locked for update where the store can: for write paths only.

        Completion, cancellation, cash movements and the Z take it, so two writers on one
        terminal queue instead of sharing a number; a reader never does, so nothing on the
        sale path waits for a report.
        """
        ...

    def get(self, terminal_id: str, number: int) -> Closure: ...
    def save(self, closure: Closure) -> None: ...


class CashMovementRepository(Protocol):
    def add(self, movement: CashMovement) -> None: ...
    def for_closure(self, terminal_id: str, closure_number: int) -> list[CashMovement]: ...


class OutboxRepository(Protocol):
    """Events waiting for upstream, numbered per terminal, and each queue's delivery state."""

    def add(self, item: OutboxItem) -> OutboxItem:
        """Queue a new event and return it numbered: its terminal's next ``sequence``.

        Numbers are 1, 2, 3, ... per terminal without gaps: the counter moves in this
        unit of work, so a rollback takes the number back with the event.
        """
        ...

    def save(self, item: OutboxItem) -> None: ...
    def get(self, event_id: str) -> OutboxItem: ...
    def pending(self, terminal_id: str, limit: int) -> list[OutboxItem]:
        """The terminal's PENDING events, lowest ``sequence`` first."""
        ...

    def failed(self, terminal_id: str) -> list[OutboxItem]:
        """The terminal's parked (FAILED) events, lowest ``sequence`` first."""
        ...

    def pending_count(self) -> int: ...
    def figures(self, terminal_id: str) -> OutboxFigures: ...
    def state(self, terminal_id: str) -> SyncState | None: ...
    def save_state(self, state: SyncState) -> None: ...


class CatalogRepository(Protocol):
    def products(self, store_id: str | None = None) -> list[Product]:
        """The company's products; with ``store_id``, priced as that store sells them
        (its ``StorePrice`` where it has one, the product's own price elsewhere)."""
        ...

    def store_prices(self, store_id: str) -> list[StorePrice]: ...
    def save_store_price(self, price: StorePrice) -> None: ...
    def delete_store_price(self, store_id: str, product_id: str) -> None: ...
    def departments(self) -> list[Department]: ...
    def vat_rates(self) -> list[VatRate]: ...
    def payment_types(self) -> list[PaymentType]: ...
    def save_product(self, product: Product) -> None: ...
    def save_department(self, department: Department) -> None: ...
    def save_vat_rate(self, vat_rate: VatRate) -> None: ...
    def save_payment_type(self, payment_type: PaymentType) -> None: ...
    def quick_keys(self) -> list[QuickKey]: ...
    def replace_quick_keys(self, keys: Sequence[QuickKey]) -> None: ...
    # Master data coming down (use_cases/pulling.py). Removing what is not there is a
    # no-op; receipts copy their lines, so a removed product leaves old receipts intact.
    def save_products(self, products: Sequence[Product]) -> None:
        """Save a set of products at once; PLUs and barcodes may move between them."""
        ...

    def save_quick_key(self, key: QuickKey) -> None: ...
    def remove_product(self, product_id: str) -> None: ...
    def remove_department(self, code: str) -> None: ...
    def remove_vat_rate(self, code: str) -> None: ...
    def remove_payment_type(self, code: str) -> None: ...
    def remove_quick_key(self, page: int, position: int) -> None: ...


class CashierRepository(Protocol):
    def get(self, cashier_id: str) -> Cashier: ...
    def all(self) -> list[Cashier]: ...
    def save(self, cashier: Cashier) -> None: ...
    def remove(self, cashier_id: str) -> None: ...


class OrganisationRepository(Protocol):
    def company(self, company_id: str) -> Company: ...
    def store(self, store_id: str) -> Store: ...
    def terminal(self, terminal_id: str) -> Terminal: ...
    def terminals(self) -> list[Terminal]: ...
    def save_company(self, company: Company) -> None: ...
    def save_store(self, store: Store) -> None: ...
    def save_terminal(self, terminal: Terminal) -> None: ...


class SyncCursorRepository(Protocol):
    """Where each stream pulled from upstream has got to; stored with the data it produced."""

    def get(self, stream: str) -> str | None: ...
    def put(self, stream: str, cursor: str) -> None: ...


class UnitOfWork(Protocol):
    """One business operation, one transaction: ``with uow: ...; uow.commit()``.

    Leaving the block without ``commit()`` rolls everything back. A unit of work is
    built for one company (``company_id``, the tenant): its repositories read and write
    only that company's rows, and refuse an object that names another company.
    """

    @property
    def company_id(self) -> str: ...

    # Read-only properties, so an adapter may hold its own repository types.
    @property
    def drafts(self) -> DraftRepository: ...
    @property
    def documents(self) -> DocumentRepository: ...
    @property
    def closures(self) -> ClosureRepository: ...
    @property
    def cash(self) -> CashMovementRepository: ...
    @property
    def outbox(self) -> OutboxRepository: ...
    @property
    def catalog(self) -> CatalogRepository: ...
    @property
    def cashiers(self) -> CashierRepository: ...
    @property
    def organisation(self) -> OrganisationRepository: ...
    @property
    def sync_cursors(self) -> SyncCursorRepository: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


# --- devices -------------------------------------------------------------------------------


class ReceiptPrinter(Protocol):
    def print_layout(self, lines: Sequence[LayoutLine]) -> None:
        """Print and cut; raise DeviceError when the printer cannot."""
        ...


class CharacterSet(Protocol):
    def printable(self, text: str) -> str:
        """``text`` as the printer prints it: each letter it cannot print becomes ``?``.

        Previews pass their text through it, so the screen shows what the paper will.
        """
        ...


class PaperLevel(enum.Enum):
    OK = "ok"
    LOW = "low"
    OUT = "out"


@frozen
class PrinterStatus:
    """What a printer says about itself when asked."""

    online: bool = True
    paper: PaperLevel = PaperLevel.OK
    cover_open: bool = False

    @property
    def problem(self) -> str | None:
        """Why the printer cannot print now, for the cashier; None when it can."""
        if self.cover_open:
            return "the cover is open"
        if self.paper is PaperLevel.OUT:
            return "out of paper"
        if not self.online:
            return "offline"
        return None


class PrinterStatusQuery(Protocol):
    def status(self) -> PrinterStatus | None:
        """Ask the printer; None when it cannot report (a file or one-way line).

        Raise DeviceError when the printer cannot be reached or does not answer.
        """
        ...


class CashDrawer(Protocol):
    def open(self) -> None: ...


class CustomerDisplay(Protocol):
    def show(self, top: str, bottom: str) -> None:
        """Two lines for the customer (20 columns each on a VFD)."""
        ...


class Scale(Protocol):
    def read_weight(self) -> Decimal:
        """A stable weight in kilograms; ScaleError when unstable, overloaded or silent."""
        ...


# --- upstream ------------------------------------------------------------------------------


class MasterDataSource(Protocol):
    def pull(self, cursor: str | None, limit: int) -> MasterDataPage:
        """At most ``limit`` master-data changes after ``cursor`` (None: from the start).

        Raise SyncError when the source cannot be reached at all.
        """
        ...


class Upstream(MasterDataSource, Protocol):
    """The upstream hub: events go up (``deliver``), master data comes down (``pull``)."""

    # --- deliver (outbox) ---
    def deliver(self, items: Sequence[OutboxItem]) -> Sequence[DeliveryResult]:
        """Send a batch of events (in ``sequence`` order); answer per ``event_id``:
        accepted, duplicate (stored before with the same payload) or rejected(reason).

        Raise SyncError when the receiver cannot be reached or fails as a whole
        (timeout, 5xx): a transient failure. An event left unanswered counts as one.
        """
        ...


JsonDict = dict[str, Any]


# --- GATE, the hub (issue #10) ---------------------------------------------------------------
# The hub's unit of work is the terminal's plus the hub's own repositories. Each part of the
# hub adds its repositories in its own section below.


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
    def stores(self) -> StoreDirectory: ...
    @property
    def received(self) -> ReceivedEventRepository: ...

    @property
    def ledger(self) -> HubLedgerRepository: ...

    @property
    def reader(self) -> HubReader: ...
    @property
    def master_data_feed(self) -> MasterDataFeedRepository: ...
