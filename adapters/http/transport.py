"""One HTTP exchange with upstream, its faults turned into the core's errors.

Every way a request can fail for now (no route, refused, reset, a timeout, a 5xx, a 429,
an answer that is no JSON) is a ``SyncError``: the core's back-off retries it, so this
adapter never retries on its own. A refusal names the problem document's detail.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import requests

from saleflex_core.exceptions import SyncError, ValidationError

USER_AGENT = "saleflex-terminal/1"
DETAIL_MAX = 500  # a detail quoted in a message, cut to stay readable


def base_url(url: str) -> str:
    """``url`` checked (http or https, with a host) and without a trailing slash."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(f"The upstream URL must be http(s)://host[:port], not {url!r}")
    return url.strip().rstrip("/")


def new_session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


def exchange(
    session: requests.Session,
    method: str,
    url: str,
    *,
    timeout: tuple[float, float],
    **options: Any,
) -> requests.Response:
    """The response to one request; SyncError when no answer came back (or 5xx, 429)."""
    try:
        response = session.request(method, url, timeout=timeout, allow_redirects=False, **options)
    except requests.Timeout as error:
        raise SyncError(f"Upstream did not answer in time ({_host(url)}): {error}") from error
    except requests.RequestException as error:
        raise SyncError(f"Upstream cannot be reached ({_host(url)}): {error}") from error
    status = response.status_code
    if status >= 500 or status == 429:
        raise SyncError(f"Upstream is not available ({status}): {detail(response)}")
    return response


def detail(response: requests.Response) -> str:
    """What a problem document says (its ``detail``, else its ``title``), else the text."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        said = body.get("detail") or body.get("title")
        if isinstance(said, str) and said:
            return said[:DETAIL_MAX]
    text = response.text.strip()
    return text[:DETAIL_MAX] if text else response.reason or "no detail"


def json_body(response: requests.Response, what: str) -> dict[str, Any]:
    """The JSON object of a 2xx answer; SyncError for anything else."""
    try:
        body = json.loads(response.content)
    except ValueError as error:
        raise SyncError(f"Upstream's {what} is not JSON: {error}") from error
    if not isinstance(body, dict):
        raise SyncError(f"Upstream's {what} is not a JSON object")
    return body


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)
