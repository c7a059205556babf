"""Who calls OFFICE: a till of its store, with the API key GATE gave it at its enrolment
through OFFICE (``X-API-Key``), checked against the digests OFFICE keeps."""

from __future__ import annotations

from flask import g, request

from apps.office_web.deps import deps
from saleflex_core.domain.access import Caller
from saleflex_core.exceptions import AuthenticationFailed, PermissionDenied

API_KEY: dict[str, list[str]] = {"ApiKeyAuth": []}
SECURITY_SCHEMES = {"ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}


def till(scope: str) -> Caller:
    """The calling till (authenticated once per request), which must hold ``scope``."""
    found: Caller | None = g.get("caller")
    if found is None:
        key = request.headers.get("X-API-Key", "").strip()
        if not key:
            raise AuthenticationFailed("Send the terminal's API key (X-API-Key)")
        office = deps()
        found = office.authenticator.terminal(key)
        if found.store_id != office.link.store_id:  # keys are only kept for its tills
            raise PermissionDenied("This OFFICE serves another store")
        g.caller = found
    found.require(scope)
    return found
