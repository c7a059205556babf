"""Previews of the same layout: plain text, HTML (escaped, monospace) and PNG (Pillow)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from PIL import Image, ImageOps

from adapters import preview
from adapters.preview import to_html, to_image, to_png
from saleflex_core.domain.catalog import PaymentType, Product
from saleflex_core.domain.document import Document
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Store
from saleflex_core.domain.receipt import (
    PAPER_WIDTHS,
    Align,
    LayoutLine,
    LineKind,
    Size,
    receipt_layout,
    text_of,
)

AT = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def receipt(width: int = 42, name: str = "Brötchen <fresh> & \"warm\" 'ü'") -> list[LayoutLine]:
    store = Store("S001", "C1", "Demo <Market>", Currency.of("EUR"), footer=("Danke & tschüss",))
    doc = Document.start(
        id="d1", terminal_id="T01", store_id="S001", cashier_id="1", currency="EUR", at=AT
    )
    item = Product("P1", "1", name, "DEP", "A", Money(129, "EUR"))
    doc.add_line(item, Decimal(2), vat_rate=Decimal(7))
    doc.add_payment(PaymentType.cash(), Money(500, "EUR"))
    doc.complete(closure_number=1, receipt_number=7, at=AT, business_date=AT.date())
    return receipt_layout(doc, store, width=width, qr_template="https://v.example/{unique_id}")


# --- text ------------------------------------------------------------------------------------


def test_the_text_preview_is_the_cores_text() -> None:
    assert preview.text_of is text_of


# --- HTML ------------------------------------------------------------------------------------


def test_html_escapes_every_text() -> None:
    html = to_html(receipt(), 42)
    assert "<fresh>" not in html and "<Market>" not in html
    assert "Brötchen &lt;fresh&gt; &amp; &quot;warm&quot; &#x27;ü&#x27;" in html
    assert "Demo &lt;Market&gt;" in html
    assert "Danke &amp; tschüss" in html


def test_html_is_monospace_and_as_wide_as_the_paper() -> None:
    html = to_html(receipt(32), 32)
    assert html.startswith('<div class="sf-receipt"')
    assert "monospace" in html and "width:32ch" in html and "white-space:pre" in html
    rules = [line for line in receipt(32) if line.kind is LineKind.RULE]
    assert html.count("-" * 32) == len(rules) == 4


def test_html_shows_bold_centre_and_double_size() -> None:
    lines = [
        LayoutLine("Title", Align.CENTER, True, size=Size.LARGE),
        LayoutLine("TOTAL 5.00", bold=True, size=Size.TALL),
        LayoutLine("right", Align.RIGHT),
        LayoutLine("plain"),
    ]
    rows = to_html(lines, 42).splitlines()[1:-1]
    assert "text-align:center" in rows[0] and "font-weight:bold" in rows[0]
    assert "font-size:200%" in rows[0]
    assert "scaleY(2)" in rows[1] and "font-weight:bold" in rows[1]
    assert "text-align:right" in rows[2]
    assert "font-weight" not in rows[3] and ">plain</div>" in rows[3]


def test_html_barcode_qr_and_cut() -> None:
    html = to_html(receipt(), 42)
    assert '<div class="sf-barcode"' in html and "20260105-0001-000007" in html
    url = "https://v.example/20260105-0001-000007"
    assert f'<a href="{url}">{url}</a>' in html
    assert '<div class="sf-cut"' in html


def test_html_links_only_web_addresses() -> None:
    evil = [LayoutLine('javascript:alert("x")', Align.CENTER, kind=LineKind.QR)]
    html = to_html(evil, 42)
    assert "<a " not in html
    assert "javascript:alert(&quot;x&quot;)" in html


# --- PNG -------------------------------------------------------------------------------------


def dark(image: Image.Image) -> int:
    """How many pixels carry ink."""
    return sum(image.histogram()[:128])


def test_png_is_a_png_of_the_whole_receipt() -> None:
    data = to_png(receipt(), 42)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    assert image.mode == "L"
    assert image.size == to_image(receipt(), 42).size
    assert dark(image) > 1000


@pytest.mark.parametrize("width", PAPER_WIDTHS)
def test_png_is_as_wide_as_the_paper_whatever_the_text(width: int) -> None:
    narrow = to_image([LayoutLine("x")], width)
    long = to_image(receipt(width, name="W" * 200), width)
    assert narrow.width == long.width
    cell = narrow.width // (width + 2)  # a margin of one cell each side
    assert narrow.width == (width + 2) * cell


def test_png_grows_with_the_lines_and_doubles_for_double_size() -> None:
    one = to_image([LayoutLine("TOTAL")], 42).height
    two = to_image([LayoutLine("TOTAL"), LayoutLine("TOTAL")], 42).height
    tall = to_image([LayoutLine("TOTAL", size=Size.TALL)], 42).height
    large = to_image([LayoutLine("TOTAL", size=Size.LARGE)], 42).height
    row = two - one
    assert row > 0
    assert tall - one == row
    assert large == tall


def test_png_bold_and_large_print_more_ink() -> None:
    plain = dark(to_image([LayoutLine("TOTAL 5.00")], 42))
    bold = dark(to_image([LayoutLine("TOTAL 5.00", bold=True)], 42))
    large = dark(to_image([LayoutLine("TOTAL 5.00", size=Size.LARGE)], 42))
    assert plain < bold
    assert bold < large


def test_png_centres_and_right_aligns() -> None:
    def ink_columns(align: Align) -> tuple[int, int]:
        box = ImageOps.invert(to_image([LayoutLine("ab", align)], 42)).getbbox()
        assert box is not None
        return box[0], box[2]

    left, centre, right = (ink_columns(align) for align in Align)
    assert left[0] < centre[0] < right[0]
    image_width = to_image([LayoutLine("ab")], 42).width
    assert abs((centre[0] + centre[1]) / 2 - image_width / 2) < image_width / 42 * 2


def test_png_draws_the_codes_and_the_cut() -> None:
    without = to_image([LayoutLine("x")], 42)
    codes = to_image(
        [
            LayoutLine("x"),
            LayoutLine("20260105-0001-000007", Align.CENTER, kind=LineKind.BARCODE),
            LayoutLine("https://v.example/1", Align.CENTER, kind=LineKind.QR),
            LayoutLine(kind=LineKind.CUT),
        ],
        42,
    )
    assert codes.height > without.height * 5
    assert dark(codes) > dark(without) * 10
