"""A register catching up with GATE (issue #11): its first pull, then 10,000 queued sales.

A throwaway PostgreSQL cluster (``tests/support/postgres.py``) holds GATE's database and
the floor's. GATE's real app (``apps.gate_web.wsgi``, its real authenticator) runs under
gunicorn (``--workers``) on 127.0.0.1, its company seeded with the demo's VAT rates,
departments, payment types and cashiers and ``--products`` products, in one checked,
fed and audited change. Both databases first get the same history of other terminals'
sales and ``ANALYZE`` (as ``gate_ingest.py``: a running hub has statistics).

1. **First pull.** A terminal is created at GATE; ``upstream_link.enrol`` enrols a new
   register on a SQLite file with its code: the enrolment, then every master-data page
   (5,000 changes a page) pulled over HTTP, checked, written with its cursor and swapped
   in. Timed whole (``first_pull_s``; ``first_pull_50k_s`` at 50,000 products). The
   full run also enrols a second register that pulls in pages of 500, for comparison.
2. **Queue.** The register sells ``TEMPLATE_SALES`` real ten-line sales (random products,
   cash); the queue is then filled to ``--sales`` sale.completed events with copies of
   them under new document ids and receipt numbers, written by the outbox
   (``uow.outbox.add``, numbered 1, 2, 3 ...), so GATE receives what a register writes.
3. **Drain.** ``Register.push_outbox`` with ``HttpUpstream`` (batches of ``--batch``: 500,
   GATE's largest, as ``saleflex sync run`` sends) in a loop until nothing waits:
   ``drain_s`` and ``sales_per_s``; GATE then holds each sale once (counted in its
   database).
4. **Floor.** psycopg writes the same batches' rows into the floor database as fast as
   plain psycopg can (``floor_gate_ingest.py``: COPY and unnest upserts, one transaction
   a batch, one connection, as one register pushes): ``floor_ratio`` = drain time /
   floor time, how many times slower than GATE's bare writes the catch-up is.

``*_terminal_cpu_s`` is the CPU time of the bench's own process (the register's side:
SQLite, objects, JSON, gzip) in the timed steps; the rest of the wall time is GATE's,
PostgreSQL's and the wait for a core on a loaded machine.

    python bench/sync_catch_up.py            # 50,000 products, 10,000 sales
    python bench/sync_catch_up.py --quick    # 2,000 products, 1,000 sales

Targets: drain < 10 s, first pull of 50,000 products < 10 s. The last line printed is
one JSON object (``drain_s``, ``sales_per_s``, ``floor_ratio``, ``first_pull_50k_s`` ...);
``first_pull_50k_s`` is null unless 50,000 products were pulled (``--quick`` pulls 2,000,
``first_pull_s``: seeding 50,000 at GATE alone takes minutes, its audit log being written
one record at a time).
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from floor_gate_ingest import floor_run, seed_history  # noqa: E402  (bench/ on sys.path)
from gate_ingest import make_batches  # noqa: E402
from register_hot_path import catalogue  # noqa: E402

from adapters.http import HttpEnroller, HttpUpstream  # noqa: E402
from adapters.sqlalchemy.database import open_database  # noqa: E402
from adapters.sqlalchemy.hub.database import open_hub_database  # noqa: E402
from adapters.sqlalchemy.hub.uow import SqlHubUnitOfWork  # noqa: E402
from adapters.sqlalchemy.uow import SqlUnitOfWork  # noqa: E402
from adapters.system import SystemClock, SystemSecrets, UuidIds  # noqa: E402
from apps.pos_desktop.bootstrap.upstream import pull_everything  # noqa: E402
from apps.pos_desktop.upstream_link import enrol, load_link  # noqa: E402
from saleflex_core import Register, demo  # noqa: E402
from saleflex_core.contract.envelope import envelope  # noqa: E402
from saleflex_core.domain import access  # noqa: E402
from saleflex_core.domain.events import SALE_COMPLETED, EventSource, OutboxItem  # noqa: E402
from saleflex_core.domain.master_data import Upserts  # noqa: E402
from saleflex_core.use_cases.enrolling import enrol_terminal  # noqa: E402
from saleflex_core.use_cases.gate_feed import Editor, change_master_data  # noqa: E402
from saleflex_core.use_cases.gate_terminals import create_terminal  # noqa: E402
from tests.gate.live_server import running_gate  # noqa: E402
from tests.gate.support import seed_company  # noqa: E402
from tests.support.postgres import PostgresServer, libpq_url  # noqa: E402

COMPANY, STORE = "ACME", "S1"
TEMPLATE_SALES = 20
LINES = 10
HISTORY_TERMINALS, HISTORY_BATCHES = 4, 4  # other terminals' 800 sales, before the clock
# The terminal process's own CPU seconds in the timed steps: its share, whatever the load.
CPU: dict[str, float] = {}


def seed_gate(url: str, products: int) -> float:
    """Company ACME with the demo's basics and ``products`` products; seconds it took."""
    seed_company(url, COMPANY)
    data = demo.demo_data(pin_iterations=1000)
    upserts = Upserts(
        vat_rates=data.vat_rates,
        departments=data.departments,
        payment_types=data.payment_types,
        products=catalogue(products),
        cashiers=data.cashiers,
    )
    boss = access.person(COMPANY, "bench", frozenset({access.GateRole.COMPANY_ADMIN}))
    engine = open_hub_database(url)
    try:
        started = time.perf_counter()
        change_master_data(
            SqlHubUnitOfWork(engine, company_id=COMPANY),
            editor=Editor(boss, SystemClock(), UuidIds()),
            upserts=upserts,
        )
        return time.perf_counter() - started
    finally:
        engine.dispose()


