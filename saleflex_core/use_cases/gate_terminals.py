"""Terminals at GATE: created by an admin with a one-time enrolment code, enrolled by
the terminal itself, and kept with API keys that rotate and can be revoked.

Rules:

- a terminal's code ("T01") is unique in its store; its id is a new global id.
- a terminal is a till or the store's OFFICE (``TerminalKind``): an office is enrolled
  and keyed as a till is, and relays the events of its store's tills with its own key.
- an enrolment code is valid once, for ``ENROLMENT_LIFETIME``; asking for a new code
  replaces the old one. Enrolling (again, after a disk swap) revokes every key the
  terminal had, gives it a new one, and answers the counters the hub received from it
  (last closure, receipt, event sequence) so it never reuses a receipt number.
- rotating a key gives a new key and lets the newest old one work for ``grace`` more
  (``ROTATION_GRACE`` by default, at most ``ROTATION_GRACE_MAX``): two keys at most are
  valid at once, any older key is revoked at once.
- keys and codes are shown once, in the answer that makes them, and stored as digests.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from attrs import frozen

from saleflex_core.domain import access
from saleflex_core.domain.access import Caller
from saleflex_core.domain.credentials import (
    API_KEY,
    CODE_ALPHABET,
    CODE_LENGTH,
    ENROLMENT_LIFETIME,
    ROTATION_GRACE,
    ROTATION_GRACE_MAX,
    ApiKey,
    EnrolmentCode,
    compose,
    digest,
    enrolment_code,
    read_enrolment_code,
)
from saleflex_core.domain.ingest import TerminalCounters
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Company, Store, Terminal, TerminalKind
from saleflex_core.exceptions import AuthenticationFailed, NotFound, ValidationError
from saleflex_core.ports import Clock, IdGenerator
from saleflex_core.ports.hub import HubUnitOfWork, SecretSource
from saleflex_core.use_cases.audit import recorder
from saleflex_core.use_cases.gate_access import UnitOfWorkFor
from saleflex_core.use_cases.gate_stores import reachable_store


@frozen
class Issued:
    """A secret as shown once (an enrolment code or an API key) and until when."""

    secret: str = ""
    expires_at: datetime | None = None
    key_id: str = ""


@frozen
class Enrolled:
    """An enrolled terminal, its new key, its counters, and its company and store (so the
    terminal knows the store it sells in before its first master-data pull)."""

    terminal: Terminal
    api_key: Issued
    counters: TerminalCounters
    company: Company
    store: Store
    kind: TerminalKind = TerminalKind.TILL


def terminal_record(terminal: Terminal, kind: TerminalKind = TerminalKind.TILL) -> dict[str, Any]:
    return {
        "id": terminal.id,
        "store_id": terminal.store_id,
        "code": terminal.code,
        "name": terminal.name,
        "cash_out_limit": terminal.cash_out_limit.minor,
        "currency": terminal.cash_out_limit.currency,
        "kind": kind.value,
    }


def kind_of(uow: HubUnitOfWork, terminal_id: str) -> TerminalKind:
    """Whether the terminal is a till or an office."""
    return TerminalKind.OFFICE if terminal_id in uow.offices.ids() else TerminalKind.TILL


def create_terminal(
    uow: HubUnitOfWork,
    *,
    clock: Clock,
    ids: IdGenerator,
    secrets: SecretSource,
    caller: Caller,
    store_id: str,
    code: str,
    name: str,
    cash_out_limit: int = 0,
    kind: TerminalKind = TerminalKind.TILL,
) -> tuple[Terminal, Issued]:
    """A new terminal (a till, or the store's office) in a store the caller reaches, and
    its enrolment code."""
    if not code.strip() or len(code) > 32 or not name.strip() or len(name) > 200:
        raise ValidationError("A terminal's code is 1 to 32 characters, its name 1 to 200")
    if cash_out_limit < 0:
        raise ValidationError("A cash-out limit is not negative")
    with uow:
        store = reachable_store(uow, caller, store_id)
        if any(t.store_id == store_id and t.code == code for t in uow.organisation.terminals()):
            raise ValidationError(f"Store {store_id} has a terminal {code} already")
        limit = Money(cash_out_limit, store.currency.code)
        terminal = Terminal(ids.new_id(), uow.company_id, store_id, code, name.strip(), limit)
        uow.organisation.save_terminal(terminal)
        if kind is TerminalKind.OFFICE:
            uow.offices.add(terminal.id)
        issued = issue_enrolment_code(uow, clock, secrets, terminal.id)
        record = terminal_record(terminal, kind)
        _audit(uow, clock, ids, caller, "create", terminal.id, None, record)
        uow.commit()
    return terminal, issued


def new_enrolment_code(
    uow: HubUnitOfWork,
    *,
    clock: Clock,
    ids: IdGenerator,
    secrets: SecretSource,
    caller: Caller,
    terminal_id: str,
) -> Issued:
    """A new one-time code for the terminal (the old one stops working)."""
    with uow:
        reachable_terminal(uow, caller, terminal_id)
        issued = issue_enrolment_code(uow, clock, secrets, terminal_id)
        after = {"expires_at": issued.expires_at.isoformat() if issued.expires_at else None}
        _audit(uow, clock, ids, caller, "new_enrolment_code", terminal_id, None, after)
        uow.commit()
    return issued


def rotate_key(
    uow: HubUnitOfWork,
    *,
    clock: Clock,
    ids: IdGenerator,
    secrets: SecretSource,
    caller: Caller,
    terminal_id: str,
    grace: timedelta = ROTATION_GRACE,
) -> Issued:
    """A new API key; the newest old key works for ``grace`` more, older ones stop."""
    if not timedelta(0) <= grace <= ROTATION_GRACE_MAX:
        raise ValidationError(f"The grace period is 0 to {ROTATION_GRACE_MAX.days} days")
    with uow:
        reachable_terminal(uow, caller, terminal_id)
        now = clock.now()
        valid = [k for k in uow.terminal_keys.for_terminal(terminal_id) if k.valid_at(now)]
        for old in valid[:-1]:
            uow.terminal_keys.save(old.revoked(now))
        if valid:
            uow.terminal_keys.save(valid[-1].expiring(now + grace))
        issued = _new_key(uow, ids, secrets, terminal_id, now)
        after = {"key_id": issued.key_id, "previous_key_valid_until": (now + grace).isoformat()}
        _audit(uow, clock, ids, caller, "rotate_key", terminal_id, None, after)
        uow.commit()
    return issued


def revoke_key(
    uow: HubUnitOfWork,
    *,
    clock: Clock,
    ids: IdGenerator,
    caller: Caller,
    terminal_id: str,
    key_id: str,
) -> ApiKey:
    """Revoke one of the terminal's keys at once."""
    with uow:
        reachable_terminal(uow, caller, terminal_id)
        keys = {k.id: k for k in uow.terminal_keys.for_terminal(terminal_id)}
        if key_id not in keys:
            raise NotFound(f"Terminal {terminal_id} has no API key {key_id}")
        key = keys[key_id].revoked(clock.now())
        uow.terminal_keys.save(key)
        _audit(uow, clock, ids, caller, "revoke_key", terminal_id, None, {"key_id": key_id})
        uow.commit()
    return key


def enrol_terminal(
    unit_of_work: UnitOfWorkFor,
    *,
    clock: Clock,
    ids: IdGenerator,
    secrets: SecretSource,
    code: str,
) -> Enrolled:
    """Trade a one-time enrolment code for the terminal's id, a new API key and the
    counters the hub holds for it; a used, replaced or expired code is refused (401)."""
    company_id, canonical = read_enrolment_code(code)
    refused = AuthenticationFailed("This enrolment code is not valid, used or expired")
    with unit_of_work(company_id) as uow:
        now = clock.now()
        found = uow.enrolment_codes.by_digest(digest(canonical))
        if (
            found is None
            or not found.usable_at(now)
            or not uow.enrolment_codes.use(found.digest, now)
        ):
            raise refused
        terminal = uow.organisation.terminal(found.terminal_id)
        for old in uow.terminal_keys.for_terminal(terminal.id):
            uow.terminal_keys.save(old.revoked(now))
        issued = _new_key(uow, ids, secrets, terminal.id, now)
        counters = uow.received.counters(terminal.id)
        company = uow.organisation.company(company_id)
        store = uow.organisation.store(terminal.store_id)
        kind = kind_of(uow, terminal.id)
        caller = access.terminal(company_id, terminal.store_id, terminal.id)
        _audit(uow, clock, ids, caller, "enrol", terminal.id, None, {"key_id": issued.key_id})
        uow.commit()
    return Enrolled(terminal, issued, counters, company, store, kind)


def reachable_terminal(uow: HubUnitOfWork, caller: Caller, terminal_id: str) -> Terminal:
    """The terminal, if its store is in the caller's reach: else NotFound."""
    terminal = uow.organisation.terminal(terminal_id)
    if not caller.reaches_store(terminal.store_id):
        raise NotFound(f"Terminal {terminal_id} does not exist")
    return terminal


def issue_enrolment_code(
    uow: HubUnitOfWork, clock: Clock, secrets: SecretSource, terminal_id: str
) -> Issued:
    now = clock.now()
    text = enrolment_code(uow.company_id, secrets.choice(CODE_ALPHABET, CODE_LENGTH))
    expires = now + ENROLMENT_LIFETIME
    uow.enrolment_codes.put(EnrolmentCode(uow.company_id, terminal_id, digest(text), now, expires))
    return Issued(text, expires)


def _new_key(
    uow: HubUnitOfWork, ids: IdGenerator, secrets: SecretSource, terminal_id: str, now: datetime
) -> Issued:
    secret = compose(API_KEY, uow.company_id, secrets.token(32))
    key = ApiKey(uow.company_id, ids.new_id(), terminal_id, digest(secret), now)
    uow.terminal_keys.add(key)
    return Issued(secret, None, key.id)


_audit = recorder("terminal")
