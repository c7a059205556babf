"""On PostgreSQL, nothing on the sale path waits for a lock held by a reader.

The open closure row is locked (``SELECT ... FOR UPDATE``) by write paths only. Each
read the register makes (start-up, status, X report, last receipt, reprint) is run on
a unit of work held open after its reads, as a slow report would be; meanwhile the till
completes a sale on a connection with a statement timeout, so a read that locked the
row makes the sale fail with an error instead of hanging the test.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any

import pytest
from sqlalchemy import Engine, event

from adapters.memory import MemoryPrinter, SequentialIds, SteppingClock
from adapters.sqlalchemy.database import make_engine, open_database
from adapters.sqlalchemy.uow import SqlUnitOfWork
from saleflex_core import Devices, Register, demo
from saleflex_core.exceptions import StorageError
from tests.conftest import BAGUETTE, COLA, demo_data

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

TIMEOUT_MS = 3000


class HeldOpen(SqlUnitOfWork):
    """A real unit of work that, once armed, keeps its transaction open after its block.

    Its next ``__exit__`` says the reads are done and waits to be released before it
    rolls back, so the locks those reads took (if any) are held meanwhile.
    """

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine, company_id=demo.COMPANY_ID)
        self.armed = False
        self.reads_done = threading.Event()
        self.release = threading.Event()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.armed:
            self.armed = False
            self.reads_done.set()
            self.release.wait(30)
        super().__exit__(exc_type, exc, tb)


@pytest.fixture
def engines(postgres_url: str) -> Iterator[tuple[Engine, Engine]]:
    """The till's engine (every statement times out after 3 s) and a reader's engine."""
    open_database(postgres_url).dispose()
    till, reader = make_engine(postgres_url), make_engine(postgres_url)

    def timeout(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {TIMEOUT_MS}")
        dbapi_connection.commit()

    event.listen(till, "connect", timeout)
    demo.install(SqlUnitOfWork(till, company_id=demo.COMPANY_ID), demo_data())
    yield till, reader
    till.dispose()
    reader.dispose()


def start(uow: SqlUnitOfWork) -> Register:
    register = Register(
        uow,
        terminal_id=demo.TERMINAL_ID,
        clock=SteppingClock(),
        ids=SequentialIds(f"r{id(uow)}-"),
        devices=Devices(printer=MemoryPrinter()),
    )
    register.sign_in("2", "9999")
    return register


def paid_sale(register: Register) -> None:
    register.scan(BAGUETTE)
    register.scan(COLA)
    register.tender("CASH", "10")


READS: dict[str, Callable[[Register], object]] = {
    "status": Register.status,
    "x report": Register.x_report,
    "last receipt": Register.last_receipt,
    "reprint": Register.reprint_last,
}


@pytest.mark.parametrize("read", ["start-up", *READS])
def test_a_long_read_does_not_hold_up_completing_a_sale(
    engines: tuple[Engine, Engine], read: str
) -> None:
    till_engine, reader_engine = engines
    till = start(SqlUnitOfWork(till_engine, company_id=demo.COMPANY_ID))
    paid_sale(till)
    till.complete()  # a receipt for the reprint and the preview
    paid_sale(till)
    held = HeldOpen(reader_engine)
    reader = None if read == "start-up" else start(held)
    errors: list[Exception] = []

    def run() -> None:
        try:
            if reader is None:
                start(held)  # its first reads: the open closure, in open_terminal
            else:
                READS[read](reader)
        except Exception as error:  # noqa: BLE001 - handed to the test, which fails on it
            errors.append(error)
            held.reads_done.set()

    held.armed = True
    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert held.reads_done.wait(30)
        done = till.complete()  # within the statement timeout, or StorageError
    finally:
        held.release.set()
        thread.join(30)
    assert errors == []
    assert done.receipt_number == 2


def test_a_writer_holding_the_closure_makes_the_sale_fail_not_hang(
    engines: tuple[Engine, Engine],
) -> None:
    """The control: a lock on the closure row does stop the sale, within the timeout."""
    till_engine, reader_engine = engines
    till = start(SqlUnitOfWork(till_engine, company_id=demo.COMPANY_ID))
    paid_sale(till)
    writer = SqlUnitOfWork(reader_engine, company_id=demo.COMPANY_ID)
    with writer:
        writer.closures.lock_current(demo.TERMINAL_ID)
        with pytest.raises(StorageError):
            till.complete()
    assert till.complete().receipt_number == 1  # once the lock is gone, the sale completes
