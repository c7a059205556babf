"""Receipt and report layout: pure functions from documents to printable lines.

A layout is a list of ``LayoutLine``; printer adapters render it to bytes, previews
render it to text, HTML or an image. No line is ever wider than the paper: a line's
``columns`` (its text length, doubled for ``Size.LARGE``) never exceeds the width.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable

from attrs import evolve, frozen

from saleflex_core.domain.cash import CashMovement
from saleflex_core.domain.closure import Closure
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.line import Line
from saleflex_core.domain.money import Currency, Money
from saleflex_core.domain.organisation import Store
from saleflex_core.exceptions import ValidationError

PAPER_WIDTHS = (32, 42, 48)
QR_MAX_LENGTH = 512
QR_FIELDS = ("unique_id", "terminal_id", "store_id", "total")


class Align(enum.Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class LineKind(enum.Enum):
    TEXT = "text"
    RULE = "rule"
    BARCODE = "barcode"
    QR = "qr"
    CUT = "cut"


class Size(enum.Enum):
    """Character size: TALL doubles the height only, LARGE doubles height and width."""

    NORMAL = "normal"
    TALL = "tall"
    LARGE = "large"

    @property
    def column_factor(self) -> int:
        """How many paper columns one character takes."""
        return 2 if self is Size.LARGE else 1


@frozen
class LayoutLine:
    """One printable line: text, a rule, a barcode or QR code of ``text``, or the cut."""

    text: str = ""
    align: Align = Align.LEFT
    bold: bool = False
    kind: LineKind = LineKind.TEXT
    size: Size = Size.NORMAL

    @property
    def columns(self) -> int:
        """Paper columns the text takes (TEXT lines; codes are drawn, not typed)."""
        return len(self.text) * self.size.column_factor


def text_of(lines: Iterable[LayoutLine], width: int) -> str:
    """A plain-text rendering (previews, logs, tests); double size prints as normal text."""
    out = []
    for line in lines:
        if line.kind is LineKind.RULE:
            out.append("-" * width)
        elif line.kind is LineKind.CUT:
            out.append("")
        elif line.kind is LineKind.BARCODE:
            out.append(f"|| {line.text} ||".center(width))
        elif line.kind is LineKind.QR:  # the whole content, wrapped: a preview hides nothing
            out.extend(row.center(width).rstrip() for row in wrapped(f"[QR] {line.text}", width))
        elif line.align is Align.CENTER:
            out.append(line.text.center(width).rstrip())
        elif line.align is Align.RIGHT:
            out.append(line.text.rjust(width))
        else:
            out.append(line.text)
    return "\n".join(out)


def as_printed(lines: Iterable[LayoutLine], printable: Callable[[str], str]) -> list[LayoutLine]:
    """The layout as the paper will show it: each text through the printer's ``printable``
    (letters it lacks become ``?``), so a preview never promises what the printer drops."""
    return [
        evolve(line, text=printable(line.text)) if line.kind is LineKind.TEXT else line
        for line in lines
    ]


def wrapped(text: str, width: int) -> list[str]:
    """``text`` in rows of at most ``width`` characters, cut anywhere (URLs have no spaces)."""
    return [text[start : start + width] for start in range(0, len(text), width)] or [""]


def verification_url(template: str, document: Document, store: Store) -> str:
    """Fill ``{unique_id}``, ``{terminal_id}``, ``{store_id}`` and ``{total}`` in a template.

    Other braces are left alone, so any URL can serve as a template.
    """
    values = {
        "unique_id": document.unique_id or "",
        "terminal_id": document.terminal_id,
        "store_id": store.id,
        "total": document.totals().total.format(store.currency),
    }
    for name in QR_FIELDS:
        template = template.replace("{" + name + "}", values[name])
    return template


class _Layout:
    def __init__(self, width: int, currency: Currency) -> None:
        if width not in PAPER_WIDTHS:
            raise ValidationError(f"Paper width must be one of {PAPER_WIDTHS}, not {width}")
        self.width = width
        self.currency = currency
        self.lines: list[LayoutLine] = []

    def text(
        self, text: str, align: Align = Align.LEFT, bold: bool = False, size: Size = Size.NORMAL
    ) -> None:
        room = self.width // size.column_factor
        self.lines.append(LayoutLine(text[:room], align, bold, size=size))

    def heading(self, text: str) -> None:
        """Centred, bold, double size where it fits, else double height."""
        fits = len(text) * Size.LARGE.column_factor <= self.width
        self.text(text, Align.CENTER, bold=True, size=Size.LARGE if fits else Size.TALL)

    def fits(self, left: str, right: str | Money) -> bool:
        """Whether ``pair(left, right)`` would keep all of ``left``."""
        if isinstance(right, Money):
            right = right.format(self.currency)
        return len(left) + 1 + len(right) <= self.width

    def pair(
        self, left: str, right: str | Money, bold: bool = False, size: Size = Size.NORMAL
    ) -> None:
        if isinstance(right, Money):
            right = right.format(self.currency)
        room = self.width - len(right) - 1
        self.text(f"{left[:room]:<{room}} {right}", bold=bold, size=size)

    def rule(self) -> None:
        self.lines.append(LayoutLine(kind=LineKind.RULE))

    def qr(self, content: str) -> None:
        if not content or len(content) > QR_MAX_LENGTH:
            raise ValidationError(f"A receipt QR code holds 1 to {QR_MAX_LENGTH} characters")
        if any(ord(char) < 32 or ord(char) == 127 for char in content):
            raise ValidationError("A receipt QR code cannot hold control characters")
        self.lines.append(LayoutLine(content, Align.CENTER, kind=LineKind.QR))

    def finish(self, barcode: str | None = None, qr: str | None = None) -> list[LayoutLine]:
        if barcode:
            self.lines.append(LayoutLine(barcode, Align.CENTER, kind=LineKind.BARCODE))
        if qr is not None:
            self.qr(qr)
        self.lines.append(LayoutLine(kind=LineKind.CUT))
        return self.lines


def receipt_layout(
    document: Document,
    store: Store,
    *,
    width: int = 42,
    copy: bool = False,
    qr_template: str | None = None,
    terminal: str | None = None,
) -> list[LayoutLine]:
    """The customer receipt of a numbered (completed or cancelled) document.

    ``terminal`` is the terminal's code as printed (``T:T01``); without it, its id.

    ``C:`` names the cashier who completed or cancelled it (``Document.ended_by``), who
    served the customer at the end; the document keeps who opened it (``cashier_id``).

    ``qr_template`` adds a QR code, e.g. ``"https://verify.example/r/{unique_id}"``
    (see ``verification_url``); the barcode carries ``receipt_code`` of the unique id.
    """
    out = _Layout(width, store.currency)
    out.heading(store.name)
    for header in store.header:
        out.text(header, Align.CENTER)
    if copy:
        out.heading("*** COPY ***")
    if document.state is DocumentState.CANCELLED:
        out.heading("*** CANCELLED ***")
    out.rule()
    for line in document.lines:
        _item(out, line)
    totals = document.totals()
    out.rule()
    if totals.document_adjustment:
        out.pair("SUBTOTAL", totals.subtotal)
        label = "DISCOUNT" if totals.document_adjustment.minor < 0 else "SURCHARGE"
        out.pair(label, totals.document_adjustment)
    out.pair("TOTAL", totals.total, bold=True, size=Size.TALL)
    for payment in document.payments:
        out.pair(payment.type_code, payment.tendered)
    if totals.change:
        out.pair("CHANGE", totals.change)
    out.rule()
    for share in totals.vat:
        label = f"VAT {share.code} {share.rate}% on"
        gross = share.gross.format(store.currency)
        if out.fits(f"{label} {gross}", share.vat):
            out.pair(f"{label} {gross}", share.vat)
        else:  # two rows rather than a cut-off amount
            out.pair(label, gross)
            out.pair(f"  VAT {share.code}", share.vat)
    out.rule()
    stamp = store.local(document.ended_at or document.started_at)  # the store's wall clock
    # The cashier who completed (or cancelled) it: a parked sale may change hands.
    cashier = document.ended_by or document.cashier_id
    out.text(f"{stamp:%Y-%m-%d %H:%M}  T:{terminal or document.terminal_id}  C:{cashier}")
    out.text(f"No {document.unique_id or '-'}")
    for footer in store.footer:
        out.text(footer, Align.CENTER)
    qr = None if qr_template is None else verification_url(qr_template, document, store)
    return out.finish(receipt_code(document.unique_id) if document.unique_id else None, qr)


def receipt_code(unique_id: str) -> str:
    """What a receipt's barcode holds, and prints under its bars: the unique id's digits.

    ``20260105-0001-000042`` becomes ``202601050001000042``. Digits alone fit CODE128's
    compact code set (two digits a symbol), so the code stays readable on 58 mm paper; a
    barcode line's text is exactly what is encoded, and every preview shows that text.
    """
    return "".join(char for char in unique_id if char.isdigit())


def _item(out: _Layout, line: Line) -> None:
    out.text(line.name)
    qty = f"{line.quantity} x {line.unit_price.format(out.currency)}"
    out.pair(f"  {qty}", "VOID" if line.voided else line.gross.format(out.currency))
    if line.adjustment is not None and not line.voided:
        label = "  discount" if line.adjustment.is_discount else "  surcharge"
        out.pair(label, line.adjustment_amount)


def closure_layout(
    closure: Closure, store: Store, *, z: bool, width: int = 42, terminal: str | None = None
) -> list[LayoutLine]:
    """The X report (running, nothing reset) or the Z report of a closure; ``terminal``
    is the terminal's code as printed (its id without it)."""
    t = closure.totals
    out = _Layout(width, store.currency)
    out.text(store.name, Align.CENTER, bold=True)
    out.heading(f"{'Z' if z else 'X'} REPORT  #{closure.number:04d}")
    name = terminal or closure.terminal_id
    opened = store.local(closure.opened_at)
    out.text(f"Terminal {name}  opened {opened:%Y-%m-%d %H:%M}")
    out.rule()
    out.pair(f"SALES ({t.sales_count})", t.sales_total, bold=True)
    out.pair(f"CANCELLED ({t.cancelled_count})", t.cancelled_total)
    out.pair(f"DISCOUNTS ({t.discount_count})", t.discounts)
    out.pair(f"SURCHARGES ({t.surcharge_count})", t.surcharges)
    out.pair("VOIDED LINES", str(t.voided_lines))
    _section(out, "BY PAYMENT", t.by_payment.items())
    out.rule()
    out.text("BY VAT RATE")
    for code, vat in sorted(t.by_vat.items()):
        out.pair(f"  {code} gross", vat.gross)
        out.pair(f"  {code} VAT", vat.vat)
    _section(out, "BY DEPARTMENT", t.by_department.items())
    _section(out, "BY CASHIER", t.by_cashier.items())
    _drawer(out, closure)
    out.rule()
    receipts = closure.receipt_range
    out.pair("RECEIPTS", f"{receipts[0]}-{receipts[1]}" if receipts else "none")
    out.pair("GRAND TOTAL", closure.grand_total)
    if closure.closed_at is not None:
        closed = store.local(closure.closed_at)
        out.text(f"Closed {closed:%Y-%m-%d %H:%M} by {closure.closed_by}")
    return out.finish()


