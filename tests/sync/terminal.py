"""A register enrolled at a live GATE, on its own SQLite file: what the sync tests drive."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from attrs import define

from apps.pos_desktop.bootstrap import RunningTill, open_register
from apps.pos_desktop.bootstrap.upstream import upstream_for
from apps.pos_desktop.settings import load_settings
from apps.pos_desktop.upstream_link import enrol
from saleflex_core import Devices, Register
from saleflex_core.domain.enrolment import Enrolment
from saleflex_core.use_cases.sync import SyncResult
from tests.sync.gate_process import SyncGate

COLA = "5901234400305"  # demo product P-... at 1.19 EUR
BAGUETTE = "5901234100106"  # 1.29 EUR


def database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'terminal.db'}"


@define
class Till:
    """An enrolled register, open on its data folder (``close()`` it)."""

    data_dir: Path
    enrolment: Enrolment | None  # None: opened again, not just enrolled
    running: RunningTill

    @property
    def register(self) -> Register:
        return self.running.register

    def push(self, limit: int = 100) -> SyncResult:
        upstream = upstream_for(self.data_dir)
        assert upstream is not None
        try:
            return self.register.push_outbox(upstream, random.Random(1), limit=limit)
        finally:
            upstream.close()

    def close(self) -> None:
        self.running.close()


def open_till(data_dir: Path, enrolment: Enrolment | None = None) -> Till:
    settings = load_settings(data_dir=data_dir, environ={})
    running = open_register(settings, devices=Devices())
    running.register.sign_in("1", "1234")
    return Till(data_dir, enrolment, running)


def enrolled_till(gate: SyncGate, data_dir: Path, code: str) -> Till:
    """A new terminal ``code`` at GATE, enrolled on the new folder ``data_dir``."""
    _, one_time = gate.new_terminal(code)
    enrolment = enrol(data_dir, database_url(data_dir), gate.url, one_time)
    return open_till(data_dir, enrolment)


def sell(register: Register, barcode: str = COLA, count: int = 1) -> list[Any]:
    """``count`` sales of one ``barcode`` each, paid in cash; the sales as completed."""
    done = []
    for _ in range(count):
        register.scan(barcode)
        register.tender("CASH")
        done.append(register.complete())
    return done


def sales_at_gate(gate: SyncGate, terminal_id: str) -> list[dict[str, Any]]:
    """Every sale GATE holds from the terminal, walking its pages."""
    found: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        query = {"terminal_id": terminal_id, "limit": 500} | ({"after": after} if after else {})
        answer = gate.call("GET", "/api/v1/sales", params=query)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        found += body["items"]
        after = body.get("next_cursor")
        if not after:
            return found
