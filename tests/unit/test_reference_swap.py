"""Readers on other threads see a master-data page whole or not at all.

A writer thread pulls pages that each re-price and rename a set of products, move a
barcode from one product to another and take a product away or bring it back; reader
threads take the register's snapshot again and again and check, in each snapshot, that
every barcode points at a product of that same snapshot and that the set carries one
version of the page only.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import attrs
import pytest

from adapters.memory import MemoryUpstream
from adapters.memory.storage import MemoryUnitOfWork
from saleflex_core.domain.catalog import Product
from saleflex_core.domain.money import Money
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.register import Register
from tests.conftest import BAGUETTE, COLA

VERSIONS = 60
READERS = 3


@pytest.fixture
def busy_switching() -> Iterator[None]:
    """Let threads switch far more often than usual, so a half-applied page would show."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def publish_versions(upstream: MemoryUpstream, ref: ReferenceData) -> tuple[list[str], int]:
    """Page ``v``: every bakery and dairy product at price ``100 + v`` named ``... v{v}``."""
    bakery = [p for p in ref.products.values() if p.department_code in ("BAK", "DAI")]
    giver, taker = ref.find(BAGUETTE).product, bakery[-1]
    cola = ref.find(COLA).product
    moving = giver.barcodes[0]
    per_page = 0
    for v in range(1, VERSIONS + 1):
        holder, other = (giver, taker) if v % 2 else (taker, giver)
        changed = []
        for product in bakery:
            codes = tuple(c for c in product.barcodes if c != moving)
            codes = (*codes, moving) if product.id == holder.id else codes
            name = f"{product.name.split(' v')[0]} v{v}"
            changed.append(
                attrs.evolve(product, unit_price=Money(100 + v, "EUR"), name=name, barcodes=codes)
            )
        assert other.id != holder.id
        upstream.master_data.upsert(*changed)
        if v % 3:
            upstream.master_data.upsert(attrs.evolve(cola, name=f"Cola v{v}"))
        else:
            upstream.master_data.delete("products", cola.id)
        per_page = len(changed) + 1
    return [p.id for p in bakery], per_page


def check(snapshot: ReferenceData, page_set: list[str]) -> str | None:
    """What is wrong with ``snapshot``, or None."""
    for code, owner in snapshot.barcode_owners().items():
        if snapshot.products.get(owner.id) is not owner:
            return f"barcode {code} points at {owner.name}, not in this snapshot"
    for product in snapshot.products.values():
        if snapshot.owner_of_plu(product.plu) is not product:
            return f"PLU {product.plu} does not point at {product.name}"
    versions = {_version(snapshot.products[pid]) for pid in page_set}
    if len(versions) != 1:
        return f"half a page: versions {sorted(versions)}"
    (version,) = versions
    prices = {snapshot.products[pid].unit_price.minor for pid in page_set}
    if version and prices != {100 + version}:  # version 0: the demo's own prices
        return f"half a page: version {version} with prices {sorted(prices)}"
    return None


def _version(product: Product) -> int:
    _, _, tag = product.name.rpartition(" v")
    return int(tag) if tag.isdigit() else 0


def test_readers_never_see_half_a_page(
    register: Register, uow: MemoryUnitOfWork, busy_switching: None
) -> None:
    upstream = MemoryUpstream()
    page_set, per_page = publish_versions(upstream, register.ref)
    done = threading.Event()
    problems: list[str] = []
    seen: list[set[int]] = [set() for _ in range(READERS)]

    def read(mine: set[int]) -> None:
        while not done.is_set():
            snapshot = register.ref  # one snapshot for the whole check, as a sale takes it
            mine.add(id(snapshot))
            problem = check(snapshot, page_set)
            if problem is not None:
                problems.append(problem)
                return

    readers = [threading.Thread(target=read, args=(seen[i],)) for i in range(READERS)]
    for reader in readers:
        reader.start()
    try:
        writer_uow = MemoryUnitOfWork(uow.database, company_id=uow.company_id)  # its own unit
        pulled = register.pull_master_data(upstream, uow=writer_uow, limit=per_page)
    finally:
        done.set()
        for reader in readers:
            reader.join()
    assert problems == []
    assert pulled.pages == VERSIONS
    assert all(len(ids) > 1 for ids in seen), "a reader saw no swap: the test proves nothing"
    assert check(register.ref, page_set) is None
    assert _version(register.ref.products[page_set[0]]) == VERSIONS
