"""Text with a NUL character (U+0000) is refused at the door, on every backend.

PostgreSQL cannot store U+0000 in text, so such input would surface as a storage error
(503) at one request and, in a terminal's batch, as a batch refused again at every
resend. GATE refuses it as bad input instead: a request whose query, path or body holds
one answers 422, and an event holding one is rejected alone (``terminal_events``) so the
rest of its batch is stored.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import orjson
from flask import Flask, request

from saleflex_core.exceptions import ValidationError

NUL_REASON = "text holds a NUL character (\\u0000), which GATE does not store"


def has_nul(value: Any) -> bool:
    """Whether any string in ``value`` (JSON-like: dicts, lists, strings) holds U+0000."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    return False


def may_hold_nul(raw: bytes) -> bool:
    """A quick look at raw JSON or text: False means it surely holds no U+0000."""
    return b"\\u0000" in raw or b"\x00" in raw


def refuse_nul_text(app: Flask, *, except_endpoints: Collection[str] = ()) -> None:
    """Refuse, with a 422 problem, any request of ``app`` whose text holds U+0000 (the
    endpoints named check their own bodies: a batch rejects such an event alone)."""

    @app.before_request
    def _refuse() -> None:
        if "\x00" in request.path or b"%00" in request.query_string.lower():
            raise ValidationError(f"The address {NUL_REASON}")
        if request.endpoint in except_endpoints:
            return
        raw = request.get_data(cache=True)
        if not may_hold_nul(raw):
            return
        if b"\x00" in raw:
            raise ValidationError(f"The body {NUL_REASON}")
        try:
            parsed = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return  # not JSON: the endpoint says what is wrong with it
        if has_nul(parsed):
            raise ValidationError(f"The body {NUL_REASON}")
