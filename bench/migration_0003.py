"""Migration 0003 on a terminal that never reached its upstream (issue #9): how long it takes.

Usage::

    python bench/migration_0003.py            # 100,000 receipts, about a minute here
    python bench/migration_0003.py --quick    # 5,000 receipts, seconds

A terminal of schema 0002 whose outbox never emptied holds every sale it made twice: in
the books and as an outbox payload. The committed field database (schema 0002) is grown
on a SQLite file to ``--receipts`` numbered documents with their lines and payments, one
outbox row each (its payload a copy of the field's with the new id and numbers), and then
``saleflex db upgrade`` (``database.upgrade``) takes it to 0003: every table rebuilt, every
time converted, every outbox row translated into a v1 event.

The floor, measured on a second copy of the same file with stdlib ``sqlite3``: the bytes
moved without a rewrite, ``CREATE TABLE t2 AS SELECT * FROM t`` for every table then the
drops, in one transaction.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from adapters.sqlalchemy.database import make_engine, sqlite_url, upgrade

FIELD_0002 = (
    Path(__file__).resolve().parent.parent / "tests/fixtures/field_databases/schema_0002.sqlite"
)

PER_PERIOD = 500  # receipts per period of the grown books


def grow(path: Path, receipts: int) -> None:
    """Add ``receipts`` documents (copies of the field's sales) and their outbox rows."""
    db = sqlite3.connect(path)
    with db:
        heads = db.execute("SELECT * FROM document WHERE state = 'completed'").fetchall()
        head_cols = [c[1] for c in db.execute("PRAGMA table_info(document)")]
        template = dict(zip(head_cols, heads[0], strict=True))
        lines = db.execute(
            "SELECT * FROM document_line WHERE document_id = ?", (template["id"],)
        ).fetchall()
        payments = db.execute(
            "SELECT * FROM payment WHERE document_id = ?", (template["id"],)
        ).fetchall()
        payload = json.loads(
            db.execute(
                "SELECT payload FROM sync_queue_item WHERE key = ?",
                (f"sale.completed:{template['id']}",),
            ).fetchone()[0]
        )
        for n in range(receipts):
            _add_receipt(db, n, template, lines, payments, payload)
    db.close()


def _add_receipt(
    db: sqlite3.Connection,
    n: int,
    template: dict[str, Any],
    lines: list[Any],
    payments: list[Any],
    payload: dict[str, Any],
) -> None:
    doc_id = f"bench-{n:08d}"
    closure, receipt = 100 + n // PER_PERIOD, n % PER_PERIOD + 1
    unique_id = f"20260401-{closure:04d}-{receipt:06d}"
    head = template | {
        "id": doc_id,
        "closure_number": closure,
        "receipt_number": receipt,
        "unique_id": unique_id,
    }
    db.execute(
        f"INSERT INTO document ({', '.join(head)}) VALUES ({', '.join('?' * len(head))})",
        list(head.values()),
    )
    db.executemany(
        "INSERT INTO document_line VALUES (" + ", ".join("?" * len(lines[0])) + ")",
        [(doc_id, *line[1:]) for line in lines],
    )
    db.executemany(
        "INSERT INTO payment VALUES (" + ", ".join("?" * len(payments[0])) + ")",
        [(doc_id, *payment[1:]) for payment in payments],
    )
    event = payload | {
        "id": doc_id,
        "closure_number": closure,
        "receipt_number": receipt,
        "unique_id": unique_id,
    }
    db.execute(
        "INSERT INTO sync_queue_item VALUES (?, 'sale.completed', ?, ?, 0, ?, 'pending', NULL)",
        (f"sale.completed:{doc_id}", json.dumps(event), head["ended_at"], head["ended_at"]),
    )


def floor(path: Path) -> float:
    """Seconds to copy every table as it is and drop the old ones, one transaction."""
    db = sqlite3.connect(path, isolation_level=None)
    names = [
        name
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if name != "alembic_version"
    ]
    started = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    for name in names:
        db.execute(f'CREATE TABLE "copy_{name}" AS SELECT * FROM "{name}"')
    for name in names:
        db.execute(f'DROP TABLE "{name}"')
    db.execute("COMMIT")
    spent = time.perf_counter() - started
    db.close()
    return spent


def counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    found = {
        name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for name in ("document", "document_line", "payment", "sync_queue_item")
    }
    db.close()
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5,000 receipts")
    parser.add_argument("--receipts", type=int, default=100_000)
    args = parser.parse_args(argv)
    receipts = 5_000 if args.quick else args.receipts
    with tempfile.TemporaryDirectory() as work:
        books = Path(work) / "terminal.sqlite"
        shutil.copyfile(FIELD_0002, books)
        grow(books, receipts)
        rows = counts(books)
        size_mb = books.stat().st_size / 1e6
        shutil.copyfile(books, Path(work) / "floor.sqlite")
        engine = make_engine(sqlite_url(books))
        started = time.perf_counter()
        upgrade(engine, timezone="Europe/Berlin")
        spent = time.perf_counter() - started
        engine.dispose()
        floor_s = floor(Path(work) / "floor.sqlite")
        field = Path(work) / "field.sqlite"
        shutil.copyfile(FIELD_0002, field)
        engine = make_engine(sqlite_url(field))
        started = time.perf_counter()
        upgrade(engine, timezone="Europe/Berlin")
        field_s = time.perf_counter() - started
        engine.dispose()
    total_rows = sum(rows.values())
    print(f"books: {rows} ({size_mb:.1f} MB at 0002)")
    print(f"{'':28}{'seconds':>10}{'rows/s':>12}")
    print(f"{'upgrade 0002 -> 0003':28}{spent:>10.2f}{total_rows / spent:>12,.0f}")
    print(f"{'floor (copy as is)':28}{floor_s:>10.2f}{total_rows / floor_s:>12,.0f}")
    print(f"{'ratio':28}{spent / floor_s:>10.1f}")
    print(f"{'field database (8 events)':28}{field_s:>10.2f}")
    figures = {
        "receipts": rows["document"],
        "rows": total_rows,
        "upgrade_s": round(spent, 2),
        "floor_s": round(floor_s, 2),
        "field_database_upgrade_s": round(field_s, 3),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
