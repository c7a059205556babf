"""The serial customer display and scale on pyserial, against small fake devices.

The display writes to ``loop://`` (read back byte for byte) or to a pseudo-terminal
whose master end a fake VFD reads; the scale talks to a fake Toledo 8217 scale thread
on a pseudo-terminal's master end. The adapters open the slave by its path, as they
would ``/dev/ttyUSB0``.
"""

from __future__ import annotations

import os
import select
import threading
import time
import tty
from collections import deque
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import ClassVar

import pytest
import serial

from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from adapters.serial import SerialDisplay, ToledoScale
from adapters.serial.display import CODE_TABLES
from apps.pos_desktop.bootstrap.devices import build_devices
from apps.pos_desktop.device_settings import DISPLAY_ENCODINGS, parse_device_config
from saleflex_core import demo
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import DeviceError, ScaleError
from saleflex_core.register import Devices, Register
from tests.conftest import APPLES_PLU, BAGUETTE

pytestmark = pytest.mark.integration

ESC, US, CLR = b"\x1b", b"\x1f", b"\x0c"
TOP, BOTTOM = US + b"$\x01\x01", US + b"$\x01\x02"


def greeting(table: int) -> bytes:
    """Initialise, code table, overwrite mode, clear."""
    return ESC + b"@" + ESC + b"t" + bytes([table]) + US + b"\x01" + CLR


