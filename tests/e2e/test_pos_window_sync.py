"""The register window and its upstream, with a real GATE process (gunicorn, SQLite).

- A shop's first start (the form offers "Connect to OFFICE / GATE", F2); set up by hand,
  never used, a manager connects it from the sync screen: it becomes GATE's terminal,
  upstream's cashier signs in, and the sale goes up.
- An enrolled register starts while GATE is down: the status bar says offline with the
  queue's depth and age; GATE comes back and the queue drains by itself; the event GATE
  refused for good is listed with GATE's reason, and a supervisor sends it again.
- Without a window: a running register with books is refused and goes on unchanged.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.http import HttpUpstream
from adapters.rest.text_guard import NUL_REASON
from apps.pos_desktop.bootstrap import RunningTill, first_start, open_register
from apps.pos_desktop.bootstrap.connect import enrol_new, enrol_running
from apps.pos_desktop.settings import load_settings
from apps.pos_desktop.upstream_link import enrol, link_path
from saleflex_core import Devices
from saleflex_core.exceptions import StateError
from saleflex_core.use_cases.store_setup import NewStore
from tests.sync.gate_process import SyncGate, seeded
from tests.sync.terminal import sales_at_gate

from .till_gate import Gate
from .window import BAGUETTE, SIGN_IN, artifact, query, start, write_script

RUN_TIMEOUT = 120
A_SALE = [{"type": BAGUETTE}, {"key": "F9"}, {"keys": ["5", "Enter"]}]  # 1.29 paid with 5
SUPERVISOR_APPROVES = [{"keys": ["2", "Tab", "9", "9", "9", "9", "Enter", "F1", "Enter"]}]


@pytest.fixture(scope="module")
def gate(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Gate, SyncGate]]:
    folder = tmp_path_factory.mktemp("gate")
    server = Gate(f"sqlite:///{folder / 'gate.db'}", folder / "gunicorn.log").start()
    try:
        yield server, seeded(server.url, server.database_url)
    finally:
        server.stop()


def _dump(folder: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / f"{name}.json").read_text())
    return data


def _finish(process: subprocess.Popen[str], data_dir: Path) -> None:
    out, err = process.communicate(timeout=RUN_TIMEOUT)
    log = (data_dir / "logs" / "pos.log").read_text(encoding="utf-8")
    assert process.returncode == 0, f"exit {process.returncode}\n{out}\n{err}\n{log[-3000:]}"
    assert "Unexpected error" not in log, log[-3000:]


def _appears(path: Path, process: subprocess.Popen[str]) -> None:
    """Wait for the window to write ``path`` (the test's cue), or for it to die."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)


@pytest.mark.e2e
@pytest.mark.gui
def test_a_register_set_up_by_hand_is_connected_by_its_manager_and_sells_upstream(
    tmp_path: Path, display: str, gate: tuple[Gate, SyncGate]
) -> None:
    server, shop = gate
    terminal_id, code = shop.new_terminal("W01")
    steps = [
        {"key": "F2"},  # the first start offers to connect instead
        {"dump": str(tmp_path / "connect_form.json")},
        {"key": "F2"},  # back: this shop sets its register up by hand
        {"set": ["field:store_name", "Corner Shop"]},
        {"key": "Enter"},
        {"set": ["field:currency", "EUR"]},
        {"key": "Enter"},  # the currency's text field lets the keyboard go
        {"keys": [*"2468", "Enter", *"2468", "Enter"]},
        {"type": "1"},
        {"type": "2468"},  # the manager
        {"keys": ["F11", "F5"]},
        {"dump": str(tmp_path / "standalone.json")},
        {"key": "F3"},
        {"set": ["field:upstream_url", server.url]},
        {"set": ["field:enrolment_code", code]},
        {"check": str(tmp_path / "enrol_form.json")},
        {"key": "F1"},  # a manager needs no one's approval
        {"dump": str(tmp_path / "connected.json")},
        {"type": "1"},
        {"type": "1234"},  # GATE's cashier 1 now
        *A_SALE,
        {"until": ["last_sent", "20"], "seconds": 30},  # the worker sent the sale
        {"dump": str(tmp_path / "sold.json")},
        {"screenshot": str(artifact("sync_connected.png"))},
        {"quit": True},
    ]
    process = start(tmp_path, display, write_script(tmp_path / "s.json", steps), demo=False)
    _finish(process, tmp_path)

    form = _dump(tmp_path, "connect_form")
    assert [f["name"] for f in form["form"]] == ["upstream_url", "enrolment_code"]
    assert form["keys"] == ["Tab", "Enter", "F2", "Esc"]
    standalone = _dump(tmp_path, "standalone")
    assert standalone["screen"] == "sync"
    assert standalone["status_sync"] == "upstream: not connected: the outbox keeps 0 events"
    assert _dump(tmp_path, "enrol_form")["problems"] == []
    connected = _dump(tmp_path, "connected")
    assert connected["screen"] == "sign_in"
    told = f"Connected to {server.url}: sign in with your cashier number from there"
    assert connected["message"] == told
    sold = _dump(tmp_path, "sold")
    assert sold["status_sync"] == "upstream: online: 0 waiting"
    assert sold["status"].startswith("W01 Till W01 | Alice (1)")
    [sale] = sales_at_gate(shop, terminal_id)
    assert sale["totals"]["total"]["minor"] == 129
    database = tmp_path / "terminal.db"
    assert query(database, "SELECT id, code FROM terminal") == [(terminal_id, "W01")]
    assert stat.S_IMODE(os.stat(link_path(tmp_path)).st_mode) == 0o600


@pytest.mark.e2e
@pytest.mark.gui
def test_offline_then_online_and_a_refused_event_sent_again_by_a_supervisor(
    tmp_path: Path, display: str, gate: tuple[Gate, SyncGate]
) -> None:
    server, shop = gate
    terminal_id, code = shop.new_terminal("W02")
    enrol(tmp_path, f"sqlite:///{tmp_path / 'terminal.db'}", server.url, code)
    _cash_in_with_a_nul(tmp_path)  # an event GATE refuses for good: it holds a U+0000
    out = tmp_path / "out"
    steps = [
        *SIGN_IN,
        {"until": ["status_sync", "offline"], "seconds": 30},
        {"dump": str(out / "offline.json")},  # the test starts GATE again now
        {"until": ["status_sync", "1 refused"], "seconds": 60},
        {"dump": str(out / "online.json")},
        *A_SALE,
        {"keys": ["F11", "F5"]},
        {"until": ["last_sent", "20"], "seconds": 30},
        {"dump": str(out / "refused.json")},
        {"key": "F1"},  # Alice is a cashier: a supervisor approves
        {"dump": str(out / "approval.json")},
        *SUPERVISOR_APPROVES,
        {"dump": str(out / "retried.json")},
        {"until": ["status_sync", "1 refused"], "seconds": 30},  # GATE answered it again
        {"dump": str(out / "again.json")},
        {"check": str(out / "fits.json")},  # the smallest screen, a long reason and error
        {"screenshot": str(artifact("sync_refused.png"))},
        {"quit": True},
    ]
    server.stop()
    try:
        script = write_script(tmp_path / "s.json", steps)
        process = start(tmp_path, display, script, "800x600", demo=False)
        _appears(out / "offline.json", process)
    finally:
        server.start()
    _finish(process, tmp_path)

    offline = _dump(out, "offline")["status_sync"]
    assert offline.startswith("upstream: offline: 1 waiting, oldest "), offline
    assert _dump(out, "online")["status_sync"] == "upstream: online: 0 waiting; 1 refused (F11, F5)"
    [row] = _dump(out, "refused")["refused"]
    assert (row["sequence"], row["kind"], row["reason"]) == ("1", "cash.moved", NUL_REASON)
    tries = int(row["tries"])
    assert _dump(out, "approval")["screen"] == "supervisor_pin"
    retried = _dump(out, "retried")
    assert retried["message"] == "Event 1 (cash.moved) goes again with the next batch"
    assert retried["screen"] == "sync"
    again = _dump(out, "again")
    assert again["status_sync"] == "upstream: online: 0 waiting; 1 refused (F11, F5)"
    [row] = again["refused"]
    assert (row["reason"], int(row["tries"])) == (NUL_REASON, tries + 1)
    assert _dump(out, "fits")["problems"] == []
    assert [s["totals"]["total"]["minor"] for s in sales_at_gate(shop, terminal_id)] == [129]
    assert query(tmp_path / "terminal.db", "SELECT sequence, status FROM sync_queue_item") == [
        (1, "failed"),
        (2, "sent"),
    ]


def _cash_in_with_a_nul(data_dir: Path) -> None:
    """A float put in with a stray NUL in its reason (a scanner's byte, say)."""
    running = _open(data_dir)
    try:
        running.register.sign_in("1", "1234")
        running.register.cash_in("5.00", "Float\x00")
    finally:
        running.close()


def _open(data_dir: Path) -> RunningTill:
    return open_register(load_settings(data_dir=data_dir, environ={}), devices=Devices())


@pytest.mark.integration
def test_a_register_with_books_is_not_connected_and_goes_on_as_it_was(
    tmp_path: Path, gate: tuple[Gate, SyncGate]
) -> None:
    server, shop = gate
    _, code = shop.new_terminal("W03")
    settings = load_settings(data_dir=tmp_path, environ={})
    answers = NewStore.from_answers(store_name="Kiosk", currency="EUR", manager_pin="2468")
    running = first_start(settings, answers, devices=Devices())
    try:
        running.register.sign_in("1", "2468")
        running.register.cash_in("10.00", "Float")  # its own books now
        with pytest.raises(StateError, match="cash movements"):
            enrol_running(running, settings, server.url, code)
        assert not running.closed
        assert running.register.cash_in("1.00", "Float").movement.number == 2
    finally:
        running.close()
    assert not link_path(tmp_path).exists()

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    enrolled = enrol_new(load_settings(data_dir=fresh, environ={}), server.url, code)
    try:  # the code was not spent on the refusal
        assert enrolled.register.ref.terminal.code == "W03"
        assert enrolled.sync is not None and isinstance(enrolled.sync.upstream, HttpUpstream)
    finally:
        enrolled.close()
