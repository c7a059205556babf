"""A register that sells fast and pushes its outbox upstream, for the sync tests.

The core's ``Register`` on the terminal's SQLite file, a memory printer, the supervisor
signed in (who may also move cash); ``HttpUpstream`` for the push. It runs in the test's
process or as a process of its own, which a test may kill:

    python -m tests.support.till_driver --db PATH --company ACME --terminal ID \\
        --url http://127.0.0.1:PORT --key KEY --sales 600 --seed 3 [--push-every 5]

The process sells ``--sales`` sales (one or two lines, paid cash), pushing one batch after
every ``--push-every`` of them as a sync worker would, then pushes until its queue is
empty, and prints one JSON line (sales, pushes, the errors the core reported) and exits 0.

The back-off between failed pushes is the core's (the whole queue waits, exponential,
full jitter); only its draws are scaled by ``JITTER_SCALE``, so a test waits milliseconds
where a till in a shop waits seconds.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from random import Random

from adapters.http import HttpUpstream
from adapters.memory import MemoryPrinter
from adapters.sqlalchemy.database import open_database, sqlite_url
from adapters.sqlalchemy.uow import SqlUnitOfWork
from adapters.system import SystemClock, UuidIds
from saleflex_core.register import Devices, Register
from saleflex_core.use_cases.sync import SyncResult
from tests.support.gate_shop import SUPERVISOR, piece_barcodes

JITTER_SCALE = 0.02  # a back-off draw in [0, 0.02): waits of 0.04 s, 0.08 s ... not 2 s, 4 s
DRAIN_PATIENCE_S = 120.0


class ScaledJitter:
    """A seeded ``RandomSource`` whose draws are scaled down (see the module)."""

    def __init__(self, seed: int, scale: float = JITTER_SCALE) -> None:
        self.rng, self.scale = Random(seed), scale

    def random(self) -> float:
        return self.rng.random() * self.scale


class Till:
    """Terminal ``terminal_id`` of ``company_id`` on the SQLite file ``db``."""

    def __init__(self, db: Path, company_id: str, terminal_id: str, seed: int = 0) -> None:
        self.uow = SqlUnitOfWork(open_database(sqlite_url(db)), company_id=company_id)
        self.register = Register(
            self.uow,
            terminal_id=terminal_id,
            clock=SystemClock(),
            ids=UuidIds(),
            devices=Devices(printer=MemoryPrinter()),
        )
        self.register.sign_in(*SUPERVISOR)
        self.rng = Random(seed)
        self.jitter = ScaledJitter(seed)
        self.barcodes = piece_barcodes()
        self.pushes = 0
        self.errors: list[str] = []

    def sell(self) -> None:
        """One sale of one or two piece lines, paid cash, completed."""
        for _ in range(self.rng.randint(1, 2)):
            self.register.scan(self.rng.choice(self.barcodes))
        self.register.tender("CASH")
        self.register.complete()

    def push(self, upstream: HttpUpstream, limit: int) -> SyncResult:
        """One push (nothing is sent while the queue backs off)."""
        result = self.register.push_outbox(upstream, self.jitter, limit=limit)
        self.pushes += 1
        if result.error is not None:
            self.errors.append(result.error)
        return result

    def drain(self, upstream: HttpUpstream, limit: int) -> None:
        """Push until the queue is empty, waiting out each back-off."""
        deadline = time.monotonic() + DRAIN_PATIENCE_S
        while (result := self.push(upstream, limit)).pending:
            assert time.monotonic() < deadline, f"queue not drained: {result}"
            if result.next_attempt_at is not None:
                wait = (result.next_attempt_at - self.register.clock.now()).total_seconds()
                time.sleep(max(wait, 0.0))

    def close(self) -> None:
        self.uow.engine.dispose()


def run(args: argparse.Namespace) -> dict[str, object]:
    till = Till(Path(args.db), args.company, args.terminal, args.seed)
    upstream = HttpUpstream(args.url, args.key, read_timeout=args.read_timeout)
    for n in range(1, args.sales + 1):
        till.sell()
        if n % args.push_every == 0:
            till.push(upstream, args.batch)
    till.drain(upstream, args.batch)
    till.close()
    return {"sales": args.sales, "pushes": till.pushes, "errors": sorted(set(till.errors))}


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--company", required=True)
    parser.add_argument("--terminal", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--sales", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--push-every", type=int, default=5)
    parser.add_argument("--batch", type=int, default=25)
    parser.add_argument("--read-timeout", type=float, default=2.0)
    return parser.parse_args(argv)


if __name__ == "__main__":
    print(json.dumps(run(parse())), flush=True)