class Pty:
    """A pseudo-terminal pair: adapters open ``path``; the fake device works ``master``."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.unplugged = False

    def read(self, quiet: float = 0.1) -> bytes:
        """Everything the adapter wrote, up to a pause of ``quiet`` seconds."""
        data = b""
        while select.select([self.master], [], [], quiet)[0]:
            data += os.read(self.master, 4096)
        return data

    def unplug(self) -> None:
        """The device goes away: its end of the line closes."""
        os.close(self.master)
        self.unplugged = True

    def close(self) -> None:
        if not self.unplugged:
            os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def pty() -> Iterator[Pty]:
    pair = Pty()
    yield pair
    pair.close()


# --- a fake VFD -----------------------------------------------------------------------------


class FakeVfd:
    """Enough of an ESC/POS customer display to see what the customer sees."""

    TABLES: ClassVar[dict[int, str]] = {
        0: "cp437",
        2: "cp850",
        13: "cp857",
        16: "cp1252",
        17: "cp866",
        18: "cp852",
        19: "cp858",
    }

    def __init__(self, width: int = 20) -> None:
        self.width = width
        self.encoding = "cp437"
        self.commands: list[str] = []
        self.clear()

    def clear(self) -> None:
        self.cells = [[" "] * self.width for _ in range(2)]
        self.x = self.y = 0

    @property
    def screen(self) -> tuple[str, str]:
        top, bottom = ("".join(row) for row in self.cells)
        return top, bottom

    def feed(self, data: bytes) -> None:
        i = 0
        while i < len(data):
            i = self._one(data, i)

    def _one(self, data: bytes, i: int) -> int:
        byte = data[i]
        if data[i : i + 2] == ESC + b"@":
            self.commands.append("initialise")
            self.encoding = "cp437"
            self.clear()
            return i + 2
        if data[i : i + 2] == ESC + b"t":
            self.encoding = self.TABLES[data[i + 2]]
            return i + 3
        if data[i : i + 2] == US + b"\x01":
            self.commands.append("overwrite")
            return i + 2
        if data[i : i + 2] == US + b"$":
            self.x, self.y = data[i + 2] - 1, data[i + 3] - 1
            assert 0 <= self.x < self.width and self.y in (0, 1), data[i : i + 4]
            return i + 4
        if byte == CLR[0]:
            self.commands.append("clear")
            self.clear()
            return i + 1
        assert byte >= 0x20, f"unknown control byte {byte:#04x} in {data!r}"
        self.cells[self.y][self.x] = bytes([byte]).decode(self.encoding)
        self.x += 1
        if self.x == self.width:  # overwrite mode: on to the next line, then home
            self.x, self.y = 0, (self.y + 1) % 2
        return i + 1


@pytest.fixture
def vfd(pty: Pty) -> Iterator[tuple[SerialDisplay, FakeVfd]]:
    display = SerialDisplay(pty.path, encoding="cp858", timeout=0.5)
    yield display, FakeVfd()
    display.close()


def seen(pty: Pty, fake: FakeVfd) -> tuple[str, str]:
    fake.feed(pty.read())
    return fake.screen


# --- display on loop:// -------------------------------------------------------------------


def loop_display(encoding: str) -> SerialDisplay:
    return SerialDisplay("loop://", encoding=encoding, timeout=0.5)


def written(display: SerialDisplay) -> bytes:
    port = display.link.port
    return bytes(port.read(port.in_waiting))


def test_the_display_is_initialised_once_then_shows_positioned_turkish_text() -> None:
    display = loop_display("cp857")

    display.show("ŞİŞLİ ÇAY", "12.50")
    first = written(display)
    display.show("TOTAL", "15.00")
    second = written(display)

    name = b"\x9e\x98\x9e\x4c\x98 \x80AY"  # cp857: Ş İ Ş L İ space Ç A Y
    assert first == greeting(13) + TOP + name + b" " * 11 + BOTTOM + b" " * 15 + b"12.50"
    assert second == TOP + b"TOTAL" + b" " * 15 + BOTTOM + b" " * 15 + b"15.00"
    display.close()


def test_german_letters_and_the_euro_sign_are_sent_in_the_code_page() -> None:
    display = loop_display("cp858")

    display.show("Grüße Käse", "€ 3.50")

    text = b"Gr\x81\xe1e K\x84se".ljust(20) + BOTTOM + b"\xd5 3.50".rjust(20)
    assert written(display) == greeting(19) + TOP + text
    display.close()


def test_letters_the_code_page_lacks_become_question_marks_never_a_crash() -> None:
    display = loop_display("cp437")

    display.show("日本茶 €1", "ok")

    assert written(display) == greeting(0) + TOP + b"??? ?1".ljust(20) + BOTTOM + b"ok".rjust(20)
    display.close()


def test_long_text_is_cut_and_control_codes_cannot_reach_the_display() -> None:
    display = loop_display("cp437")

    display.show("Extra long product name here", "A\x1b@\x0cB")

    assert written(display) == (
        greeting(0) + TOP + b"Extra long product n" + BOTTOM + b"A @ B".rjust(20)
    )
    display.close()


def test_idle_centres_a_message_over_both_lines_and_clear_blanks_the_display() -> None:
    display = loop_display("cp437")

    display.idle("Welcome to SaleFlex Market")
    display.clear()

    assert written(display) == (
        greeting(0) + TOP + b"Welcome to SaleFlex " + BOTTOM + b"       Market       " + CLR
    )
    display.close()


def test_the_display_knows_every_code_page_the_settings_allow() -> None:
    assert set(CODE_TABLES) == set(DISPLAY_ENCODINGS)
    with pytest.raises(ValueError, match="utf-8"):
        SerialDisplay("loop://", encoding="utf-8")


def test_the_display_is_built_from_the_settings() -> None:
    config = parse_device_config(
        '[devices.display]\nkind = "serial"\ndevice = "loop://"\nencoding = "cp857"\nwidth = 16'
    )
    display = build_devices(config).display
    assert isinstance(display, SerialDisplay)

    display.show("ÇAY", "1.00")

    assert written(display) == greeting(13) + TOP + b"\x80AY".ljust(16) + BOTTOM + b"1.00".rjust(16)
    display.close()


# --- display on a pseudo-terminal ---------------------------------------------------------


def test_a_fake_vfd_shows_what_the_customer_would_read(
    pty: Pty, vfd: tuple[SerialDisplay, FakeVfd]
) -> None:
    display, fake = vfd

    display.show("Äpfel", "3.74")
    assert seen(pty, fake) == ("Äpfel".ljust(20), "3.74".rjust(20))
    assert fake.commands == ["initialise", "overwrite", "clear"]

    display.show("CASH 20.00", "CHANGE 16.26")
    assert seen(pty, fake) == ("CASH 20.00".ljust(20), "CHANGE 16.26".rjust(20))

    display.idle("Günayd\u0131n")  # cp858 has no dotless i
    assert seen(pty, fake) == ("Günayd?n".center(20), " " * 20)


def test_a_sale_on_the_register_reaches_the_fake_vfd(
    pty: Pty,
    vfd: tuple[SerialDisplay, FakeVfd],
    uow: MemoryUnitOfWork,
    clock: SteppingClock,
    ids: SequentialIds,
) -> None:
    display, fake = vfd
    register = signed_in(uow, clock, ids, Devices(display=display))

    register.scan(BAGUETTE)
    assert seen(pty, fake) == ("Baguette".ljust(20), "1.29".rjust(20))

    register.tender("CASH", "5")
    assert seen(pty, fake)[1] == "CHANGE 3.71".rjust(20)


def test_a_display_that_cannot_be_opened_is_a_device_error_naming_it() -> None:
    display = SerialDisplay("/dev/no-such-display", timeout=0.2)

    with pytest.raises(DeviceError, match=r"^Customer display: cannot open /dev/no-such-display"):
        display.show("A", "B")
    with pytest.raises(DeviceError) as raised:
        display.idle("again")
    assert isinstance(raised.value.__cause__, serial.SerialException)


def test_an_unplugged_display_is_a_device_error_and_the_sale_goes_on(
    pty: Pty,
    vfd: tuple[SerialDisplay, FakeVfd],
    uow: MemoryUnitOfWork,
    clock: SteppingClock,
    ids: SequentialIds,
) -> None:
    display, _ = vfd
    display.show("hello", "")
    pty.unplug()

    with pytest.raises(DeviceError, match=r"^Customer display: cannot write to "):
        display.show("A", "B")
    assert not display.link.is_open  # closed, to be reopened on the next call

    register = signed_in(uow, clock, ids, Devices(display=display))
    sale = register.scan(BAGUETTE)  # the line is committed; the display fault is only logged
    assert [line.name for line in sale.lines] == ["Baguette"]


# --- a fake Toledo 8217 scale ---------------------------------------------------------------


class FakeToledo:
    """Answers each ``W`` on the master end with the next queued answer (or stays silent)."""

    def __init__(self, pty: Pty) -> None:
        self.pty = pty
        self.answers: deque[bytes] = deque()
        self.received = b""
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        fd = self.pty.master
        while not self.stopped.is_set():
            if not select.select([fd], [], [], 0.02)[0]:
                continue
            try:
                data = os.read(fd, 64)
            except OSError:  # every slave end is closed: the line is dead
                return
            self.received += data
            for _ in range(data.count(b"W")):
                os.write(fd, self.answers.popleft() if self.answers else b"")

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=2)


@pytest.fixture
def toledo(pty: Pty) -> Iterator[tuple[ToledoScale, FakeToledo]]:
    fake = FakeToledo(pty)
    scale = ToledoScale(pty.path, timeout=0.2)
    yield scale, fake
    scale.close()
    fake.stop()


@pytest.mark.parametrize(
    ("answer", "weight"),
    [
        (b"\x0201.234\r", Decimal("1.234")),
        (b"\x0200.750\r", Decimal("0.750")),
        (b"\x02 2.50N\r", Decimal("2.50")),
        (b"\x02012.345\r", Decimal("12.345")),
    ],
    ids=["kg", "grams-kept-exact", "net-with-spaces", "three-integer-digits"],
)
def test_a_steady_weight_is_read_as_an_exact_decimal(
    toledo: tuple[ToledoScale, FakeToledo], answer: bytes, weight: Decimal
) -> None:
    scale, fake = toledo
    fake.answers.append(answer)

    read = scale.read_weight()

    assert isinstance(read, Decimal)
    assert read == weight
    assert str(read) == str(weight)  # the scale's decimals, not a float's
    assert fake.received == b"W"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (b"\x02?a\r", "The scale is not steady: wait until the weight settles and weigh again"),
        (b"\x02?b\r", "The scale is overloaded: the item is too heavy for it"),
        (b"\x02?c\r", "The scale is overloaded: the item is too heavy for it"),
        (b"\x02?d\r", "The scale shows less than zero: empty it and zero it"),
        (b"\x02?h\r", "The scale is not zeroed: empty it and zero it"),
        (b"\x02?p\r", "There is nothing on the scale"),
        (b"\x02?\xe1\r", "The scale is not steady: wait until the weight settles and weigh again"),
        (b"\x0200.000\r", "There is nothing on the scale"),
        (b"\x02?`\r", "The scale gave no weight (status 0x60): weigh again"),
        (b"hello\r", "The scale's answer cannot be read (b'hello\\r'): check that it is set"),
        (b"\x021.2.3\r", "The scale's answer cannot be read"),
        (b"\x02-0.500\r", "The scale's answer cannot be read"),
        (b"\x0201.2", "The scale's answer was cut short: weigh again"),
        (b"", "The scale did not answer: check that it is on and connected"),
    ],
    ids=[
        "motion",
        "overload",
        "overload-in-motion",
        "under-zero",
        "outside-zero-range",
        "centre-of-zero",
        "motion-with-parity-bit",
        "zero-weight",
        "no-flag",
        "garbage",
        "two-points",
        "negative",
        "cut-short",
        "silent",
    ],
)
def test_anything_but_a_steady_weight_is_a_scale_error_saying_why(
    toledo: tuple[ToledoScale, FakeToledo], answer: bytes, message: str
) -> None:
    scale, fake = toledo
    fake.answers.append(answer)

    with pytest.raises(ScaleError) as raised:
        scale.read_weight()

    assert raised.value.message.startswith(message)


def test_the_scale_answers_again_after_a_timeout(toledo: tuple[ToledoScale, FakeToledo]) -> None:
    scale, fake = toledo
    with pytest.raises(ScaleError, match="did not answer"):
        scale.read_weight()

    fake.answers.append(b"\x0200.400\r")
    assert scale.read_weight() == Decimal("0.400")
    assert fake.received == b"WW"


def test_a_stale_answer_waiting_on_the_line_is_not_taken_for_this_weighing(
    pty: Pty, toledo: tuple[ToledoScale, FakeToledo]
) -> None:
    scale, fake = toledo
    fake.answers.append(b"\x0200.400\r")
    assert scale.read_weight() == Decimal("0.400")
    os.write(pty.master, b"\x0209.999\r")  # e.g. the PRINT key pressed on the scale
    wait_until(lambda: scale.link.port.in_waiting > 0)

    fake.answers.append(b"\x0200.250\r")
    assert scale.read_weight() == Decimal("0.250")


def test_a_scale_that_cannot_be_opened_is_a_scale_error() -> None:
    scale = ToledoScale("/dev/no-such-scale", timeout=0.2)

    with pytest.raises(ScaleError, match=r"^Scale: cannot open /dev/no-such-scale") as raised:
        scale.read_weight()
    assert isinstance(raised.value.__cause__, serial.SerialException)


def test_an_unplugged_scale_is_a_scale_error(
    pty: Pty, toledo: tuple[ToledoScale, FakeToledo]
) -> None:
    scale, fake = toledo
    fake.answers.append(b"\x0200.400\r")
    scale.read_weight()
    fake.stop()
    pty.unplug()

    with pytest.raises(ScaleError, match=r"^Scale: cannot talk to "):
        scale.read_weight()


def test_the_scale_is_built_from_the_settings(pty: Pty) -> None:
    config = parse_device_config(
        f'[devices.scale]\nkind = "serial"\ndevice = "{pty.path}"\ntimeout = 0.2\nframing = "8N1"'
    )
    fake = FakeToledo(pty)
    scale = build_devices(config).scale
    assert isinstance(scale, ToledoScale)
    try:
        fake.answers.append(b"\x0203.000\r")
        assert scale.read_weight() == Decimal("3.000")
        assert scale.link.port.bytesize == serial.EIGHTBITS
    finally:
        scale.close()
        fake.stop()


# --- end to end: the register weighs on the serial scale ------------------------------------


def signed_in(
    uow: MemoryUnitOfWork, clock: SteppingClock, ids: SequentialIds, devices: Devices
) -> Register:
    register = Register(uow, terminal_id=demo.TERMINAL_ID, clock=clock, ids=ids, devices=devices)
    register.sign_in("1", "1234")
    return register


def test_the_register_sells_apples_at_the_weight_on_the_serial_scale(
    toledo: tuple[ToledoScale, FakeToledo],
    uow: MemoryUnitOfWork,
    clock: SteppingClock,
    ids: SequentialIds,
) -> None:
    scale, fake = toledo
    register = signed_in(uow, clock, ids, Devices(scale=scale))
    fake.answers.append(b"\x0201.255\r")

    sale = register.scan(APPLES_PLU)

    line = sale.lines[0]
    assert (line.name, line.quantity) == ("Apples", Decimal("1.255"))
    assert line.net == Money(312, "EUR")  # 1.255 kg × 2.49 = 3.12495
    with uow:
        assert uow.drafts.get(sale.document_id).lines[0].quantity == Decimal("1.255")


def test_an_unsteady_scale_adds_no_line(
    toledo: tuple[ToledoScale, FakeToledo],
    uow: MemoryUnitOfWork,
    clock: SteppingClock,
    ids: SequentialIds,
) -> None:
    scale, fake = toledo
    register = signed_in(uow, clock, ids, Devices(scale=scale))

    fake.answers.append(b"\x02?a\r")
    with pytest.raises(ScaleError, match="not steady"):
        register.scan(APPLES_PLU)
    with uow:
        assert uow.drafts.active_for(demo.TERMINAL_ID) is None  # no sale was opened for it

    sale = register.scan(BAGUETTE)
    fake.answers.extend([b"\x02?a\r", b""])
    for _ in range(2):  # unsteady, then silent
        with pytest.raises(ScaleError):
            register.scan(APPLES_PLU)
    with uow:
        stored = uow.drafts.get(sale.document_id)
    assert [line.name for line in stored.lines] == ["Baguette"]
    assert register.sale == sale


def wait_until(condition: Callable[[], bool], limit: float = 2.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)
