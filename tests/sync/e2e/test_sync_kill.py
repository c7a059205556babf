"""A till killed with SIGKILL in the middle of a delivery loses nothing and doubles
nothing upstream once it runs again.

The till is a process of its own pushing through the fault proxy to GATE. It is killed
twice, each time while a batch is on its way: once while the proxy holds the request
before GATE has seen it, once after GATE committed the batch and before its answer
reached the till (GATE holds events the till still has waiting). Started again each
time, it sells on; in the end GATE holds every event of the till once and each sale
once, and the till's queue is empty.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.support.fault_proxy import Fault, FaultProxy, Scripted
from tests.support.gate_shop import GateService
from tests.support.sync_books import assert_exactly_once, gate_received, gate_sales, till_books
from tests.support.till_driver import EnrolledTill, enrol_till, finish, start_till
from tests.sync.gate_process import SyncGate

pytestmark = [pytest.mark.integration, pytest.mark.slow]

BATCH = 10  # the till pushes one batch of 10 after every 10 sales
# connection 0 passes (events 1-10), 1 is stalled (11-20: the first kill), 2 is held after
# GATE committed (11-20 again: the second kill); every later one passes
PLAN = Scripted([Fault.PASS, Fault.STALL, Fault.HOLD])
HELD_S = 60.0  # how long the test waits for a delivery to be held


def test_a_till_killed_during_deliveries_loses_and_doubles_nothing(
    gate: GateService, shop: SyncGate, till_dir: Path
) -> None:
    _, code = shop.new_terminal("K1", "S1")
    till = enrol_till(till_dir / "till", gate.url, code)
    with FaultProxy(gate.address, PLAN) as proxy:
        run = _run(till, proxy, sales=30, seed=1)
        assert proxy.wait_held(HELD_S).fault is Fault.STALL
        _kill(run, proxy)
        assert _waiting(till) == set(range(11, 21))
        assert _sequences(gate, till) == set(range(1, 11))

        run = _run(till, proxy, sales=30, seed=2)
        held = proxy.wait_held(HELD_S)
        assert (held.fault, held.upstream_status) == (Fault.HOLD, 200)
        _kill(run, proxy)
        assert _sequences(gate, till) == set(range(1, 21))  # GATE committed 11-20 ...
        assert _waiting(till) >= set(range(11, 21))  # ... which the till still has waiting

        finish(_run(till, proxy, sales=20, seed=3), timeout=120)
    assert proxy.errors == []
    book = till_books(till.db, till.terminal_id)
    assert len(book.paid) == 20 + 10 + 20  # sold before each kill, and to the end
    sales = gate_sales(gate.url, shop.creds.integrator_token, till.terminal_id)
    assert_exactly_once(book, gate_received(gate.database_url, till.terminal_id), sales)


def _run(till: EnrolledTill, proxy: FaultProxy, *, sales: int, seed: int) -> subprocess.Popen[str]:
    return start_till(till, proxy.url, sales=sales, seed=seed, push_every=BATCH, batch=BATCH)


def _kill(run: subprocess.Popen[str], proxy: FaultProxy) -> None:
    """SIGKILL the till while its delivery is held, then let the proxy cut it."""
    os.kill(run.pid, signal.SIGKILL)
    assert run.wait(timeout=30) == -signal.SIGKILL
    assert run.stdout is not None
    run.stdout.close()
    proxy.release()


def _waiting(till: EnrolledTill) -> set[int]:
    book = till_books(till.db, till.terminal_id)
    return {seq for _, seq, status in book.events.values() if status == "pending"}


def _sequences(gate: GateService, till: EnrolledTill) -> set[int]:
    return {seq for _, seq in gate_received(gate.database_url, till.terminal_id).values()}
