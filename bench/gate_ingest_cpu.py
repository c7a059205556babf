"""Where a pushed sale's CPU goes: GATE's process and PostgreSQL's, per sale, and the
floor's statements one by one. Figures in CPU time, not wall time, so they hold on a
machine other work shares (``gate_ingest.py``'s sales/s move with the load; these don't,
much).

One process, one connection, one batch of 50 ten-line sales at a time, the same batches
``gate_ingest.py`` pushes, on the same history (``seed_history``, then ``ANALYZE``):

- **GATE**: the real app (``create_app`` on PostgreSQL, a ``StaticAuthenticator``) through
  Flask's test client, so WSGI, Flask, the contract check, the use case and the SQL
  adapter run as in a gunicorn worker (gunicorn's own HTTP parsing is not in it). Timed:
  this process's CPU (``time.process_time``) and the CPU of every server process of the
  cluster (``cpu_clock.py``: the backends, the WAL writer, autovacuum).
- **floor**: ``floor_gate_ingest.write`` of the same batches' rows on a second database,
  the same two clocks, and the server CPU each statement took (summed over the batches).

``--profile`` adds cProfile's top functions of GATE's process (cumulative).

    python bench/gate_ingest_cpu.py                 # 8 terminals x 10 batches (4,000 sales)
    python bench/gate_ingest_cpu.py --batches 3 --profile

The last line printed is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402
import psycopg  # noqa: E402
from cpu_clock import postmaster_of, tree_cpu_s  # noqa: E402
from floor_gate_ingest import batch_rows, seed_history  # noqa: E402
from gate_bench_terminals import api_key, authenticator  # noqa: E402
from gate_ingest import BATCH, HISTORY_BATCHES, make_batches  # noqa: E402

from apps.gate_web.bootstrap import create_app  # noqa: E402
from apps.gate_web.settings import GateSettings  # noqa: E402
from tests.support.postgres import PostgresServer, libpq_url  # noqa: E402


def timed(postmaster: int, run: Callable[[], None]) -> dict[str, float]:
    cpu, server, wall = time.process_time(), tree_cpu_s(postmaster), time.perf_counter()
    run()
    return {
        "client_cpu_s": time.process_time() - cpu,
        "server_cpu_s": tree_cpu_s(postmaster) - server,
        "wall_s": time.perf_counter() - wall,
    }


def gate_run(url: str, bodies: list[tuple[int, bytes]], terminals: int, profile: bool) -> Any:
    app = create_app(GateSettings(url), authenticator=authenticator(terminals))
    client = app.test_client()

    def push(items: list[tuple[int, bytes]]) -> None:
        for n, body in items:
            headers = {"Content-Type": "application/json", "X-API-Key": api_key(n)}
            answer = client.post("/api/v1/terminal/events", data=body, headers=headers)
            outcomes = {r["outcome"] for r in orjson.loads(answer.data)["results"]}
            if answer.status_code != 200 or outcomes != {"accepted"}:
                raise RuntimeError(f"{answer.status_code}: {answer.data[:300]!r}")

    push(bodies[:terminals])  # warm: each terminal's first batch, untimed
    rest = bodies[terminals:]
    postmaster = postmaster_of(libpq_url(url))
    if not profile:
        return timed(postmaster, lambda: push(rest)), len(rest)
    profiler = cProfile.Profile(builtins=False)
    figures = timed(postmaster, lambda: profiler.runcall(push, rest))
    pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
    return figures, len(rest)


def floor_run(url: str, work: list[Any]) -> tuple[dict[str, float], dict[str, float]]:
    postmaster = postmaster_of(url)
    per_statement: dict[str, float] = {}
    with psycopg.connect(url) as conn:
        backend = f"/proc/{conn.info.backend_pid}/schedstat"

        def backend_s() -> float:
            return int(Path(backend).read_text().split()[0]) / 1e9

        def run() -> None:
            for rows in work:  # as floor_gate_ingest.write, one statement at a time
                with conn.transaction(), conn.cursor() as cursor:
                    for sql, values in rows:
                        began = backend_s()
                        if sql.startswith("COPY"):
                            with cursor.copy(sql) as copy:
                                copy.write(values)
                        else:
                            cursor.execute(sql, values)
                        name = sql.split()[2] if sql.startswith("INSERT") else sql.split()[1]
                        per_statement[name] = per_statement.get(name, 0.0) + backend_s() - began

        figures = timed(postmaster, run)
    return figures, per_statement


def per_sale_us(figures: dict[str, float], sales: int) -> dict[str, float]:
    return {k.replace("_s", "_us_per_sale"): round(v / sales * 1e6, 1) for k, v in figures.items()}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--terminals", type=int, default=8)
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(10)
    plan = {n: make_batches(n, args.batches, rng) for n in range(args.terminals)}
    history = {n: make_batches(n, HISTORY_BATCHES, rng) for n in range(1000, 1000 + args.terminals)}
    # Round robin over terminals, as the bench's threads interleave.
    order = [(n, plan[n][b]) for b in range(args.batches) for n in plan]
    bodies = [(n, orjson.dumps({"events": events})) for n, events in order]
    with PostgresServer() as server:
        gate_url = server.create_database()
        create_app(GateSettings(gate_url))  # the schema
        seed_history(libpq_url(gate_url), history)
        gate, pushed = gate_run(gate_url, bodies, args.terminals, args.profile)
        floor_url = server.create_database()
        create_app(GateSettings(floor_url))
        seed_history(libpq_url(floor_url), history)
        work = [batch_rows(events) for _, events in order]
        floor, statements = floor_run(libpq_url(floor_url), work[args.terminals :])
    sales = pushed * BATCH
    figures = {
        "sales": sales,
        "gate": per_sale_us(gate, sales),
        "floor": per_sale_us(floor, sales),
        "floor_statements_server_us_per_sale": {
            k: round(v / sales * 1e6, 1) for k, v in statements.items()
        },
    }
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
