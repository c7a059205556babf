"""A layout as a picture of the paper (Pillow): PNG for the reprint screen and OFFICE.

Characters sit in fixed cells, so columns line up with any font; DejaVu Sans Mono is
used when the system has it, Pillow's built-in font otherwise. Barcodes and QR codes
are drawn as labelled boxes: a preview shows where they go and what they hold.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from saleflex_core.domain.receipt import Align, LayoutLine, LineKind, Size, wrapped

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
WHITE, BLACK, GREY = 255, 0, 150
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def _fonts(size: int) -> tuple[Font, Font | None]:
    """The regular face and, where the system has one, the bold face."""
    faces: list[Font | None] = []
    for name in ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"):
        found = [folder / name for folder in FONT_DIRS if (folder / name).is_file()]
        faces.append(ImageFont.truetype(str(found[0]), size) if found else None)
    regular, bold = faces
    return (regular or ImageFont.load_default(size=size)), bold


class _Paper:
    def __init__(self, width: int, font_size: int) -> None:
        self.width = width
        self.font_size = font_size
        self.regular, self.bold = _fonts(font_size)
        self.cell = max(1, round(self.regular.getlength("W")))
        self.row = round(font_size * 1.35)
        self.margin = self.cell
        self.strips: list[Image.Image] = []

    def strip(self, rows: float = 1) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        image = Image.new("L", (self.width * self.cell, round(self.row * rows)), WHITE)
        self.strips.append(image)
        return image, ImageDraw.Draw(image)

    def text(self, line: LayoutLine) -> None:
        factor = line.size.column_factor
        columns = self.width // factor
        text = _placed(line.text[:columns], line.align, columns)
        small = Image.new("L", (columns * self.cell, self.row), WHITE)
        draw = ImageDraw.Draw(small)
        font = (self.bold or self.regular) if line.bold else self.regular
        overstrike = line.bold and self.bold is None  # no bold face: print it twice
        for column, char in enumerate(text):
            if char != " ":
                x = column * self.cell
                draw.text((x, 0), char, fill=BLACK, font=font)
                if overstrike:
                    draw.text((x + 1, 0), char, fill=BLACK, font=font)
        high = 1 if line.size is Size.NORMAL else 2
        image, _ = self.strip(high)
        image.paste(small.resize((self.width * self.cell, self.row * high)), (0, 0))

    def rule(self) -> None:
        image, draw = self.strip()
        draw.line([(0, self.row // 2), (image.width, self.row // 2)], fill=BLACK, width=1)

    def boxed(self, label: str, content: str, rows: int) -> None:
        """A labelled box where the code goes, and its whole content under it, wrapped."""
        shown = wrapped(content, self.width)
        image, draw = self.strip(rows + len(shown) - 1)
        side = min(image.width - 2, self.row * (rows - 1))
        left = (image.width - side) // 2 if label == "QR" else self.cell * 4
        right = left + side if label == "QR" else image.width - self.cell * 4
        draw.rectangle([(left, 2), (right, self.row * (rows - 1))], outline=BLACK, width=2)
        font = self.regular
        draw.text((left + self.cell, self.row // 2), label, fill=GREY, font=font)
        for number, row in enumerate(shown, start=rows - 1):
            x = (self.width - len(row)) * self.cell // 2
            draw.text((x, self.row * number + 2), row, fill=BLACK, font=font)

    def cut(self) -> None:
        image, draw = self.strip()
        y = self.row // 2
        for x in range(0, image.width, self.cell):
            draw.line([(x, y), (x + self.cell // 2, y)], fill=GREY, width=1)

    def picture(self) -> Image.Image:
        height = sum(strip.height for strip in self.strips) + 2 * self.margin
        page = Image.new("L", (self.width * self.cell + 2 * self.margin, height), WHITE)
        y = self.margin
        for strip in self.strips:
            page.paste(strip, (self.margin, y))
            y += strip.height
        return page


def _placed(text: str, align: Align, columns: int) -> str:
    if align is Align.CENTER:
        return text.center(columns)
    if align is Align.RIGHT:
        return text.rjust(columns)
    return text


def to_image(lines: Iterable[LayoutLine], width: int, *, font_size: int = 18) -> Image.Image:
    """The receipt as a greyscale image ``width`` character cells wide (plus margins)."""
    paper = _Paper(width, font_size)
    for line in lines:
        if line.kind is LineKind.TEXT:
            paper.text(line)
        elif line.kind is LineKind.RULE:
            paper.rule()
        elif line.kind is LineKind.BARCODE:
            paper.boxed("barcode", line.text, 3)
        elif line.kind is LineKind.QR:
            paper.boxed("QR", line.text, 7)
        elif line.kind is LineKind.CUT:
            paper.cut()
    return paper.picture()


def to_png(lines: Iterable[LayoutLine], width: int, *, font_size: int = 18) -> bytes:
    """The receipt as PNG bytes."""
    buffer = io.BytesIO()
    to_image(lines, width, font_size=font_size).save(buffer, format="PNG")
    return buffer.getvalue()
