"""Every event the register's state machine emits is a valid v1 event.

The machine of ``test_properties`` runs again with one more invariant: each outbox item,
rendered as the v1 envelope, validates against contracts/v1 in producer (strict) mode.
"""

from __future__ import annotations

from hypothesis import settings
from hypothesis.stateful import invariant

from saleflex_core.contract import envelope
from tests.support.contracts import errors
from tests.unit.test_properties import RegisterMachine


class ContractMachine(RegisterMachine):
    def __init__(self) -> None:
        super().__init__()
        self.valid: set[str] = set()

    @invariant()
    def every_event_is_a_valid_v1_event(self) -> None:
        outbox = self.uow.table("outbox")
        for item in outbox.values():
            if item.event_id in self.valid:
                continue
            event = envelope(item)
            assert errors("envelope", event, strict=True) == [], item.event_id
            assert errors(item.event_type, item.payload, strict=True) == [], item.event_id
            self.valid.add(item.event_id)


ContractMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=50, deadline=None)
TestContractMachine = ContractMachine.TestCase
