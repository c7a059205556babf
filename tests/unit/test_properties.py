"""Hypothesis properties: document totals, VAT, allocation, tenders, and a register state machine.

The state machine drives a ``Register`` on the memory adapters through random sales, parks,
cancellations, cash moves and Z closes, and after every step recomputes what the stored
documents and cash movements say independently of the closure's running totals.
"""

from __future__ import annotations

import copy
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from adapters.memory.devices import MemoryDisplay, MemoryDrawer, MemoryPrinter, MemoryScale
from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from adapters.memory.upstream import MemoryUpstream
from saleflex_core import demo
from saleflex_core.contract import closure_payload, envelope, sale_payload
from saleflex_core.domain.adjustment import Adjustment, AdjustmentKind
from saleflex_core.domain.cash import MovementKind
from saleflex_core.domain.catalog import PaymentKind, PaymentType, Product, SoldBy
from saleflex_core.domain.closure import Closure, ClosureState
from saleflex_core.domain.document import Document, DocumentState
from saleflex_core.domain.events import (
    CASH_MOVED,
    CLOSURE_CLOSED,
    SALE_CANCELLED,
    SALE_COMPLETED,
    EventSource,
    OutboxStatus,
    event_id_for,
)
from saleflex_core.domain.money import Money
from saleflex_core.exceptions import PaymentError, SaleFlexError, ValidationError
from saleflex_core.register import Devices, Register
from saleflex_core.use_cases.auth import Override
from tests.conftest import SUPERVISOR, TERMINAL, demo_data
from tests.support.contracts import errors

CURRENCY = "EUR"
VAT_RATES = [Decimal(0), Decimal("5.5"), Decimal(7), Decimal(10), Decimal(19), Decimal(20)]
PAYMENT_TYPES = {
    "CASH": PaymentType.cash(),
    "CARD": PaymentType.card(),
    "VOUCHER": PaymentType.voucher(),
}


def eur(minor: int) -> Money:
    return Money(minor, CURRENCY)


def sum_minor(amounts: Any) -> int:
    return sum(a.minor for a in amounts)


# --- strategies --------------------------------------------------------------------------------

adjustments = st.one_of(
    st.none(),
    st.builds(Adjustment, st.sampled_from(AdjustmentKind), amount=st.integers(1, 50_000).map(eur)),
    st.builds(
        Adjustment,
        st.sampled_from(AdjustmentKind),
        percent=st.integers(1, 10_000).map(lambda hundredths: Decimal(hundredths) / 100),
    ),
)


@st.composite
def line_specs(draw: st.DrawFn) -> dict[str, Any]:
    weighed = draw(st.booleans())
    quantity = (
        Decimal(draw(st.integers(1, 50_000))) / 1000
        if weighed
        else Decimal(draw(st.integers(1, 50)))
    )
    return {
        "price": draw(st.integers(1, 200_000)),
        "sold_by": SoldBy.WEIGHT if weighed else SoldBy.PIECE,
        "quantity": quantity,
        "vat_code": draw(st.sampled_from("ABCDEF")),
        "adjustment": draw(adjustments),
        "voided": draw(st.integers(0, 3)) == 0,  # one line in four
    }


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """A document built through its own methods; refused steps are skipped (and change nothing)."""
    doc = Document.start(
        id="d",
        terminal_id="T01",
        store_id="S001",
        cashier_id="1",
        currency=CURRENCY,
        at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
    )
    for i, spec in enumerate(draw(st.lists(line_specs(), min_size=1, max_size=8))):
        rate = VAT_RATES["ABCDEF".index(spec["vat_code"])]
        product = Product(
            f"P{i}",
            str(i),
            f"Item {i}",
            f"D{i % 3}",
            spec["vat_code"],
            eur(spec["price"]),
            spec["sold_by"],
        )
        try:
            line = doc.add_line(product, spec["quantity"], vat_rate=rate)
        except ValidationError:  # a line that comes to 0.00 is refused
            continue
        if spec["adjustment"] is not None:
            before = list(doc.lines)
            try:
                doc.adjust_line(line.line_no, spec["adjustment"])
            except SaleFlexError:
                assert doc.lines == before
        if spec["voided"]:
            doc.void_line(line.line_no)
    adjustment = draw(adjustments)
    if adjustment is not None:
        try:
            doc.adjust(adjustment)
        except SaleFlexError:
            assert doc.adjustment is None
    return doc


