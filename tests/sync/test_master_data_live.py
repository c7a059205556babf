"""Master data from a real GATE process reaching a register (SQLite) through
adapters/http: a price changed at GATE sells at the new price after the next pull, a
product deleted upstream cannot be sold, a pull cut off midway goes on from its stored
cursor, and a sale in progress keeps the price its line was scanned at."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from attrs import evolve
from requests.adapters import HTTPAdapter

from adapters.http import HttpUpstream
from adapters.system import SystemClock, UuidIds
from apps.pos_desktop.upstream_link import load_link
from saleflex_core.domain import access
from saleflex_core.domain.access import GateRole
from saleflex_core.domain.master_data import MASTER_DATA, Upserts
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import UnknownProduct
from saleflex_core.use_cases.gate_feed import Editor, change_master_data
from tests.conftest import demo_data
from tests.gate.support import hub
from tests.sync.gate_process import SyncGate
from tests.sync.terminal import Till, enrolled_till, sell

pytestmark = pytest.mark.integration

GATE_COMPANY = "MDATA"  # this module changes the catalogue: a company of its own


def price_of(sale: Any) -> int:
    minor: int = sale.sale.totals.total.minor
    return minor


def upstream(till: Till, session: requests.Session | None = None) -> HttpUpstream:
    link = load_link(till.data_dir)
    assert link is not None
    return HttpUpstream(link.url, link.api_key, session=session)


_codes = itertools.count(1)


@pytest.fixture
def till(sync_gate: SyncGate, tmp_path: Path) -> Iterator[Till]:
    opened = enrolled_till(sync_gate, tmp_path, f"M{next(_codes)}")
    yield opened
    opened.close()


def test_a_price_changed_at_gate_sells_at_the_new_price_after_the_next_pull(
    sync_gate: SyncGate, till: Till
) -> None:
    sync_gate.set_price("P1002", 429)  # Sourdough loaf, 3.89 until now
    assert price_of(sell(till.register, "5901234100205")[0]) == 389  # not pulled yet
    pulled = till.register.pull_master_data(upstream(till), limit=5000)
    assert pulled.error is None and pulled.pages == 1
    assert price_of(sell(till.register, "5901234100205")[0]) == 429


def test_a_product_deleted_upstream_can_no_longer_be_sold(sync_gate: SyncGate, till: Till) -> None:
    sync_gate.delete_product("P1004")  # Rye bread
    till.register.pull_master_data(upstream(till), limit=5000)
    with pytest.raises(UnknownProduct):
        till.register.scan("5901234100403")
    with till.register.uow as uow:
        assert "P1004" not in [p.id for p in uow.catalog.products()]


class CutAfter(HTTPAdapter):
    """The network fails after ``answers`` requests (connection reset)."""

    def __init__(self, answers: int) -> None:
        super().__init__()
        self.left = answers

    def send(self, request: requests.PreparedRequest, **options: Any) -> requests.Response:
        if self.left == 0:
            raise requests.ConnectionError("connection reset (cut by the test)")
        self.left -= 1
        return super().send(request, **options)


def test_a_pull_cut_off_midway_goes_on_from_its_cursor(sync_gate: SyncGate, till: Till) -> None:
    changed = [p for p in demo_data().products if p.id.startswith("P2")][:25]
    company = sync_gate.creds.company_id
    boss = access.person(company, "hq", frozenset({GateRole.COMPANY_ADMIN}))
    raised = tuple(evolve(p, unit_price=Money(p.unit_price.minor + 10, "EUR")) for p in changed)
    with hub(sync_gate.database_url) as unit_of_work:
        editor = Editor(boss, SystemClock(), UuidIds())
        change_master_data(unit_of_work(company), editor=editor, upserts=Upserts(products=raised))
    cut = requests.Session()
    cut.mount("http://", CutAfter(2))
    stopped = till.register.pull_master_data(upstream(till, cut), limit=10)
    assert (stopped.pages, stopped.has_more) == (2, True) and "cut by the test" in str(
        stopped.error
    )
    with till.register.uow as uow:
        assert uow.sync_cursors.get(MASTER_DATA) == stopped.cursor
    prices = {p.id: p.unit_price.minor for p in till.register.ref.products.values()}
    assert sum(prices[p.id] == p.unit_price.minor for p in raised) == 20  # two pages of ten
    asked: list[str] = []
    watched = requests.Session()
    watched.hooks["response"].append(lambda r, *a, **k: asked.append(r.request.url))
    resumed = till.register.pull_master_data(upstream(till, watched), limit=10)
    assert resumed.error is None and resumed.pages == 1
    assert f"since={stopped.cursor}" in asked[0]
    prices = {p.id: p.unit_price.minor for p in till.register.ref.products.values()}
    assert all(prices[p.id] == p.unit_price.minor for p in raised)


def test_a_sale_in_progress_keeps_the_price_it_was_scanned_at(
    sync_gate: SyncGate, till: Till
) -> None:
    register = till.register
    register.scan("5901234100700")  # Bagel at 1.09
    sync_gate.set_price("P1007", 159)
    register.pull_master_data(upstream(till), limit=5000)
    register.tender("CASH")
    assert price_of(register.complete()) == 109
    assert price_of(sell(register, "5901234100700")[0]) == 159
