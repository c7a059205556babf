"""The master-data change feed's tables and repository.

``master_data_change`` holds one row per change at its position in the company's feed:
the thing's v1 wire form (``contract.master_data.to_wire``: what terminals are sent), or
NULL for a tombstone.
``master_data_head`` holds each company's last position; a writer moves it with
``INSERT ... ON CONFLICT DO UPDATE``, which also locks the company's row until the
transaction ends. Writers of one company therefore queue there (``lock`` takes the place
first), and positions commit in the order they were given: a reader never sees position
n+1 before n. Other companies' writers are not held up.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import JSON, BigInteger, Column, Connection, String, Table, select

from adapters.sqlalchemy import mappers, tables
from adapters.sqlalchemy.hub.metadata import company_key, hub_metadata
from adapters.sqlalchemy.upsert import advance
from saleflex_core.contract.master_data import to_wire
from saleflex_core.domain.catalog import Product
from saleflex_core.domain.master_data_feed import Change, FeedEntry
from saleflex_core.domain.money import Money

master_data_change = Table(
    "master_data_change",
    hub_metadata,
    company_key(),
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("kind", String(32), nullable=False),
    Column("key", String(200), nullable=False),
    Column("state", JSON),  # NULL: a tombstone
)

master_data_head = Table(
    "master_data_head",
    hub_metadata,
    company_key(),
    Column("position", BigInteger, nullable=False),
)


class SqlMasterDataFeed:
    """One company's change feed (``MasterDataFeedRepository``)."""

    def __init__(self, conn: Connection, company: str) -> None:
        self.conn = conn
        self.company = company

    def lock(self) -> None:
        self._advance(0)

    def append(self, changes: Sequence[Change]) -> int:
        last = self._advance(len(changes))
        first = last - len(changes) + 1
        rows = [
            {
                "company_id": self.company,
                "position": first + n,
                "kind": change.kind,
                "key": change.key,
                "state": None if change.thing is None else to_wire(change.thing),
            }
            for n, change in enumerate(changes)
        ]
        if rows:
            self.conn.execute(master_data_change.insert(), rows)
        return last

    def entries(self, after: int, limit: int) -> tuple[list[FeedEntry], bool]:
        t = master_data_change
        rows = self.conn.execute(
            select(t.c.position, t.c.kind, t.c.key, t.c.state)
            .where(t.c.company_id == self.company, t.c.position > after)
            .order_by(t.c.position)
            .limit(limit + 1)
        ).all()
        found: list[FeedEntry] = [(r[0], r[1], r[2], r[3]) for r in rows[:limit]]
        return found, len(rows) > limit

    def position(self) -> int:
        h = master_data_head
        found = self.conn.execute(
            select(h.c.position).where(h.c.company_id == self.company)
        ).scalar()
        return int(found or 0)

    def store_prices(self, store_id: str, product_ids: Sequence[str]) -> dict[str, Money]:
        t = tables.store_price
        query = select(t.c.product_id, t.c.unit_price_minor, t.c.currency).where(
            t.c.company_id == self.company, t.c.store_id == store_id
        )
        if len(product_ids) < 1000:  # a long IN list costs more than the store's few rows
            query = query.where(t.c.product_id.in_(product_ids))
        wanted = set(product_ids)
        return {r[0]: Money(r[1], r[2]) for r in self.conn.execute(query).all() if r[0] in wanted}

    def currencies(self) -> list[str]:
        t = tables.store
        query = select(t.c.currency).where(t.c.company_id == self.company).distinct()
        return sorted(self.conn.execute(query).scalars())

    def product(self, product_id: str) -> Product | None:
        t, b = tables.product, tables.product_barcode
        mine = t.c.company_id == self.company
        row = self.conn.execute(select(t).where(mine, t.c.id == product_id)).mappings().first()
        if row is None:
            return None
        codes = self.conn.execute(
            select(b.c.code).where(b.c.company_id == self.company, b.c.product_id == product_id)
        ).scalars()
        return mappers.to_product(row, sorted(codes))

    def _advance(self, count: int) -> int:
        """Move the company's head by ``count`` (taking its lock); the new position."""
        return advance(self.conn, master_data_head, self.company, count)