# --- totals ------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(doc=documents())
def test_totals_add_up(doc: Document) -> None:
    t = doc.totals()
    live = doc.active_lines
    for line in live:
        exact = Decimal(line.unit_price.minor) * line.quantity
        assert line.gross.minor == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        assert line.net.minor >= 0
    gross = sum_minor(line.gross for line in live)
    nets = sum_minor(line.net for line in live)
    assert t.subtotal.minor == nets
    assert t.total.minor == nets + t.document_adjustment.minor
    assert t.total.minor == gross - t.discounts.minor + t.surcharges.minor
    assert t.total.minor >= 0
    assert t.discounts.minor >= 0
    assert t.surcharges.minor >= 0
    assert t.due == t.total


@settings(max_examples=150, deadline=None)
@given(doc=documents())
def test_vat_breakdown_sums_to_the_total(doc: Document) -> None:
    t = doc.totals()
    assert sum_minor(share.gross for share in t.vat) == t.total.minor
    for share in t.vat:
        assert 0 <= share.vat.minor <= share.gross.minor
        assert share.vat == share.gross.included_tax(share.rate)
        assert share.net.minor + share.vat.minor == share.gross.minor
    # The gross per rate is what the lines of that rate finally count for.
    by_line = {line.line_no: line for line in doc.active_lines}
    per_code: Counter[str] = Counter()
    for line_share in t.shares:
        per_code[by_line[line_share.line_no].vat_code] += line_share.amount.minor
    assert {share.code: share.gross.minor for share in t.vat} == dict(per_code)


@settings(max_examples=150, deadline=None)
@given(doc=documents())
def test_line_shares_sum_to_the_total(doc: Document) -> None:
    t = doc.totals()
    live = doc.active_lines
    assert [s.line_no for s in t.shares] == [line.line_no for line in live]
    assert sum_minor(s.amount for s in t.shares) == t.total.minor
    subtotal = t.subtotal.minor
    for share, line in zip(t.shares, live, strict=True):
        assert share.amount.minor >= 0
        assert share.department_code == line.department_code
        part = share.amount.minor - line.net.minor
        if subtotal:
            exact = Decimal(t.document_adjustment.minor) * line.net.minor / subtotal
            assert abs(part - exact) < 1


@settings(max_examples=150, deadline=None)
@given(
    doc=documents(),
    tenders=st.lists(
        st.tuples(st.sampled_from(sorted(PAYMENT_TYPES)), st.integers(1, 500_000)), max_size=6
    ),
)
def test_tendered_minus_change_is_the_total(doc: Document, tenders: list[tuple[str, int]]) -> None:
    assume(doc.active_lines)
    total = doc.totals().total
    for code, minor in tenders:
        if doc.totals().due.minor <= 0:
            break
        before = list(doc.payments)
        try:
            doc.add_payment(PAYMENT_TYPES[code], eur(minor))
        except PaymentError:
            assert code == "CARD"  # only a card refuses an over-tender
            assert doc.payments == before
    if doc.totals().due.minor > 0:
        doc.add_payment(PAYMENT_TYPES["CASH"], doc.totals().due)
    t = doc.totals()
    assert sum_minor(p.tendered for p in doc.payments) - t.change.minor == total.minor
    assert t.paid == total
    assert t.due.minor == 0
    for payment in doc.payments[:-1]:
        assert payment.change.minor == 0
    for payment in doc.payments:
        assert 0 <= payment.change.minor < payment.tendered.minor
        if payment.change:
            assert PAYMENT_TYPES[payment.type_code].gives_change
    at = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    doc.complete(closure_number=1, receipt_number=1, at=at, business_date=at.date())
    assert doc.state is DocumentState.COMPLETED


