"""Layout lines to ESC/POS bytes, through python-escpos's Dummy printer (no I/O here).

One job is: ESC @ (reset), the code page, then each line with only the style changes
it needs, then feed and cut. The bytes go to the printer in one piece afterwards, so a
job that cannot be rendered never starts printing.

Text goes through one encode step (``_encode``): a fixed code page, or python-escpos
switching pages letter by letter (``code_page=None``); a letter no page has prints as
``?``. ``printable`` runs a text through that same step and reads the bytes back, so a
preview shows what the paper will show, ``?`` included.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import re
from collections.abc import Sequence
from typing import Any

from escpos.codepages import CodePages
from escpos.constants import QR_ECLEVEL_M
from escpos.exceptions import Error as EscposError
from escpos.printer import Dummy

from adapters.escpos.errors import PrinterError
from saleflex_core.domain.receipt import PAPER_WIDTHS, Align, LayoutLine, LineKind, Size
from saleflex_core.exceptions import ValidationError

BARCODE_HEIGHT = 50  # dots: about 6 mm, short enough to keep the receipt compact
BARCODE_MODULE = 2  # dots per bar module: the narrowest every ESC/POS printer takes
QR_MODULE = {32: 4, 42: 5, 48: 5}  # dots per QR module, by paper width
DLE = 16  # starts a real-time command (DLE EOT status, DLE DC4 drawer pulse) in any data
SELECT_PAGE = b"\x1bt"  # ESC t n: the character table for the bytes that follow
# A control character in a text would reach the printer as a command.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# python-escpos sends a whole text as GB18030 when it holds one of these; a printer without
# that font prints garbage, so they are letters the printer lacks, like any other.
_HANZI = re.compile(r"[\u4e00-\u9fa5]")

_ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}
_SIZE: dict[Size, dict[str, bool]] = {
    Size.NORMAL: {"normal_textsize": True},
    Size.TALL: {"double_height": True},
    Size.LARGE: {"double_width": True, "double_height": True},
}


def new_printer(profile: str | None, code_page: str | None) -> Any:
    """A Dummy printer for ``profile`` with ``code_page`` known to it (ValidationError if not)."""
    try:
        printer = Dummy(profile=profile)
        if code_page is not None:
            printer.magic.encoder.get_encoding_name(code_page_name(code_page))
    except (EscposError, ValueError, LookupError) as exc:
        raise ValidationError(
            f"Printer profile {profile or 'default'!r} with code page {code_page!r}: {exc}"
        ) from exc
    return printer


def code_page_name(name: str) -> str:
    """python-escpos's name of a code page given as a Python codec (``iso8859-15``) or itself."""
    try:
        wanted = codecs.lookup(name).name
    except LookupError:
        return name.upper()
    for page, data in CodePages.data.items():
        codec = data.get("python_encode")
        if codec and codecs.lookup(codec).name == wanted:
            return str(page)
    return name.upper()


def render(
    lines: Sequence[LayoutLine],
    *,
    width: int,
    code_page: str | None = None,
    profile: str | None = None,
    partial_cut: bool = True,
) -> bytes:
    """The ESC/POS bytes of one print job."""
    if width not in PAPER_WIDTHS:
        raise ValidationError(f"Paper width must be one of {PAPER_WIDTHS}, not {width}")
    printer = new_printer(profile, code_page)
    job = _Job(printer, width)
    try:
        printer.hw("INIT")
        _select(printer, code_page)
        for line in lines:
            job.line(line, partial_cut)
    except (EscposError, ValueError) as exc:
        raise PrinterError(f"Printer: the receipt cannot be rendered ({exc})") from exc
    return bytes(printer.output)


def printable(text: str, *, code_page: str | None = None, profile: str | None = None) -> str:
    """``text`` as the printer prints it: letters its code page (or, switching, every page
    of its ``profile``) lacks become ``?``; read back from the bytes a job would send."""
    printer = new_printer(profile, code_page)
    try:
        _select(printer, code_page)
        _encode(printer, text)
    except (EscposError, ValueError) as exc:
        raise PrinterError(f"Printer: {text!r} cannot be rendered ({exc})") from exc
    return _read_back(bytes(printer.output), printer.magic.encoder)


