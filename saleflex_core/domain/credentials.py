"""Secrets GATE hands out: people's bearer tokens, terminals' API keys, enrolment codes.

Each is random (from the ``SecretSource`` port) and names its company in clear, so the
hub finds it inside that company's rows without a cross-tenant index:
``sft.<company>.<random>`` (token), ``sfk.<company>.<random>`` (API key),
``<company>.XXXX-XXXX-XXXX-XXXX`` (enrolment code, typed by a person at the till).

Only a SHA-256 digest of each is stored, and each is shown once. SHA-256, not argon2:
these secrets carry 80 to 256 random bits, so a slow hash adds no protection against
guessing, and a terminal's key is checked on every request it makes.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from attrs import evolve, frozen

from saleflex_core.exceptions import AuthenticationFailed

TOKEN = "sft"
API_KEY = "sfk"
TOKEN_LIFETIME = timedelta(hours=8)
TOKEN_LIFETIME_MAX = timedelta(days=90)  # an integrator's job may ask for a long one
ENROLMENT_LIFETIME = timedelta(days=7)
ROTATION_GRACE = timedelta(hours=24)
ROTATION_GRACE_MAX = timedelta(days=7)
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's: no I, L, O, U
CODE_LENGTH = 16  # 80 bits


def digest(secret: str) -> str:
    """The stored form of a secret: SHA-256, hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def compose(kind: str, company_id: str, random_part: str) -> str:
    return f"{kind}.{company_id}.{random_part}"


def company_of(kind: str, secret: str) -> str:
    """The company a token or API key names; AuthenticationFailed if it is not one."""
    prefix, _, rest = secret.partition(".")
    company_id, _, random_part = rest.partition(".")
    if prefix != kind or not company_id or not random_part:
        raise AuthenticationFailed(
            "This token is not valid" if kind == TOKEN else "This API key is not valid"
        )
    return company_id


def enrolment_code(company_id: str, random_code: str) -> str:
    """``<company>.XXXX-XXXX-XXXX-XXXX``: the groups help a person type it."""
    groups = [random_code[i : i + 4] for i in range(0, len(random_code), 4)]
    return f"{company_id}.{'-'.join(groups)}"


def read_enrolment_code(text: str) -> tuple[str, str]:
    """(company, the code's canonical form): letters upper-cased, dashes and spaces
    dropped, the look-alikes I/L read as 1 and O as 0, as Crockford's base32 says."""
    company_id, _, code = text.strip().rpartition(".")
    plain = code.upper().replace("-", "").replace(" ", "")
    plain = plain.translate(str.maketrans("ILO", "110"))
    if not company_id or len(plain) != CODE_LENGTH or set(plain) - set(CODE_ALPHABET):
        raise AuthenticationFailed("This enrolment code is not valid")
    return company_id, enrolment_code(company_id, plain)


@frozen
class AccessToken:
    """A signed-in person's bearer token (its digest); ``scopes`` None: all its roles'."""

    company_id: str
    digest: str
    user_id: str
    created_at: datetime
    expires_at: datetime
    scopes: frozenset[str] | None = None

    def valid_at(self, now: datetime) -> bool:
        return now < self.expires_at


@frozen
class ApiKey:
    """One of a terminal's API keys. At most two are valid at once: during a rotation
    the old key keeps working until ``expires_at``, so the terminal can switch."""

    company_id: str
    id: str
    terminal_id: str
    digest: str
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None

    def valid_at(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)

    def revoked(self, at: datetime) -> ApiKey:
        return self if self.revoked_at is not None else evolve(self, revoked_at=at)

    def expiring(self, at: datetime) -> ApiKey:
        """The key, valid until ``at`` at the latest."""
        if self.expires_at is not None and self.expires_at <= at:
            return self
        return evolve(self, expires_at=at)


@frozen
class EnrolmentCode:
    """A terminal's one-time enrolment code (its digest): used once, or expired."""

    company_id: str
    terminal_id: str
    digest: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None

    def usable_at(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at