# --- the register state machine ----------------------------------------------------------------

PRODUCTS = {p.id: p for p in demo_data().products if p.unit_price.minor > 0}
product_ids = st.sampled_from(sorted(PRODUCTS))  # ids, not products: a short repr
CASHIERS = {"1": "1234", "2": "9999", "3": "4321"}
WRONG_SUPERVISOR = Override("2", "0000", "wrong pin")
amounts = st.integers(1, 30_000).map(eur)
needs_sale = precondition(lambda self: self.register.sale is not None)


def code_of(product_id: str) -> str:
    """What the cashier scans or types: the barcode, or the PLU of weighed produce."""
    product = PRODUCTS[product_id]
    return product.barcodes[0] if product.barcodes else product.plu


class RegisterMachine(RuleBasedStateMachine):
    """One till, used at random; every refused operation must leave everything as it was."""

    def __init__(self) -> None:
        super().__init__()
        self.uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
        demo.install(self.uow, demo_data())
        self.clock = SteppingClock()
        self.printer = MemoryPrinter()
        devices = Devices(self.printer, MemoryDrawer(), MemoryDisplay(), MemoryScale())
        self.register = Register(
            self.uow,
            terminal_id=TERMINAL,
            clock=self.clock,
            ids=SequentialIds("doc"),
            devices=devices,
        )
        self.register.sign_in("1", "1234")
        self.upstream = MemoryUpstream()
        self.jitter = random.Random(0)
        self.source = EventSource.of(self.register.ref.store, self.register.ref.terminal)
        self.valid_events: set[str] = set()
        self.kept: dict[str, Document] = {}  # every stored document as first seen
        self.checked: dict[int, Closure] = {}  # closed periods already recomputed

    # --- helpers ---------------------------------------------------------------------------
    def _event(self, event_type: str, subject: str) -> str:
        return event_id_for(self.source, event_type, subject)

    def _snapshot(self) -> Any:
        tables = {
            name: copy.deepcopy(rows)
            for name, rows in self.uow.database.tables.items()
            if name in ("drafts", "documents", "closures", "cash", "outbox", "outbox_sequences")
        }
        return tables, self.register.sale, self.register.cashier

    def attempt(self, action: Any) -> bool:
        """Run ``action``; a SaleFlexError is fine but must change nothing."""
        before = self._snapshot()
        try:
            action()
        except SaleFlexError:
            assert self._snapshot() == before
            return False
        return True

    def _line_no(self, index: int) -> int:
        sale = self.register.sale
        return 1 + index % len(sale.lines) if sale is not None and sale.lines else index + 1

    # --- rules -----------------------------------------------------------------------------
    @rule(
        items=st.lists(
            st.tuples(product_ids, st.integers(1, 5), st.integers(1, 5000)),
            min_size=1,
            max_size=3,
        )
    )
    def scan(self, items: list[tuple[str, int, int]]) -> None:
        for product_id, pieces, grams in items:
            weighed = PRODUCTS[product_id].sold_by is SoldBy.WEIGHT
            quantity = Decimal(grams) / 1000 if weighed else Decimal(pieces)
            self.attempt(lambda: self.register.scan(code_of(product_id), quantity))  # noqa: B023

    @needs_sale
    @rule(index=st.integers(0, 9), quantity=st.integers(1, 7))
    def change_quantity(self, index: int, quantity: int) -> None:
        line_no = self._line_no(index)
        self.attempt(lambda: self.register.change_quantity(line_no, Decimal(quantity)))

    @needs_sale
    @rule(index=st.integers(0, 9), override=st.sampled_from([None, SUPERVISOR, WRONG_SUPERVISOR]))
    def void_line(self, index: int, override: Override | None) -> None:
        line_no = self._line_no(index)
        self.attempt(lambda: self.register.void_line(line_no, override))

    @rule(
        products=st.lists(product_ids, min_size=1, max_size=4),
        code=st.sampled_from(sorted(PAYMENT_TYPES)),
    )
    def quick_sale(self, products: list[str], code: str) -> None:
        """Scan, pay in full and complete: keeps the periods full of documents."""
        for product_id in products:
            weighed = PRODUCTS[product_id].sold_by is SoldBy.WEIGHT
            quantity = Decimal("0.750") if weighed else Decimal(1)
            self.attempt(lambda: self.register.scan(code_of(product_id), quantity))  # noqa: B023
        self.attempt(lambda: self.register.tender(code))
        self.attempt(self.register.complete)

    @needs_sale
    @rule()
    def subtotal(self) -> None:
        self.attempt(self.register.subtotal)

    @needs_sale
    @rule(
        index=st.integers(0, 9),
        percent=st.integers(1, 100),
        amount=amounts,
        by_percent=st.booleans(),
        surcharge=st.booleans(),
    )
    def adjust_line(
        self, index: int, percent: int, amount: Money, by_percent: bool, surcharge: bool
    ) -> None:
        line_no = self._line_no(index)
        act = self.register.surcharge_line if surcharge else self.register.discount_line
        if by_percent:
            self.attempt(lambda: act(line_no, percent=Decimal(percent)))
        else:
            self.attempt(lambda: act(line_no, amount=amount))

    @needs_sale
    @rule(
        percent=st.integers(1, 100),
        amount=amounts,
        by_percent=st.booleans(),
        surcharge=st.booleans(),
    )
    def adjust_sale(self, percent: int, amount: Money, by_percent: bool, surcharge: bool) -> None:
        act = self.register.surcharge_sale if surcharge else self.register.discount_sale
        if by_percent:
            self.attempt(lambda: act(percent=Decimal(percent)))
        else:
            self.attempt(lambda: act(amount=amount))

    @needs_sale
    @rule(override=st.sampled_from([None, SUPERVISOR, WRONG_SUPERVISOR]))
    def give_away(self, override: Override | None) -> None:
        """Everything discounted: a sale of 0.00 completes only with a supervisor."""
        self.attempt(lambda: self.register.discount_sale(percent=Decimal(100)))
        self.attempt(lambda: self.register.complete(override))

    @needs_sale
    @rule()
    def suspend(self) -> None:
        self.attempt(self.register.suspend)

    @rule(index=st.integers(0, 5))
    def resume(self, index: int) -> None:
        parked = self.register.suspended()
        if parked:
            self.attempt(lambda: self.register.resume(parked[index % len(parked)].document_id))

    @needs_sale
    @rule()
    def cancel(self) -> None:
        self.attempt(self.register.cancel)

    @needs_sale
    @rule(code=st.sampled_from(sorted(PAYMENT_TYPES)), amount=st.none() | amounts)
    def tender(self, code: str, amount: Money | None) -> None:
        self.attempt(lambda: self.register.tender(code, amount))

    @needs_sale
    @rule(override=st.sampled_from([None, SUPERVISOR, WRONG_SUPERVISOR]))
    def complete(self, override: Override | None) -> None:
        self.attempt(lambda: self.register.complete(override))

    @needs_sale
    @rule(code=st.sampled_from(sorted(PAYMENT_TYPES)), extra=st.integers(0, 5000))
    def pay_and_complete(self, code: str, extra: int) -> None:
        sale = self.register.sale
        if sale is not None and extra and sale.totals.due.minor > 0:
            self.attempt(lambda: self.register.tender(code, sale.totals.due + eur(extra)))
        else:
            self.attempt(lambda: self.register.tender(code))
        self.attempt(self.register.complete)

    @rule(amount=amounts)
    def cash_in(self, amount: Money) -> None:
        self.attempt(lambda: self.register.cash_in(amount, "float"))

    @rule(amount=amounts, override=st.sampled_from([None, SUPERVISOR]))
    def cash_out(self, amount: Money, override: Override | None) -> None:
        self.attempt(lambda: self.register.cash_out(amount, "pickup", override))

    @rule(who=st.sampled_from(sorted(CASHIERS)))
    def switch_cashier(self, who: str) -> None:
        self.register.sign_in(who, CASHIERS[who])

    @rule()
    def x_report(self) -> None:
        before = self._snapshot()
        self.attempt(self.register.x_report)
        assert self._snapshot() == before

    @rule(
        how=st.sampled_from(["override", "supervisor", "alone"]),
        tidy=st.booleans(),
        counted=st.integers(0, 100_000),
        left=st.none() | st.integers(-10, 110_000),
    )
    def close_period(self, how: str, tidy: bool, counted: int, left: int | None) -> None:
        if tidy:
            self._finish_every_sale()
        if how == "supervisor":
            self.register.sign_in("2", "9999")
        override = SUPERVISOR if how == "override" else None
        float_left = None if left is None else eur(left)
        closed = self.attempt(
            lambda: self.register.close_period(eur(counted), override, float_left=float_left)
        )
        if closed:
            with self.uow:
                current = self.uow.closures.current(TERMINAL)
            assert current is not None and current.next_receipt == 1

    def _finish_every_sale(self) -> None:
        sale = self.register.sale
        if sale is not None and sale.payments:
            self.attempt(lambda: self.register.tender("CASH"))
            self.attempt(self.register.complete)
        elif sale is not None and sale.lines:
            self.attempt(self.register.cancel)
        for parked in self.register.suspended():
            self.attempt(lambda: self.register.resume(parked.document_id))  # noqa: B023
            self.attempt(self.register.cancel)

    @rule(
        online=st.booleans(),
        seconds=st.integers(0, 120),
        answers=st.none() | st.integers(0, 3),
    )
    def sync(self, online: bool, seconds: int, answers: int | None) -> None:
        self.clock.advance(timedelta(seconds=seconds))
        self.upstream.online = online
        self.upstream.answers_kept = answers  # the rest of the answers are lost
        self.register.push_outbox(self.upstream, self.jitter)

    # --- invariants ------------------------------------------------------------------------
    def _stored(self) -> tuple[list[Closure], dict[int, list[Document]], dict[int, list[Any]]]:
        """Committed closures, and the documents and cash movements of each, read once."""
        closures = sorted(self.uow.table("closures").values(), key=lambda c: c.number)
        documents: dict[int, list[Document]] = {c.number: [] for c in closures}
        for document in self.uow.table("documents").values():
            documents[document.closure_number].append(document)
        for docs in documents.values():
            docs.sort(key=lambda d: d.receipt_number)
        cash: dict[int, list[Any]] = {c.number: [] for c in closures}
        for movement in self.uow.table("cash").values():
            cash[movement.closure_number].append(movement)
        return closures, documents, cash

    @invariant()
    def one_open_closure_and_contiguous_numbers(self) -> None:
        closures, _, _ = self._stored()
        assert [c.number for c in closures] == list(range(1, len(closures) + 1))
        assert [c.state for c in closures] == [
            *[ClosureState.CLOSED] * (len(closures) - 1),
            ClosureState.OPEN,
        ]
        with self.uow:
            current = self.uow.closures.current(TERMINAL)
        assert current == closures[-1]

    @invariant()
    def receipt_numbers_are_gapless(self) -> None:
        closures, documents, _ = self._stored()
        for closure in closures:
            numbers = [d.receipt_number for d in documents[closure.number]]
            assert numbers == list(range(1, len(numbers) + 1))
            assert closure.next_receipt == len(numbers) + 1
        everything = [d for docs in documents.values() for d in docs]
        assert len({d.unique_id for d in everything}) == len(everything)
        # The repository's own query agrees for the open period.
        with self.uow:
            mine = self.uow.documents.for_closure(TERMINAL, closures[-1].number)
        assert mine == documents[closures[-1].number]

    @invariant()
    def stored_documents_never_change(self) -> None:
        outbox = self.uow.table("outbox")
        for document in self.uow.table("documents").values():
            assert document.state in (DocumentState.COMPLETED, DocumentState.CANCELLED)
            if document.id in self.kept:
                assert self.kept[document.id] == document
                continue
            self.kept[document.id] = copy.deepcopy(document)
            check_sold_for_something(document)
            done = document.state is DocumentState.COMPLETED
            event = outbox[self._event(SALE_COMPLETED if done else SALE_CANCELLED, document.id)]
            assert event.payload == sale_payload(document)

    @invariant()
    def one_event_per_fact(self) -> None:
        outbox = self.uow.table("outbox")
        documents = self.uow.table("documents")
        kinds = Counter(item.event_type for item in outbox.values())
        for document in documents.values():
            done = document.state is DocumentState.COMPLETED
            key = self._event(SALE_COMPLETED if done else SALE_CANCELLED, document.id)
            other = self._event(SALE_CANCELLED if done else SALE_COMPLETED, document.id)
            assert key in outbox and other not in outbox
        assert kinds[SALE_COMPLETED] + kinds[SALE_CANCELLED] == len(documents)
        assert kinds[CASH_MOVED] == len(self.uow.table("cash"))
        closures = self.uow.table("closures").values()
        closed = [c for c in closures if c.state is ClosureState.CLOSED]
        assert kinds[CLOSURE_CLOSED] == len(closed)
        for closure in closed:
            assert self._event(CLOSURE_CLOSED, f"{TERMINAL}/{closure.number}") in outbox
        # Numbered 1, 2, 3 ... in the order the facts were committed, without a gap.
        assert sorted(i.sequence for i in outbox.values()) == list(range(1, len(outbox) + 1))
        # Whatever the receiver holds, it holds once, and everything marked sent reached it.
        for key, item in outbox.items():
            if item.status is OutboxStatus.SENT:
                assert self.upstream.received[key] == item.payload
        assert set(self.upstream.received) <= set(outbox)
        # Stored in sequence order, whatever failed or went unanswered on the way.
        stored = [outbox[event_id].sequence for event_id in self.upstream.applied]
        assert stored == sorted(stored)

    @invariant()
    def closure_totals_match_documents_and_cash(self) -> None:
        closures, documents, cash = self._stored()
        grand = 0
        left = 0  # the drawer's float, carried from each Z to the next period
        for closure in closures:
            assert closure.grand_total_at_open.minor == grand
            assert closure.opening_float.minor == left
            left = closure.float_left.minor if closure.float_left is not None else -1
            grand += closure.totals.sales_total.minor
            assert closure.grand_total.minor == grand
            if self.checked.get(closure.number) == closure:
                continue  # a closed period checked before, and unchanged since
            check_period(closure, documents[closure.number], cash[closure.number])
            if closure.state is ClosureState.CLOSED:
                outbox = self.uow.table("outbox")
                event = outbox[self._event(CLOSURE_CLOSED, f"{TERMINAL}/{closure.number}")]
                assert event.payload == closure_payload(closure)
                self.checked[closure.number] = copy.deepcopy(closure)

    @invariant()
    def every_event_is_a_valid_v1_event(self) -> None:
        """Each outbox item, rendered as the v1 envelope, validates against contracts/v1 in
        producer (strict) mode."""
        for item in self.uow.table("outbox").values():
            if item.event_id in self.valid_events:
                continue
            event = envelope(item)
            assert errors("envelope", event, strict=True) == [], item.event_id
            assert errors(item.event_type, item.payload, strict=True) == [], item.event_id
            self.valid_events.add(item.event_id)

    @invariant()
    def the_open_sale_is_the_active_draft(self) -> None:
        drafts = list(self.uow.table("drafts").values())
        active = [d for d in drafts if d.state is DocumentState.ACTIVE]
        assert len(active) <= 1
        sale = self.register.sale
        if sale is not None:
            assert [d.id for d in active] == [sale.document_id]
            assert tuple(active[0].lines) == sale.lines
        elif active:
            assert not active[0].lines  # an abandoned empty sale at most


