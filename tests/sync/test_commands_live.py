"""``saleflex`` (the console script, apps/pos_desktop/commands): enrol a register, show
its outbox, drain it to a real GATE, retry a parked event, pull master data; a
Standalone register's status says its outbox keeps everything for later."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.sqlalchemy.database import open_database
from adapters.sqlalchemy.uow import SqlUnitOfWork
from apps.pos_desktop import bootstrap
from apps.pos_desktop.commands import main
from apps.pos_desktop.first_start import demo_settings
from apps.pos_desktop.upstream_link import load_link
from saleflex_core import Devices
from tests.gate.live_server import REPO_ROOT
from tests.sync.gate_process import SyncGate
from tests.sync.terminal import database_url, open_till, sales_at_gate, sell

pytestmark = pytest.mark.integration

SALEFLEX = REPO_ROOT / ".venv" / "bin" / "saleflex"


def saleflex(
    data_dir: Path, *args: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    status = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_standalone_registers_status_says_the_outbox_keeps_everything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = bootstrap.open_register(demo_settings(tmp_path, {}), devices=Devices(), demo=True)
    try:
        demo.register.sign_in("1", "1234")
        sell(demo.register, count=2)
    finally:
        demo.close()
    status, out, _ = saleflex(tmp_path, "sync", "status", capsys=capsys)
    assert status == 0
    assert "Standalone: this register has no upstream, so its outbox keeps every event" in out
    assert "Waiting: 2, oldest 0 min ago" in out
    status, _, err = saleflex(tmp_path, "sync", "run", capsys=capsys)
    assert status == 1 and "Standalone" in err


def test_enrol_run_status_and_pull_through_the_console_script(
    sync_gate: SyncGate, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, code = sync_gate.new_terminal("C1")
    enrolled = subprocess.run(
        [str(SALEFLEX), "--data-dir", str(tmp_path), "enrol", "--url", sync_gate.url],
        env={"SALEFLEX_ENROLMENT_CODE": code, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert enrolled.returncode == 0, enrolled.stderr
    assert "Enrolled as terminal C1" in enrolled.stdout and "Store S1, ACME Ltd" in enrolled.stdout
    assert "closure 1, receipt 1, event 1" in enrolled.stdout
    link = load_link(tmp_path)
    assert link is not None
    till = open_till(tmp_path)
    try:
        sell(till.register, count=5)
    finally:
        till.close()
    status, out, _ = saleflex(tmp_path, "sync", "status", capsys=capsys)
    assert f"Gate-connected: upstream {sync_gate.url}" in out and "Waiting: 5" in out
    status, out, _ = saleflex(tmp_path, "sync", "run", "--batch", "2", capsys=capsys)
    assert status == 0 and "Sent 5, refused and parked 0, waiting 0" in out
    assert len(sales_at_gate(sync_gate, link.terminal_id)) == 5
    status, out, _ = saleflex(tmp_path, "sync", "pull", capsys=capsys)
    assert status == 0 and "Pulled 0 page(s)" in out  # nothing changed since the enrolment


def test_a_parked_event_is_sent_again_on_a_supervisors_word(
    sync_gate: SyncGate,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, code = sync_gate.new_terminal("C2")
    assert (
        saleflex(tmp_path, "enrol", "--url", sync_gate.url, "--code", code, capsys=capsys)[0] == 0
    )
    link = load_link(tmp_path)
    assert link is not None
    till = open_till(tmp_path)
    try:
        sell(till.register)
    finally:
        till.close()
    event_id = _park_the_first_event(tmp_path, "refused by a test")
    status, out, _ = saleflex(tmp_path, "sync", "status", capsys=capsys)
    assert "Refused (parked): 1" in out and f"{event_id}  #1 sale.completed: refused by" in out
    monkeypatch.setenv("SALEFLEX_SUPERVISOR_PIN", "1234")  # cashier 1 is no supervisor
    status, _, err = saleflex(
        tmp_path, "sync", "retry", event_id, "--supervisor", "1", capsys=capsys
    )
    assert status == 1 and "supervisor" in err.lower()
    monkeypatch.setenv("SALEFLEX_SUPERVISOR_PIN", "9999")
    status, out, _ = saleflex(
        tmp_path, "sync", "retry", event_id, "--supervisor", "2", capsys=capsys
    )
    assert status == 0 and "waits again" in out
    assert saleflex(tmp_path, "sync", "run", capsys=capsys)[1].startswith("Sent 1")
    assert len(sales_at_gate(sync_gate, link.terminal_id)) == 1


def _park_the_first_event(data_dir: Path, reason: str) -> str:
    """Mark the terminal's first waiting event refused, as an upstream's rejection does."""
    link = load_link(data_dir)
    assert link is not None
    engine = open_database(database_url(data_dir))
    try:
        uow = SqlUnitOfWork(engine, company_id="ACME")
        with uow:
            item = uow.outbox.pending(link.terminal_id, 1)[0]
            uow.outbox.save(item.parked(reason, datetime.now(UTC)))
            uow.commit()
    finally:
        engine.dispose()
    return item.event_id
