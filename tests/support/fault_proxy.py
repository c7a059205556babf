"""The project's own fault-injecting TCP proxy: between a terminal and its upstream it
plays the network's and the server's faults, one drawn per connection.

    plan = SeededFaults(seed=11, weights={Fault.PASS: 6, Fault.RESET: 1, ...})
    with FaultProxy(("127.0.0.1", gate_port), plan, delay_s=1.5) as proxy:
        upstream = HttpUpstream(proxy.url, api_key, read_timeout=1.0)
        ...
    proxy.counts()   # what each connection got; proxy.errors: the proxy's own failures

The faults (``Fault``), each for one accepted connection:

- PASS: the bytes go both ways untouched, for as long as both ends keep the connection.
- REFUSE: the proxy stops listening for ``refuse_s``, so the kernel refuses every connect
  meanwhile (ECONNREFUSED); the connection that drew it is reset unread.
- RESET: the request's head is read, then the connection is reset; upstream sees nothing.
- DELAY: the whole request is read and held ``delay_s`` (set past the client's read
  timeout), then sent upstream all the same: it arrives after the client gave up.
- ANSWER_500, ANSWER_503: the proxy answers itself with a problem document.
- CUT_AFTER_COMMIT: the request goes upstream and upstream's whole answer comes back
  (GATE answers after its commit), then the client gets a random part of the answer, never
  all of it, and a reset. The hard one: upstream holds what the client believes unsent.
- HOLD (for scripted plans): as CUT_AFTER_COMMIT, but the cut waits for ``release()``;
  ``wait_held()`` says when upstream has answered, so a test can kill the client then.
- STALL (for scripted plans): the whole request is read and held until ``release()``,
  then the connection is reset; upstream never sees it (``wait_held()`` as for HOLD).

Faults are drawn per connection from ``Random(f"{seed}/{index}")``: connection ``index``
gets the same fault and the same details in every run, whatever the timing.
"""

from __future__ import annotations

import enum
import queue
import socket
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import count
from random import Random
from types import TracebackType
from typing import Protocol

from attrs import frozen

from tests.support.proxy_wire import (
    ClosedEarly,
    problem_answer,
    pump,
    read_message,
    reset,
    send_if_still_there,
    status_of,
)

ACCEPT_POLL_S = 0.1  # how often the accept loop looks at the stop flag
IO_TIMEOUT_S = 30.0  # no socket read of the proxy waits longer (a hung peer fails the test)


class Fault(enum.Enum):
    PASS = "pass"
    REFUSE = "refuse"
    RESET = "reset"
    DELAY = "delay"
    ANSWER_500 = "500"
    ANSWER_503 = "503"
    CUT_AFTER_COMMIT = "cut_after_commit"
    HOLD = "hold"
    STALL = "stall"


class FaultPlan(Protocol):
    def fault(self, index: int, rng: Random) -> Fault:
        """The fault of connection ``index`` (0, 1, 2 ...); ``rng`` is that connection's."""
        ...


@frozen
class SeededFaults:
    """A fault drawn per connection with these relative ``weights``."""

    weights: Mapping[Fault, float]

    def fault(self, index: int, rng: Random) -> Fault:
        kinds = sorted(self.weights, key=lambda fault: fault.value)
        return rng.choices(kinds, [self.weights[kind] for kind in kinds])[0]


@frozen
class Scripted:
    """The ``faults`` in order, one a connection, then ``then`` for every later one."""

    faults: Sequence[Fault]
    then: Fault = Fault.PASS

    def fault(self, index: int, rng: Random) -> Fault:
        return self.faults[index] if index < len(self.faults) else self.then


@frozen
class Played:
    """What one connection got: its fault, upstream's status when upstream answered it,
    and how many bytes of upstream's answer reached the client (None: all, or unknown)."""

    index: int
    fault: Fault
    upstream_status: int | None = None
    bytes_to_client: int | None = None
    upstream_bytes: int | None = None  # the length of upstream's whole answer
    note: str | None = None  # why the play ended early (the client went away ...)