def check_sold_for_something(document: Document) -> None:
    """No line is worth 0.00; a sale of 0.00 was completed with a supervisor's approval."""
    assert all(line.gross.minor > 0 for line in document.active_lines)
    approvals = [a for a in document.audit if a.action == "complete_zero_total"]
    free = document.state is DocumentState.COMPLETED and document.totals().total.minor == 0
    assert len(approvals) == (1 if free else 0)
    assert all(a.approved_by in ("2", "3") for a in approvals)


def check_period(closure: Closure, docs: list[Document], moves: list[Any]) -> None:
    """The closure's totals, recomputed from its stored documents and cash movements."""
    t = closure.totals
    done = [d for d in docs if d.state is DocumentState.COMPLETED]
    cancelled = [d for d in docs if d.state is DocumentState.CANCELLED]
    totals = {d.id: d.totals() for d in docs}
    payments = [p for d in done for p in d.payments]
    assert t.sales_count == len(done)
    assert t.cancelled_count == len(cancelled)
    assert t.sales_total.minor == sum(totals[d.id].total.minor for d in done)
    # Every completed sale was paid exactly: its takings are its total.
    assert t.sales_total.minor == sum_minor(p.applied for p in payments)
    assert t.cancelled_total.minor == sum(totals[d.id].total.minor for d in cancelled)
    assert t.voided_lines == sum(1 for d in docs for line in d.lines if line.voided)
    # Each adjustment counts by what it did; one that came to 0.00 counts nowhere.
    made = [
        amount.minor
        for d in done
        for amount in (
            *(line.adjustment_amount for line in d.active_lines if line.adjustment),
            *([totals[d.id].document_adjustment] if d.adjustment else []),
        )
    ]
    assert t.discount_count == sum(1 for minor in made if minor < 0)
    assert t.surcharge_count == sum(1 for minor in made if minor > 0)
    by_payment: Counter[str] = Counter()
    for p in payments:
        by_payment[p.type_code] += p.applied.minor
    assert {k: v.minor for k, v in t.by_payment.items()} == dict(by_payment)
    by_vat: dict[str, list[int]] = {}
    by_department: Counter[str] = Counter()
    by_cashier: Counter[str] = Counter()
    for d in done:
        for share in totals[d.id].vat:
            entry = by_vat.setdefault(share.code, [0, 0])
            entry[0] += share.gross.minor
            entry[1] += share.vat.minor
        for line_share in totals[d.id].shares:
            by_department[line_share.department_code] += line_share.amount.minor
        assert d.ended_by is not None  # whoever completed it is credited, not the opener
        by_cashier[d.ended_by] += totals[d.id].total.minor
    assert {k: [v.gross.minor, v.vat.minor] for k, v in t.by_vat.items()} == by_vat
    assert {k: v.minor for k, v in t.by_department.items()} == dict(by_department)
    assert {k: v.minor for k, v in t.by_cashier.items()} == dict(by_cashier)
    cash_in = sum(m.amount.minor for m in moves if m.kind is MovementKind.IN)
    cash_out = sum(m.amount.minor for m in moves if m.kind is MovementKind.OUT)
    tendered = sum_minor(p.tendered for p in payments if p.kind is PaymentKind.CASH)
    change = sum_minor(p.change for p in payments)
    assert (t.cash_in.minor, t.cash_out.minor) == (cash_in, cash_out)
    assert (t.cash_tendered.minor, t.change_given.minor) == (tendered, change)
    assert t.net_cash.minor == cash_in - cash_out + tendered - change
    assert closure.expected_cash.minor == closure.opening_float.minor + t.net_cash.minor
    for m in moves:
        if m.kind is MovementKind.OUT and m.amount.minor > 20_000:
            assert m.approved_by in ("2", m.cashier_id if m.cashier_id in ("2", "3") else "2")
    if closure.state is ClosureState.CLOSED:
        assert closure.counted_cash is not None and closure.difference is not None
        assert closure.difference.minor == closure.counted_cash.minor - closure.expected_cash.minor
        assert closure.float_left is not None and closure.taken_out is not None
        assert 0 <= closure.float_left.minor <= closure.counted_cash.minor
        assert closure.float_left + closure.taken_out == closure.counted_cash


RegisterMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=50, deadline=None)
TestRegisterMachine = RegisterMachine.TestCase
