"""Every error an API answers is an RFC 9457 problem document, never an HTML page.

``application/problem+json`` with ``type``, ``title``, ``status``, ``detail`` and, for
input that failed validation, ``errors``: ``{location: {field: [messages]}}`` as
marshmallow/webargs report them. ``code`` carries the ``SaleFlexError`` code for machines.

The core's errors map to statuses in one table (``STATUS``): bad input 422, unknown
thing 404, a state that forbids it 409, no or bad credentials 401, not allowed 403, a
storage failure 503. Anything else is a bug: 500 with no detail (it is logged).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException

from saleflex_core.exceptions import (
    AuthenticationFailed,
    ConcurrencyError,
    NotFound,
    PermissionDenied,
    SaleFlexError,
    StateError,
    StorageError,
    SyncError,
    TooManyAttempts,
    ValidationError,
)
from saleflex_core.logger import get_logger

log = get_logger(__name__)

PROBLEM_TYPE = "https://saleflex.dev/problems/"
"""Problem ``type`` URIs are this plus the error's code (``.../validation_error``)."""

STATUS: tuple[tuple[type[SaleFlexError], int], ...] = (  # first match wins: subclasses first
    (TooManyAttempts, 429),
    (AuthenticationFailed, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (ConcurrencyError, 409),
    (StateError, 409),
    (ValidationError, 422),
    (StorageError, 503),
    (SyncError, 503),  # OFFICE: GATE, its upstream, cannot be reached now
)


def problem(
    status: int,
    detail: str | None = None,
    *,
    code: str | None = None,
    errors: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem response; ``code`` names its type (the status's phrase by default)."""
    phrase = HTTPStatus(status).phrase
    kind = code or phrase.lower().replace(" ", "_").replace("-", "_")
    body: dict[str, Any] = {"type": PROBLEM_TYPE + kind, "title": phrase, "status": status}
    if detail:
        body["detail"] = detail
    if code:
        body["code"] = code
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status, mimetype="application/problem+json")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def status_of(error: SaleFlexError) -> int:
    return next((status for kind, status in STATUS if isinstance(error, kind)), 400)


def install_problem_handlers(app: Flask) -> None:
    """Answer every error of ``app`` as a problem document."""
    app.register_error_handler(SaleFlexError, _saleflex_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _saleflex_error(error: SaleFlexError) -> Response:
    status = status_of(error)
    if status >= 500:
        log.error("Answered %s: %s", status, error.message)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(error, TooManyAttempts):
        headers = {"Retry-After": str(error.retry_after)}
    return problem(status, error.message, code=error.code, headers=headers)


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = data.get("messages") if isinstance(data, dict) else None
    detail = data.get("message") if isinstance(data, dict) else None
    if errors:
        detail = detail or "The request has invalid fields: see errors"
    elif status in (404, 405) or not detail:
        detail = None if status >= 500 else error.description
    response = problem(status, detail, errors=errors)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _unexpected(error: Exception) -> Response:
    log.exception("Unexpected error answering a request", exc_info=error)
    return problem(500, "The server failed to answer; the error is logged")
