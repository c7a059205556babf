"""A receipt's QR code in the previews: its whole content is shown, wrapped at the paper."""

from __future__ import annotations

import pytest

from adapters.preview import text_of, to_html, to_image
from saleflex_core.domain.receipt import Align, LayoutLine, LineKind

URL = "https://receipts.saleflex.example/S001/20260105-0001-000042?total=12.50&t=T01"


def qr(content: str) -> LayoutLine:
    return LayoutLine(content, Align.CENTER, kind=LineKind.QR)


@pytest.mark.parametrize("width", [32, 42, 48])
def test_the_text_preview_shows_the_whole_qr_content_within_the_paper(width: int) -> None:
    rows = text_of([qr(URL)], width).split("\n")
    assert len(rows) > 1
    assert all(len(row) <= width for row in rows)
    assert "".join(row.strip() for row in rows) == f"[QR] {URL}"


def test_a_short_qr_content_stays_on_one_centred_row() -> None:
    assert (
        text_of([qr("https://v.example/1")], 42) == "[QR] https://v.example/1".center(42).rstrip()
    )


def test_the_picture_shows_the_whole_qr_content_too() -> None:
    other_end = URL[:-3] + "T99"  # differs only past the paper's width
    one_row = to_image([qr("https://v.example/1")], 32)
    assert to_image([qr(URL)], 32).tobytes() != to_image([qr(other_end)], 32).tobytes()
    assert to_image([qr(URL)], 32).height > one_row.height


def test_the_html_preview_keeps_the_whole_content() -> None:
    assert f">{URL.replace('&', '&amp;')}</a>" in to_html([qr(URL)], 32)
