"""The ESC/POS printer: golden bytes, a TCP printer on 127.0.0.1, a serial line, faults.

The golden fixtures are the exact bytes of two known receipts. When a deliberate change
alters them, look at the new bytes and write them with
``python -m tests.integration.test_escpos_printer``.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import threading
import tty
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.escpos import (
    EscposDrawer,
    EscposPrinter,
    FileConnection,
    NetworkConnection,
    PrinterError,
    PrinterNotReady,
    PrinterSettings,
    PrinterTimeout,
    PrinterUnreachable,
    SerialConnection,
    UsbConnection,
    parse_connection,
    render,
)
from adapters.escpos.render import code128
from adapters.memory.devices import MemoryDisplay, MemoryScale
from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from apps.pos_desktop.bootstrap.devices import printer_settings
from apps.pos_desktop.device_settings import parse_device_config
from saleflex_core import demo
from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.catalog import PaymentType, Product
from saleflex_core.domain.document import Document
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Store
from saleflex_core.domain.receipt import LayoutLine, LineKind, receipt_layout, text_of
from saleflex_core.exceptions import ValidationError
from saleflex_core.ports import PaperLevel, PrinterStatus
from saleflex_core.register import Devices, Register
from tests.conftest import COLA, WINE, demo_data

pytestmark = [pytest.mark.integration, pytest.mark.timeout(30)]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
AT = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
STATUS_QUERIES = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"
READY = {1: 0x12, 2: 0x12, 4: 0x12}  # DLE EOT 1, 2, 4: online, no offline cause, paper


# --- two known receipts -------------------------------------------------------------------------


def product(i: int, name: str, minor: int, currency: str, vat: str = "A") -> Product:
    return Product(f"P{i}", str(i), name, "DEP", vat, Money(minor, currency))


def eur_receipt() -> list[LayoutLine]:
    store = Store(
        "S001",
        "C1",
        "SaleFlex Demo Market",
        Currency.of("EUR"),
        header=("1 Market Street", "VAT no. DEMO-123456"),
        footer=("Thank you for shopping with us!",),
    )
    doc = Document.start(
        id="d1", terminal_id="T01", store_id="S001", cashier_id="1", currency="EUR", at=AT
    )
    doc.add_line(product(1, "Baguette", 129, "EUR", "B"), Decimal(2), vat_rate=Decimal(10))
    doc.add_line(product(2, "Cola 330ml", 119, "EUR"), Decimal(3), vat_rate=Decimal(20))
    doc.adjust_line(2, Adjustment.discount(percent=Decimal(10)))
    doc.add_line(product(3, "Red wine 75cl", 899, "EUR"), Decimal(1), vat_rate=Decimal(20))
    doc.void_line(3)
    doc.adjust(Adjustment.discount(amount=Money(50, "EUR")))
    doc.add_payment(PaymentType.card(), Money(300, "EUR"))
    doc.add_payment(PaymentType.cash(), Money(1000, "EUR"))
    doc.complete(closure_number=1, receipt_number=42, at=AT, business_date=AT.date())
    return receipt_layout(doc, store, width=42, qr_template="https://verify.example/{unique_id}")


def tr_de_receipt() -> list[LayoutLine]:
    store = Store(
        "S002",
        "C1",
        "Şükrü & Müller Fırın",  # noqa: RUF001 (the Turkish dotless i)
        Currency.of("TRY"),
        header=("İstiklal Cad. 5, İstanbul", "Große Straße 1, Köln"),
        footer=("Teşekkürler! Danke schön!", "Crème brûlée à la française"),
    )
    doc = Document.start(
        id="d2", terminal_id="T02", store_id="S002", cashier_id="3", currency="TRY", at=AT
    )
    doc.add_line(product(1, "Çay (Rize) 1 kg", 18950, "TRY"), Decimal(1), vat_rate=Decimal(20))
    doc.add_line(product(2, "Öğle simidi", 1500, "TRY", "B"), Decimal(4), vat_rate=Decimal(10))
    doc.add_line(
        product(3, "Brötchen Weißmehl", 1275, "TRY", "B"), Decimal(2), vat_rate=Decimal(10)
    )
    doc.add_payment(PaymentType.cash(), Money(30000, "TRY"))
    doc.complete(closure_number=7, receipt_number=1604, at=AT, business_date=AT.date())
    return receipt_layout(doc, store, width=32, copy=True)


GOLDEN = {
    "receipt_42_eur.bin": lambda: render(eur_receipt(), width=42, code_page="CP858"),
    "receipt_32_try_cp857.bin": lambda: render(tr_de_receipt(), width=32, code_page="cp857"),
}


def write_fixtures() -> None:
    FIXTURES.mkdir(exist_ok=True)
    for name, job in GOLDEN.items():
        (FIXTURES / name).write_bytes(job())


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_a_known_receipt_renders_to_the_golden_bytes(name: str) -> None:
    assert GOLDEN[name]() == (FIXTURES / name).read_bytes()


# --- reading ESC/POS back: what would the paper say? -----------------------------------------

PAGES = {0: "cp437", 2: "cp850", 13: "cp857", 16: "cp1252", 19: "cp858", 48: "cp1254"}
ONE_ARGUMENT = {b"\x1b!", b"\x1bE", b"\x1ba", b"\x1bd", b"\x1dh", b"\x1dw", b"\x1df", b"\x1dH"}


def printed(job: bytes) -> tuple[list[str], list[bytes]]:
    """The text rows a printer would print, and the other commands it got, in order."""
    rows: list[str] = []
    commands: list[bytes] = []
    row, page, i = "", 0, 0
    while i < len(job):
        two = job[i : i + 2]
        if two == b"\x1b@":
            page, size = 0, 2
        elif two == b"\x1bt":
            page, size = job[i + 2], 3
        elif two in ONE_ARGUMENT:
            size = 3
        elif two == b"\x1dV":
            size = 3 if job[i + 2] in (0, 1, 48, 49) else 4
        elif two == b"\x1dk":  # GS k m n data (function B)
            size = 4 + job[i + 3]
        elif job[i : i + 3] == b"\x1d(k":
            size = 5 + job[i + 3] + 256 * job[i + 4]
        elif job[i] == 0x0A:
            rows.append(row)
            row, i = "", i + 1
            continue
        else:
            assert job[i] >= 0x20, f"unexpected control byte {job[i]:#x} at {i}"
            row += bytes([job[i]]).decode(PAGES[page])
            i += 1
            continue
        commands.append(job[i : i + size])
        i += size
    assert row == "", "text left in the buffer: never printed"
    return rows, commands


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_the_golden_bytes_are_sane_escpos(name: str) -> None:
    job = (FIXTURES / name).read_bytes()
    rows, commands = printed(job)
    assert job.startswith(b"\x1b@\x1bt")  # reset, then the code page
    assert commands[-2:] == [b"\x1bd\x06", b"\x1dV\x01"]  # feed, then a partial cut
    assert any(command.startswith(b"\x1dkI") for command in commands)  # CODE128
    layout = eur_receipt() if "eur" in name else tr_de_receipt()
    texts = [line.text for line in layout if line.kind is LineKind.TEXT]
    rules = [line for line in layout if line.kind is LineKind.RULE]
    assert [row for row in rows if set(row) != {"-"}] == texts
    assert len([row for row in rows if set(row) == {"-"}]) == len(rules)


def test_the_golden_eur_receipt_has_its_qr_and_barcode() -> None:
    _, commands = printed((FIXTURES / "receipt_42_eur.bin").read_bytes())
    url = b"https://verify.example/20260105-0001-000042"
    qr_data = [c for c in commands if c.startswith(b"\x1d(k") and c[6:7] == b"P"]
    assert qr_data == [b"\x1d(k" + bytes([len(url) + 3, 0]) + b"1P0" + url]
    assert b"\x1d(k\x03\x001Q0" in commands  # print the stored symbol
    barcode = next(c for c in commands if c.startswith(b"\x1dkI"))
    assert barcode[3:] == bytes([11]) + b"{C" + bytes([20, 26, 1, 5, 0, 1, 0, 0, 42])


@pytest.mark.parametrize(
    ("code_page", "text"),
    [
        ("cp857", "Şeftali ğ İı Straße äöü Ç é è à"),
        ("CP1254", "Şeftali ğ İı Straße œuvre 5 €"),
        ("cp858", "Größe Crème brûlée 5 €"),
        (None, "Şeftali ğ İı Straße œuvre 5 € Größe"),  # pages switched letter by letter
    ],
)
def test_turkish_german_and_french_letters_print_as_written(
    code_page: str | None, text: str
) -> None:
    job = render([LayoutLine(text), LayoutLine(kind=LineKind.CUT)], width=48, code_page=code_page)
    rows, _ = printed(job)
    assert rows == [text]


def test_a_letter_the_code_page_lacks_prints_as_a_question_mark() -> None:
    job = render([LayoutLine("Şişli œ")], width=42, code_page="cp858")
    assert printed(job)[0] == ["?i?li ?"]


def test_an_unknown_code_page_or_profile_is_refused_at_start_up() -> None:
    connection = FileConnection("/dev/null")
    with pytest.raises(ValidationError, match="KLINGON"):
        EscposPrinter(PrinterSettings(connection, code_page="klingon"))
    with pytest.raises(ValidationError, match="profile"):
        EscposPrinter(PrinterSettings(connection, profile="no-such-printer"))


def test_ids_go_into_code128_compactly_and_never_as_a_dle_byte() -> None:
    assert code128("202601050001000001") == "{C" + "".join(map(chr, [20, 26, 1, 5, 0, 1, 0, 0, 1]))
    assert code128("161604") == "{B1616{C\x04"
    assert (
        code128("2026010510000000001")
        == "{C" + "".join(map(chr, [20, 26, 1, 5, 10, 0, 0, 0, 0])) + "{B1"
    )  # an odd last digit
    assert code128("20260105-0001-000001") == "{B20260105-0001-000001"  # exactly as given
    assert code128("ABC-7{") == "{BABC-7{{"
    with pytest.raises(PrinterError, match="barcode"):
        code128("Zürich")


# --- a printer on 127.0.0.1 ---------------------------------------------------------------------


class FakePrinter:
    """A TCP server playing an ESC/POS printer: records each connection's bytes, answers
    DLE EOT status queries from ``answers``; ``mode`` "drop" hangs up at once, "silent"
    neither reads nor answers."""

    def __init__(self, port: int = 0, mode: str = "answer") -> None:
        self.server = socket.create_server(("127.0.0.1", port))
        self.port = self.server.getsockname()[1]
        self.mode = mode
        self.answers = dict(READY)
        self.jobs: list[bytes] = []
        self.done = threading.Semaphore(0)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        self.server.settimeout(0.1)
        while not self.stop.is_set():
            try:
                client, _ = self.server.accept()
            except TimeoutError:
                continue
            with client:
                self.session(client)
            self.done.release()

    def session(self, client: socket.socket) -> None:
        if self.mode == "drop":
            return
        if self.mode == "silent":
            self.stop.wait()
            return
        data, seen = bytearray(), 0
        while chunk := client.recv(65536):
            data += chunk
            while (at := data.find(b"\x10\x04", seen)) != -1 and at + 2 < len(data):
                client.sendall(bytes([self.answers[data[at + 2]]]))
                seen = at + 3
        self.jobs.append(bytes(data))

    def wait(self) -> None:
        assert self.done.acquire(timeout=5), "the printer never saw the connection end"

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.server.close()

    def settings(self, **options: object) -> PrinterSettings:
        connection = NetworkConnection("127.0.0.1", self.port, timeout=0.5)
        return PrinterSettings(connection, **options)


@pytest.fixture
def fake() -> Iterator[FakePrinter]:
    printer = FakePrinter()
    yield printer
    printer.close()


def dead_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


def test_the_job_arrives_whole_after_the_status_check(fake: FakePrinter) -> None:
    layout = eur_receipt()
    printer = EscposPrinter(fake.settings(code_page="CP858"))
    printer.print_layout(layout)
    fake.wait()
    assert fake.jobs == [STATUS_QUERIES + (FIXTURES / "receipt_42_eur.bin").read_bytes()]


def test_without_the_status_check_only_the_job_is_sent(fake: FakePrinter) -> None:
    printer = EscposPrinter(fake.settings(check_status=False, width=32))
    layout = tr_de_receipt()
    printer.print_layout(layout)
    fake.wait()
    assert fake.jobs == [printer.render(layout)]


def test_the_drawer_gets_the_kick_pulse_on_its_pin(fake: FakePrinter) -> None:
    EscposDrawer(fake.settings()).open()
    EscposDrawer(fake.settings(drawer_pin=5)).open()
    fake.wait()
    fake.wait()
    assert fake.jobs == [b"\x1bp\x00\x32\x32", b"\x1bp\x01\x32\x32"]


@pytest.mark.parametrize(
    ("answers", "status"),
    [
        (READY, PrinterStatus()),
        ({1: 0x12, 2: 0x12, 4: 0x1E}, PrinterStatus(paper=PaperLevel.LOW)),
        ({1: 0x1A, 2: 0x32, 4: 0x72}, PrinterStatus(False, PaperLevel.OUT)),
        ({1: 0x1A, 2: 0x16, 4: 0x12}, PrinterStatus(False, cover_open=True)),
        ({1: 0x1A, 2: 0x52, 4: 0x12}, PrinterStatus(online=False)),
    ],
)
def test_status_is_read_from_the_printer(
    fake: FakePrinter, answers: dict[int, int], status: PrinterStatus
) -> None:
    fake.answers = answers
    assert EscposPrinter(fake.settings()).status() == status
    fake.wait()
    assert fake.jobs == [STATUS_QUERIES]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({1: 0x1A, 2: 0x32, 4: 0x72}, "out of paper"),
        ({1: 0x1A, 2: 0x16, 4: 0x12}, "the cover is open"),
        ({1: 0x1A, 2: 0x52, 4: 0x12}, "offline"),
    ],
)
def test_a_printer_that_cannot_print_gets_no_job(
    fake: FakePrinter, answers: dict[int, int], message: str
) -> None:
    fake.answers = answers
    with pytest.raises(PrinterNotReady, match=f"Printer 127.0.0.1:{fake.port}: {message}"):
        EscposPrinter(fake.settings()).print_layout(eur_receipt())
    fake.wait()
    assert fake.jobs == [STATUS_QUERIES]


def test_an_answer_that_is_not_a_status_does_not_stop_the_job(fake: FakePrinter) -> None:
    fake.answers = {1: 0xFF, 2: 0xFF, 4: 0xFF}
    printer = EscposPrinter(fake.settings())
    assert printer.status() is None
    printer.print_layout([LayoutLine("x")])
    fake.wait()
    fake.wait()
    assert fake.jobs[1] == STATUS_QUERIES + printer.render([LayoutLine("x")])


def test_nobody_listening_is_unreachable() -> None:
    port = dead_port()
    settings = PrinterSettings(NetworkConnection("127.0.0.1", port, timeout=0.5))
    with pytest.raises(PrinterUnreachable, match=f"127.0.0.1:{port} cannot be reached") as err:
        EscposPrinter(settings).print_layout(eur_receipt())
    assert isinstance(err.value.__cause__, Exception)
    with pytest.raises(PrinterUnreachable):
        EscposDrawer(settings).open()
    with pytest.raises(PrinterUnreachable):
        EscposPrinter(settings).status()


def test_a_printer_that_hangs_up_is_reported() -> None:
    fake = FakePrinter(mode="drop")
    try:
        with pytest.raises(PrinterUnreachable, match=r"gave no status|dropped the connection"):
            EscposPrinter(fake.settings()).print_layout(eur_receipt())
    finally:
        fake.close()


def test_a_printer_that_never_answers_times_out() -> None:
    fake = FakePrinter(mode="silent")
    try:
        with pytest.raises(PrinterTimeout, match="did not answer in time"):
            EscposPrinter(fake.settings()).print_layout(eur_receipt())
    finally:
        fake.close()


# --- the sale survives the printer ------------------------------------------------------------


def test_a_sale_completes_with_the_printer_down_and_reprints_when_it_is_back() -> None:
    port = dead_port()
    settings = PrinterSettings(NetworkConnection("127.0.0.1", port, timeout=0.5))
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    demo.install(uow, demo_data())
    devices = Devices(
        EscposPrinter(settings), EscposDrawer(settings), MemoryDisplay(), MemoryScale()
    )
    till = Register(
        uow,
        terminal_id=demo.TERMINAL_ID,
        clock=SteppingClock(),
        ids=SequentialIds("doc"),
        devices=devices,
    )
    till.sign_in("1", "1234")
    till.scan(COLA)
    till.scan(WINE)
    till.tender("CASH", "20")
    done = till.complete()

    assert len(done.device_errors) == 2  # the receipt and the drawer
    assert all(f"127.0.0.1:{port} cannot be reached" in e for e in done.device_errors)
    with uow:
        kept = uow.documents.get(done.sale.document_id)
    assert kept.unique_id == done.unique_id
    assert till.sale is None  # the till is free for the next customer

    fake = FakePrinter(port=port)
    try:
        till.reprint_last()
        fake.wait()
    finally:
        fake.close()
    rows, _ = printed(fake.jobs[0].removeprefix(STATUS_QUERIES))
    assert "*** COPY ***" in rows
    assert f"No {done.unique_id}" in rows
    assert "TOTAL".ljust(36) + " 10.18" in rows


# --- other connections ------------------------------------------------------------------------


def test_a_file_printer_gets_the_bytes_and_reports_no_status(tmp_path: Path) -> None:
    out = tmp_path / "lp0"
    printer = EscposPrinter(PrinterSettings(FileConnection(str(out)), width=32))
    printer.print_layout(tr_de_receipt())
    assert out.read_bytes() == printer.render(tr_de_receipt())
    assert printer.status() is None


def test_a_file_printer_that_cannot_be_opened_is_unreachable(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "lp0"
    with pytest.raises(PrinterUnreachable, match="no such file"):
        EscposPrinter(PrinterSettings(FileConnection(str(missing)))).print_layout([LayoutLine()])


def test_a_serial_printer_on_a_pseudo_terminal() -> None:
    controller, line = os.openpty()
    tty.setraw(controller)
    received = bytearray()

    def play_printer() -> None:
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                return
            received.extend(chunk)
            os.write(controller, b"\x12" * chunk.count(b"\x10\x04"))

    player = threading.Thread(target=play_printer, daemon=True)
    player.start()
    connection = SerialConnection(os.ttyname(line), 19200, timeout=0.5)
    printer = EscposPrinter(PrinterSettings(connection))
    try:
        assert printer.status() == PrinterStatus()
        printer.print_layout([LayoutLine("Merhaba"), LayoutLine(kind=LineKind.CUT)])
    finally:
        os.close(line)  # the last end of the line closed: the player's read fails and it stops
        player.join(timeout=5)
        os.close(controller)
    job = printer.render([LayoutLine("Merhaba"), LayoutLine(kind=LineKind.CUT)])
    assert bytes(received).endswith(STATUS_QUERIES + job)


def test_a_missing_serial_port_is_unreachable() -> None:
    settings = PrinterSettings(SerialConnection("/dev/no-such-tty", timeout=0.2))
    with pytest.raises(PrinterUnreachable, match="/dev/no-such-tty at 9600 baud"):
        EscposPrinter(settings).print_layout([LayoutLine()])


@pytest.mark.skipif(importlib.util.find_spec("usb") is not None, reason="pyusb is installed")
def test_usb_without_pyusb_says_so() -> None:
    settings = PrinterSettings(UsbConnection(0x04B8, 0x0202))
    with pytest.raises(PrinterError, match="pyusb"):
        EscposPrinter(settings).print_layout([LayoutLine()])


# --- settings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "connection"),
    [
        ("tcp://10.0.0.5:9100", NetworkConnection("10.0.0.5", 9100, 2.0)),
        ("tcp://printer.local", NetworkConnection("printer.local", 9100, 2.0)),
        ("serial:///dev/ttyS0?baudrate=19200", SerialConnection("/dev/ttyS0", 19200, 2.0)),
        ("usb://04b8:0202", UsbConnection(0x04B8, 0x0202, 2.0)),
        ("file:///dev/usb/lp0", FileConnection("/dev/usb/lp0")),
    ],
)
def test_connections_read_from_a_settings_string(text: str, connection: object) -> None:
    assert parse_connection(text, timeout=2.0) == connection


@pytest.mark.parametrize("text", ["lpt1", "tcp://", "usb://zz:01", "tcp://host:99999"])
def test_a_bad_connection_string_is_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="printer address"):
        parse_connection(text)


def test_settings_come_from_the_terminals_device_tables() -> None:
    config = parse_device_config(
        """
        [devices.printer]
        kind = "network"
        host = "192.168.1.50"
        width = 48
        encoding = "cp857"
        timeout = 2.5

        [devices.drawer]
        kind = "printer"
        pin = 5
        """
    )
    assert printer_settings(config) == PrinterSettings(
        NetworkConnection("192.168.1.50", 9100, 2.5), width=48, code_page="cp857", drawer_pin=5
    )
    assert printer_settings(parse_device_config("")) is None


def test_settings_refuse_a_paper_width_the_layout_does_not_know() -> None:
    with pytest.raises(ValidationError, match="Paper width"):
        PrinterSettings(FileConnection("/dev/null"), width=40)
    with pytest.raises(ValidationError, match="pin"):
        PrinterSettings(FileConnection("/dev/null"), drawer_pin=3)


if __name__ == "__main__":
    write_fixtures()
    for name, layout, width in [
        ("receipt_42_eur.bin", eur_receipt(), 42),
        ("receipt_32_try_cp857.bin", tr_de_receipt(), 32),
    ]:
        print(name, len((FIXTURES / name).read_bytes()), "bytes")
        print(text_of(layout, width))
