"""What the hub's contract tests share: two companies with the same codes, and v1 events
as GATE receives them (``IncomingEvent``: canonical JSON and its fingerprint)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from saleflex_core.domain.ingest import IncomingEvent
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Company, Store, Terminal
from saleflex_core.ports.hub import HubUnitOfWork
from tests.gate import ingest_support

MakeHub = Callable[[str], HubUnitOfWork]
ACME, GLOBEX = "ACME", "GLOBEX"
T0 = datetime(2026, 3, 14, 8, 0, tzinfo=UTC)
TERMINAL = ingest_support.TERMINAL
OTHER_TERMINAL = ingest_support.OTHER_TERMINAL


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def set_up(make: MakeHub, company_id: str) -> None:
    """``company_id`` with stores S001 and S002 (EUR) and a terminal in each (the ingest
    support's terminal ids): every company the same codes and ids."""
    with make(company_id) as uow:
        uow.organisation.save_company(Company(company_id, f"{company_id} Ltd"))
        for store_id in ("S001", "S002"):
            uow.organisation.save_store(
                Store(store_id, company_id, f"{company_id} {store_id}", Currency.of("EUR"))
            )
        for terminal_id, store_id, code in (
            (TERMINAL, "S001", "T01"),
            (OTHER_TERMINAL, "S002", "T02"),
        ):
            uow.organisation.save_terminal(
                Terminal(terminal_id, company_id, store_id, code, code, Money(0, "EUR"))
            )
        uow.commit()


def incoming(envelope: dict[str, Any], company_id: str = ingest_support.COMPANY) -> IncomingEvent:
    """``envelope`` (of ``company_id``) as the edge hands it to the core."""
    mine = envelope | {"company_id": company_id}
    canonical = json.dumps(mine, sort_keys=True, separators=(",", ":"))
    return IncomingEvent(mine, hashlib.sha256(canonical.encode()).hexdigest(), canonical)


def sale(seq: int, **options: Any) -> IncomingEvent:
    return incoming(ingest_support.sale(seq, **options))
