"""GATE's master-data change feed in memory (``MasterDataFeedRepository``).

Entries are keyed by their position in the company's feed; the head (the last position)
is a row of its own, so a unit of work left without commit takes its positions back with
its entries. Writers need no queue of their own: a memory unit of work holds the
database's lock from start to end, so one company's writers already follow one order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from attrs import evolve

from adapters.memory.storage import _Overlay
from saleflex_core.contract.master_data import to_wire
from saleflex_core.domain.catalog import Product, StorePrice
from saleflex_core.domain.master_data_feed import Change, FeedEntry
from saleflex_core.domain.money import Money
from saleflex_core.domain.organisation import Store

HEAD = "head"


class MemoryMasterDataFeed:
    def __init__(
        self,
        entries: _Overlay[tuple[str, str, Any]],
        head: _Overlay[int],
        catalog: dict[str, _Overlay[Any]],
    ) -> None:
        self.entries_ = entries
        self.head = head
        self.products = catalog["products"]
        self.prices: _Overlay[StorePrice] = catalog["store_prices"]
        self.stores: _Overlay[Store] = catalog["stores"]

    def lock(self) -> None:
        self.head.put(HEAD, self.position())  # as SQL does: the head row exists from now

    def append(self, changes: Sequence[Change]) -> int:
        first = self.position() + 1
        for n, change in enumerate(changes):
            state = None if change.thing is None else json.loads(json.dumps(to_wire(change.thing)))
            self.entries_.put(first + n, (change.kind, change.key, state))
        last = first - 1 + len(changes)
        self.head.put(HEAD, last)
        return last

    def entries(self, after: int, limit: int) -> tuple[list[FeedEntry], bool]:
        found: list[FeedEntry] = []
        for position in range(after + 1, min(self.position(), after + limit + 1) + 1):
            row = self.entries_.get(position)
            if row is not None:
                kind, key, state = row
                found.append((position, kind, key, json.loads(json.dumps(state))))
        return found[:limit], len(found) > limit

    def position(self) -> int:
        return self.head.get(HEAD) or 0

    def store_prices(self, store_id: str, product_ids: Sequence[str]) -> dict[str, Money]:
        wanted = set(product_ids)
        mine = self.prices.select(lambda p: p.store_id == store_id and p.product_id in wanted)
        return {p.product_id: p.unit_price for p in mine}

    def currencies(self) -> list[str]:
        return sorted({s.currency.code for s in self.stores.raw_values()})

    def product(self, product_id: str) -> Product | None:
        found: Product | None = self.products.get(product_id)
        # Read back as the SQL adapter reads it: its barcodes in order.
        return None if found is None else evolve(found, barcodes=tuple(sorted(found.barcodes)))
