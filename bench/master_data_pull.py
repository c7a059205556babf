"""Master data coming down (issue #9 §4): pages pulled into a till on SQLite.

A terminal database on a SQLite file (as ``adapters.sqlalchemy.database`` opens it) holds
the demo store plus ``--products`` piece products, and a ``Register`` opens it. A
``MemoryUpstream``'s log holds ``--pages`` pages of ``--page-size`` changes: each change
re-prices and renames a random product, and every tenth one also gives it a new barcode.
Each page is timed from the pull to the swap of the new snapshot: check and build the
snapshot (``apply_page``), write products, barcodes and cursor, one commit, swap. The
snapshot build is also timed alone. The floor writes the same rows with the standard
library's ``sqlite3`` on a copy of the file (one ``INSERT ... ON CONFLICT`` for the
products, the barcodes deleted and inserted again, the cursor, one COMMIT per page).

    python bench/master_data_pull.py            # 50,000 products, 100 pages of 500
    python bench/master_data_pull.py --quick    # 5,000 products, 20 pages of 200

The last line printed is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from attrs import evolve
from register_hot_path import _connect, catalogue, install_store, pct  # bench/ on sys.path

from adapters.memory import MemoryUpstream
from adapters.sqlalchemy import tables
from adapters.sqlalchemy.database import open_database, sqlite_url
from adapters.sqlalchemy.mappers import product_row
from adapters.sqlalchemy.uow import SqlUnitOfWork
from adapters.system import SystemClock, UuidIds
from saleflex_core import Register, demo
from saleflex_core.domain.barcode import make_gtin
from saleflex_core.domain.catalog import Product
from saleflex_core.domain.master_data import MASTER_DATA, MasterDataPage
from saleflex_core.domain.money import Money
from saleflex_core.domain.reference_page import apply_page
from saleflex_core.use_cases.pulling import pull_master_data

BARCODE_UPSERT = (
    "INSERT INTO product_barcode (code, product_id) VALUES (?, ?) "
    "ON CONFLICT (code) DO UPDATE SET product_id = excluded.product_id"
)
CURSOR_UPSERT = (
    "INSERT INTO sync_cursor (company_id, stream, cursor) VALUES ('', ?, ?) "
    "ON CONFLICT (company_id, stream) DO UPDATE SET cursor = excluded.cursor"
)


def publish(
    upstream: MemoryUpstream, products: tuple[Product, ...], args: argparse.Namespace
) -> None:
    rng = random.Random(11)
    fresh = 0
    for page in range(args.pages):
        picked = rng.sample(products, args.page_size)
        for n, product in enumerate(picked):
            changed = evolve(
                product,
                unit_price=Money(rng.randint(49, 2999), "EUR"),
                name=f"{product.name} p{page}",
            )
            if n % 10 == 0:
                fresh += 1
                changed = evolve(changed, barcodes=(make_gtin(f"410{fresh:09d}"),))
            upstream.master_data.upsert(changed)


def run_register(
    path: Path, upstream: MemoryUpstream, args: argparse.Namespace
) -> dict[str, list[float]]:
    engine = open_database(sqlite_url(path))
    tables.sync_cursor.create(engine, checkfirst=True)  # until migration 0003 creates it
    try:
        uow = SqlUnitOfWork(engine, company_id=demo.COMPANY_ID)
        register = Register(uow, terminal_id=demo.TERMINAL_ID, clock=SystemClock(), ids=UuidIds())
        pages, builds = [], []
        for _ in range(args.pages):
            started = time.perf_counter()
            pulled = pull_master_data(
                uow, source=upstream, holder=register.reference, limit=args.page_size, max_pages=1
            )
            pages.append(time.perf_counter() - started)
            assert pulled.pages == 1
        cursor = None
        for _ in range(args.pages):  # the snapshot alone, on the same pages
            page = upstream.pull(cursor, args.page_size)
            started = time.perf_counter()
            apply_page(register.ref, page)
            builds.append(time.perf_counter() - started)
            cursor = page.next_cursor
    finally:
        engine.dispose()
    return {"page": pages, "build": builds}


def run_floor(path: Path, upstream: MemoryUpstream, args: argparse.Namespace) -> list[float]:
    conn = _connect(path)
    columns = list(product_row(upstream.master_data.changes[0][2]))  # type: ignore[arg-type]
    names = ", ".join(columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
    marks = ", ".join("?" for _ in columns)
    upsert = (
        f"INSERT INTO product ({names}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {updates}"
    )
    cursor, times = None, []
    for _ in range(args.pages):
        page: MasterDataPage = upstream.pull(cursor, args.page_size)
        rows = [tuple(product_row(p).values()) for p in page.upserts.products]
        ids = [(p.id,) for p in page.upserts.products]
        codes = [(code, p.id) for p in page.upserts.products for code in p.barcodes]
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(upsert, rows)
        conn.executemany("DELETE FROM product_barcode WHERE product_id = ?", ids)
        conn.executemany(BARCODE_UPSERT, codes)
        conn.execute(CURSOR_UPSERT, (MASTER_DATA, page.next_cursor))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - started)
        cursor = page.next_cursor
    conn.close()
    return times


def bench(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    products = catalogue(args.products)
    code_db, floor_db = work / "terminal.db", work / "floor.db"
    install_store(code_db, products)
    engine = open_database(sqlite_url(code_db))
    tables.sync_cursor.create(engine, checkfirst=True)
    engine.dispose()
    shutil.copy(code_db, floor_db)
    upstream = MemoryUpstream()
    publish(upstream, products, args)
    code = run_register(code_db, upstream, args)
    floor = run_floor(floor_db, upstream, args)
    return {
        "products": args.products,
        "pages": args.pages,
        "page_size": args.page_size,
        "page_p50_ms": pct(code["page"], 50),
        "page_p99_ms": pct(code["page"], 99),
        "snapshot_build_p50_ms": pct(code["build"], 50),
        "snapshot_build_p99_ms": pct(code["build"], 99),
        "floor_page_p50_ms": pct(floor, 50),
        "floor_page_p99_ms": pct(floor, 99),
        "page_vs_floor_p50": pct(code["page"], 50) / pct(floor, 50),
    }


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="seconds: 5,000 products, 20 pages of 200"
    )
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--dir", default=None, help="where the database files go (default: tmp)")
    args = parser.parse_args(argv)
    if args.quick:
        args.products, args.pages, args.page_size = 5_000, 20, 200
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    work = Path(tempfile.mkdtemp(prefix="saleflex-bench-", dir=args.dir))
    try:
        f = bench(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    f = {k: round(v, 3) if isinstance(v, float) else v for k, v in f.items()}
    width = max(map(len, f))
    for name, value in f.items():
        print(f"{name:<{width}}  {value}")
    print(json.dumps(f))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
