"""Is there an X server to open the window on? Asked before Dear PyGui is imported.

Dear PyGui (GLFW) aborts the whole process when ``DISPLAY`` names a server that does not
answer, so the register connects to that server's socket first: ``/tmp/.X11-unix/X<n>``
(or Linux's abstract socket of that name) for a local display, TCP port ``6000 + n`` for
``host:n``. ``DISPLAY`` is ``[protocol/][host]:n[.screen]``; ``:0``, ``:0.0``,
``unix:0``, ``localhost:10.0`` (ssh forwarding), ``tcp/host:1`` and ``[::1]:0`` are read.

``python -m apps.pos_desktop.x_display`` exits 0 when the server answers, else prints why
and exits 1 (``.ci/start`` asks it before it opens the window).
"""

from __future__ import annotations

import os
import re
import socket
import sys
from pathlib import Path

SOCKET_DIR = Path("/tmp/.X11-unix")
X_TCP_BASE = 6000
TIMEOUT_S = 2.0
_DISPLAY = re.compile(r"(?:(?P<protocol>[A-Za-z]+)/)?(?P<host>[^/]*):(?P<number>\d+)(?:\.\d+)?")


def display_problem(display: str | None, *, socket_dir: Path = SOCKET_DIR) -> str | None:
    """None when the X server of ``display`` accepts a connection, else why not (one line)."""
    if not display:
        return "DISPLAY is not set"
    match = _DISPLAY.fullmatch(display.strip())
    if match is None:
        return f"DISPLAY={display} is not an X display such as :0 or host:0"
    protocol = (match["protocol"] or "").lower()
    host = match["host"].removeprefix("[").removesuffix("]")
    number = int(match["number"])
    if protocol == "unix" or (protocol != "tcp" and host in ("", "unix")):
        path = socket_dir / f"X{number}"
        if _unix_answers(str(path)) or (
            sys.platform == "linux" and _unix_answers(f"\0{path}")  # Linux's abstract socket
        ):
            return None
        return f"the X server of DISPLAY={display} does not answer ({path})"
    where = (host or "localhost", X_TCP_BASE + number)
    if _tcp_answers(*where):
        return None
    return f"the X server of DISPLAY={display} does not answer ({where[0]} port {where[1]})"


def _unix_answers(address: str) -> bool:
    if not hasattr(socket, "AF_UNIX"):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(TIMEOUT_S)
        try:
            probe.connect(address)
        except OSError:
            return False
    return True


def _tcp_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=TIMEOUT_S):
            return True
    except OSError:
        return False


def window_problem() -> str | None:
    """Why no window can be opened here (``$DISPLAY``'s server does not answer), or None;
    Windows and macOS open windows without X."""
    if sys.platform in ("win32", "darwin"):
        return None
    return display_problem(os.environ.get("DISPLAY"))


def main() -> int:
    problem = window_problem()
    if problem is None:
        return 0
    print(f"no display: {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
