"""Every event the register's state machine emits is a valid v1 event.

The machine of ``test_properties`` runs again with one more invariant: each outbox item,
rendered as the v1 envelope, validates against contracts/v1 in producer (strict) mode.

Until the ordered outbox lands (issue #9, decision 4), today's ``OutboxItem`` has no
event id, sequence, company, store or business date: ``placeholder`` fills them from what
the machine knows (a UUID made from the item's key, the order of the outbox, the demo's
company and store, a UUID made from the terminal id, the item's time and its date). The
payload is the real one.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from attrs import frozen
from hypothesis import settings
from hypothesis.stateful import invariant

from saleflex_core import demo
from saleflex_core.contract import envelope
from saleflex_core.domain.events import OutboxItem
from tests.support.contracts import errors
from tests.unit.test_properties import RegisterMachine

NAMESPACE = uuid.UUID("1b0a6f7e-3d2c-4b5a-9e8f-7a6b5c4d3e2f")


@frozen
class Placeholder:
    event_id: str
    event_type: str
    schema_version: int
    company_id: str
    store_id: str
    terminal_id: str
    sequence: int
    occurred_at: datetime
    business_date: date
    payload: dict[str, Any]


def placeholder(item: OutboxItem, sequence: int) -> Placeholder:
    return Placeholder(
        event_id=str(uuid.uuid5(NAMESPACE, item.key)),
        event_type=item.event_type,
        schema_version=1,
        company_id=demo.COMPANY_ID,
        store_id=demo.STORE_ID,
        terminal_id=str(uuid.uuid5(NAMESPACE, "T01")),
        sequence=sequence,
        occurred_at=item.created_at,
        business_date=item.created_at.date(),
        payload=item.payload,
    )


class ContractMachine(RegisterMachine):
    def __init__(self) -> None:
        super().__init__()
        self.valid: set[str] = set()

    @invariant()
    def every_event_is_a_valid_v1_event(self) -> None:
        outbox = self.uow.database.table("outbox")
        for sequence, item in enumerate(outbox.values(), start=1):
            if item.key in self.valid:
                continue
            event = envelope(placeholder(item, sequence))
            assert errors("envelope", event, strict=True) == [], item.key
            assert errors(item.event_type, item.payload, strict=True) == [], item.key
            self.valid.add(item.key)


ContractMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=50, deadline=None)
TestContractMachine = ContractMachine.TestCase