def _drawer(out: _Layout, closure: Closure) -> None:
    """The drawer's cash, signed so that it adds up by hand.

    Opening float + tendered - change + in - out = expected; counted - expected =
    difference; float left + taken out = counted.
    """
    t = closure.totals
    out.rule()
    out.pair("OPENING FLOAT", closure.opening_float)
    out.pair("CASH TENDERED", t.cash_tendered)
    out.pair("CHANGE GIVEN", -t.change_given)
    out.pair("CASH IN", t.cash_in)
    out.pair("CASH OUT", -t.cash_out)
    out.pair("CASH EXPECTED", closure.expected_cash, bold=True)
    if closure.counted_cash is None or closure.difference is None:
        return
    out.pair("CASH COUNTED", closure.counted_cash)
    out.pair("DIFFERENCE", closure.difference, bold=True)
    if closure.float_left is not None and closure.taken_out is not None:
        out.pair("FLOAT LEFT", closure.float_left)
        out.pair("TAKEN OUT", closure.taken_out)


def _section(out: _Layout, title: str, items: Iterable[tuple[str, Money]]) -> None:
    out.rule()
    out.text(title)
    for key, amount in sorted(items):
        out.pair(f"  {key}", amount)


def movement_layout(
    movement: CashMovement, store: Store, *, width: int = 42, terminal: str | None = None
) -> list[LayoutLine]:
    """The slip of a cash in or cash out, to sign and keep with the cash; ``terminal`` is
    the terminal's code as printed (its id without it)."""
    out = _Layout(width, store.currency)
    out.text(store.name, Align.CENTER, bold=True)
    out.heading(f"CASH {movement.kind.value.upper()}")
    out.rule()
    out.pair("AMOUNT", movement.amount, bold=True)
    out.text(f"Reason: {movement.reason}")
    name = terminal or movement.terminal_id
    at = store.local(movement.at)
    out.text(f"{at:%Y-%m-%d %H:%M}  T:{name}  C:{movement.cashier_id}")
    if movement.approved_by:
        out.text(f"Approved by {movement.approved_by}")
    out.text("")
    out.text("Signature: ____________________")
    return out.finish()
