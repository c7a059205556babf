"""An in-memory master-data feed: a change log served in pages, as a hub serves it.

Each change is an upsert (the thing's whole new state) or a deletion (its key), appended
to a log. The cursor is the position in the log after the last change served, as text;
a page holds the net effect of its run of changes (the last change to a key wins).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from saleflex_core.domain.catalog import Department, PaymentType, Product, QuickKey, VatRate
from saleflex_core.domain.master_data import Deletions, MasterDataPage, Upserts
from saleflex_core.domain.organisation import Cashier
from saleflex_core.exceptions import SyncError, ValidationError

MasterData = VatRate | Department | PaymentType | Product | Cashier | QuickKey

_KINDS: dict[type[Any], str] = {
    VatRate: "vat_rates",
    Department: "departments",
    PaymentType: "payment_types",
    Product: "products",
    Cashier: "cashiers",
    QuickKey: "quick_keys",
}
_Change = tuple[str, Hashable, MasterData | None]  # kind, key, new state (None: deleted)


def _key(thing: MasterData) -> Hashable:
    if isinstance(thing, QuickKey):
        return (thing.page, thing.position)
    if isinstance(thing, Product | Cashier):
        return thing.id
    return thing.code


class MasterDataLog:
    """The hub's side of ``MasterDataSource.pull``: publish changes, serve them in pages."""

    def __init__(self) -> None:
        self.online = True
        self.changes: list[_Change] = []
        self.pulls: list[str | None] = []  # the cursor of every pull, in order

    def upsert(self, *things: MasterData) -> None:
        for thing in things:
            self.changes.append((_KINDS[type(thing)], _key(thing), thing))

    def delete(self, kind: str, *keys: Hashable) -> None:
        """Delete by key: ``delete("products", "p1")``, ``delete("quick_keys", (1, 2))``."""
        if kind not in _KINDS.values():
            raise ValidationError(f"No master data is called {kind!r}")
        self.changes.extend((kind, key, None) for key in keys)

    def pull(self, cursor: str | None, limit: int) -> MasterDataPage:
        self.pulls.append(cursor)
        if not self.online:
            raise SyncError("Upstream is offline")
        start = 0 if cursor is None else int(cursor)
        end = min(start + limit, len(self.changes))
        net: dict[tuple[str, Hashable], MasterData | None] = {}
        for kind, key, thing in self.changes[start:end]:
            net.pop((kind, key), None)  # re-inserted: the dict keeps the last change's order
            net[(kind, key)] = thing
        upserts: dict[str, list[Any]] = {kind: [] for kind in _KINDS.values()}
        deletions: dict[str, list[Any]] = {kind: [] for kind in _KINDS.values()}
        for (kind, key), thing in net.items():
            if thing is None:
                deletions[kind].append(key)
            else:
                upserts[kind].append(thing)
        return MasterDataPage(
            next_cursor=str(end),
            upserts=Upserts(**{kind: tuple(things) for kind, things in upserts.items()}),
            deletions=Deletions(**{kind: tuple(keys) for kind, keys in deletions.items()}),
            has_more=end < len(self.changes),
        )
