"""A layout as an HTML fragment: monospace, escaped, bold and centring as on paper."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from saleflex_core.domain.receipt import Align, LayoutLine, LineKind, Size

_ROW = "min-height:1.2em;line-height:1.2em;overflow:hidden"
_SIZE_STYLE = {
    Size.NORMAL: "",
    Size.TALL: "display:inline-block;transform:scaleY(2);transform-origin:top;margin-bottom:1.2em",
    Size.LARGE: "display:inline-block;font-size:200%;line-height:1.2em",
}


def to_html(lines: Iterable[LayoutLine], width: int) -> str:
    """One ``<div class="sf-receipt">`` of ``width`` columns, one child element per line."""
    frame = (
        f"font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;width:{width}ch;"
        "white-space:pre;padding:1ch;background:#fff;color:#000;border:1px solid #ccc"
    )
    rows = [_row(line, width) for line in lines]
    return f'<div class="sf-receipt" style="{frame}">\n' + "\n".join(rows) + "\n</div>\n"


def _row(line: LayoutLine, width: int) -> str:
    text = escape(line.text, quote=True)
    if line.kind is LineKind.RULE:
        return f'<div class="sf-rule" style="{_ROW}">{"-" * width}</div>'
    if line.kind is LineKind.CUT:
        return '<div class="sf-cut" style="border-top:1px dashed #999;margin:1.2em 0"></div>'
    if line.kind is LineKind.BARCODE:
        box = "display:inline-block;border:1px solid #000;padding:0.3em 1ch"
        return (
            f'<div class="sf-barcode" style="text-align:center;margin:0.3em 0">'
            f'<span style="{box}">|||| {text} ||||</span></div>'
        )
    if line.kind is LineKind.QR:
        shown = text
        if line.text.startswith(("https://", "http://")):
            shown = f'<a href="{text}">{text}</a>'
        return (
            f'<div class="sf-qr" style="text-align:center;margin:0.3em 0;white-space:normal;'
            f'word-break:break-all" data-content="{text}">[QR] {shown}</div>'
        )
    style = [_ROW, f"text-align:{line.align.value}"]
    if line.bold:
        style.append("font-weight:bold")
    size = _SIZE_STYLE[line.size]
    inner = f'<span style="{size}">{text}</span>' if size else text
    classes = "sf-line" + (" sf-center" if line.align is Align.CENTER else "")
    return f'<div class="{classes}" style="{";".join(style)}">{inner}</div>'
