"""The v1 envelope: an outbox item as the JSON object that leaves the terminal.

Written against the outbox item's fields (issue #9, decision 4) through a Protocol, so any
object holding them renders: the outbox's ``OutboxItem``, or a row being migrated.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from saleflex_core.contract.converter import instant


class EventRecord(Protocol):
    """What the envelope needs from an outbox item."""

    @property
    def event_id(self) -> str: ...
    @property
    def event_type(self) -> str: ...
    @property
    def schema_version(self) -> int: ...
    @property
    def company_id(self) -> str: ...
    @property
    def store_id(self) -> str: ...
    @property
    def terminal_id(self) -> str: ...
    @property
    def sequence(self) -> int: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def business_date(self) -> date: ...
    @property
    def payload(self) -> dict[str, Any]: ...


def envelope(item: EventRecord) -> dict[str, Any]:
    """``{event_id, type, schema_version, company_id, store_id, terminal_id, sequence,
    occurred_at, business_date, payload}`` as ``contracts/v1/envelope.schema.json`` says.

    ``payload`` is already the v1 wire form (a builder of ``builders.py`` made it when the
    fact was recorded), so it is sent as it was stored.
    """
    return {
        "event_id": item.event_id,
        "type": item.event_type,
        "schema_version": item.schema_version,
        "company_id": item.company_id,
        "store_id": item.store_id,
        "terminal_id": item.terminal_id,
        "sequence": item.sequence,
        "occurred_at": instant(item.occurred_at),
        "business_date": item.business_date.isoformat(),
        "payload": item.payload,
    }
