"""Master data coming down: pull a page, store it with its cursor, swap the caches.

Each page is checked against the terminal's snapshot first (``apply_page``: a page that
would leave the catalogue inconsistent changes nothing), then its changes and the cursor
after it commit in ONE unit of work, then the new snapshot is swapped in. A crash
before the commit leaves the old data and the old cursor: the page is pulled again. A
crash after it leaves the page and its cursor: the next pull goes on from there. Pages
are idempotent, so a hub that sends a change twice is harmless too.

Network I/O happens outside any transaction. One puller per database: the register
holding the terminal's lock (a second one would only pull pages again, harmlessly).
"""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen

from saleflex_core.domain.master_data import MASTER_DATA, MasterDataPage
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.domain.reference_page import ReferenceHolder, apply_page, normalised
from saleflex_core.exceptions import SyncError
from saleflex_core.logger import get_logger
from saleflex_core.ports import CashierRepository, CatalogRepository, MasterDataSource, UnitOfWork

log = get_logger(__name__)


@frozen
class Pulled:
    """How far a pull got: pages stored, the cursor now, whether more wait, and why it stopped."""

    pages: int
    cursor: str | None
    has_more: bool = False
    error: str | None = None


def apply_master_data(
    uow: UnitOfWork, *, ref: ReferenceData, page: MasterDataPage, stream: str = MASTER_DATA
) -> ReferenceData:
    """Store ``page`` and its ``next_cursor`` in one unit of work; return the new snapshot.

    ``ref`` is not changed: the caller publishes the returned snapshot (``ReferenceHolder``).
    Raises ``ValidationError`` (nothing stored) for a page the catalogue cannot take.
    """
    page = normalised(page)
    snapshot = ref if page.is_empty else apply_page(ref, page)  # checked before any write
    with uow:
        store_page(uow.catalog, uow.cashiers, page)
        uow.sync_cursors.put(stream, page.next_cursor)
        uow.commit()
    return snapshot


def pull_master_data(
    uow: UnitOfWork,
    *,
    source: MasterDataSource,
    holder: ReferenceHolder,
    limit: int = 500,
    max_pages: int = 100,
    stream: str = MASTER_DATA,
) -> Pulled:
    """Pull and apply pages from the stored cursor until none is left (or ``max_pages``).

    An unreachable source (``SyncError``) ends the pull with the error in the result;
    what was stored so far stays. A page the catalogue cannot take raises.
    """
    with uow:
        cursor = uow.sync_cursors.get(stream)
    for pages in range(max_pages):
        try:
            page = source.pull(cursor, limit)
        except SyncError as exc:
            log.warning("Master-data pull failed, will retry: %s", exc.message)
            return Pulled(pages, cursor, True, exc.message)
        if page.is_empty and page.next_cursor == cursor:
            return Pulled(pages, cursor)  # nothing new upstream: no write at all
        holder.replace(_applying(uow, page, stream))
        cursor = page.next_cursor
        if not page.has_more:
            return Pulled(pages + 1, cursor)
    return Pulled(max_pages, cursor, True)


def _applying(
    uow: UnitOfWork, page: MasterDataPage, stream: str
) -> Callable[[ReferenceData], ReferenceData]:
    """``apply_master_data`` for one page, for the holder to call under its writer lock."""

    def build(ref: ReferenceData) -> ReferenceData:
        return apply_master_data(uow, ref=ref, page=page, stream=stream)

    return build


def store_page(
    catalog: CatalogRepository, cashiers: CashierRepository, page: MasterDataPage
) -> None:
    """Write a checked page's changes (the hub writes its own changes the same way).

    Deletions first (what depends on a thing before the thing), then upserts."""
    down, up = page.deletions, page.upserts
    for slot in down.quick_keys:
        catalog.remove_quick_key(*slot)
    for product_id in down.products:
        catalog.remove_product(product_id)
    for code in down.payment_types:
        catalog.remove_payment_type(code)
    for code in down.departments:
        catalog.remove_department(code)
    for code in down.vat_rates:
        catalog.remove_vat_rate(code)
    for cashier_id in down.cashiers:
        cashiers.remove(cashier_id)
    for vat_rate in up.vat_rates:
        catalog.save_vat_rate(vat_rate)
    for department in up.departments:
        catalog.save_department(department)
    for payment_type in up.payment_types:
        catalog.save_payment_type(payment_type)
    if up.products:
        catalog.save_products(up.products)
    for cashier in up.cashiers:
        cashiers.save(cashier)
    for key in up.quick_keys:
        catalog.save_quick_key(key)
