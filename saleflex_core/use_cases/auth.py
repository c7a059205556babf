"""Signing in, and the supervisor override that lets a cashier do more."""

from __future__ import annotations

from attrs import frozen

from saleflex_core.domain.line import AuditEntry
from saleflex_core.domain.organisation import Cashier, Role, pin_matches
from saleflex_core.exceptions import (
    AuthenticationFailed,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from saleflex_core.ports import Clock, UnitOfWork


@frozen
class Override:
    """A supervisor's PIN and reason, typed in at the till to approve one action."""

    supervisor_id: str
    pin: str
    reason: str


def sign_in(uow: UnitOfWork, *, cashier_id: str, pin: str) -> Cashier:
    """Check a cashier's PIN; the same message for an unknown id and a wrong PIN."""
    with uow:
        try:
            cashier = uow.cashiers.get(cashier_id)
        except NotFound as exc:
            raise AuthenticationFailed("Unknown cashier or wrong PIN") from exc
    if not cashier.active or not pin_matches(pin, cashier.pin_hash):
        raise AuthenticationFailed("Unknown cashier or wrong PIN")
    return cashier


def authorize(
    uow: UnitOfWork, *, actor: Cashier, needed: Role, override: Override | None, action: str
) -> str:
    """Return who approved ``action``: the actor when they may do it alone.

    Otherwise the override's supervisor must exist, hold ``needed`` and give the right PIN
    and a reason. Call inside an open unit of work.
    """
    if actor.can(needed):
        return actor.id
    if override is None:
        raise PermissionDenied(f"{action} needs a {needed.value}'s approval")
    if not override.reason.strip():
        raise ValidationError(f"Give a reason to {action.lower()}")
    try:
        supervisor = uow.cashiers.get(override.supervisor_id)
    except NotFound as exc:
        raise AuthenticationFailed("Unknown supervisor or wrong PIN") from exc
    if not supervisor.active or not pin_matches(override.pin, supervisor.pin_hash):
        raise AuthenticationFailed("Unknown supervisor or wrong PIN")
    if not supervisor.can(needed):
        raise PermissionDenied(
            f"{supervisor.name} may not approve: {action} needs a {needed.value}"
        )
    return supervisor.id


def audit(
    clock: Clock,
    action: str,
    cashier: Cashier,
    approved_by: str,
    override: Override | None,
    detail: str,
) -> AuditEntry:
    """An audit entry stamped now; the reason comes from the override that approved it."""
    reason = override.reason if override is not None and approved_by != cashier.id else ""
    return AuditEntry(clock.now(), action, cashier.id, approved_by, reason, detail)