def _select(printer: Any, code_page: str | None) -> None:
    """A fixed code page from now on; without one, python-escpos switches as needed."""
    if code_page is not None:
        printer.charcode(code_page_name(code_page))


def _encode(printer: Any, text: str) -> None:
    """The one way text reaches the printer (jobs and ``printable`` alike)."""
    printer.magic.write(_HANZI.sub("?", _CONTROL.sub("?", text)))


def _read_back(job: bytes, encoder: Any) -> str:
    """The letters encoded text bytes stand for, following the ESC t n page switches."""
    pages = {int(number): name for name, number in encoder.codepages.items()}
    letters, table, at = [], [" "] * 128, 0
    while at < len(job):
        if job[at : at + 2] == SELECT_PAGE:
            # python-escpos's own table of a page: the letters its upper half prints.
            table = encoder._get_codepage_char_list(pages[job[at + 2]])
            at += 3
            continue
        byte = job[at]
        letters.append(chr(byte) if byte < 128 else table[byte - 128])
        at += 1
    return "".join(letters)


def code128(text: str) -> str:
    """GS k CODE128 data that encodes exactly ``text`` (and so prints it under the bars).

    Digits go in code set C, two a symbol, which keeps a receipt code narrow enough for
    58 mm paper; anything else in code set B. A digit pair worth 16 (DLE), and an odd last
    digit, are written in code set B: the printer would read a DLE as the start of a
    real-time command.
    """
    if not text or not all(32 <= ord(char) < 127 for char in text):
        raise PrinterError(f"Printer: {text!r} cannot be printed as a barcode")
    if not text.isdigit():
        return "{B" + text.replace("{", "{{")
    out, mode = [], ""
    for i in range(0, len(text), 2):
        pair = text[i : i + 2]
        want = "C" if len(pair) == 2 and int(pair) != DLE else "B"
        if want != mode:
            out.append("{" + want)
            mode = want
        out.append(chr(int(pair)) if want == "C" else pair)
    return "".join(out)


class _Job:
    """Tracks the printer's text style so each line sends only what changes."""

    def __init__(self, printer: Any, width: int) -> None:
        self.printer = printer
        self.width = width
        self.align, self.bold, self.size = Align.LEFT, False, Size.NORMAL  # after ESC @

    def line(self, line: LayoutLine, partial_cut: bool) -> None:
        if line.kind is LineKind.TEXT:
            self.style(line.align, line.bold, line.size)
            _encode(self.printer, line.text)
            self.printer.magic.write("\n")
        elif line.kind is LineKind.RULE:
            self.style(Align.LEFT, False, Size.NORMAL)
            self.printer.textln("-" * self.width)
        elif line.kind is LineKind.BARCODE:
            self.style(Align.CENTER, False, Size.NORMAL)
            # python-escpos print()s which renderer it chose; keep that off our stdout.
            with contextlib.redirect_stdout(io.StringIO()):
                self.printer.barcode(
                    code128(line.text),
                    "CODE128",
                    height=BARCODE_HEIGHT,
                    width=BARCODE_MODULE,
                    pos="BELOW",
                    align_ct=False,
                    function_type="B",
                )
        elif line.kind is LineKind.QR:
            self.style(Align.CENTER, False, Size.NORMAL)
            self.printer.qr(line.text, ec=QR_ECLEVEL_M, size=QR_MODULE[self.width], native=True)
        elif line.kind is LineKind.CUT:
            self.style(Align.LEFT, False, Size.NORMAL)
            self.printer.cut(mode="PART" if partial_cut else "FULL")

    def style(self, align: Align, bold: bool, size: Size) -> None:
        changes: dict[str, Any] = {}
        current_bold = self.bold
        if size is not self.size:
            changes.update(_SIZE[size])
            current_bold = False  # ESC ! sets the size and clears emphasis with it
        if bold != current_bold:
            changes["bold"] = bold
        if align is not self.align:
            changes["align"] = _ALIGN[align]
        if changes:
            self.printer.set(**changes)
        self.align, self.bold, self.size = align, bold, size
