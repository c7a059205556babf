"""A till that sells for ever on a SQLite file, for test_crash_safety to kill with SIGKILL.

    python -m tests.integration.crash_child --db PATH --journal PATH --seed N [--mode sales|closure]

The journal is the truth of what the till *reported*: ``begin <op> ...`` is written before
each operation and one result line after it returned, each appended and fsynced on its own.
A kill therefore leaves at most one ``begin`` without its result: the operation in flight.

    start <pid>                       the program is up (imports done), about to open the DB
    recovered <doc> <lines> | none    what the register restored from the temp tables
    parked <count>                    suspended sales waiting on the terminal
    ready                             signed in, about to sell
    begin scan <doc>|new <code>       -> scanned <doc> <lines>
    begin void <doc> <line_no>        -> voided <doc> <line_no>
    begin tender <doc> <payments>     -> tendered <doc> <payments> <due_minor>
    begin complete <doc>              -> completed <doc> <closure> <receipt>
    begin cancel <doc>                -> cancelled <doc> <closure> <receipt>
    begin suspend <doc>               -> suspended <doc>
    begin resume <doc>                -> resumed <doc> <lines> <payments>
    begin cash_in <closure> <minor>   -> cash_in <movement> <closure> <minor>
    begin close <closure>             -> closed <closure>
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from adapters.memory import MemoryDisplay, MemoryDrawer, MemoryPrinter
from adapters.sqlalchemy.database import open_database, sqlite_url
from adapters.sqlalchemy.uow import SqlUnitOfWork
from adapters.system import SystemClock, UuidIds
from saleflex_core import demo
from saleflex_core.domain.catalog import SoldBy
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import NotFound
from saleflex_core.register import Devices, Register
from saleflex_core.use_cases.results import SaleState

SUPERVISOR = ("2", "9999")
WEIGHTS = ("0.250", "0.500", "0.750", "1.234")


class Journal:
    """Append-only, one fsynced write per line: a line is either wholly there or not at all."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, *words: object) -> None:
        os.write(self.fd, (" ".join(str(w) for w in words) + "\n").encode())
        os.fsync(self.fd)


def open_register(db: str) -> tuple[Register, demo.DemoData]:
    """The terminal T01 on ``db``: created with the demo store when new, supervisor signed in."""
    data = demo.demo_data(pin_iterations=1000)
    uow = SqlUnitOfWork(open_database(sqlite_url(db)), company_id=demo.COMPANY_ID)
    try:
        with uow:
            uow.organisation.terminal(demo.TERMINAL_ID)
    except NotFound:
        demo.install(uow, data)
    devices = Devices(printer=MemoryPrinter(), drawer=MemoryDrawer(), display=MemoryDisplay())
    register = Register(
        uow, terminal_id=demo.TERMINAL_ID, clock=SystemClock(), ids=UuidIds(), devices=devices
    )
    register.sign_in(*SUPERVISOR)
    return register, data


