"""An in-memory upstream receiver, idempotent on the event key like every real one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.memory.master_data import MasterDataLog
from saleflex_core.domain.events import OutboxItem
from saleflex_core.domain.master_data import MasterDataPage
from saleflex_core.exceptions import SyncError


class MemoryUpstream:
    def __init__(self) -> None:
        self.online = True
        self.received: dict[str, dict[str, Any]] = {}
        self.deliveries = 0
        self.master_data = MasterDataLog()  # what ``pull`` serves: publish changes into it

    def deliver(self, items: Sequence[OutboxItem]) -> set[str]:
        if not self.online:
            raise SyncError("Upstream is offline")
        self.deliveries += 1
        for item in items:
            self.received.setdefault(item.key, item.payload)
        return {item.key for item in items}

    # --- master data coming down -----------------------------------------------------------
    def pull(self, cursor: str | None, limit: int) -> MasterDataPage:
        return self.master_data.pull(cursor, limit)
