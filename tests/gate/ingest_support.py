"""v1 events for the ingest's tests and bench: the goldens of contracts/v1, renumbered.

``sale(seq)`` is a completed sale of ``lines`` piece lines (product ``P0001`` ... at 1.00
each, VAT A 20 %, paid in cash), numbered receipt ``seq`` of closure 1; every figure adds
up as a terminal's would. Event ids are uuid5 of terminal and sequence, so a test can
build the same event twice.
"""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

from adapters.memory.access import StaticAuthenticator
from saleflex_core.domain import access
from tests.support.contracts import EXAMPLES

COMPANY = "ACME"
STORE = "S001"
TERMINAL = "5d7e9f10-2a3b-4c5d-8e6f-7a8b9c0d1e2f"
OTHER_TERMINAL = "6e8f0a21-3b4c-4d6e-9f70-8b9c0d1e2f30"
TERMINAL_KEY = "key-t1"
OTHER_KEY = "key-t2"
INTEGRATOR = "token-integrator"
STRANGER = "token-other-company"
NS = uuid.UUID("5a1ef1e5-0e7e-4c1d-9b7a-0000000000ee")


def golden(name: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return found


def authenticator() -> StaticAuthenticator:
    people = {
        INTEGRATOR: access.person(COMPANY, "u-int", frozenset({access.GateRole.INTEGRATOR})),
        STRANGER: access.person("OTHER", "u-x", frozenset({access.GateRole.COMPANY_ADMIN})),
    }
    terminals = {
        TERMINAL_KEY: access.terminal(COMPANY, STORE, TERMINAL),
        OTHER_KEY: access.terminal(COMPANY, "S002", OTHER_TERMINAL),
    }
    return StaticAuthenticator(people, terminals)


def envelope(
    kind: str, seq: int, payload: dict[str, Any], terminal: str = TERMINAL
) -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid5(NS, f"{terminal}/{seq}")),
        "type": kind,
        "schema_version": 1,
        "company_id": COMPANY,
        "store_id": STORE if terminal == TERMINAL else "S002",
        "terminal_id": terminal,
        "sequence": seq,
        "occurred_at": "2026-03-14T08:44:02+00:00",
        "business_date": "2026-03-14",
        "payload": payload,
    }


def _money(minor: int) -> dict[str, Any]:
    return {"minor": minor, "currency": "EUR"}


def sale(
    seq: int, *, lines: int = 10, terminal: str = TERMINAL, receipt: int | None = None
) -> dict[str, Any]:
    """A completed sale of ``lines`` lines of 1.00 each, paid cash, as event ``seq``."""
    base = golden("sale.completed")["payload"]
    line = copy.deepcopy(base["lines"][1]) | {
        "adjustment": None,
        "quantity": "1",
        "unit_price": _money(100),
        "gross": _money(100),
        "net": _money(100),
        "amount": _money(100),
        "vat": {"code": "A", "rate": "20"},
        "price_overridden": False,
        "voided": False,
    }
    total = 100 * lines
    vat = total - total * 100 // 120
    number = receipt or seq
    payload = base | {
        "document_id": str(uuid.uuid5(NS, f"{terminal}/doc/{seq}")),
        "receipt": {
            "closure_number": 1,
            "receipt_number": number,
            "unique_id": f"20260314-0001-{number:06d}",
        },
        "lines": [
            line | {"line_no": n, "product_id": f"P{n:04d}", "plu": f"{n:04d}"}
            for n in range(1, lines + 1)
        ],
        "adjustment": None,
        "payments": [
            {
                "seq": 1,
                "type_code": "CASH",
                "kind": "cash",
                "tendered": _money(total),
                "change": _money(0),
                "amount": _money(total),
            }
        ],
        "totals": {
            "subtotal": _money(total),
            "discounts": _money(0),
            "surcharges": _money(0),
            "total": _money(total),
            "tendered": _money(total),
            "change": _money(0),
            "paid": _money(total),
        },
        "vat": [
            {
                "code": "A",
                "rate": "20",
                "gross": _money(total),
                "vat": _money(vat),
                "net": _money(total - vat),
            }
        ],
        "overrides": [],
    }
    return envelope("sale.completed", seq, payload, terminal)


def batch(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {"events": events}
