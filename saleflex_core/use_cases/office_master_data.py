"""Master data at OFFICE: pulled from GATE into the store database, served to its tills.

**From GATE.** OFFICE pulls its store's pages (GATE prices them for the store) from its
own cursor. Each page, in ONE unit of work: its changes appended to OFFICE's change feed
(upserts in dependency order, then deletions the other way), a mark where the page ends,
the page written into OFFICE's own catalogue, and the cursor after it. A crash before the
commit pulls the page again; after it, the next pull goes on after it.

**To the tills.** A till pulls OFFICE's feed with OFFICE's own cursors. A page ends only
at one of the marks (the last within ``limit`` entries, or, when one of GATE's pages is
longer than ``limit``, that page whole), so every catalogue a till stops at is one GATE
served the store: a till behind OFFICE gets exactly what it would have got from GATE.
"""

from __future__ import annotations

from typing import Any

from saleflex_core.contract.master_data import wire_page
from saleflex_core.domain.access import Caller
from saleflex_core.domain.master_data import MasterDataPage
from saleflex_core.domain.master_data_feed import KINDS, Change, parse_cursor, slot_key
from saleflex_core.domain.relay import STREAM
from saleflex_core.exceptions import PermissionDenied, StateError, SyncError, ValidationError
from saleflex_core.logger import get_logger
from saleflex_core.ports import MasterDataSource
from saleflex_core.ports.office import OfficeUnitOfWork
from saleflex_core.use_cases.gate_pull import MAX_PAGE
from saleflex_core.use_cases.pulling import Pulled, store_page

log = get_logger(__name__)

GATE_PAGE = 1000
"""The most feed entries OFFICE asks GATE for at once (a till's page holds at least one
of them whole)."""


def pull_from_gate(
    uow: OfficeUnitOfWork,
    *,
    source: MasterDataSource,
    limit: int = GATE_PAGE,
    max_pages: int = 100,
) -> Pulled:
    """Pull and store GATE's pages from OFFICE's cursor until none is left (or
    ``max_pages``); GATE unreachable ends the pull with the error in the result."""
    with uow:
        cursor = uow.sync_cursors.get(STREAM)
    for pages in range(max_pages):
        try:
            page = source.pull(cursor, limit)
        except SyncError as exc:
            log.warning("Master-data pull from GATE failed, will retry: %s", exc.message)
            return Pulled(pages, cursor, True, exc.message)
        if page.is_empty and page.next_cursor == cursor:
            return Pulled(pages, cursor)
        store_gate_page(uow, page, after=cursor)
        cursor = page.next_cursor
        if not page.has_more:
            return Pulled(pages + 1, cursor)
    return Pulled(max_pages, cursor, True)


def store_gate_page(uow: OfficeUnitOfWork, page: MasterDataPage, *, after: str | None) -> None:
    """One of GATE's pages (pulled after cursor ``after``) into the feed, its mark, the
    catalogue and the cursor, in one unit of work (StateError: another pull stored it)."""
    with uow:
        uow.master_data_feed.lock()  # the feed's one writer: positions commit in order
        if uow.sync_cursors.get(STREAM) != after:
            raise StateError("Another pull from GATE stored this page first")
        changes = feed_changes(page)
        if changes:
            uow.feed_marks.add(uow.master_data_feed.append(changes))
        store_page(uow.catalog, uow.cashiers, page)
        uow.sync_cursors.put(STREAM, page.next_cursor)
        uow.commit()


def feed_changes(page: MasterDataPage) -> list[Change]:
    """The page as feed entries: upserts from VAT rates to quick keys (what a thing
    refers to comes first), then deletions from quick keys back to VAT rates."""
    changes = [Change.upserted(thing) for kind in KINDS for thing in getattr(page.upserts, kind)]
    for kind in reversed(KINDS):
        for key in getattr(page.deletions, kind):
            changes.append(Change.deleted(kind, slot_key(*key) if kind == "quick_keys" else key))
    return changes


def serve_page(
    uow: OfficeUnitOfWork, *, caller: Caller, since: str | None, limit: int
) -> dict[str, Any]:
    """The page after ``since`` for a till of OFFICE's store, in the wire form GATE
    serves (``gate_pull.pull_page``), ending at one of GATE's page ends (see the module)."""
    caller.require("master_data:pull")
    if caller.store_id is None:
        raise PermissionDenied("Only a terminal pulls master data: it is priced for its store")
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationError(f"limit is 1 to {MAX_PAGE}, not {limit}")
    after = parse_cursor(since)
    with uow:
        marks = uow.feed_marks
        within = marks.between(after, after + limit)
        end = within[-1] if within else marks.first_after(after)
        if end is None:
            if after > uow.master_data_feed.position():
                raise StateError(
                    f"The cursor {after} is beyond this OFFICE's feed "
                    f"({uow.master_data_feed.position()}): pull again from the beginning"
                )
            return wire_page([], since=after, has_more=False, prices={})
        entries, _ = uow.master_data_feed.entries(after, end - after)
        more = marks.first_after(end) is not None
    # GATE priced every product for the store already: no price of OFFICE's own applies.
    return wire_page(entries, since=after, has_more=more, prices={})
