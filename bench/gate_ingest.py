"""GATE's event ingest (issue #10): terminals pushing sales over HTTP to gunicorn on PostgreSQL.

A throwaway PostgreSQL cluster (``tests/support/postgres.py``) holds a fresh hub database.
gunicorn serves GATE (``gate_ingest_wsgi.py``: the real app, a ``StaticAuthenticator``
knowing the bench's terminals) with ``--workers`` sync workers on 127.0.0.1. ``--terminals``
threads, one per simulated terminal (two terminals a store, products drawn from 5,000),
each push ``--batches`` batches of 50 ten-line sales (``POST /api/v1/terminal/events``,
bodies built before the clock starts), one request at a time, and check that every event
is accepted. Measured: sales stored per second (wall clock, first request to last answer)
and the requests' p50/p99 latency.

Both databases first get the same history (other terminals' sales, ``HISTORY_BATCHES``
each, written by the floor's writer) and ``ANALYZE``: the timed runs meet tables with
statistics, as any hub that has run a minute has them (autovacuum). On never-analysed
tables PostgreSQL checks each line's foreign key by scanning ``hub_sale``, a cost that
grows with the table and swamped both figures.

The floor, in the same run, on the second database: psycopg writes the same rows
(received events, sales, lines, payments, VAT, stock movements, stock levels and daily
totals upserted) as fast as plain psycopg can: one ``COPY`` a table, one unnest
``INSERT ... ON CONFLICT DO UPDATE`` for each upserted table, one transaction per batch
of 50, from as many connections as gunicorn has workers, rows built before the clock
(``floor_gate_ingest.py``). ``floor_ratio`` = floor sales/s over GATE's sales/s (how many
times slower than the bare writes GATE is).

    python bench/gate_ingest.py             # 4 workers, 8 terminals x 25 batches (10,000 sales)
    python bench/gate_ingest.py --quick     # 2 workers, 4 terminals x 5 batches (1,000 sales)

The last line printed is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402
from cpu_clock import postmaster_of, tree_cpu_s  # noqa: E402
from floor_gate_ingest import floor_run, seed_history  # noqa: E402  (bench/ on sys.path)
from gate_bench_terminals import COMPANY, api_key, store_id, terminal_id  # noqa: E402
from gate_pull import bench as pull_bench  # noqa: E402
from gate_pull import parse as pull_parse  # noqa: E402

from adapters.sqlalchemy.hub.database import open_hub_database  # noqa: E402
from tests.gate.ingest_support import sale  # noqa: E402
from tests.support.postgres import PostgresServer, libpq_url  # noqa: E402

BATCH = 50
LINES = 10
PRODUCTS = 5000
HISTORY_BATCHES = 4  # a terminal's history: 200 sales, written before the clock


def make_batches(terminal: int, batches: int, rng: random.Random) -> list[list[dict[str, Any]]]:
    result = []
    for b in range(batches):
        events = []
        for n in range(b * BATCH + 1, (b + 1) * BATCH + 1):
            event = sale(n, lines=LINES, terminal=terminal_id(terminal))
            event["company_id"], event["store_id"] = COMPANY, store_id(terminal)
            for line in event["payload"]["lines"]:
                line["product_id"] = f"P{rng.randrange(PRODUCTS):05d}"
            events.append(event)
        result.append(events)
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_gunicorn(url: str, workers: int, terminals: int, port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "SALEFLEX_GATE_DATABASE_URL": url,
        "GATE_BENCH_TERMINALS": str(terminals),
        "PYTHONPATH": f"{ROOT / 'bench'}{os.pathsep}{ROOT}",
    }
    argv = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    argv += ["--log-level", "warning", "--no-control-socket"]
    server = subprocess.Popen([*argv, "gate_ingest_wsgi:app"], env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def push_all(port: int, bodies: dict[int, list[bytes]]) -> tuple[float, list[float]]:
    latencies: list[float] = []
    errors: list[str] = []
    start = threading.Barrier(len(bodies) + 1)

    def terminal(n: int) -> None:
        start.wait()
        for body in bodies[n]:
            began = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            headers = {"Content-Type": "application/json", "X-API-Key": api_key(n)}
            conn.request("POST", "/api/v1/terminal/events", body, headers)
            answer = conn.getresponse()
            data = answer.read()
            latencies.append(time.perf_counter() - began)
            outcomes = (
                {r["outcome"] for r in orjson.loads(data)["results"]}
                if answer.status == 200
                else set()
            )
            if outcomes != {"accepted"}:
                errors.append(f"{answer.status}: {data[:300]!r}")
            conn.close()

    threads = [threading.Thread(target=terminal, args=(n,)) for n in bodies]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise RuntimeError(f"{len(errors)} batches not accepted: {errors[0]}")
    return elapsed, latencies


def cpu_now(app: int | None, postmaster: int) -> tuple[float, float, float]:
    return (tree_cpu_s(app) if app else 0.0, tree_cpu_s(postmaster), time.process_time())


def cpu_used(
    before: tuple[float, float, float], after: tuple[float, float, float], sales: int
) -> dict[str, float]:
    """µs of CPU a sale between two readings: the app's processes (none for the floor),
    PostgreSQL's, this process's."""
    spent = [b - a for a, b in zip(before, after, strict=True)]
    used = dict(zip(("gate", "postgres", "client"), spent, strict=True))
    if not used["gate"]:
        del used["gate"]
    used["total"] = sum(used.values())
    return {name: round(value / sales * 1e6, 1) for name, value in used.items()}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--terminals", type=int)
    parser.add_argument("--batches", type=int)
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the pull: no line per request
    workers = args.workers or (2 if args.quick else 4)
    terminals = args.terminals or (4 if args.quick else 8)
    batches = args.batches or (5 if args.quick else 25)
    rng = random.Random(10)
    plan = {n: make_batches(n, batches, rng) for n in range(terminals)}
    bodies = {n: [orjson.dumps({"events": b}) for b in plan[n]] for n in plan}
    sales = terminals * batches * BATCH
    # The same history in both databases: other terminals' sales, then ANALYZE.
    history = {n: make_batches(n, HISTORY_BATCHES, rng) for n in range(1000, 1000 + terminals)}
    with PostgresServer() as server:
        gate_url = server.create_database()
        open_hub_database(gate_url).dispose()  # the schema, before the workers race to it
        seed_history(libpq_url(gate_url), history)
        port = free_port()
        postmaster = postmaster_of(libpq_url(gate_url))
        gunicorn = start_gunicorn(gate_url, workers, terminals, port)
        try:
            before = cpu_now(gunicorn.pid, postmaster)
            elapsed, latencies = push_all(port, bodies)
            gate_cpu = cpu_used(before, cpu_now(gunicorn.pid, postmaster), sales)
        finally:
            gunicorn.terminate()
            gunicorn.wait(30)
        floor_url = server.create_database()
        open_hub_database(floor_url).dispose()
        seed_history(libpq_url(floor_url), history)
        meter = lambda: cpu_now(None, postmaster)  # noqa: E731
        floor_s, before, after = floor_run(libpq_url(floor_url), plan, workers, meter)
        floor_cpu = cpu_used(before, after, sales)
        # A terminal's first pull of the catalogue (bench/gate_pull.py, its own database).
        pulled = pull_bench(pull_parse(["--quick"] if args.quick else []), server.create_database())
    figures = {
        "workers": workers,
        "terminals": terminals,
        "sales": sales,
        "lines_per_sale": LINES,
        "sales_per_s": round(sales / elapsed),
        "p50_ms": round(pct(latencies, 0.50) * 1000, 1),
        "p99_ms": round(pct(latencies, 0.99) * 1000, 1),
        "floor_sales_per_s": round(sales / floor_s),
        "floor_ratio": round((sales / floor_s) / (sales / elapsed), 2),
        # CPU a sale cost (µs): GATE's gunicorn, PostgreSQL, this process (the terminals'
        # threads; for the floor its writers). 2 cores / their sum bounds sales/s.
        "cpu_us_per_sale": gate_cpu,
        "floor_cpu_us_per_sale": floor_cpu,
        # --quick pulls 5,000 products, not 50,000: that figure is pull_s, and pull_50k_s
        # is only ever a measured 50,000-product pull (null in a quick run).
        "pull_products": pulled["products"],
        "pull_s": round(pulled.get("pull_50k_s", pulled.get("pull_s", 0.0)), 3),
        "pull_50k_s": round(pulled["pull_50k_s"], 3) if "pull_50k_s" in pulled else None,
    }
    print(f"{'figure':<22}{'value':>12}")
    for name, value in figures.items():
        print(f"{name:<22}{value!s:>12}")
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
