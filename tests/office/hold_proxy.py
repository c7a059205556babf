"""A TCP proxy between OFFICE and GATE that can hold GATE's answers to event pushes.

With ``hold()`` on, the answer to a ``POST /api/v1/terminal/events`` is kept at the proxy
(GATE received the batch and committed it; OFFICE never hears so) until ``release()``,
which drops those connections. Everything else passes through untouched. A connection's
request is told by its first bytes (``POST /api/v1/terminal/events``), enough for the
keep-alive connections requests makes, one request at a time.
"""

from __future__ import annotations

import contextlib
import socket
import threading

from tests.gate.live_server import free_port

PUSH = b"POST /api/v1/terminal/events"


class HoldProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.holding = threading.Event()
        self.held = threading.Event()  # an answer to a push is being held
        self._lock = threading.Lock()
        self._held_sockets: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def hold(self) -> None:
        self.held.clear()
        self.holding.set()

    def release(self) -> None:
        """Drop every connection whose answer was held; pass everything through again."""
        self.holding.clear()
        with self._lock:
            for sock in self._held_sockets:
                sock.close()
            self._held_sockets.clear()

    def close(self) -> None:
        self.release()
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            except OSError:  # GATE is down: so is the way to it
                _close(client)
                continue
            state = {"push": False}
            threading.Thread(target=self._up, args=(client, upstream, state), daemon=True).start()
            threading.Thread(target=self._down, args=(upstream, client, state), daemon=True).start()

    def _up(self, client: socket.socket, upstream: socket.socket, state: dict[str, bool]) -> None:
        while data := _recv(client):
            if data.startswith((b"POST ", b"GET ", b"PUT ", b"DELETE ", b"HEAD ")):
                state["push"] = data.startswith(PUSH)
            if not _send(upstream, data):
                break
        _close(upstream)

    def _down(self, upstream: socket.socket, client: socket.socket, state: dict[str, bool]) -> None:
        while data := _recv(upstream):
            if state["push"] and self.holding.is_set():
                with self._lock:
                    self._held_sockets.append(client)
                self.held.set()
                return  # the answer stays here; release() drops the connection
            if not _send(client, data):
                break
        _close(client)


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except OSError:
        return b""


def _send(sock: socket.socket, data: bytes) -> bool:
    try:
        sock.sendall(data)
    except OSError:
        return False
    return True


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already gone
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
