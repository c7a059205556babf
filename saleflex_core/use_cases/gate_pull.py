"""A terminal pulls its master data from the hub: one page of the company's change feed.

The page starts after the terminal's cursor (``since``; none: from the beginning) and
holds at most ``limit`` feed entries, as their net effect, with every product at the
terminal's store's own price where the store has one. ``next_cursor`` is the position of
the page's last entry; ``has_more`` says whether the terminal should pull again now.
A cursor beyond the feed (the hub's database restored from an older backup) is refused
(StateError): the terminal must pull from the beginning again.
"""

from __future__ import annotations

from typing import Any

from saleflex_core.contract.master_data import wire_page
from saleflex_core.domain.access import Caller
from saleflex_core.domain.master_data_feed import parse_cursor
from saleflex_core.exceptions import PermissionDenied, StateError, ValidationError
from saleflex_core.ports.hub import HubUnitOfWork

MAX_PAGE = 5000
"""The most feed entries one page holds."""


def pull_page(
    uow: HubUnitOfWork, *, caller: Caller, since: str | None, limit: int
) -> dict[str, Any]:
    """The page after ``since`` for the calling terminal (see the module), in its wire
    form (``contracts/v1/master_data_page.schema.json``): the feed keeps things in that
    form, so a page of 5,000 products is served without building 5,000 objects."""
    caller.require("master_data:pull")
    if caller.store_id is None:
        raise PermissionDenied("Only a terminal pulls master data: it is priced for its store")
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationError(f"limit is 1 to {MAX_PAGE}, not {limit}")
    after = parse_cursor(since)
    with uow:
        feed = uow.master_data_feed
        entries, more = feed.entries(after, limit)
        if not entries and after > feed.position():
            raise StateError(
                f"The cursor {after} is beyond the hub's feed ({feed.position()}): "
                "pull again from the beginning"
            )
        ids = [key for _, kind, key, state in entries if kind == "products" and state]
        prices = feed.store_prices(caller.store_id, ids) if ids else {}
    return wire_page(entries, since=after, has_more=more, prices=prices)
