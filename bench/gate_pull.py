"""A terminal pulls a 50,000-product catalogue from GATE on PostgreSQL (issue #10).

GATE (``apps.gate_web.bootstrap.create_app``) runs on a PostgreSQL database (the one of
``SALEFLEX_TEST_DATABASE_URL``, else a throwaway cluster as the tests start one), served
by werkzeug on 127.0.0.1 in a thread. A company gets ``--products`` products in one
change (so the feed holds them), a tenth of them with its store's own price. The pull is
timed as a terminal does it: ``GET /api/v1/terminal/master-data?since=&limit=`` over HTTP
until ``has_more`` is false, each page decoded and read into a ``MasterDataPage``
(``page_from_wire``: the terminal's own work, also shown apart), the hub answering with
the store's prices applied.

The floor reads the same rows with psycopg, keyset-paged the same way: the feed entries
and the store's prices, nothing more (no objects, no JSON, no HTTP).

    python bench/gate_pull.py            # 50,000 products, pages of 5,000 (and of 500)
    python bench/gate_pull.py --quick    # 5,000 products

The last line printed is one JSON object of the figures (``pull_50k_s`` among them).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.support

from adapters.memory.access import StaticAuthenticator
from apps.gate_web.bootstrap import create_app
from apps.gate_web.settings import GateSettings
from saleflex_core.contract.master_data import page_from_wire
from saleflex_core.domain import access
from saleflex_core.domain.catalog import Department, PaymentType, Product, StorePrice, VatRate
from saleflex_core.domain.master_data import Upserts
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Company, Store
from saleflex_core.ports.hub import HubUnitOfWork
from saleflex_core.use_cases.gate_feed import Editor, change_master_data
from tests.support.postgres import PostgresServer, libpq_url

COMPANY, STORE = "ACME", "S1"
ADMIN = access.person(COMPANY, "bench", frozenset({access.GateRole.COMPANY_ADMIN}))
KEY = "bench-terminal-key"


def seed(uow: HubUnitOfWork, gate: Any, products: int) -> float:
    with uow:
        uow.organisation.save_company(Company(COMPANY, "Acme"))
        uow.organisation.save_store(Store(STORE, COMPANY, "Main", Currency.of("EUR")))
        uow.commit()
    catalogue = tuple(
        Product(f"P{n}", str(100000 + n), f"Item {n}", "10", "A", Money(100 + n % 900, "EUR"))
        for n in range(products)
    )
    editor = Editor(ADMIN, gate.clock, gate.ids)
    start = time.perf_counter()
    basics = Upserts(
        vat_rates=(VatRate("A", "20"),),
        departments=(Department("10", "Grocery", "A"),),
        payment_types=(PaymentType.cash(),),
        products=catalogue,
    )
    change_master_data(uow, editor=editor, upserts=basics)
    seeded = time.perf_counter() - start
    with uow:  # a tenth at the store's own price (rows only: the feed already holds them)
        for product in catalogue[::10]:
            uow.catalog.save_store_price(StorePrice(STORE, product.id, Money(99, "EUR")))
        uow.commit()
    return seeded


@contextmanager
def serving(app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def pull(base: str, limit: int) -> tuple[float, float, int, int]:
    """Seconds for a whole pull, of which reading pages into objects, pages, products."""
    since, pages, products, reading = "", 0, 0, 0.0
    start = time.perf_counter()
    while True:
        url = f"{base}/api/v1/terminal/master-data?limit={limit}&since={since}"
        request = urllib.request.Request(url, headers={"X-API-Key": KEY})
        with urllib.request.urlopen(request) as answer:
            body = json.loads(answer.read())
        began = time.perf_counter()
        page = page_from_wire(body)
        reading += time.perf_counter() - began
        pages += 1
        products += len(page.upserts.products)
        since = page.next_cursor
        if not page.has_more:
            return time.perf_counter() - start, reading, pages, products


def floor(url: str, limit: int) -> float:
    start = time.perf_counter()
    with psycopg.connect(libpq_url(url)) as conn:
        after = 0
        while True:
            rows = conn.execute(
                "SELECT position, kind, key, state FROM master_data_change "
                "WHERE company_id = %s AND position > %s ORDER BY position LIMIT %s",
                (COMPANY, after, limit + 1),
            ).fetchall()
            ids = [r[2] for r in rows[:limit] if r[1] == "products"]
            conn.execute(
                "SELECT product_id, unit_price_minor, currency FROM store_price "
                "WHERE company_id = %s AND store_id = %s AND product_id = ANY(%s)",
                (COMPANY, STORE, ids),
            ).fetchall()
            conn.commit()
            if len(rows) <= limit:
                return time.perf_counter() - start
            after = rows[limit - 1][0]


def bench(args: argparse.Namespace, url: str) -> dict[str, Any]:
    terminal = access.terminal(COMPANY, STORE, "T-1")
    app = create_app(GateSettings(url), authenticator=StaticAuthenticator(api_keys={KEY: terminal}))
    gate = app.extensions["saleflex_gate"]
    seeded = seed(gate.unit_of_work(COMPANY), gate, args.products)
    figures: dict[str, Any] = {"products": args.products, "seed_one_change_s": seeded}
    with serving(app) as base:
        pull(base, args.page)  # warm: imports, connection pool, caches
        taken, reading, pages, received = pull(base, args.page)
        small = pull(base, args.small_page)[0]
    if received != args.products:
        raise SystemExit(f"the pull brought {received} products, not {args.products}")
    bottom = min(floor(url, args.page) for _ in range(3))
    figures |= {
        "page_size": args.page,
        "pages": pages,
        "pull_50k_s" if args.products == 50_000 else "pull_s": taken,
        "of_which_terminal_reads_pages_s": reading,
        f"pull_pages_of_{args.small_page}_s": small,
        "floor_s": bottom,
        "floor_ratio": taken / bottom,
    }
    return figures


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="seconds: 5,000 products")
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--page", type=int, default=5000, help="limit= of the timed pull")
    parser.add_argument("--small-page", type=int, default=500, help="the terminal's default")
    args = parser.parse_args(argv)
    if args.quick:
        args.products = 5_000
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    with PostgresServer() as server, server.database() as url:
        f = bench(args, url)
    f = {k: round(v, 3) if isinstance(v, float) else v for k, v in f.items()}
    width = max(map(len, f))
    for name, value in f.items():
        print(f"{name:<{width}}  {value}")
    print(json.dumps(f))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
