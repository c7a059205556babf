"""The register window end to end: the real `python -m apps.pos_desktop` under Xvfb.

Dear PyGui allows one viewport per process and aborts without a display, so each run is a
child process on a throwaway X server, driven by a `SALEFLEX_POS_SCRIPT` of key presses and
clicks that go through the same callbacks as the widgets. Screenshots are kept under
`tests/e2e/artifacts/` (or `$SALEFLEX_TEST_ARTIFACTS`) to look at.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from .window import (
    BAGUETTE,
    COLA,
    CROISSANT,
    RUN_TIMEOUT,
    SIGN_IN,
    artifact,
    query,
    run,
    start,
    write_script,
)

pytestmark = [pytest.mark.e2e, pytest.mark.gui]


def test_a_split_paid_sale_goes_through_the_window(tmp_path: Path, display: str) -> None:
    sale_png, payment_png = artifact("sale_screen.png"), artifact("payment_screen.png")
    steps = [
        *SIGN_IN,
        {"type": BAGUETTE},
        {"type": COLA},
        {"type": CROISSANT},
        {"keys": ["1", "0", "F5"]},  # 10 % off the selected (last) line
        {"dump": str(tmp_path / "sale.json")},
        {"screenshot": str(sale_png)},
        {"key": "F9"},
        {"keys": ["2", ".", "0", "0"]},
        {"click": "key:F3"},  # card pays 2.00
        {"dump": str(tmp_path / "paying.json")},
        {"screenshot": str(payment_png)},
        {"click": "tender:0"},  # exact cash for the rest
        {"dump": str(tmp_path / "done.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps))

    sale = json.loads((tmp_path / "sale.json").read_text())
    assert [line["discount"] for line in sale["lines"]] == ["", "", "-0.12"]
    assert sale["total"] == "3.55"
    paying = json.loads((tmp_path / "paying.json").read_text())
    assert (paying["screen"], paying["message"]) == ("payment", "1.55 still due")
    done = json.loads((tmp_path / "done.json").read_text())
    assert (done["screen"], done["lines"]) == ("sale", [])
    database = tmp_path / "terminal.db"
    assert query(database, "SELECT state FROM document") == [("completed",)]
    assert query(database, "SELECT count(*) FROM document_line") == [(3,)]
    assert query(database, "SELECT type_code, tendered_minor FROM payment ORDER BY seq") == [
        ("CARD", 200),
        ("CASH", 155),
    ]
    assert query(database, "SELECT count(*) FROM temp_document") == [(0,)]
    for png in (sale_png, payment_png):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png.stat().st_size > 10_000, png


def test_a_sale_killed_mid_way_is_back_on_screen_after_the_restart(
    tmp_path: Path, display: str
) -> None:
    database = tmp_path / "terminal.db"
    first = start(
        tmp_path,
        display,
        write_script(tmp_path / "first.json", [*SIGN_IN, {"type": BAGUETTE}, {"type": COLA}]),
    )
    try:
        _wait_for_lines(database, first, 2)
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=10)
    assert first.returncode == -signal.SIGKILL

    restored_png = artifact("restored_sale.png")
    steps = [
        *SIGN_IN,
        {"dump": str(tmp_path / "restored.json")},
        {"screenshot": str(restored_png)},
        {"quit": True},
    ]
    run(tmp_path, display, write_script(tmp_path / "second.json", steps))

    restored = json.loads((tmp_path / "restored.json").read_text())
    assert restored["screen"] == "sale"
    assert restored["message"] == "Welcome, Alice: the open sale was restored"
    assert [(x["name"], x["amount"]) for x in restored["lines"]] == [
        ("Baguette", "1.29"),
        ("Cola 330ml", "1.19"),
    ]
    assert restored_png.stat().st_size > 10_000


def _wait_for_lines(database: Path, process: subprocess.Popen[str], count: int) -> None:
    """Poll the draft's saved lines (each scan commits before the next key is read)."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the window ended early ({process.returncode}):\n{out}\n{err}")
        try:
            if query(database, "SELECT count(*) FROM temp_document_line") == [(count,)]:
                return
        except sqlite3.OperationalError:
            pass  # not created or migrated yet
        time.sleep(0.1)
    pytest.fail(f"{count} lines were not saved in time")


def test_a_product_found_by_name_is_sold_from_the_search_list(tmp_path: Path, display: str) -> None:
    steps = [
        *SIGN_IN,
        {"set": ["search_text", "dark choc"]},
        {"click": "search_go"},
        {"click": "pick:0"},
        {"dump": str(tmp_path / "sold.json")},
        {"quit": True},
    ]

    run(tmp_path, display, write_script(tmp_path / "script.json", steps))

    sold = json.loads((tmp_path / "sold.json").read_text())
    assert [line["name"] for line in sold["lines"]] == ["Dark chocolate"]
    assert query(tmp_path / "terminal.db", "SELECT name FROM temp_document_line") == [
        ("Dark chocolate",)
    ]
