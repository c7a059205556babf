"""`saleflex-pos` with a stand-in window that waits for orders, for test_pos_terminal_lock.

    python -m tests.integration.pos_window_child [saleflex-pos options]

The real command line (`apps.pos_desktop.cli.main`) runs with the given options; the
window it opens is this stand-in: it prints ``ready <pid>``, then reads lines from stdin:
``sell`` sells a baguette for cash on the open register and prints ``sold <unique id>``;
``quit`` (or the end of stdin) closes the window, and the command ends.
"""

from __future__ import annotations

import os
import sys
import types

from apps.pos_desktop import cli
from apps.pos_desktop.bootstrap import RunningTill

WINDOW = "apps.pos_desktop.views.app"
BAGUETTE = "5901234100106"


def run(running: RunningTill, *_: object) -> int:  # a supervisor's reconnect: unused
    print(f"ready {os.getpid()}", flush=True)
    for line in sys.stdin:
        if line.strip() == "sell":
            register = running.register
            register.sign_in("1", "1234")
            register.scan(BAGUETTE)
            register.tender("CASH")
            print(f"sold {register.complete().unique_id}", flush=True)
        if line.strip() == "quit":
            break
    return 0


if __name__ == "__main__":
    window = types.ModuleType(WINDOW)
    window.run = run  # type: ignore[attr-defined]
    sys.modules[WINDOW] = window
    raise SystemExit(cli.main(sys.argv[1:]))
