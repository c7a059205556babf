"""A company's stores at GATE: created, changed (name, receipt texts, time zone) and
removed by its admins, each change audited in the same transaction.

A store's currency is fixed once it exists: its prices, sales and closures are in it.
A store with terminals cannot be removed (remove or move the terminals first).
"""

from __future__ import annotations

from typing import Any

from attrs import evolve

from saleflex_core.domain.access import Caller
from saleflex_core.domain.organisation import Store
from saleflex_core.exceptions import NotFound, StateError, ValidationError
from saleflex_core.ports import Clock, IdGenerator
from saleflex_core.ports.hub import HubUnitOfWork
from saleflex_core.use_cases.audit import recorder

CHANGEABLE = frozenset({"name", "header", "footer", "qr_template", "timezone"})


def store_record(store: Store) -> dict[str, Any]:
    """A store as the API and the audit log show it."""
    return {
        "id": store.id,
        "name": store.name,
        "currency": store.currency.code,
        "header": list(store.header),
        "footer": list(store.footer),
        "qr_template": store.qr_template,
        "timezone": store.timezone,
    }


def create_store(
    uow: HubUnitOfWork, *, clock: Clock, ids: IdGenerator, caller: Caller, store: Store
) -> Store:
    """Add ``store`` to the caller's company; ValidationError if its id is taken."""
    _check_name(store.name)
    with uow:
        try:
            uow.organisation.store(store.id)
        except NotFound:
            pass  # the id is free
        else:
            raise ValidationError(f"There is a store {store.id} already")
        uow.organisation.save_store(store)
        _audit(uow, clock, ids, caller, "create", store.id, None, store_record(store))
        uow.commit()
    return store


def change_store(
    uow: HubUnitOfWork,
    *,
    clock: Clock,
    ids: IdGenerator,
    caller: Caller,
    store_id: str,
    changes: dict[str, Any],
) -> Store:
    """Change the fields ``CHANGEABLE`` of a store the caller reaches."""
    if set(changes) - CHANGEABLE:
        raise ValidationError(
            f"A store's {', '.join(sorted(set(changes) - CHANGEABLE))} cannot change"
        )
    with uow:
        before = reachable_store(uow, caller, store_id)
        store = evolve(before, **changes)
        _check_name(store.name)
        uow.organisation.save_store(store)
        _audit(
            uow, clock, ids, caller, "update", store_id, store_record(before), store_record(store)
        )
        uow.commit()
    return store


def remove_store(
    uow: HubUnitOfWork, *, clock: Clock, ids: IdGenerator, caller: Caller, store_id: str
) -> None:
    """Remove a store that has no terminals (StateError otherwise)."""
    with uow:
        before = reachable_store(uow, caller, store_id)
        if any(t.store_id == store_id for t in uow.organisation.terminals()):
            raise StateError(f"Store {store_id} has terminals: remove them first")
        uow.stores.delete(store_id)
        _audit(uow, clock, ids, caller, "delete", store_id, store_record(before), None)
        uow.commit()


def reachable_store(uow: HubUnitOfWork, caller: Caller, store_id: str) -> Store:
    """The store, if the caller reaches it: a store outside its reach is NotFound."""
    if not caller.reaches_store(store_id):
        raise NotFound(f"Store {store_id} does not exist")
    return uow.organisation.store(store_id)


def _check_name(name: str) -> None:
    if not name.strip() or len(name) > 200:
        raise ValidationError("A store's name is 1 to 200 characters")


_audit = recorder("store")
