"""``HttpUpstream``: the terminal's ``Upstream`` over GATE's (or OFFICE's) terminal contract.

- ``deliver``: ``POST /api/v1/terminal/events`` with ``{"events": [<v1 envelope>, ...]}``,
  the terminal's API key in ``X-API-Key``, gzipped above ``GZIP_ABOVE`` bytes; the answer
  ``{"results": [{event_id, outcome, reason}]}`` becomes one ``DeliveryResult`` an event.
- ``pull``: ``GET /api/v1/terminal/master-data?since=&limit=`` read as a ``MasterDataPage``.
- ``forward`` (an OFFICE's relay, with the office's key): the same push, of envelopes
  exactly as the tills sent them (their canonical JSON text), whichever tills they are.

One ``requests.Session`` (kept-alive connections), a connect and a read timeout on every
request. Faults are ``SyncError`` and the core backs the queue off; nothing is retried
here. A 401 says the key was refused (revoked, or the terminal enrolled elsewhere since);
another 4xx refusing the whole batch carries the problem document's detail.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from typing import Any

import requests

from adapters.http import transport
from adapters.http.transport import detail, exchange, json_body, new_session
from saleflex_core.contract.envelope import envelope
from saleflex_core.contract.master_data import page_from_wire
from saleflex_core.domain.delivery import DeliveryResult, Outcome
from saleflex_core.domain.events import OutboxItem
from saleflex_core.domain.master_data import MasterDataPage
from saleflex_core.exceptions import SyncError, ValidationError

EVENTS_PATH = "/api/v1/terminal/events"
MASTER_DATA_PATH = "/api/v1/terminal/master-data"
GZIP_ABOVE = 16 * 1024  # smaller bodies cost more to pack than they save on the wire
GZIP_LEVEL = 5  # most of level 9's saving at a fraction of its time


class HttpUpstream:
    """The upstream hub at ``base_url``, spoken to with the terminal's ``api_key``."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        connect_timeout: float = 3.05,
        read_timeout: float = 30,
        session: requests.Session | None = None,
    ) -> None:
        if not api_key.strip():
            raise ValidationError("The terminal has no API key: enrol it first")
        self.base_url = transport.base_url(base_url)
        self.timeout = (connect_timeout, read_timeout)
        self.session = session or new_session()
        self._key = api_key.strip()

    def __repr__(self) -> str:  # never the key
        return f"HttpUpstream({self.base_url!r})"

    def close(self) -> None:
        self.session.close()

    def deliver(self, items: Sequence[OutboxItem]) -> list[DeliveryResult]:
        body = json.dumps(
            {"events": [envelope(item) for item in items]},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        return self._push(body)

    def forward(self, envelopes: Sequence[str]) -> list[DeliveryResult]:
        """Relay received envelopes unchanged: a relay passes on even the fields it does
        not know, and GATE sees the same fingerprint as from the till itself."""
        body = b'{"events":[' + b",".join(e.encode() for e in envelopes) + b"]}"
        return self._push(body)

    def _push(self, body: bytes) -> list[DeliveryResult]:
        headers = {"X-API-Key": self._key, "Content-Type": "application/json"}
        if len(body) > GZIP_ABOVE:
            body = gzip.compress(body, compresslevel=GZIP_LEVEL)
            headers["Content-Encoding"] = "gzip"
        response = self._exchange("POST", EVENTS_PATH, data=body, headers=headers)
        return [_result(answer) for answer in _results(json_body(response, "answer to a batch"))]

    def pull(self, cursor: str | None, limit: int) -> MasterDataPage:
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["since"] = cursor
        response = self._exchange(
            "GET", MASTER_DATA_PATH, params=params, headers={"X-API-Key": self._key}
        )
        try:
            return page_from_wire(json_body(response, "master-data page"))
        except (ValidationError, KeyError, TypeError, AttributeError) as error:
            raise SyncError(f"Upstream's master-data page cannot be read: {error}") from error

    def _exchange(self, method: str, path: str, **options: Any) -> requests.Response:
        response = exchange(
            self.session, method, self.base_url + path, timeout=self.timeout, **options
        )
        status = response.status_code
        if status == 401:
            raise SyncError(
                "Upstream refused this terminal's API key (revoked, or the terminal was "
                f"enrolled again elsewhere): {detail(response)}"
            )
        if status != 200:
            raise SyncError(f"Upstream refused the request ({status}): {detail(response)}")
        return response


def _results(body: dict[str, Any]) -> list[Any]:
    results = body.get("results")
    if not isinstance(results, list):
        raise SyncError('Upstream\'s answer to a batch holds no "results" list')
    return results


def _result(answer: Any) -> DeliveryResult:
    try:
        event_id, outcome = answer["event_id"], Outcome(answer["outcome"])
    except (KeyError, TypeError, ValueError) as error:
        raise SyncError(f"Upstream answered an event unreadably: {answer!r}") from error
    reason = answer.get("reason")
    if not isinstance(event_id, str) or not (reason is None or isinstance(reason, str)):
        raise SyncError(f"Upstream answered an event unreadably: {answer!r}")
    return DeliveryResult(event_id, outcome, reason)
