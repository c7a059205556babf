"""The people who call GATE: users of one company, with roles, stores and a password.

Rules (checked when a user is made or changed, before anything is stored):

- ``username`` is 3 to 64 characters of ``a-z 0-9 . _ @ -``, kept lower-case, unique in
  its company (the same name may exist in another company).
- a password is 12 to 256 characters; only its argon2id hash is kept (the
  ``PasswordHasher`` port) and never returned.
- a store manager names the stores it manages (at least one); a company admin reaches
  every store; an integrator reaches every store unless given some.
- ``platform_admin`` exists only in the platform's own company (``PLATFORM_COMPANY``).
"""

from __future__ import annotations

import re
from typing import Any

from attrs import evolve, field, frozen

from saleflex_core.domain.access import Caller, GateRole, person
from saleflex_core.exceptions import ValidationError

PLATFORM_COMPANY = "platform"
"""The hub's own company: its users are the platform admins."""

PASSWORD_MIN = 12
PASSWORD_MAX = 256
_USERNAME = re.compile(r"[a-z0-9._@-]{3,64}")
_COMPANY_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def check_username(username: str) -> str:
    """The username kept (lower-case), or a ValidationError saying the rule."""
    name = username.strip().lower()
    if not _USERNAME.fullmatch(name):
        raise ValidationError("A username is 3 to 64 characters of a-z, 0-9, '.', '_', '@', '-'")
    return name


def check_password(password: str) -> str:
    """Refuse a password too short to resist guessing, or too long to hash cheaply."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise ValidationError(f"A password is {PASSWORD_MIN} to {PASSWORD_MAX} characters")
    return password


def check_company_id(company_id: str) -> str:
    """A company id is 1 to 64 characters of ``A-Z a-z 0-9 _ -`` (it travels inside
    tokens, API keys and enrolment codes, separated by dots)."""
    if not _COMPANY_ID.fullmatch(company_id):
        raise ValidationError("A company id is 1 to 64 characters of A-Z, a-z, 0-9, '_', '-'")
    return company_id


def check_roles(
    company_id: str, roles: frozenset[GateRole], store_ids: frozenset[str] | None
) -> None:
    """The role rules of the module docstring."""
    if not roles:
        raise ValidationError("A user needs a role")
    if GateRole.PLATFORM_ADMIN in roles and company_id != PLATFORM_COMPANY:
        raise ValidationError("Only the platform's own users may be platform admins")
    if GateRole.STORE_MANAGER in roles and not store_ids:
        raise ValidationError("A store manager needs the stores it manages")
    if roles & {GateRole.COMPANY_ADMIN, GateRole.PLATFORM_ADMIN} and store_ids is not None:
        raise ValidationError("An admin reaches every store: give it no stores")


@frozen
class User:
    """A person (or an integrator's job) who signs in at GATE."""

    company_id: str
    id: str
    username: str
    name: str
    roles: frozenset[GateRole]
    store_ids: frozenset[str] | None
    password_hash: str = field(repr=False)
    active: bool = True

    def caller(self, scopes: frozenset[str] | None = None) -> Caller:
        """The caller a token of this user acts as (narrowed to ``scopes`` if given)."""
        return person(
            self.company_id,
            self.id,
            self.roles,
            store_ids=self.store_ids,
            scopes=scopes,
            name=self.name,
        )

    def changed(self, **changes: Any) -> User:
        """A copy with ``changes``, checked by the same rules as a new user."""
        user = evolve(self, **changes)
        check_roles(user.company_id, user.roles, user.store_ids)
        return user

    def public(self) -> dict[str, Any]:
        """What the API and the audit log show: everything but the password's hash."""
        return {
            "id": self.id,
            "username": self.username,
            "name": self.name,
            "roles": sorted(r.value for r in self.roles),
            "store_ids": None if self.store_ids is None else sorted(self.store_ids),
            "active": self.active,
        }
