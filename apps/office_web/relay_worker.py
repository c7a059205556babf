"""The relay worker: a thread beside OFFICE's web server that forwards the queue to GATE
and pulls GATE's master data, each call in a unit of work of its own.

It forwards at once while GATE takes batches, waits while the queue backs off (until
``next_attempt_at``) or is empty, looking again every ``idle`` seconds at the most (or as
soon as a till's push wakes it: the back-off still holds then, and an operator's
``--forward-now`` ends it), and pulls master data when started and every ``pull_every``
seconds. A till's push never
waits for it. An error in one round is logged and the next round tries again: the worker
outlives GATE's outages and the database's hiccups alike.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from saleflex_core.logger import get_logger
from saleflex_core.use_cases.office_relay import Forwarded
from saleflex_core.use_cases.pulling import Pulled

log = get_logger(__name__)
T = TypeVar("T")


class RelayWorker:
    """``forward()`` and ``pull()`` are the use cases, wired; ``now()`` the wall clock
    (aware UTC) that the queue's back-off is written in."""

    def __init__(
        self,
        forward: Callable[[], Forwarded],
        pull: Callable[[], Pulled],
        now: Callable[[], datetime],
        *,
        pull_every: float = 60.0,
        idle: float = 5.0,
    ) -> None:
        self.forward, self.pull, self.now = forward, pull, now
        self.pull_every, self.idle = pull_every, idle
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="office-relay", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Something was queued: forward now rather than after ``idle``."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        next_pull = 0.0
        while not self._stop.is_set():
            if time.monotonic() >= next_pull:
                self._guarded(self.pull)
                next_pull = time.monotonic() + self.pull_every
            done = self._guarded(self.forward)
            delay = min(self._delay(done), max(next_pull - time.monotonic(), 0.0))
            if delay > 0:
                self._wake.wait(delay)
            self._wake.clear()

    def _delay(self, done: Forwarded | None) -> float:
        if done is None:
            return self.idle
        if done.next_attempt_at is not None:
            wait = (done.next_attempt_at - self.now()).total_seconds()
            return min(max(wait, 0.05), self.idle)
        return 0.0 if done.sent + done.parked and done.pending else self.idle

    def _guarded(self, job: Callable[[], T]) -> T | None:
        try:
            return job()
        except Exception:  # the relay outlives any one failed round: logged, then again
            log.exception("The relay's round failed; the next one tries again")
            return None
