"""adapters/http against a real GATE process on PostgreSQL: enrolment answers the
terminal's identity and store, events go up (gzipped when large) and are answered per
event, a refused key is a SyncError that backs the queue off, master data comes down."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import requests

from adapters.http import HttpEnroller, HttpUpstream
from saleflex_core.exceptions import EnrolmentRefused, SyncError
from tests.sync.gate_process import SyncGate
from tests.sync.terminal import enrolled_till, sales_at_gate, sell

pytestmark = pytest.mark.integration


def test_enrolment_answers_the_terminal_its_store_and_its_counters(sync_gate: SyncGate) -> None:
    terminal_id, code = sync_gate.new_terminal("H1")
    enrolment = HttpEnroller(sync_gate.url).enrol(code)
    assert enrolment.terminal.id == terminal_id and enrolment.terminal.code == "H1"
    assert enrolment.company_name == "ACME Ltd"
    assert (enrolment.store.id, enrolment.store.name) == ("S1", "Store S1")
    assert (enrolment.store.timezone, enrolment.store.currency.code) == ("Europe/Berlin", "EUR")
    assert enrolment.terminal.cash_out_limit.minor == 5000
    assert (enrolment.counters.last_sequence, enrolment.counters.last_receipt) == (0, None)
    assert enrolment.api_key.startswith("sfk.ACME.") and enrolment.api_key not in repr(enrolment)
    with pytest.raises(EnrolmentRefused, match="not valid, used or expired"):
        HttpEnroller(sync_gate.url).enrol(code)  # used


def test_events_go_up_once_each_and_a_large_batch_travels_gzipped(
    sync_gate: SyncGate, tmp_path: Path
) -> None:
    till = enrolled_till(sync_gate, tmp_path, "H2")
    try:
        sell(till.register, count=40)
        sent: list[str | None] = []
        session = requests.Session()
        session.hooks["response"].append(
            lambda r, *a, **k: sent.append(r.request.headers.get("Content-Encoding"))
        )
        upstream = HttpUpstream(sync_gate.url, till.enrolment.api_key, session=session)
        with till.register.uow as uow:
            batch = uow.outbox.pending(till.enrolment.terminal.id, 100)
        answers = upstream.deliver(batch)
        assert [a.outcome.value for a in answers] == ["accepted"] * 40 and sent == ["gzip"]
        again = upstream.deliver(batch[:2])  # answers lost on the way: sent again
        assert [a.outcome.value for a in again] == ["duplicate", "duplicate"] and sent[1] is None
        assert till.push().sent == 40  # the outbox marks them sent; GATE answers duplicate
        assert len(sales_at_gate(sync_gate, till.enrolment.terminal.id)) == 40
    finally:
        till.close()


def test_a_refused_key_is_a_sync_error_and_the_queue_backs_off(
    sync_gate: SyncGate, tmp_path: Path
) -> None:
    till = enrolled_till(sync_gate, tmp_path, "H3")
    try:
        sell(till.register)
        wrong = HttpUpstream(sync_gate.url, "sfk.ACME.not-a-key")
        with pytest.raises(SyncError, match="refused this terminal's API key"):
            wrong.pull(None, 10)
        result = till.register.push_outbox(wrong, random.Random(1))
        assert result.sent == 0 and result.pending == 1 and "API key" in (result.error or "")
        assert result.next_attempt_at is not None
    finally:
        till.close()


def test_master_data_comes_down_in_pages(sync_gate: SyncGate, tmp_path: Path) -> None:
    till = enrolled_till(sync_gate, tmp_path, "H4")
    try:
        upstream = HttpUpstream(sync_gate.url, till.enrolment.api_key)
        first = upstream.pull(None, 50)
        assert first.has_more and len(first.upserts.products) <= 50
        rest = upstream.pull(first.next_cursor, 5000)
        assert not rest.has_more
        assert len(till.register.ref.products) == 192  # the enrolment's first pull
    finally:
        till.close()
