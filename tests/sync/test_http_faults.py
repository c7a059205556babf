"""adapters/http turns every fault of the way up into the core's errors: nothing
listening, no answer in time, 5xx and 429, a batch refused whole, an answer that cannot
be read are SyncError (the core backs off and retries); a refused code is
EnrolmentRefused. A scripted HTTP server on 127.0.0.1 plays each answer."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from adapters.http import HttpEnroller, HttpUpstream
from saleflex_core.domain.events import SALE_COMPLETED, EventSource, OutboxItem
from saleflex_core.exceptions import EnrolmentRefused, SyncError, ValidationError
from tests.gate.live_server import free_port

pytestmark = pytest.mark.integration

PROBLEM = "application/problem+json"
Answer = tuple[int, str, bytes]


class Scripted(ThreadingHTTPServer):
    """Answers each request with the next scripted (status, content type, body)."""

    answers: list[Answer]
    seen: list[str]


class _Handler(BaseHTTPRequestHandler):
    server: Scripted

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.server.seen.append(f"{self.command} {self.path}")
        status, kind, body = self.server.answers.pop(0)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        """Quiet: the test reads ``seen``."""


@pytest.fixture(scope="module")
def scripted() -> Iterator[Scripted]:
    server = Scripted(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def url(server: Scripted) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def problem(status: int, detail: str) -> Answer:
    return status, PROBLEM, json.dumps({"status": status, "detail": detail}).encode()


def items() -> list[OutboxItem]:
    item = OutboxItem.new(
        SALE_COMPLETED,
        "doc-1",
        {"id": "doc-1"},
        source=EventSource("ACME", "S1", "T1"),
        occurred_at=datetime(2026, 3, 2, tzinfo=UTC),
        business_date=date(2026, 3, 2),
    )
    return [item.numbered(1)]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (problem(503, "database down"), r"not available \(503\): database down"),
        (problem(429, "slow down"), r"not available \(429\): slow down"),
        (problem(422, "A batch holds at most 500 events"), r"refused the request \(422\): A batch"),
        ((200, "application/json", b"<html>proxy</html>"), "answer to a batch is not JSON"),
        ((200, "application/json", b'{"results": 3}'), 'no "results" list'),
        (
            (200, "application/json", b'{"results": [{"event_id": "x", "outcome": "maybe"}]}'),
            "answered an event unreadably",
        ),
    ],
)
def test_a_delivery_that_is_not_answered_per_event_is_a_sync_error(
    scripted: Scripted, answer: Answer, message: str
) -> None:
    scripted.answers = [answer]
    scripted.seen = []
    with pytest.raises(SyncError, match=message):
        HttpUpstream(url(scripted), "sfk.ACME.k").deliver(items())
    assert scripted.seen == ["POST /api/v1/terminal/events"]  # once: the core retries


def test_a_page_that_cannot_be_read_is_a_sync_error(scripted: Scripted) -> None:
    scripted.answers = [(200, "application/json", b'{"has_more": false}')]
    scripted.seen = []
    with pytest.raises(SyncError, match="master-data page cannot be read"):
        HttpUpstream(url(scripted), "sfk.ACME.k").pull("c1", 10)
    assert scripted.seen == ["GET /api/v1/terminal/master-data?limit=10&since=c1"]


@pytest.mark.parametrize(
    ("answer", "error", "message"),
    [
        (problem(401, "This enrolment code is not valid"), EnrolmentRefused, "code is not valid"),
        (problem(422, "code: Shorter than minimum"), EnrolmentRefused, "Shorter than"),
        (problem(500, "boom"), SyncError, r"not available \(500\)"),
        ((200, "application/json", b'{"terminal_id": 1}'), SyncError, "cannot be read"),
    ],
)
def test_an_enrolment_is_refused_or_fails_for_now(
    scripted: Scripted, answer: Answer, error: type[Exception], message: str
) -> None:
    scripted.answers = [answer]
    with pytest.raises(error, match=message):
        HttpEnroller(url(scripted)).enrol("ACME.K7QF-M2XD-9HTP-3WRA")


def test_nothing_listening_is_a_sync_error() -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(SyncError, match="cannot be reached"):
        HttpUpstream(nowhere, "sfk.ACME.k").deliver(items())
    with pytest.raises(SyncError, match="cannot be reached"):
        HttpEnroller(nowhere).enrol("ACME.K7QF-M2XD-9HTP-3WRA")


def test_a_server_that_never_answers_is_a_sync_error_after_the_read_timeout() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        upstream = HttpUpstream(f"http://127.0.0.1:{port}", "sfk.ACME.k", read_timeout=0.3)
        with pytest.raises(SyncError, match="did not answer in time"):
            upstream.pull(None, 10)


def test_a_url_that_is_no_http_url_or_a_missing_key_is_refused_at_once() -> None:
    with pytest.raises(ValidationError, match="must be http"):
        HttpUpstream("gate.example:8000", "sfk.ACME.k")
    with pytest.raises(ValidationError, match="enrol it first"):
        HttpUpstream("http://gate.example", " ")
    assert "sfk" not in repr(HttpUpstream("http://gate.example/", "sfk.ACME.k"))