class Till:
    """One cashier's random but always legal key presses; every refusal is a bug."""

    def __init__(
        self,
        register: Register,
        journal: Journal,
        rng: random.Random,
        data: demo.DemoData,
        *,
        closing: bool,
    ) -> None:
        self.register = register
        self.journal = journal
        self.rng = rng
        self.closing = closing
        self.codes = [
            (p.barcodes[0] if p.barcodes else p.plu, p.sold_by is SoldBy.WEIGHT)
            for p in data.products
        ]
        self.target = rng.randint(1, 4)
        self.close_due = closing and rng.random() < 0.5

    def step(self) -> None:
        sale = self.register.sale
        if sale is None:
            self.idle()
        elif sale.payments:
            self.pay(sale)
        else:
            self.build(sale)

    def idle(self) -> None:
        parked = self.register.suspended()
        roll = self.rng.random()
        if parked and (roll < 0.3 or len(parked) >= 2 or self.close_due):
            self.resume(parked[0].document_id)
        elif self.close_due:
            self.close()
        elif roll > 0.92:
            self.cash_in()
        else:
            self.target = self.rng.randint(1, 4)
            self.scan("new")

    def build(self, sale: SaleState) -> None:
        live = [line for line in sale.lines if not line.voided]
        if not live or len(sale.lines) < self.target:
            self.scan(sale.document_id)
            return
        roll = self.rng.random()
        if roll < 0.08 and len(live) >= 2:
            self.act("void", sale.document_id, self.rng.choice(live).line_no)
        elif roll < 0.16:
            self.act("suspend", sale.document_id)
        elif roll < 0.24:
            self.finish("cancel", sale.document_id)
        else:
            self.pay(sale)

    def pay(self, sale: SaleState) -> None:
        due = sale.totals.due
        if due.minor == 0:
            self.finish("complete", sale.document_id)
            return
        roll = self.rng.random()
        if not sale.payments and roll < 0.25 and due.minor >= 2:
            code, amount = "CASH", Money(due.minor // 2, due.currency)
        elif roll < 0.5:
            code, amount = "CARD", None
        else:
            code, amount = "CASH", Money(-(-due.minor // 500) * 500, due.currency)
        self.journal.write("begin tender", sale.document_id, len(sale.payments))
        after = self.register.tender(code, amount)
        self.journal.write(
            "tendered", after.document_id, len(after.payments), after.totals.due.minor
        )

    def scan(self, document: str) -> None:
        code, weighed = self.rng.choice(self.codes)
        quantity = self.rng.choice(WEIGHTS) if weighed else str(self.rng.choice((1, 1, 1, 2, 3)))
        self.journal.write("begin scan", document, code)
        after = self.register.scan(code, quantity=quantity)
        self.journal.write("scanned", after.document_id, len(after.lines))

    def act(self, op: str, document: str, *args: object) -> None:
        self.journal.write("begin", op, document, *args)
        if op == "void":
            self.register.void_line(int(str(args[0])))
            self.journal.write("voided", document, *args)
        else:
            self.register.suspend()
            self.journal.write("suspended", document)

    def resume(self, document: str) -> None:
        self.journal.write("begin resume", document)
        after = self.register.resume(document)
        self.journal.write("resumed", document, len(after.lines), len(after.payments))

    def finish(self, op: str, document: str) -> None:
        self.journal.write("begin", op, document)
        done = self.register.complete() if op == "complete" else self.register.cancel()
        word = "completed" if op == "complete" else "cancelled"
        self.journal.write(word, document, done.closure_number, done.receipt_number)
        if self.closing and not self.close_due:
            self.close_due = self.rng.random() < 0.5

    def cash_in(self) -> None:
        closure = self.register.x_report().closure.number
        minor = self.rng.randint(100, 5000)
        self.journal.write("begin cash_in", closure, minor)
        moved = self.register.cash_in(Money(minor, "EUR"), "float")
        movement = moved.movement
        self.journal.write("cash_in", movement.id, movement.closure_number, movement.amount.minor)

    def close(self) -> None:
        closure = self.register.x_report().closure
        self.journal.write("begin close", closure.number)
        report = self.register.close_period(closure.expected_cash)
        self.journal.write("closed", report.closure.number)
        # Now and then an empty period is closed straight away.
        self.close_due = self.rng.random() < 0.15


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--journal", required=True)
    parser.add_argument("--seed", required=True, type=int)
    parser.add_argument("--mode", choices=("sales", "closure"), default="sales")
    args = parser.parse_args(argv)
    journal = Journal(args.journal)
    journal.write("start", os.getpid())
    register, data = open_register(str(args.db))
    sale = register.sale
    if sale is None:
        journal.write("recovered none")
    else:
        journal.write("recovered", sale.document_id, len(sale.lines))
    journal.write("parked", len(register.suspended()))
    journal.write("ready")
    till = Till(register, journal, random.Random(args.seed), data, closing=args.mode == "closure")
    while True:
        till.step()


if __name__ == "__main__":
    sys.exit(main())
