"""A 300-line sale (issue #8): what a key press costs when the sale is long.

``register_hot_path`` runs it on both storage adapters: on its SQLite file, after the
ten-line sales (with a raw ``sqlite3`` floor replaying the same rows), and here on
``adapters.memory`` with the same catalogue (what embedders and the training mode use).
Each scan is timed; the figure is the wall time of the 300 scans of one sale. The sale is
then paid and completed, untimed.
"""

from __future__ import annotations

import random
import time

from attrs import evolve, frozen

from adapters.memory import MemoryUnitOfWork
from adapters.system import SystemClock, UuidIds
from saleflex_core import Register, demo
from saleflex_core.domain.catalog import Product

LONG_LINES = 300


@frozen
class LongSale:
    """The seconds of each scan of one long sale, and the sale's document id."""

    scans: list[float]
    document_id: str

    @property
    def total_s(self) -> float:
        return sum(self.scans)

    @property
    def last_ms(self) -> float:
        """The mean of the last ten scans: a key press with about 300 lines on the sale."""
        return sum(self.scans[-10:]) / len(self.scans[-10:]) * 1000


def long_basket(products: tuple[Product, ...], seed: int = 300) -> list[str]:
    """``LONG_LINES`` distinct barcodes: one line each."""
    return random.Random(seed).sample([p.barcodes[0] for p in products], LONG_LINES)


def sell_long(register: Register, codes: list[str]) -> LongSale:
    """Scan every code into one sale (timed), then pay it in cash and complete it."""
    clock = time.perf_counter
    spent = []
    for code in codes:
        started = clock()
        register.scan(code)
        spent.append(clock() - started)
    assert register.sale is not None and len(register.sale.lines) == len(codes)
    document_id = register.sale.document_id
    register.tender("CASH")
    register.complete()
    return LongSale(spent, document_id)


def on_memory(products: tuple[Product, ...], cashier: tuple[str, str]) -> LongSale:
    """The same long sale on ``adapters.memory``, after one untimed ten-line warm-up sale."""
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    demo.install(uow, evolve(demo.demo_data(pin_iterations=1000), products=products))
    register = Register(uow, terminal_id=demo.TERMINAL_ID, clock=SystemClock(), ids=UuidIds())
    register.sign_in(*cashier)
    sell_long(register, long_basket(products, seed=1)[:10])
    return sell_long(register, long_basket(products))