class FaultProxy:
    """A TCP proxy on 127.0.0.1 in front of ``target``, faulting connections per ``plan``."""

    def __init__(
        self,
        target: tuple[str, int],
        plan: FaultPlan,
        *,
        seed: int = 0,
        delay_s: float = 2.0,
        refuse_s: float = 0.3,
    ) -> None:
        self.target, self.plan, self.seed = target, plan, seed
        self.delay_s, self.refuse_s = delay_s, refuse_s
        self.played: list[Played] = []
        self.errors: list[str] = []  # the proxy's own failures: a test asserts there are none
        self._stopping = threading.Event()
        self._holds: list[threading.Event] = []  # one a held connection, until released
        self._holds_lock = threading.Lock()
        self._held: queue.Queue[Played] = queue.Queue()
        self._indexes = count()
        self._workers: list[threading.Thread] = []
        self._listener = self._listen(0)
        self.port: int = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept_loop, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._acceptor.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.release()
        self._acceptor.join(timeout=5)
        for worker in list(self._workers):
            worker.join(timeout=IO_TIMEOUT_S)
        self._listener.close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def counts(self) -> Counter[Fault]:
        return Counter(played.fault for played in self.played)

    def wait_held(self, timeout: float) -> Played:
        """The next connection held (HOLD: upstream has answered; STALL: the request is
        read); raises queue.Empty after ``timeout`` seconds."""
        return self._held.get(timeout=timeout)

    def release(self) -> None:
        """Let the connections held now be cut (a later HOLD or STALL holds again)."""
        with self._holds_lock:
            holds, self._holds = self._holds, []
        for hold in holds:
            hold.set()

    def _hold(self, played: Played) -> None:
        hold = threading.Event()
        with self._holds_lock:
            self._holds.append(hold)
        if self._stopping.is_set():
            hold.set()
        self._held.put(played)
        hold.wait(IO_TIMEOUT_S)

    # --- accepting ---------------------------------------------------------------------------
    def _listen(self, port: int) -> socket.socket:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
        listener.settimeout(ACCEPT_POLL_S)
        return listener

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            index = next(self._indexes)
            rng = Random(f"{self.seed}/{index}")
            fault = self.plan.fault(index, rng)
            if fault is Fault.REFUSE:
                self._refuse(client, index)
                continue
            worker = threading.Thread(
                target=self._handle, args=(client, index, fault, rng), daemon=True
            )
            self._workers = [w for w in self._workers if w.is_alive()] + [worker]
            worker.start()

    def _refuse(self, client: socket.socket, index: int) -> None:
        """Reset the connection, stop listening for ``refuse_s``, listen again."""
        # Not listening before the reset is seen: a connect after it is refused for sure.
        self._listener.close()  # connections waiting in the backlog are reset with it
        reset(client)
        self.played.append(Played(index, Fault.REFUSE))
        self._stopping.wait(self.refuse_s)
        try:
            self._listener = self._listen(self.port)
        except OSError as exc:
            self.errors.append(f"cannot listen on {self.port} again: {exc}")
            self._stopping.set()

    # --- one connection ----------------------------------------------------------------------
    def _handle(self, client: socket.socket, index: int, fault: Fault, rng: Random) -> None:
        client.settimeout(IO_TIMEOUT_S)
        try:
            self.played.append(self._play(client, index, fault, rng))
        except (ClosedEarly, OSError) as exc:
            # A peer went away (the client's own timeout, a kill): part of the game, noted.
            self.played.append(Played(index, fault, note=repr(exc)))
        except Exception as exc:  # noqa: BLE001  (any other failure is the proxy's bug)
            self.errors.append(f"connection {index} ({fault.value}): {exc!r}")
        finally:
            client.close()

    def _play(self, client: socket.socket, index: int, fault: Fault, rng: Random) -> Played:
        if fault is Fault.PASS:
            with self._upstream() as upstream:
                pump(client, upstream, self._stopping, ACCEPT_POLL_S)
            return Played(index, fault)
        if fault is Fault.RESET:
            client.recv(1)  # the request has begun to arrive
            reset(client)
            return Played(index, fault, bytes_to_client=0)
        request = read_message(client, response=False)
        if fault is Fault.STALL:
            self._hold(Played(index, fault, bytes_to_client=0))
            reset(client)
            return Played(index, fault, bytes_to_client=0)
        if fault in (Fault.ANSWER_500, Fault.ANSWER_503):
            client.sendall(problem_answer(500 if fault is Fault.ANSWER_500 else 503))
            return Played(index, fault)
        if fault is Fault.DELAY:
            self._stopping.wait(self.delay_s)
        answer = self._exchange(request)
        status = status_of(answer)
        if fault is Fault.DELAY:
            sent = send_if_still_there(client, answer)
            return Played(index, fault, status, sent, len(answer))
        if fault is Fault.HOLD:
            self._hold(Played(index, fault, status, 0, len(answer)))
        cut = rng.randrange(len(answer))  # never the whole answer
        client.sendall(answer[:cut])
        reset(client)
        return Played(index, fault, status, cut, len(answer))

    def _upstream(self) -> socket.socket:
        return socket.create_connection(self.target, timeout=IO_TIMEOUT_S)

    def _exchange(self, request: bytes) -> bytes:
        """Send ``request`` upstream on a connection of its own; upstream's whole answer."""
        with self._upstream() as upstream:
            upstream.sendall(request)
            return read_message(upstream, response=True)
