"""``POST /api/v1/terminal/enrol``: a terminal trades its one-time enrolment code for
its identity, its API key (shown this once), the counters the hub holds for it, and its
company's name and its store (name, currency, time zone, receipt header and footer).

A terminal enrolled again (after a disk swap) continues from these counters: its next
closure is ``last_closure + 1`` unless that closure is still open on the hub's side, and
it numbers receipts after ``last_receipt``, so no receipt number is used twice. The
blueprint is built around an ``enrol(code)`` function so GATE and OFFICE each wire their
own ports to the same contract.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import marshmallow as ma
from flask_smorest import Blueprint

from saleflex_core.use_cases.gate_terminals import Enrolled

ENROL_PATH = "/api/v1/terminal/enrol"


class EnrolRequestSchema(ma.Schema):
    code = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=200),
        metadata={"example": "ACME.K7QF-M2XD-9HTP-3WRA"},
    )


class ReceiptNumberSchema(ma.Schema):
    closure = ma.fields.Integer(required=True)
    receipt = ma.fields.Integer(required=True)


class CountersSchema(ma.Schema):
    """Where the terminal continues from: its next event is ``last_event_sequence + 1``;
    its open period is after ``last_closed_closure`` (0: none closed yet) or the closure
    of ``last_receipt``, whichever is later, and its next receipt follows ``last_receipt``
    when that period is the same."""

    last_event_sequence = ma.fields.Integer(required=True, metadata={"example": 1532})
    last_closed_closure = ma.fields.Integer(required=True, metadata={"example": 6})
    last_receipt = ma.fields.Nested(ReceiptNumberSchema, required=True, allow_none=True)


class EnrolledStoreSchema(ma.Schema):
    """The store the terminal sells in: what its receipts print and how it keeps time."""

    name = ma.fields.String(required=True, metadata={"example": "SaleFlex Demo Market"})
    currency = ma.fields.String(required=True, metadata={"example": "EUR"})
    timezone = ma.fields.String(required=True, metadata={"example": "Europe/Berlin"})
    header = ma.fields.List(ma.fields.String(), required=True)
    footer = ma.fields.List(ma.fields.String(), required=True)


class EnrolledSchema(ma.Schema):
    terminal_id = ma.fields.String(required=True)
    company_id = ma.fields.String(required=True)
    company_name = ma.fields.String(required=True, metadata={"example": "ACME Retail"})
    store = ma.fields.Nested(EnrolledStoreSchema, required=True)
    store_id = ma.fields.String(required=True)
    terminal_code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    cash_out_limit = ma.fields.Integer(
        required=True,
        metadata={"description": "Cash out above it needs a supervisor (minor units)"},
    )
    api_key = ma.fields.String(required=True, metadata={"description": "Shown this once"})
    api_key_id = ma.fields.String(required=True)
    counters = ma.fields.Nested(CountersSchema, required=True)
    kind = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(["till", "office"]),
        metadata={"description": "till (a register) or office (the store's OFFICE relay)"},
    )


def blueprint(enrol: Callable[[str], Enrolled]) -> Blueprint:
    """The enrolment blueprint, calling ``enrol(code)`` (the app's use case)."""
    blp = Blueprint(
        "terminal_enrol", __name__, url_prefix="/api/v1/terminal", description="Terminal enrolment"
    )

    @blp.route("/enrol", methods=["POST"])
    @blp.arguments(EnrolRequestSchema)
    @blp.response(200, EnrolledSchema)
    @blp.alt_response(401, description="The code is not valid, used or expired")
    @blp.doc(security=[])
    def enrol_view(body: dict[str, Any]) -> dict[str, Any]:
        """Trade a one-time enrolment code for the terminal's id, API key and counters."""
        done = enrol(body["code"])
        terminal, counters, store = done.terminal, done.counters, done.store
        return {
            "terminal_id": terminal.id,
            "company_id": terminal.company_id,
            "company_name": done.company.name,
            "store": {
                "name": store.name,
                "currency": store.currency.code,
                "timezone": store.timezone,
                "header": list(store.header),
                "footer": list(store.footer),
            },
            "store_id": terminal.store_id,
            "terminal_code": terminal.code,
            "name": terminal.name,
            "cash_out_limit": terminal.cash_out_limit.minor,
            "api_key": done.api_key.secret,
            "api_key_id": done.api_key.key_id,
            "counters": {
                "last_event_sequence": counters.last_sequence,
                "last_closed_closure": counters.last_closure_number,
                "last_receipt": None
                if counters.last_receipt is None
                else dict(zip(("closure", "receipt"), counters.last_receipt, strict=True)),
            },
            "kind": done.kind.value,
        }

    return blp
