"""Signing in and out at GATE, and who a token or an API key is (the ``Authenticator``).

A person signs in with company, username and password and gets an opaque bearer token
(``credentials``: shown once, stored as a digest) that expires after ``TOKEN_LIFETIME``
unless the sign-in asks for another lifetime (up to ``TOKEN_LIFETIME_MAX``, for an
integrator's job) and may be narrowed to fewer scopes than the user's roles grant.
Sign-in is throttled in the database (``domain.sign_in``). Wrong company, unknown user,
wrong password and a deactivated user all get the same answer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from attrs import frozen

from saleflex_core.domain.access import Caller, office, terminal
from saleflex_core.domain.credentials import (
    API_KEY,
    TOKEN,
    TOKEN_LIFETIME,
    TOKEN_LIFETIME_MAX,
    AccessToken,
    company_of,
    compose,
    digest,
)
from saleflex_core.domain.people import User, check_username
from saleflex_core.domain.sign_in import SignInThrottle
from saleflex_core.exceptions import AuthenticationFailed, NotFound, ValidationError
from saleflex_core.ports import Clock
from saleflex_core.ports.hub import HubUnitOfWork, PasswordHasher, SecretSource

UnitOfWorkFor = Callable[[str], HubUnitOfWork]
WRONG = "Wrong company, username or password"
MIN_LIFETIME = timedelta(minutes=5)


@frozen
class SignedIn:
    token: str
    expires_at: datetime
    user: User
    scopes: frozenset[str]


def sign_in(
    unit_of_work: UnitOfWorkFor,
    *,
    clock: Clock,
    secrets: SecretSource,
    passwords: PasswordHasher,
    company_id: str,
    username: str,
    password: str,
    scopes: frozenset[str] | None = None,
    lifetime: timedelta = TOKEN_LIFETIME,
) -> SignedIn:
    """A new bearer token for the user, or AuthenticationFailed (a failure is counted,
    and committed, before the error leaves), TooManyAttempts while throttled."""
    if not MIN_LIFETIME <= lifetime <= TOKEN_LIFETIME_MAX:
        raise ValidationError(f"A token lives 5 minutes to {TOKEN_LIFETIME_MAX.days} days")
    name = _username_or_fail(username, company_id)
    with unit_of_work(company_id) as uow:
        now = clock.now()
        if not company_exists(uow, company_id):
            passwords.hash(password)  # the same time as a real check: nothing to learn
            raise AuthenticationFailed(WRONG)
        throttle = uow.sign_in_throttle.get(name) or SignInThrottle(company_id, name)
        throttle.check(now)
        user = _check_password(uow, passwords, name, password)
        if user is None:
            uow.sign_in_throttle.save(throttle.failed(now))
            uow.commit()
            raise AuthenticationFailed(WRONG)
        granted = user.caller(scopes).scopes
        if scopes is not None and scopes - granted:
            raise ValidationError(f"Your roles do not grant {', '.join(sorted(scopes - granted))}")
        if passwords.needs_rehash(user.password_hash):
            user = user.changed(password_hash=passwords.hash(password))
            uow.users.save(user)
        token = compose(TOKEN, company_id, secrets.token(32))
        uow.access_tokens.add(
            AccessToken(company_id, digest(token), user.id, now, now + lifetime, scopes)
        )
        if throttle.failures:
            uow.sign_in_throttle.save(throttle.succeeded())
        uow.commit()
    return SignedIn(token, now + lifetime, user, granted)


def sign_out(unit_of_work: UnitOfWorkFor, *, caller: Caller, token: str) -> None:
    """Forget the token ``caller`` authenticated with: it answers 401 from now on."""
    with unit_of_work(caller.company_id) as uow:
        uow.access_tokens.delete(digest(token))
        uow.commit()


def _username_or_fail(username: str, company_id: str) -> str:
    try:
        return check_username(username)
    except ValidationError as error:
        raise AuthenticationFailed(WRONG) from error


def company_exists(uow: HubUnitOfWork, company_id: str) -> bool:
    """Whether the company exists (the unit of work is the company's own)."""
    try:
        uow.organisation.company(company_id)
    except NotFound:
        return False
    return True


def _check_password(
    uow: HubUnitOfWork, passwords: PasswordHasher, name: str, password: str
) -> User | None:
    user = uow.users.by_username(name)
    if user is None:
        passwords.hash(password)  # as slow as a real check
        return None
    if not passwords.verify(user.password_hash, password) or not user.active:
        return None
    return user


class HubAuthenticator:
    """The ``Authenticator`` on the hub's own tables: a token or key names its company,
    its digest is looked up in that company's rows only, and it must still be valid."""

    def __init__(self, unit_of_work: UnitOfWorkFor, clock: Clock) -> None:
        self.unit_of_work = unit_of_work
        self.clock = clock

    def person(self, token: str) -> Caller:
        with self.unit_of_work(company_of(TOKEN, token)) as uow:
            found = uow.access_tokens.get(digest(token))
            if found is None or not found.valid_at(self.clock.now()):
                raise AuthenticationFailed("This token is not valid or has expired")
            try:
                user = uow.users.get(found.user_id)
            except NotFound as error:
                raise AuthenticationFailed("This token is not valid") from error
            if not user.active:
                raise AuthenticationFailed("This user is deactivated")
            return user.caller(found.scopes)

    def terminal(self, api_key: str) -> Caller:
        company_id = company_of(API_KEY, api_key)
        with self.unit_of_work(company_id) as uow:
            key = uow.terminal_keys.by_digest(digest(api_key))
            if key is None or not key.valid_at(self.clock.now()):
                raise AuthenticationFailed("This API key is not valid, revoked or expired")
            found = uow.organisation.terminal(key.terminal_id)
            if found.id in uow.offices.ids():
                return office(company_id, found.store_id, found.id)
            return terminal(company_id, found.store_id, found.id)
