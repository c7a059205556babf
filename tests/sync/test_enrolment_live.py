"""Enrolment at a real GATE: a new register takes on its identity and catalogue; a
register replaced after a disk failure continues its numbering from what GATE holds (no
receipt number, no event sequence twice); a register with books of its own is refused,
changing nothing; a standalone register never used becomes the enrolled one."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from apps.pos_desktop import bootstrap
from apps.pos_desktop.settings import load_settings
from apps.pos_desktop.upstream_link import LINK_FILE, enrol, load_link
from saleflex_core import Devices
from saleflex_core.exceptions import EnrolmentRefused, StateError
from saleflex_core.use_cases.store_setup import NewStore
from tests.sync.gate_process import SyncGate
from tests.sync.terminal import database_url, enrolled_till, open_till, sales_at_gate, sell

pytestmark = pytest.mark.integration


def receipts(sales: list[object]) -> list[tuple[int, int]]:
    return [(s.closure_number, s.receipt_number) for s in sales]  # type: ignore[attr-defined]


def test_a_new_register_is_enrolled_keeps_its_key_beside_the_database_and_sells(
    sync_gate: SyncGate, tmp_path: Path
) -> None:
    till = enrolled_till(sync_gate, tmp_path, "E1")
    try:
        link = load_link(tmp_path)
        assert link is not None and link.terminal_id == till.enrolment.terminal.id
        assert stat.S_IMODE((tmp_path / LINK_FILE).stat().st_mode) == 0o600
        with sqlite3.connect(tmp_path / "terminal.db") as db:  # the key is not in the books
            dump = "\n".join(db.iterdump())
        assert link.api_key not in dump and link.api_key.split(".")[-1] not in dump
        assert till.register.ref.store.name == "Store S1"
        assert receipts(sell(till.register, count=2)) == [(1, 1), (1, 2)]
        assert till.push().sent == 2
        assert len(sales_at_gate(sync_gate, till.enrolment.terminal.id)) == 2
    finally:
        till.close()


def test_a_register_replaced_after_a_disk_failure_continues_its_numbering(
    sync_gate: SyncGate, tmp_path: Path
) -> None:
    till = enrolled_till(sync_gate, tmp_path / "old-disk", "E2")
    terminal_id = till.enrolment.terminal.id
    try:
        sell(till.register, count=3)
        till.register.sign_in("2", "9999")
        till.register.close_period(counted_cash="3.57")  # Z of closure 1
        till.register.sign_in("1", "1234")
        sell(till.register, count=2)  # closure 2, receipts 1 and 2
        assert till.push().pending == 0
    finally:
        till.close()
    new_disk = tmp_path / "new-disk"
    code = sync_gate.new_code(terminal_id)
    enrolment = enrol(new_disk, database_url(new_disk), sync_gate.url, code)
    counters = enrolment.counters
    assert (counters.last_sequence, counters.last_closure_number) == (6, 1)
    assert counters.last_receipt == (2, 2)
    replaced = open_till(new_disk, enrolment)
    try:
        assert receipts(sell(replaced.register, count=2)) == [(2, 3), (2, 4)]
        result = replaced.push()
        assert (result.sent, result.parked) == (2, 0)  # sequences 7 and 8, not 1 and 2 again
    finally:
        replaced.close()
    held = sales_at_gate(sync_gate, terminal_id)
    numbers = sorted((s["receipt"]["closure_number"], s["receipt"]["receipt_number"]) for s in held)
    assert numbers == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (2, 4)]


def test_a_register_with_books_of_its_own_is_refused_and_nothing_changes(
    sync_gate: SyncGate, tmp_path: Path
) -> None:
    till = enrolled_till(sync_gate, tmp_path, "E3")
    try:
        sell(till.register)
    finally:
        till.close()
    before = (tmp_path / "terminal.db").read_bytes(), (tmp_path / LINK_FILE).read_bytes()
    other_id, code = sync_gate.new_terminal("E3b")
    with pytest.raises(StateError, match="holds numbered receipts"):
        enrol(tmp_path, database_url(tmp_path), sync_gate.url, code)
    assert ((tmp_path / "terminal.db").read_bytes(), (tmp_path / LINK_FILE).read_bytes()) == before
    elsewhere = tmp_path / "elsewhere"
    assert enrol(elsewhere, database_url(elsewhere), sync_gate.url, code).terminal.id == other_id
    with pytest.raises(EnrolmentRefused):  # the code was spent once, there
        enrol(tmp_path / "third", database_url(tmp_path / "third"), sync_gate.url, code)


def test_a_standalone_register_never_used_takes_on_the_enrolled_identity(
    sync_gate: SyncGate, tmp_path: Path
) -> None:
    settings = load_settings(data_dir=tmp_path, environ={})
    answers = NewStore.from_answers(store_name="Corner Shop", currency="EUR", manager_pin="2580")
    bootstrap.first_start(settings, answers, devices=Devices()).close()
    terminal_id, code = sync_gate.new_terminal("E4")
    enrolment = enrol(tmp_path, settings.database_url, sync_gate.url, code)
    with sqlite3.connect(tmp_path / "terminal.db") as db:
        companies = db.execute("SELECT id FROM company").fetchall()
        stores = db.execute("SELECT name FROM store").fetchall()
    assert companies == [("ACME",)] and stores == [("Store S1",)]  # Corner Shop is gone
    till = open_till(tmp_path, enrolment)  # found by its id: GATE calls it E4, pos.toml T01
    try:
        assert till.register.ref.terminal.id == terminal_id
        assert till.register.ref.terminal.code == "E4"
        assert len(till.register.ref.products) == 192
    finally:
        till.close()


def test_a_register_enrolled_and_unused_is_enrolled_again_with_a_new_code(
    sync_gate: SyncGate, tmp_path: Path
) -> None:
    till = enrolled_till(sync_gate, tmp_path / "first", "E5")
    terminal_id = till.enrolment.terminal.id
    till.close()  # nothing sold: its books are empty
    again = enrol(
        tmp_path / "first",
        database_url(tmp_path / "first"),
        sync_gate.url,
        sync_gate.new_code(terminal_id),
    )
    assert (
        again.terminal.id == terminal_id and load_link(tmp_path / "first").api_key == again.api_key
    )
    till = open_till(tmp_path / "first", again)
    try:
        assert receipts(sell(till.register)) == [(1, 1)]
        assert till.push().sent == 1  # with the new key in upstream.toml
    finally:
        till.close()
