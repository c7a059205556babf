"""GATE's unit of work in memory: the terminal's repositories plus the hub's, one company.

``MemoryHubUnitOfWork`` extends ``MemoryUnitOfWork`` as ``SqlHubUnitOfWork`` extends
``SqlUnitOfWork``: the same company scoping (the database keeps each company's tables
apart) and the same transaction (every repository writes into the unit of work's
overlays; ``commit()`` applies them at once, leaving without it changes nothing). The
contract tests (``tests/contract/test_hub_*_contract.py``) hold it to the SQL adapter's
behaviour, so GATE's use cases run on it unchanged: tests, demos, and proof that the core
needs nothing of SQL.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from adapters.memory.hub_access import (
    MemoryAccessTokens,
    MemoryAuditLog,
    MemoryEnrolmentCodes,
    MemoryOfficeNodes,
    MemorySignInThrottle,
    MemoryStores,
    MemoryTerminalKeys,
    MemoryUsers,
)
from adapters.memory.hub_feed import MemoryMasterDataFeed
from adapters.memory.hub_ingest import LEDGER, MemoryLedger, MemoryReceivedEvents
from adapters.memory.hub_reads import MemoryHubReader
from adapters.memory.storage import MemoryUnitOfWork, _Overlay

if TYPE_CHECKING:
    from saleflex_core.ports.hub import HubUnitOfWork

# Rows that hold dicts of their own are copied in and out whole; the others are frozen.
_DEEP = ("audit_log", "received_events", *LEDGER)


class MemoryHubUnitOfWork(MemoryUnitOfWork):
    """One company's transaction on a hub kept in a ``MemoryDatabase``."""

    def overlay(self, name: str) -> _Overlay[Any]:
        made = name not in self._overlays
        found = super().overlay(name)
        if made and name in _DEEP:
            found.copier = copy.deepcopy
        return found

    def __enter__(self) -> MemoryHubUnitOfWork:
        super().__enter__()
        company, table = self.company_id, self.overlay
        self.audit_log = MemoryAuditLog(table("audit_log"), company)
        # access
        self.users = MemoryUsers(table("gate_users"), company)
        self.access_tokens = MemoryAccessTokens(table("access_tokens"), company)
        self.sign_in_throttle = MemorySignInThrottle(table("sign_in_throttle"), company)
        terminals = table("terminals")
        self.terminal_keys = MemoryTerminalKeys(table("terminal_keys"), terminals, company)
        self.enrolment_codes = MemoryEnrolmentCodes(table("enrolment_codes"), terminals, company)
        self.offices = MemoryOfficeNodes(table("office_nodes"), terminals)
        referrers = {"terminals": terminals, "store_prices": table("store_prices")}
        self.stores = MemoryStores(table("stores"), referrers)

        # feed
        catalog = {name: table(name) for name in ("products", "store_prices", "stores")}
        self.master_data_feed = MemoryMasterDataFeed(
            table("feed_entries"), table("feed_head"), catalog
        )

        # ingest
        ledger = {name: table(name) for name in LEDGER}
        self.ledger = MemoryLedger(ledger)
        self.received = MemoryReceivedEvents(
            table("received_events"), table("received_sequences"), self.ledger
        )
        self.reader = MemoryHubReader(ledger)

        return self


if TYPE_CHECKING:  # mypy holds the adapter to the port

    def _is_a_hub_unit_of_work(uow: MemoryHubUnitOfWork) -> HubUnitOfWork:
        return uow
