"""What integrators read from the hub: filters, and pages walked with an opaque cursor.

Pages are keyset pages (no offsets): a page's ``next_cursor`` names the last row it
holds, and the next page starts after it, so rows arriving meanwhile never shift a page.
Rows come in the order they happened (their instant, then their id). Items are read
models in their wire form (JSON-safe: money as ``{"minor", "currency"}``).
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from saleflex_core.domain.access import Caller
from saleflex_core.exceptions import NotFound

MAX_PAGE = 500


@frozen
class ReadFilter:
    """Which rows to read: ``stores`` is the caller's reach (None: every store of its
    company); the others narrow it (None: no filter). ``type`` is the kind each list
    names (a sale's status, a cash movement's kind, a stock movement's reason)."""

    stores: frozenset[str] | None = None
    store_id: str | None = None
    terminal_id: str | None = None
    business_date: str | None = None
    type: str | None = None
    product_id: str | None = None
    warehouse_id: str | None = None

    def store_ids(self) -> frozenset[str] | None:
        """The stores to read (None: all); a store out of reach reads nothing."""
        if self.store_id is None:
            return self.stores
        if self.stores is not None and self.store_id not in self.stores:
            return frozenset()
        return frozenset({self.store_id})


def reach(caller: Caller, **narrowing: str | None) -> ReadFilter:
    """The filter of ``caller``'s request: its stores, narrowed by the query's fields."""
    return ReadFilter(stores=caller.store_ids, **narrowing)


def visible(caller: Caller, item: dict[str, Any] | None, what: str) -> dict[str, Any]:
    """``item`` when ``caller`` may see it; NotFound when missing or out of its stores."""
    if item is None or not caller.reaches_store(str(item["store_id"])):
        raise NotFound(f"No such {what}")
    return item


@frozen
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None
