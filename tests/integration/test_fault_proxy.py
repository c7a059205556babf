"""The fault proxy plays each fault it claims, in front of a small HTTP server that counts
what it committed (every POST body it answered)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from random import Random

import pytest
import requests

from tests.support.fault_proxy import Fault, FaultProxy, Scripted, SeededFaults
from tests.support.proxy_wire import chunked_end

pytestmark = pytest.mark.integration

TIMEOUT = (2.0, 5.0)  # connect, read


class Upstream(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a kept-alive connection's thread is not waited for

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.committed: list[bytes] = []

    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.server_address[1])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keeps connections open between requests
    server: Upstream

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.committed.append(body)
        self._answer(b'{"committed": %d}' % len(self.server.committed))

    def do_GET(self) -> None:
        self._answer(b'{"hello": "world"}')

    def _answer(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read what the server committed, not its log."""


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    server = Upstream()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def proxy_for(upstream: Upstream, *faults: Fault, **options: float) -> FaultProxy:
    return FaultProxy(upstream.address, Scripted(faults), **options)


def test_pass_relays_both_ways_untouched_over_one_kept_connection(upstream: Upstream) -> None:
    body = bytes(range(256)) * 1000  # large enough to take many reads
    with proxy_for(upstream, Fault.PASS) as proxy, requests.Session() as session:
        first = session.post(f"{proxy.url}/commit", data=body, timeout=TIMEOUT)
        second = session.get(f"{proxy.url}/hello", timeout=TIMEOUT)
    assert first.json() == {"committed": 1} and second.json() == {"hello": "world"}
    assert upstream.committed == [body]
    assert [played.fault for played in proxy.played] == [Fault.PASS]  # one connection
    assert proxy.errors == []


def test_refuse_stops_listening_for_a_while_then_listens_again(upstream: Upstream) -> None:
    with proxy_for(upstream, Fault.REFUSE, refuse_s=0.5) as proxy:
        with pytest.raises(requests.ConnectionError):
            requests.post(f"{proxy.url}/commit", data=b"lost", timeout=TIMEOUT)
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", proxy.port), timeout=1).close()
        until(lambda: _listens(proxy.port))
        answer = requests.post(f"{proxy.url}/commit", data=b"kept", timeout=TIMEOUT)
    assert answer.status_code == 200
    assert upstream.committed == [b"kept"]
    assert next(played.fault for played in proxy.played) is Fault.REFUSE
    assert proxy.errors == []


def test_reset_reaches_nobody(upstream: Upstream) -> None:
    with proxy_for(upstream, Fault.RESET) as proxy, pytest.raises(requests.ConnectionError):
        requests.post(f"{proxy.url}/commit", data=b"x" * 10_000, timeout=TIMEOUT)
    assert upstream.committed == []
    assert proxy.errors == []


def test_delay_outlasts_the_client_then_the_request_arrives_all_the_same(
    upstream: Upstream,
) -> None:
    with proxy_for(upstream, Fault.DELAY, delay_s=0.6) as proxy:
        with pytest.raises(requests.Timeout):
            requests.post(f"{proxy.url}/commit", data=b"late", timeout=(2.0, 0.2))
        assert upstream.committed == []  # the client gave up before it arrived
        until(lambda: upstream.committed == [b"late"])
    assert proxy.played[0].fault is Fault.DELAY and proxy.played[0].upstream_status == 200
    assert proxy.errors == []


def test_answers_500_and_503_itself_as_problems(upstream: Upstream) -> None:
    with proxy_for(upstream, Fault.ANSWER_500, Fault.ANSWER_503, Fault.ANSWER_503) as proxy:
        answers = [
            requests.post(f"{proxy.url}/commit", data=b"x", timeout=TIMEOUT) for _ in range(2)
        ]
        # a chunked request is read whole before the proxy answers
        chunked = requests.post(f"{proxy.url}/commit", data=iter([b"a", b"b"]), timeout=TIMEOUT)
    assert [answer.status_code for answer in answers] == [500, 503]
    assert answers[1].headers["Content-Type"] == "application/problem+json"
    assert answers[1].json()["status"] == 503
    assert chunked.status_code == 503
    assert upstream.committed == []
    assert proxy.errors == []


