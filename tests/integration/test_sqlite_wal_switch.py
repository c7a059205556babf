"""A fresh SQLite file switched to WAL while another connection holds it waits for it,
as a busy writer is waited for, instead of failing at once ("database is locked"): GATE's
workers open a fresh database together."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from adapters.sqlalchemy.database import _switch_to_wal


def test_the_switch_to_wal_waits_for_a_connection_holding_the_file(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")  # a fresh file in rollback mode, held
    holder.execute("CREATE TABLE t (x)")
    threading.Timer(0.2, lambda: holder.execute("COMMIT")).start()
    switching = sqlite3.connect(path, isolation_level=None, timeout=0)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        switching.execute("PRAGMA journal_mode=WAL")  # what SQLite itself answers
    _switch_to_wal(switching.cursor(), busy_timeout_ms=5000)
    assert switching.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    switching.close()
    holder.close()


def test_the_switch_gives_up_after_the_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE t (x)")
    switching = sqlite3.connect(path, isolation_level=None, timeout=0)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _switch_to_wal(switching.cursor(), busy_timeout_ms=100)
    switching.close()
    holder.execute("ROLLBACK")
    holder.close()
