"""An in-memory upstream receiver, idempotent on the event id like every real one.

It keeps each event id with its payload: the same event again is a duplicate; the same
id with another payload is rejected (an id names one fact, never two).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.memory.master_data import MasterDataLog
from saleflex_core.domain.delivery import DeliveryResult
from saleflex_core.domain.events import OutboxItem
from saleflex_core.domain.master_data import MasterDataPage
from saleflex_core.exceptions import SyncError


class MemoryUpstream:
    def __init__(self) -> None:
        self.online = True
        self.received: dict[str, dict[str, Any]] = {}  # event id -> payload, as stored
        self.applied: list[str] = []  # event ids in the order they were stored
        self.batches: list[list[int]] = []  # the sequence numbers of each batch received
        self.deliveries = 0
        self.master_data = MasterDataLog()  # what ``pull`` serves: publish changes into it
        # To play a receiver's faults: event id -> why it is refused for good, and the
        # number of answers that come back (the rest are lost on the way; None: all).
        self.refuse: dict[str, str] = {}
        self.answers_kept: int | None = None

    def deliver(self, items: Sequence[OutboxItem]) -> list[DeliveryResult]:
        if not self.online:
            raise SyncError("Upstream is offline")
        self.deliveries += 1
        self.batches.append([item.sequence for item in items])
        answers = [self._receive(item) for item in items]
        return answers if self.answers_kept is None else answers[: self.answers_kept]

    def _receive(self, item: OutboxItem) -> DeliveryResult:
        known = self.received.get(item.event_id)
        if known is not None:
            if known == item.payload:
                return DeliveryResult.duplicate(item.event_id)
            return DeliveryResult.rejected(
                item.event_id, "this event id was received before with another payload"
            )
        reason = self.refuse.get(item.event_id)
        if reason is not None:
            return DeliveryResult.rejected(item.event_id, reason)
        self.received[item.event_id] = item.payload
        self.applied.append(item.event_id)
        return DeliveryResult.accepted(item.event_id)

    # --- master data coming down -----------------------------------------------------------
    def pull(self, cursor: str | None, limit: int) -> MasterDataPage:
        return self.master_data.pull(cursor, limit)