def new_code(url: str, code: str) -> str:
    """A new terminal in store S1 and its one-time enrolment code."""
    boss = access.person(COMPANY, "bench", frozenset({access.GateRole.COMPANY_ADMIN}))
    engine = open_hub_database(url)
    try:
        _, issued = create_terminal(
            SqlHubUnitOfWork(engine, company_id=COMPANY),
            clock=SystemClock(),
            ids=UuidIds(),
            secrets=SystemSecrets(),
            caller=boss,
            store_id=STORE,
            code=code,
            name=f"Till {code}",
        )
    finally:
        engine.dispose()
    return issued.secret


def first_pull(gate: str, hub_url: str, folder: Path) -> tuple[float, str, str, int]:
    """Enrol a register on ``folder`` (its first pull in pages of 5,000): seconds, its
    database URL, its terminal id and the products it holds."""
    code = new_code(hub_url, "B1")
    database = f"sqlite:///{folder / 'terminal.db'}"
    started, cpu = time.perf_counter(), time.process_time()
    done = enrol(folder, database, gate, code)
    taken = time.perf_counter() - started
    CPU["first_pull_terminal_cpu_s"] = time.process_time() - cpu
    engine = open_database(database)
    try:
        with SqlUnitOfWork(engine, company_id=COMPANY) as uow:
            held = len(uow.catalog.products())
    finally:
        engine.dispose()
    return taken, database, done.terminal.id, held


def pull_in_small_pages(gate: str, hub_url: str, folder: Path) -> float:
    """A second register enrolled the core's way, then pulling in pages of 500: seconds."""
    database = f"sqlite:///{folder / 'terminal.db'}"
    engine = open_database(database, create=True)
    try:
        uow = SqlUnitOfWork(engine, company_id=COMPANY)
        done = enrol_terminal(
            uow, enroller=HttpEnroller(gate), code=new_code(hub_url, "B2"), clock=SystemClock()
        )
        started = time.perf_counter()
        upstream = HttpUpstream(gate, done.api_key)
        pull_everything(uow, done.terminal.id, upstream, None, limit=500)
        return time.perf_counter() - started
    finally:
        engine.dispose()


def queue_sales(database: str, terminal_id: str, sales: int) -> list[OutboxItem]:
    """``sales`` sale.completed events in the register's outbox: ``TEMPLATE_SALES`` real
    ones, then copies under new ids and receipt numbers. Returns them in sequence order."""
    engine = open_database(database)
    try:
        uow = SqlUnitOfWork(engine, company_id=COMPANY)
        register = Register(uow, terminal_id=terminal_id, clock=SystemClock(), ids=UuidIds())
        register.sign_in("1", "1234")
        rng = random.Random(5)
        codes = [p.barcodes[0] for p in register.ref.products.values() if p.barcodes]
        for _ in range(TEMPLATE_SALES):
            for code in rng.sample(codes, LINES):
                register.scan(code)
            register.tender("CASH")
            register.complete()
        with uow:
            made = uow.outbox.pending(terminal_id, TEMPLATE_SALES)
        _copy_sales(uow, made, sales - TEMPLATE_SALES)
        with uow:
            return uow.outbox.pending(terminal_id, sales + 1)
    finally:
        engine.dispose()


