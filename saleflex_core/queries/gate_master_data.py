"""Reading a company's master data at the hub: lists in key order (keyset pages), one
thing by its key, a store's own prices.

Company-wide master data is read with ``master_data:read``; a store's prices by a caller
who reaches that store. A cashier is read without its PIN hash by the views.
"""

from __future__ import annotations

from attrs import frozen

from saleflex_core.domain.access import Caller
from saleflex_core.domain.catalog import StorePrice
from saleflex_core.domain.master_data_feed import CLASS_OF, MasterData, key_of
from saleflex_core.exceptions import NotFound, PermissionDenied, ValidationError
from saleflex_core.ports.hub import HubUnitOfWork

READ = "master_data:read"


@frozen
class Listed:
    """One page of a list; ``next_after`` is the key to go on from (None: the end)."""

    items: list[MasterData]
    next_after: str | None


def _all(uow: HubUnitOfWork, kind: str) -> list[MasterData]:
    catalog = uow.catalog
    found: list[MasterData]
    if kind == "products":
        found = list(catalog.products())
    elif kind == "cashiers":
        found = list(uow.cashiers.all())
    elif kind == "quick_keys":
        found = list(catalog.quick_keys())
    else:
        found = list(getattr(catalog, kind)())
    return found


def _sort_key(thing: MasterData) -> tuple[int, int, str]:
    key = key_of(thing)
    page, _, position = key.partition("/")
    if position:  # quick keys in page, position order
        return int(page), int(position), ""
    return 0, 0, key


def list_master_data(
    uow: HubUnitOfWork, *, caller: Caller, kind: str, after: str | None, limit: int
) -> Listed:
    """Up to ``limit`` things of ``kind`` after the key ``after``, in key order."""
    caller.require(READ)
    if kind not in CLASS_OF:
        raise NotFound(f"No master data is called {kind!r}")
    if not 1 <= limit <= 1000:
        raise ValidationError(f"limit is 1 to 1000, not {limit}")
    with uow:
        things = sorted(_all(uow, kind), key=_sort_key)
    start = (
        0
        if after is None
        else next((n for n, k in enumerate(things) if key_of(k) == after), -1) + 1
    )
    if after is not None and start == 0:
        raise ValidationError(f"{after!r} is not a key of {kind}")
    page = things[start : start + limit]
    more = start + limit < len(things)
    return Listed(page, key_of(page[-1]) if page and more else None)


def get_master_data(uow: HubUnitOfWork, *, caller: Caller, kind: str, key: str) -> MasterData:
    """One thing of ``kind`` by its key; NotFound when the company has none."""
    caller.require(READ)
    with uow:
        for thing in _all(uow, kind):
            if key_of(thing) == key:
                return thing
    raise NotFound(f"{kind.replace('_', ' ').capitalize()[:-1]} {key} does not exist")


def store_prices(uow: HubUnitOfWork, *, caller: Caller, store_id: str) -> list[StorePrice]:
    """A store's own prices, by product id."""
    caller.require(READ)
    if not caller.reaches_store(store_id):
        raise PermissionDenied(f"You do not manage store {store_id}")
    with uow:
        uow.organisation.store(store_id)  # another company's store: NotFound
        return uow.catalog.store_prices(store_id)
