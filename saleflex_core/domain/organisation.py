"""Who and where: company (tenant) → store → terminal, and the cashiers."""

from __future__ import annotations

import enum
import hashlib
import hmac
from datetime import date, datetime

from attrs import field, frozen

from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.store_time import (
    DEFAULT_TIMEZONE,
    business_date,
    check_timezone,
    local_time,
)
from saleflex_core.exceptions import ValidationError

PIN_ITERATIONS = 120_000


@frozen
class Company:
    id: str
    name: str


@frozen
class Store:
    """A shop. ``header`` lines head every receipt; ``footer`` lines end it.

    ``qr_template``, when set, prints a QR on receipts, e.g.
    ``"https://receipts.example/{store_id}/{unique_id}"`` (see ``receipt.verification_url``).

    ``timezone`` is the store's IANA time zone: receipts and reports print local times in
    it and business dates are local dates in it (``store_time`` says the rules). An
    unknown zone is a ``ValidationError``.
    """

    id: str
    company_id: str
    name: str
    currency: Currency
    header: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    qr_template: str = ""
    timezone: str = field(default=DEFAULT_TIMEZONE, converter=check_timezone)

    def local(self, at: datetime) -> datetime:
        """The store's wall-clock time at the instant ``at`` (aware UTC)."""
        return local_time(at, self.timezone)

    def business_date(self, at: datetime) -> date:
        """The store's local date at the instant ``at``: a fact's business date."""
        return business_date(at, self.timezone)


@frozen
class Terminal:
    """One register. Cash out above ``cash_out_limit`` needs a supervisor.

    ``id`` is global (a UUID made at the shop's first start, or handed out by GATE at
    enrolment) and is what documents, closures and events carry; ``code`` ("T01") names
    the register within its store, in its settings and on screens, and is unique there.
    """

    id: str
    company_id: str
    store_id: str
    code: str
    name: str
    cash_out_limit: Money


class TerminalKind(enum.Enum):
    """What a terminal of a store is at the hub: a till (PyPOS) or the store's OFFICE,
    the server that relays its tills' events and serves them master data."""

    TILL = "till"
    OFFICE = "office"


class Role(enum.Enum):
    CASHIER = "cashier"
    SUPERVISOR = "supervisor"
    MANAGER = "manager"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


_RANKS = {Role.CASHIER: 1, Role.SUPERVISOR: 2, Role.MANAGER: 3}


def hash_pin(pin: str, salt: bytes, iterations: int = PIN_ITERATIONS) -> str:
    """PBKDF2-SHA256 of a PIN as ``pbkdf2_sha256$iterations$salt$digest`` (hex)."""
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValidationError("A PIN is 4 to 8 digits")
    if len(salt) < 8:
        raise ValidationError("A PIN salt needs at least 8 bytes")
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    """Constant-time check of a PIN against a ``hash_pin`` string."""
    algorithm, iterations, salt, digest = stored.split("$")
    if algorithm != "pbkdf2_sha256":
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(candidate.hex(), digest)


@frozen
class Cashier:
    """A person who signs in at the till. Only the PIN's hash is kept."""

    id: str
    name: str
    role: Role
    pin_hash: str = field(repr=False)
    active: bool = True

    def can(self, needed: Role) -> bool:
        return self.active and self.role.at_least(needed)


def check_company(scope: str, company_id: str, what: str) -> None:
    """Refuse to store ``what`` (of ``company_id``) in a unit of work of company ``scope``:
    a unit of work never writes another company's rows."""
    if company_id != scope:
        raise ValidationError(f"{what} belongs to company {company_id}, not to {scope}")
