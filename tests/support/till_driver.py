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
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from random import Random
from typing import Any

from attrs import field, frozen

from adapters.http import HttpUpstream
from adapters.memory import MemoryPrinter
from adapters.sqlalchemy.database import open_database, sqlite_url
from adapters.sqlalchemy.uow import SqlUnitOfWork
from adapters.system import SystemClock, UuidIds
from apps.pos_desktop.upstream_link import enrol
from saleflex_core import demo
from saleflex_core.domain.catalog import SoldBy
from saleflex_core.register import Devices, Register
from saleflex_core.use_cases.results import Finished
from saleflex_core.use_cases.sync import SyncResult

REPO_ROOT = Path(__file__).resolve().parents[2]
SUPERVISOR = ("2", "9999")  # the demo's supervisor, as GATE's master data has it
JITTER_SCALE = 0.02  # a back-off draw in [0, 0.02): waits of 0.04 s, 0.08 s ... not 2 s, 4 s
DRAIN_PATIENCE_S = 120.0


@frozen
class EnrolledTill:
    """A terminal enrolled at GATE: its SQLite file, ids and API key."""

    db: Path
    company_id: str
    terminal_id: str
    api_key: str = field(repr=False)


def enrol_till(folder: Path, gate_url: str, code: str) -> EnrolledTill:
    """A new register in ``folder`` enrolled with ``code`` as a supervisor enrols one
    (``upstream_link.enrol``: enrolment, identity, link file, first master-data pull)."""
    db = folder / "terminal.db"
    enrolment = enrol(folder, sqlite_url(db), gate_url, code)
    return EnrolledTill(db, enrolment.company_id, enrolment.terminal.id, enrolment.api_key)


def start_till(
    till: EnrolledTill, url: str, *, sales: int, seed: int, **options: float
) -> subprocess.Popen[str]:
    """The till driver as a process of its own (``options``: push_every, batch,
    read_timeout), selling ``sales`` sales and pushing to ``url``."""
    command = [
        sys.executable, "-m", "tests.support.till_driver", "--db", str(till.db),
        "--company", till.company_id, "--terminal", till.terminal_id, "--url", url,
        "--key", till.api_key, "--sales", str(sales), "--seed", str(seed),
    ]  # fmt: skip
    for name, value in options.items():
        command += [f"--{name.replace('_', '-')}", str(value)]
    return subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)


def finish(child: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
    """The report of a till process that ran to its end (exit status 0)."""
    out, _ = child.communicate(timeout=timeout)
    assert child.returncode == 0, f"the till exited {child.returncode}: {out}"
    report: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return report


def piece_barcodes() -> list[str]:
    """Barcodes of the demo catalogue's products sold by the piece (GATE sells them)."""
    products = demo.demo_data(pin_iterations=1).products
    return [p.barcodes[0] for p in products if p.sold_by is SoldBy.PIECE and p.barcodes]


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

    def sell(self) -> Finished:
        """One sale of one or two piece lines, paid cash, completed."""
        for _ in range(self.rng.randint(1, 2)):
            self.register.scan(self.rng.choice(self.barcodes))
        self.register.tender("CASH")
        return self.register.complete()

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
    started = time.perf_counter()
    for n in range(1, args.sales + 1):
        till.sell()
        if n % args.push_every == 0:
            till.push(upstream, args.batch)
    sold = time.perf_counter()
    till.drain(upstream, args.batch)
    till.close()
    return {
        "sales": args.sales,
        "pushes": till.pushes,
        "errors": sorted(set(till.errors)),
        "selling_s": round(sold - started, 2),
        "draining_s": round(time.perf_counter() - sold, 2),
        "cpu_s": round(time.process_time(), 2),
    }


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
