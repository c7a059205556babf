"""The v1 event contract: what leaves a terminal, as ``contracts/v1/*.schema.json`` says.

``builders`` turns a numbered document, a closed period or a cash movement into its v1
payload through the wire classes of ``v1`` and the wire converter of ``converter`` (apart
from the storage form of ``saleflex_core.storage``); ``envelope`` renders an outbox item
as the v1 envelope; ``legacy`` translates payloads stored before v1.
"""

from saleflex_core.contract.builders import cash_payload, closure_payload, sale_payload
from saleflex_core.contract.envelope import EventRecord, envelope
from saleflex_core.contract.v1 import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "EventRecord",
    "cash_payload",
    "closure_payload",
    "envelope",
    "sale_payload",
]
