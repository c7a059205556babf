"""``POST /api/v1/terminal/events``: a terminal pushes a batch of v1 events.

The terminal-facing endpoints live here, in ``adapters.rest``, so OFFICE can serve the
same contract later: the app hands in who calls (``caller``) and what receives
(``receive``), the blueprint knows neither GATE nor its database.

The body is ``{"events": [<v1 envelope>, ...]}`` (at most ``MAX_BATCH``), read with
orjson and each envelope checked by the compiled ``contracts/v1`` schema. The answer is
``{"results": [{"event_id", "outcome", "reason"}, ...]}`` in the batch's order, the
outcomes those of the terminal's outbox (``DeliveryResult``): ``accepted``, ``duplicate``
(it has it: mark it sent) or ``rejected`` with the reason (park it). An envelope the schema
refuses is rejected alone; a body that is no batch at all is a 422 problem. A large
batch may come gzipped (``Content-Encoding: gzip``).
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Sequence
from typing import Any

import marshmallow as ma
import orjson
from attrs import frozen
from fastjsonschema import JsonSchemaValueException
from flask import Flask, Response, current_app, request
from flask_smorest import Api, Blueprint

from adapters.rest.contract_schemas import component_name, envelope_validator, openapi_components
from adapters.rest.text_guard import NUL_REASON, has_nul, may_hold_nul
from saleflex_core.domain.access import Caller
from saleflex_core.domain.delivery import DeliveryResult
from saleflex_core.domain.ingest import MAX_BATCH, IncomingEvent
from saleflex_core.exceptions import ValidationError

EXTENSION = "saleflex_terminal_events"
MAX_BODY = 64 * 1024 * 1024  # 500 events of about 130 KB each: far beyond any real batch

blp = Blueprint(
    "terminal_events",
    __name__,
    url_prefix="/api/v1/terminal",
    description="What terminals push: batches of v1 events (contracts/v1)",
)


@frozen
class TerminalEvents:
    """``caller()`` authenticates the terminal (and checks it may push events);
    ``receive(caller, events)`` answers each valid event, in order."""

    caller: Callable[[], Caller]
    receive: Callable[[Caller, Sequence[IncomingEvent]], list[DeliveryResult]]


def install(app: Flask, api: Api, services: TerminalEvents) -> None:
    """Serve the endpoint on ``app`` with ``services``; its schemas go into the document."""
    app.extensions[EXTENSION] = services
    envelope_validator()  # compiled now (about 0.3 s), not in a terminal's first push
    for name, schema in openapi_components().items():
        api.spec.components.schema(name, component=schema)
    api.register_blueprint(blp)


class ResultSchema(ma.Schema):
    event_id = ma.fields.String(required=True)
    outcome = ma.fields.String(
        required=True, validate=ma.validate.OneOf(["accepted", "duplicate", "rejected"])
    )
    reason = ma.fields.String(allow_none=True)


class ResultsSchema(ma.Schema):
    results = ma.fields.List(ma.fields.Nested(ResultSchema), required=True)


BATCH = {
    "type": "object",
    "properties": {
        "events": {
            "type": "array",
            "maxItems": MAX_BATCH,
            "items": {"$ref": f"#/components/schemas/{component_name('envelope.schema.json')}"},
        }
    },
    "required": ["events"],
}


@blp.route("/events", methods=["POST"])
@blp.doc(
    security=[{"ApiKeyAuth": []}],
    requestBody={"required": True, "content": {"application/json": {"schema": BATCH}}},
)
@blp.response(200, ResultsSchema, description="One answer per event, in the batch's order")
@blp.alt_response(422, description="The body is not a batch of events")
def push_events() -> Response:
    """Push up to 500 events; each is answered accepted, duplicate or rejected."""
    services: TerminalEvents = current_app.extensions[EXTENSION]
    caller = services.caller()
    parsed = read_batch(decoded(request.get_data(), request.content_encoding))
    answers = iter(services.receive(caller, [p for p in parsed if isinstance(p, IncomingEvent)]))
    results = [next(answers) if isinstance(p, IncomingEvent) else p for p in parsed]
    body = {"results": [_result(r) for r in results]}
    return Response(orjson.dumps(body), 200, mimetype="application/json")


def decoded(body: bytes, encoding: str | None) -> bytes:
    """The body as sent: a terminal gzips a large batch (``Content-Encoding: gzip``).

    At most ``MAX_BODY`` bytes are inflated, so a small bomb cannot fill the memory."""
    if encoding in (None, "", "identity"):
        return body
    if encoding != "gzip":
        raise ValidationError(f"Content-Encoding {encoding} is not taken: send gzip or none")
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        plain = inflater.decompress(body, MAX_BODY)
    except zlib.error as error:
        raise ValidationError(f"The body is not gzip: {error}") from error
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValidationError(f"The gzip body is cut short or inflates beyond {MAX_BODY} bytes")
    return plain


def read_batch(body: bytes) -> list[IncomingEvent | DeliveryResult]:
    """Each event of the batch checked: an ``IncomingEvent``, or its rejection."""
    try:
        batch = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise ValidationError(f"The body is not JSON: {error}") from error
    events = batch.get("events") if isinstance(batch, dict) else None
    if not isinstance(events, list):
        raise ValidationError('The body must be {"events": [...]}: a batch of v1 envelopes')
    if len(events) > MAX_BATCH:
        raise ValidationError(f"A batch holds at most {MAX_BATCH} events, not {len(events)}")
    return [_checked(event) for event in events]


def _checked(event: Any) -> IncomingEvent | DeliveryResult:
    validate = envelope_validator()
    try:
        validate(event)
    except JsonSchemaValueException as error:
        event_id = event.get("event_id") if isinstance(event, dict) else None
        reason = f"not a v1 event: {error.message}"
        return DeliveryResult.rejected(event_id if isinstance(event_id, str) else "", reason)
    canonical = orjson.dumps(event, option=orjson.OPT_SORT_KEYS)
    if may_hold_nul(canonical) and has_nul(event):
        return DeliveryResult.rejected(event["event_id"], NUL_REASON)
    return IncomingEvent(event, hashlib.sha256(canonical).hexdigest(), canonical.decode())


def _result(result: DeliveryResult) -> dict[str, Any]:
    return {
        "event_id": result.event_id,
        "outcome": result.outcome.value,
        "reason": result.reason,
    }
