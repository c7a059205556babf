"""The receipt's barcode: what is encoded is what is printed under it and previewed.

The CODE128 symbol holds the unique id's digits (``receipt_code``); the bars' text line
(HRI), the plain-text, HTML and PNG previews all show exactly those digits.
"""

from __future__ import annotations

import re

import pytest

from adapters.escpos import render
from adapters.preview import text_of, to_html, to_png
from saleflex_core.domain.receipt import LayoutLine, LineKind, receipt_code
from tests.integration.test_escpos_printer import eur_receipt, printed, tr_de_receipt

pytestmark = pytest.mark.integration


def encoded(data: bytes) -> str:
    """What a scanner reads from GS k CODE128 data (``{B``/``{C`` switch code sets)."""
    out, mode, i = "", "", 0
    while i < len(data):
        if data[i : i + 2] == b"{{":
            out, i = out + "{", i + 2
        elif data[i : i + 1] == b"{":
            mode, i = chr(data[i + 1]), i + 2
        else:
            out += f"{data[i]:02d}" if mode == "C" else chr(data[i])
            i += 1
    return out


def scanned(job: bytes) -> tuple[str, bool]:
    """The barcode's content, and whether the printer prints it under the bars (GS H 2)."""
    _, commands = printed(job)
    symbol = next(command for command in commands if command.startswith(b"\x1dkI"))
    below = b"\x1dH\x02" in commands
    return encoded(symbol[4:]), below


@pytest.mark.parametrize(("make", "width"), [(eur_receipt, 42), (tr_de_receipt, 32)])
def test_what_the_barcode_holds_is_what_every_rendering_shows(make: object, width: int) -> None:
    layout: list[LayoutLine] = make()  # type: ignore[operator]
    (bar,) = [line for line in layout if line.kind is LineKind.BARCODE]
    unique_id = re.search(r"No (\S+)", "\n".join(line.text for line in layout))
    assert unique_id is not None

    content, below = scanned(render(layout, width=width, code_page="cp857"))

    assert content == bar.text == receipt_code(unique_id.group(1))
    assert below  # the printer prints the content under the bars
    assert f"|| {content} ||" in text_of(layout, width)
    html = re.search(r'class="sf-barcode".*?</div>', to_html(layout, width))
    assert html is not None and f"|||| {content} ||||" in html.group(0)
    with_dashes = LayoutLine(unique_id.group(1), bar.align, kind=LineKind.BARCODE)
    assert to_png([bar], width) != to_png([with_dashes], width)  # the PNG draws the digits


def test_a_receipt_code_is_the_unique_ids_digits() -> None:
    assert receipt_code("20260105-0001-000042") == "202601050001000042"
    assert receipt_code("20260105-10000-000001") == "2026010510000000001"
