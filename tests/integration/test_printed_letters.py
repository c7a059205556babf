"""Letters on paper and on screen agree: the previews go through the printer's encode step.

A fixed code page prints what it has and ``?`` for the rest; ``encoding = "auto"`` (the
default) lets python-escpos switch code pages, so Turkish, German, Greek and Cyrillic
print as written. Whatever the paper shows, the text, HTML and PNG previews show too.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import attrs
import pytest

from adapters.escpos import EscposPrinter, FileConnection, PrinterSettings, render
from adapters.memory import MemoryUnitOfWork, SequentialIds, SteppingClock
from adapters.preview import text_of, to_html, to_png
from apps.pos_desktop.bootstrap.devices import build_devices, printer_settings
from apps.pos_desktop.device_settings import parse_device_config
from apps.pos_desktop.presenters import Till
from saleflex_core import Devices, Register, demo
from saleflex_core.domain.receipt import LayoutLine, as_printed
from tests.conftest import BAGUETTE, demo_data
from tests.integration.test_escpos_printer import printed

pytestmark = pytest.mark.integration

TURKISH = "Şişli ğ İı Ş çay"
GERMAN = "Größe Straße Ä"
GREEK = "Καλημέρα Ωμέγα"
CYRILLIC = "Привет Ёж"
# Epson ESC t numbers to Python's own codecs: an independent reading of the bytes.
CODECS = {0: "cp437", 2: "cp850", 13: "cp857", 14: "cp737", 15: "iso8859-7", 16: "cp1252",
          17: "cp866", 18: "cp852", 19: "cp858", 46: "cp1251", 47: "cp1253"}  # fmt: skip


def on_paper(job: bytes) -> str:
    """The one text line a job prints (ESC @, ESC t n switches, text, LF)."""
    letters, codec, at = "", "ascii", 0
    while at < len(job):
        if job[at : at + 2] == b"\x1b@":
            at += 2
        elif job[at : at + 2] == b"\x1bt":
            codec, at = CODECS[job[at + 2]], at + 3
        else:
            letters += job[at : at + 1].decode(codec)
            at += 1
    assert letters.endswith("\n")
    return letters.removesuffix("\n")


def printer(code_page: str | None) -> EscposPrinter:
    return EscposPrinter(
        PrinterSettings(FileConnection("/dev/null"), width=48, code_page=code_page)
    )


@pytest.mark.parametrize(
    ("code_page", "text", "paper"),
    [
        ("cp857", TURKISH, TURKISH),
        ("cp858", TURKISH, "?i?li ? ?? ? çay"),
        ("cp858", GERMAN, GERMAN),
        ("cp857", GREEK, "???????? ?????"),
        ("cp866", CYRILLIC, CYRILLIC),
        ("cp866", GERMAN, "Gr??e Stra?e ?"),
        (None, TURKISH, TURKISH),
        (None, GERMAN, GERMAN),
        (None, GREEK, GREEK),
        (None, CYRILLIC, CYRILLIC),
        (None, "中文 tea\x1b", "?? tea?"),  # no page has them; a control code is no command
    ],
)
def test_the_paper_and_every_preview_show_the_same_letters(
    code_page: str | None, text: str, paper: str
) -> None:
    device = printer(code_page)
    job = render([LayoutLine(text)], width=48, code_page=code_page)
    preview = as_printed([LayoutLine(text)], device.printable)

    assert on_paper(job) == paper
    assert device.printable(text) == paper
    assert text_of(preview, 48) == paper
    assert f">{escape(paper, quote=True)}</div>" in to_html(preview, 48)
    assert to_png(preview, 48) == to_png([LayoutLine(paper)], 48)


def test_the_default_printer_setting_prints_turkish_german_greek_and_cyrillic() -> None:
    config = parse_device_config('[devices.printer]\nkind = "file"\npath = "/dev/null"')
    settings = printer_settings(config)
    assert settings is not None and settings.code_page is None  # "auto"
    for text in (TURKISH, GERMAN, GREEK, CYRILLIC):
        assert on_paper(render([LayoutLine(text)], width=42, code_page=None)) == text
        assert EscposPrinter(settings).printable(text) == text


def test_a_fixed_code_page_and_a_profile_come_from_the_settings() -> None:
    config = parse_device_config(
        '[devices.printer]\nkind = "file"\npath = "/dev/null"\nencoding = "CP857"\n'
        'profile = "TM-T88V"'
    )
    settings = printer_settings(config)
    assert settings is not None
    assert (settings.code_page, settings.profile) == ("cp857", "TM-T88V")
    assert build_devices(config).charset is not None


def test_the_screen_shows_the_question_marks_the_printer_prints(tmp_path: Path) -> None:
    data = demo_data()
    data = attrs.evolve(data, store=attrs.evolve(data.store, name="Şükrü Fırın"))  # noqa: RUF001
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    demo.install(uow, data)
    paper = tmp_path / "lp0"
    device = EscposPrinter(
        PrinterSettings(FileConnection(str(paper)), code_page="cp858", check_status=False)
    )
    clock, ids = SteppingClock(), SequentialIds("p")
    register = Register(
        uow,
        terminal_id=demo.TERMINAL_ID,
        clock=clock,
        ids=ids,
        devices=Devices(printer=device, charset=device),
    )
    till = Till(register)
    till.pin_pad.sign_in("1", "1234")
    register.scan(BAGUETTE)
    register.tender("CASH", "5")
    register.complete()

    on_screen = till.reports.preview_last()
    rows, _ = printed(paper.read_bytes())

    assert "?ükrü F?r?n" in rows  # what the receipt printer printed
    assert "?ükrü F?r?n" in on_screen and "Şükrü" not in on_screen
    x_report = till.reports.x_report()
    assert "?ükrü F?r?n" in x_report and "?ükrü F?r?n" in printed(paper.read_bytes())[0]
