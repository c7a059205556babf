"""Who is calling: a view names the permission it needs, and gets the ``Caller``.

People and integrators send ``Authorization: Bearer <token>``; terminals send their API
key as ``X-API-Key: <key>``. ``requires(scope)`` authenticates the request through the
app's ``Authenticator`` port and refuses a caller without ``scope`` (401 without valid
credentials, 403 with too few rights). The caller is kept for the request
(``current_caller()``); its company scopes every unit of work the view opens.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from flask import g, request

from apps.gate_web.deps import deps
from saleflex_core.domain.access import Caller
from saleflex_core.exceptions import AuthenticationFailed
from saleflex_core.ports.hub import HubUnitOfWork

BEARER: dict[str, list[str]] = {"BearerAuth": []}
API_KEY: dict[str, list[str]] = {"ApiKeyAuth": []}
SECURITY_SCHEMES = {
    "BearerAuth": {"type": "http", "scheme": "bearer"},
    "ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
}

P = ParamSpec("P")
R = TypeVar("R")


def authenticate() -> Caller:
    """The request's caller (authenticated once per request)."""
    found: Caller | None = g.get("caller")
    if found is not None:
        return found
    authenticator = deps().authenticator
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        caller = authenticator.person(token.strip())
    elif request.headers.get("X-API-Key", "").strip():
        caller = authenticator.terminal(request.headers["X-API-Key"].strip())
    else:
        raise AuthenticationFailed("Sign in: send a bearer token or a terminal's API key")
    g.caller = caller
    return caller


def requires(scope: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a view: the caller must be authenticated and hold ``scope``."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            authenticate().require(scope)
            return view(*args, **kwargs)

        return guarded

    return decorate


def current_caller() -> Caller:
    """The caller ``requires`` authenticated for this request."""
    caller: Caller = g.caller
    return caller


def unit_of_work() -> HubUnitOfWork:
    """A unit of work scoped to the caller's company."""
    return deps().unit_of_work(current_caller().company_id)


def documented(security: dict[str, list[Any]]) -> dict[str, Any]:
    """``@blp.doc(**documented(BEARER))``: the OpenAPI security of an operation."""
    return {"security": [security]}