def test_cut_after_commit_upstream_has_it_the_client_never_hears(upstream: Upstream) -> None:
    with proxy_for(upstream, *[Fault.CUT_AFTER_COMMIT] * 20) as proxy:
        for n in range(20):
            with pytest.raises(requests.RequestException):
                requests.post(f"{proxy.url}/commit", data=b"%d" % n, timeout=TIMEOUT)
    assert upstream.committed == [b"%d" % n for n in range(20)]
    cuts = [(p.bytes_to_client or 0, p.upstream_bytes or 0) for p in proxy.played]
    assert all(0 <= cut < whole for cut, whole in cuts)  # never the whole answer
    assert len({cut for cut, _ in cuts}) > 1  # cut at different places
    assert all(played.upstream_status == 200 for played in proxy.played)
    assert proxy.errors == []


def test_hold_cuts_only_when_released(upstream: Upstream) -> None:
    failures: list[BaseException] = []

    def client() -> None:
        try:
            requests.post(f"{proxy.url}/commit", data=b"held", timeout=TIMEOUT)
        except requests.RequestException as exc:
            failures.append(exc)

    with proxy_for(upstream, Fault.HOLD) as proxy:
        thread = threading.Thread(target=client)
        thread.start()
        held = proxy.wait_held(timeout=5)
        assert held.upstream_status == 200 and upstream.committed == [b"held"]
        time.sleep(0.2)
        assert thread.is_alive()  # still waiting for its answer
        proxy.release()
        thread.join(timeout=5)
    assert len(failures) == 1
    assert proxy.errors == []


WEIGHTS = {Fault.PASS: 3, Fault.RESET: 1, Fault.ANSWER_503: 1, Fault.CUT_AFTER_COMMIT: 1}


def draws(seed: int, n: int) -> list[Fault]:
    plan = SeededFaults(WEIGHTS)
    return [plan.fault(i, Random(f"{seed}/{i}")) for i in range(n)]


def test_seeded_faults_are_drawn_per_connection_and_repeat() -> None:
    assert draws(7, 300) == draws(7, 300)
    assert draws(7, 300) != draws(8, 300)
    assert set(draws(7, 300)) == set(WEIGHTS)


def test_the_proxy_plays_the_seeded_draws_by_connection(upstream: Upstream) -> None:
    seed, n = 5, 30
    with FaultProxy(upstream.address, SeededFaults(WEIGHTS), seed=seed) as proxy:
        answered = [_status(f"{proxy.url}/commit", b"%d" % i) for i in range(n)]
        until(lambda: len(proxy.played) == n)
    played = sorted(proxy.played, key=lambda p: p.index)
    assert [p.fault for p in played] == draws(seed, n)
    heard = {Fault.PASS: 200, Fault.ANSWER_503: 503, Fault.RESET: None}
    assert answered == [heard.get(fault) for fault in draws(seed, n)]
    reached = sum(1 for p in played if p.fault in (Fault.PASS, Fault.CUT_AFTER_COMMIT))
    assert len(upstream.committed) == reached
    assert proxy.errors == []


def test_chunked_end_finds_the_last_chunk_and_its_trailers() -> None:
    assert chunked_end(b"1\r\na\r\n0\r\n\r\n", 0) == 11
    assert chunked_end(b"1\r\na\r\n0\r\nX-T: 1\r\n\r\n", 0) == 19
    assert chunked_end(b"4;ext=1\r\nabcd\r\n0\r\n\r\nrest", 0) == 20
    assert chunked_end(b"4\r\nab", 0) is None
    assert chunked_end(b"1\r\na\r\n0\r\n", 0) is None


def _status(url: str, body: bytes) -> int | None:
    """The status the client heard, None when it heard no answer."""
    try:
        return requests.post(url, data=body, timeout=TIMEOUT).status_code
    except requests.RequestException:
        return None


def _listens(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return False
    return True


def test_stall_holds_the_request_then_resets_it_unsent(upstream: Upstream) -> None:
    with proxy_for(upstream, Fault.STALL, Fault.STALL) as proxy:
        for _ in range(2):  # released once, a later stall holds again
            client = threading.Thread(target=_status, args=(f"{proxy.url}/commit", b"x"))
            client.start()
            assert proxy.wait_held(timeout=5).fault is Fault.STALL
            time.sleep(0.1)
            assert client.is_alive()
            proxy.release()
            client.join(timeout=5)
            assert not client.is_alive()
    assert upstream.committed == []
    assert proxy.errors == []
