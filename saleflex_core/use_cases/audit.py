"""Keeping the audit log: every change a person makes at the hub, in its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from saleflex_core.domain.access import Caller
from saleflex_core.domain.audit_log import AuditRecord
from saleflex_core.ports import Clock, IdGenerator
from saleflex_core.ports.hub import HubUnitOfWork


def record_change(
    uow: HubUnitOfWork,
    *,
    clock: Clock,
    ids: IdGenerator,
    caller: Caller,
    action: str,
    entity: str,
    key: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditRecord:
    """Add one audit record inside the caller's open unit of work (before its commit),
    so the change and its record are kept, or lost, together."""
    record = AuditRecord(
        company_id=uow.company_id,
        id=ids.new_id(),
        at=clock.now(),
        actor=caller.actor,
        action=action,
        entity=entity,
        key=key,
        before=before,
        after=after,
    )
    uow.audit_log.add(record)
    return record


Recorder = Callable[
    [
        HubUnitOfWork,
        Clock,
        IdGenerator,
        Caller,
        str,
        str,
        dict[str, Any] | None,
        dict[str, Any] | None,
    ],
    AuditRecord,
]


def recorder(entity: str) -> Recorder:
    """``record_change`` for one kind of thing, called as
    ``record(uow, clock, ids, caller, action, key, before, after)``."""

    def record(
        uow: HubUnitOfWork,
        clock: Clock,
        ids: IdGenerator,
        caller: Caller,
        action: str,
        key: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> AuditRecord:
        return record_change(uow, clock=clock, ids=ids, caller=caller, action=action,
                             entity=entity, key=key, before=before, after=after)  # fmt: skip

    return record