def _copy_sales(uow: SqlUnitOfWork, made: list[OutboxItem], count: int) -> None:
    receipt = TEMPLATE_SALES
    for start in range(0, count, 1000):
        with uow:
            for n in range(start, min(start + 1000, count)):
                template = made[n % len(made)]
                receipt += 1
                payload = copy.deepcopy(template.payload)
                payload["document_id"] = str(uuid.uuid4())
                numbers = payload["receipt"]
                numbers["receipt_number"] = receipt
                numbers["unique_id"] = f"{numbers['unique_id'].rsplit('-', 1)[0]}-{receipt:06d}"
                source = EventSource(template.company_id, template.store_id, template.terminal_id)
                uow.outbox.add(
                    OutboxItem.new(
                        SALE_COMPLETED,
                        payload["document_id"],
                        payload,
                        source=source,
                        occurred_at=template.occurred_at,
                        business_date=template.business_date,
                    )
                )
            uow.commit()


def drain(database: str, terminal_id: str, gate: str, api_key: str, batch: int) -> float:
    engine = open_database(database)
    try:
        uow = SqlUnitOfWork(engine, company_id=COMPANY)
        register = Register(uow, terminal_id=terminal_id, clock=SystemClock(), ids=UuidIds())
        upstream = HttpUpstream(gate, api_key)
        jitter = random.Random(1)
        started, cpu = time.perf_counter(), time.process_time()
        while True:
            result = register.push_outbox(upstream, jitter, limit=batch)
            if result.error is not None or result.parked:
                raise SystemExit(f"the drain stopped: {result}")
            if result.pending == 0:
                CPU["drain_terminal_cpu_s"] = time.process_time() - cpu
                return time.perf_counter() - started
    finally:
        engine.dispose()


def held_at_gate(url: str, terminal_id: str) -> int:
    with psycopg.connect(libpq_url(url)) as conn:
        row = conn.execute(
            "SELECT count(*), count(DISTINCT id) FROM hub_sale WHERE terminal_id = %s",
            (terminal_id,),
        ).fetchone()
    assert row is not None and row[0] == row[1], row
    return int(row[0])


def bench(args: argparse.Namespace, server: PostgresServer, work: Path) -> dict[str, Any]:
    gate_db, floor_db = server.create_database(), server.create_database()
    for url in (gate_db, floor_db):
        open_hub_database(url).dispose()
    figures: dict[str, Any] = {"products": args.products, "sales": args.sales}
    # Before the history's ANALYZE: statistics of an empty audit log make the planner scan
    # it for each of the seeding's 50,000 audit records (measured: minutes become an hour).
    figures["seed_catalogue_s"] = seed_gate(gate_db, args.products)
    for url in (gate_db, floor_db):
        rng = random.Random(3)
        history = {t: make_batches(t, HISTORY_BATCHES, rng) for t in range(HISTORY_TERMINALS)}
        seed_history(libpq_url(url), history)
    with running_gate(gate_db, work / "gunicorn.log", workers=args.workers) as live:
        gate = live.url
        (work / "a").mkdir()
        taken, database, terminal_id, held = first_pull(gate, gate_db, work / "a")
        if held < args.products:
            raise SystemExit(f"the register holds {held} products, not {args.products}")
        figures["first_pull_s"] = taken
        figures["first_pull_50k_s"] = taken if args.products == 50_000 else None
        if not args.quick:
            (work / "b").mkdir()
            figures["first_pull_pages_of_500_s"] = pull_in_small_pages(gate, gate_db, work / "b")
        items = queue_sales(database, terminal_id, args.sales)
        link = load_link(work / "a")
        assert link is not None
        figures["drain_s"] = drain(database, terminal_id, gate, link.api_key, args.batch)
    figures["sales_per_s"] = args.sales / figures["drain_s"]
    figures["held_at_gate"] = held_at_gate(gate_db, terminal_id)
    events = [envelope(item) for item in items]
    plan = {0: [events[i : i + args.batch] for i in range(0, len(events), args.batch)]}
    figures["floor_s"], _, _ = floor_run(libpq_url(floor_db), plan, 1)
    figures["floor_sales_per_s"] = args.sales / figures["floor_s"]
    figures["floor_ratio"] = figures["drain_s"] / figures["floor_s"]
    figures["batch"] = args.batch
    return figures | CPU


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 products, 1,000 sales")
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--sales", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500, help="events a push (as sync run)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--dir", default=None, help="where the files go (default: tmp)")
    args = parser.parse_args(argv)
    if args.quick:
        args.products, args.sales = 2_000, 1_000
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    work = Path(tempfile.mkdtemp(prefix="saleflex-sync-bench-", dir=args.dir))
    server = PostgresServer()  # fsync off, as every throwaway cluster of the tests
    server.start()
    try:
        f = bench(args, server, work)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    f = {k: round(v, 3) if isinstance(v, float) else v for k, v in f.items()}
    width = max(map(len, f))
    for name, value in f.items():
        print(f"{name:<{width}}  {value}")
    print(json.dumps(f))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
