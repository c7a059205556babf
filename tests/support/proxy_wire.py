"""The fault proxy's bytes on the wire: one whole HTTP/1.1 message read off a socket, the
proxy's own problem answer, relaying both ways, and closing with a reset.

A message is its head, then its body as the head frames it: ``Content-Length`` bytes, or
chunks up to the last one and its trailers; an answer framed by neither runs to the end
of the connection, a request framed by neither has no body.
"""

from __future__ import annotations

import json
import select
import socket
import struct
import threading

HEAD_END = b"\r\n\r\n"
READ_SIZE = 65536


class ClosedEarly(Exception):
    """The peer closed the connection inside a message."""


def read_message(sock: socket.socket, *, response: bool) -> bytes:
    """The next whole message on ``sock``, as the bytes that came (head and body)."""
    data = bytearray()
    while HEAD_END not in data:
        _receive(sock, data, "head")
    body_at = data.index(HEAD_END) + len(HEAD_END)
    headers = _headers(bytes(data[:body_at]))
    if "chunked" in headers.get("transfer-encoding", "").lower():
        while (end := chunked_end(data, body_at)) is None:
            _receive(sock, data, "chunked body")
        return bytes(data[:end])
    if "content-length" in headers:
        end = body_at + int(headers["content-length"])
        while len(data) < end:
            _receive(sock, data, "body")
        return bytes(data[:end])
    if response:
        while chunk := sock.recv(READ_SIZE):
            data += chunk
    return bytes(data)


def status_of(answer: bytes) -> int:
    """The status code of an answer (``HTTP/1.1 200 OK`` -> 200)."""
    return int(answer.split(b" ", 2)[1])


def chunked_end(data: bytes | bytearray, at: int) -> int | None:
    """Where a chunked body starting at ``at`` ends (after its trailers); None: not yet."""
    while True:
        line_end = data.find(b"\r\n", at)
        if line_end < 0:
            return None
        size = int(bytes(data[at:line_end]).split(b";")[0], 16)
        at = line_end + 2
        if size == 0:
            if data[at : at + 2] == b"\r\n":
                return at + 2
            trailers_end = data.find(HEAD_END, at)
            return None if trailers_end < 0 else trailers_end + len(HEAD_END)
        at += size + 2
        if at > len(data):
            return None


def _receive(sock: socket.socket, data: bytearray, where: str) -> None:
    chunk = sock.recv(READ_SIZE)
    if not chunk:
        raise ClosedEarly(f"the peer closed the connection inside a message's {where}")
    data += chunk


def _headers(head: bytes) -> dict[str, str]:
    lines = head.decode("latin-1").split("\r\n")[1:]
    pairs = (line.split(":", 1) for line in lines if ":" in line)
    return {name.strip().lower(): value.strip() for name, value in pairs}


def pump(
    client: socket.socket, upstream: socket.socket, stopping: threading.Event, poll_s: float
) -> None:
    """Copy bytes both ways until both sides have finished sending (or one fails)."""
    peer = {client: upstream, upstream: client}
    sending = {client, upstream}
    while sending and not stopping.is_set():
        readable, _, _ = select.select(list(sending), [], [], poll_s)
        for side in readable:
            data = side.recv(65536)
            if data:
                peer[side].sendall(data)
            else:
                sending.discard(side)
                peer[side].shutdown(socket.SHUT_WR)


def send_if_still_there(client: socket.socket, answer: bytes) -> int:
    """Send a late answer; the bytes that went (0 when the client is gone)."""
    try:
        client.sendall(answer)
    except OSError:
        return 0
    return len(answer)


def reset(sock: socket.socket) -> None:
    """Close with a TCP reset (RST) instead of an orderly FIN."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def problem_answer(status: int) -> bytes:
    title = {500: "Internal Server Error", 503: "Service Unavailable"}[status]
    body = json.dumps({"title": title, "status": status, "detail": "played by the fault proxy"})
    head = (
        f"HTTP/1.1 {status} {title}\r\nContent-Type: application/problem+json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body.encode()
