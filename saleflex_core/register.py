"""The register session: the embedding API of the core.

``Register`` keeps what a till keeps between key presses — the signed-in cashier, the
open sale, the reference data — and calls one use case per method. Amounts may be
given as operator text (``"12.50"``) or as ``Money``; text is parsed with Decimal.

    register = Register(uow, terminal_id="T01", clock=clock, ids=ids, devices=devices)
    register.sign_in("1", "1234")
    register.scan("5901234101000")
    register.tender("CASH", "20")
    register.complete()
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from attrs import evolve, frozen

from saleflex_core.domain.adjustment import Adjustment
from saleflex_core.domain.cash import MovementKind
from saleflex_core.domain.events import OutboxItem
from saleflex_core.domain.money import Money, to_decimal
from saleflex_core.domain.organisation import Cashier
from saleflex_core.domain.receipt import LayoutLine, as_printed
from saleflex_core.domain.reference import ReferenceData
from saleflex_core.domain.reference_page import ReferenceHolder
from saleflex_core.exceptions import PermissionDenied, StateError, ValidationError
from saleflex_core.ports import (
    CashDrawer,
    CharacterSet,
    Clock,
    CustomerDisplay,
    IdGenerator,
    MasterDataSource,
    RandomSource,
    ReceiptPrinter,
    Scale,
    UnitOfWork,
    Upstream,
)
from saleflex_core.queries.sync import SyncStatus, failed_events, sync_status
from saleflex_core.queries.till import TillStatus, last_receipt, till_status
from saleflex_core.use_cases import (
    auth,
    cash,
    closing,
    completing,
    parking,
    pulling,
    selling,
    sync,
    tendering,
    terminal,
)
from saleflex_core.use_cases.auth import Override
from saleflex_core.use_cases.results import Finished, Report, SaleState


@frozen
class Devices:
    """The terminal's peripherals; any may be missing.

    ``charset`` says which letters the printer prints (usually the printer itself): the
    layouts the register hands out for a preview show ``?`` where the paper will.
    """

    printer: ReceiptPrinter | None = None
    drawer: CashDrawer | None = None
    display: CustomerDisplay | None = None
    scale: Scale | None = None
    charset: CharacterSet | None = None


class Register:
    """One terminal's session: sign in, sell, pay, park, cash, report."""

    def __init__(
        self,
        uow: UnitOfWork,
        *,
        terminal_id: str,
        clock: Clock,
        ids: IdGenerator,
        devices: Devices | None = None,
        paper_width: int = 42,
    ) -> None:
        self.uow = uow
        self.clock = clock
        self.ids = ids
        self.devices = devices or Devices()
        self.width = paper_width
        terminal.open_terminal(uow, clock=clock, terminal_id=terminal_id)
        self.reference = ReferenceHolder(terminal.load_reference_data(uow, terminal_id=terminal_id))
        self.cashier: Cashier | None = None
        # Crash recovery: the sale that was open when the register stopped comes back.
        self.sale: SaleState | None = parking.recover_sale(uow, terminal_id=terminal_id)

    @property
    def ref(self) -> ReferenceData:
        """The current reference-data snapshot; take it once per operation."""
        return self.reference.current

    # --- session -------------------------------------------------------------------------
    def sign_in(self, cashier_id: str, pin: str) -> Cashier:
        """Sign ``cashier_id`` in; whoever was signed in is signed out first.

        A failed sign-in (unknown cashier, wrong PIN, inactive) therefore leaves nobody
        signed in: someone who walks up to the till and fails to sign in never inherits
        the previous cashier's session. An open sale stays saved for the next sign-in.
        """
        self.cashier = None
        self.cashier = auth.sign_in(self.uow, cashier_id=cashier_id, pin=pin)
        return self.cashier

    def sign_out(self) -> None:
        self.cashier = None

    def money(self, amount: str | Money) -> Money:
        """Operator text or Money, in the store's currency."""
        if isinstance(amount, Money):
            return amount
        return Money.parse(amount, self.ref.store.currency)

    # --- selling -------------------------------------------------------------------------
    def scan(
        self, code: str, quantity: Decimal | str | None = None, price: str | Money | None = None
    ) -> SaleState:
        """Sell what ``code`` names; starts a sale when none is open.

        ``quantity`` (typed before the scan) multiplies a price label's packs and is
        refused with a weight label; it is never ignored (see ``selling.scan``).
        """
        who = self._who()
        opening = None
        if self.sale is None:  # the sale opens with its first line, in one transaction
            opening = selling.Opening(self.ref, who, self.clock, self.ids)
        qty = None if quantity is None else _decimal(quantity)
        return self._set(
            selling.scan(
                self.uow,
                ref=self.ref,
                document_id=None if self.sale is None else self.sale.document_id,
                opening=opening,
                code=code,
                quantity=qty,
                price=None if price is None else self.money(price),
                scale=self.devices.scale,
                display=self.devices.display,
            )
        )

    def change_quantity(self, line_no: int, quantity: Decimal | str) -> SaleState:
        return self._set(
            selling.change_quantity(
                self.uow, document_id=self._doc(), line_no=line_no, quantity=_decimal(quantity)
            )
        )

    def void_line(self, line_no: int, override: Override | None = None) -> SaleState:
        return self._set(
            selling.void_line(
                self.uow,
                clock=self.clock,
                cashier=self._who(),
                document_id=self._doc(),
                line_no=line_no,
                override=override,
            )
        )

    def override_price(
        self, line_no: int, price: str | Money, override: Override | None = None
    ) -> SaleState:
        return self._set(
            selling.override_price(
                self.uow,
                clock=self.clock,
                cashier=self._who(),
                document_id=self._doc(),
                line_no=line_no,
                unit_price=self.money(price),
                override=override,
            )
        )

    def discount_line(
        self,
        line_no: int,
        *,
        amount: str | Money | None = None,
        percent: str | Decimal | None = None,
    ) -> SaleState:
        """Give line ``line_no`` a discount; one already there (either kind) is replaced."""
        adjustment = Adjustment.discount(
            amount=self._opt_money(amount), percent=_opt_decimal(percent)
        )
        return self._adjust_line(line_no, adjustment)

    def surcharge_line(
        self,
        line_no: int,
        *,
        amount: str | Money | None = None,
        percent: str | Decimal | None = None,
    ) -> SaleState:
        """Give line ``line_no`` a surcharge; one already there (either kind) is replaced."""
        adjustment = Adjustment.surcharge(
            amount=self._opt_money(amount), percent=_opt_decimal(percent)
        )
        return self._adjust_line(line_no, adjustment)

    def remove_line_adjustment(self, line_no: int) -> SaleState:
        """Take back the discount or surcharge of line ``line_no``.

        It needs what giving one needs (a signed-in cashier, items still open); giving
        another one with ``discount_line``/``surcharge_line`` replaces it instead.
        """
        return self._adjust_line(line_no, None)

    def discount_sale(
        self, *, amount: str | Money | None = None, percent: str | Decimal | None = None
    ) -> SaleState:
        """Give the sale a discount; one already there (discount or surcharge) is replaced."""
        adjustment = Adjustment.discount(
            amount=self._opt_money(amount), percent=_opt_decimal(percent)
        )
        return self._adjust_sale(adjustment)

    def surcharge_sale(
        self, *, amount: str | Money | None = None, percent: str | Decimal | None = None
    ) -> SaleState:
        """Give the sale a surcharge; one already there (discount or surcharge) is replaced."""
        adjustment = Adjustment.surcharge(
            amount=self._opt_money(amount), percent=_opt_decimal(percent)
        )
        return self._adjust_sale(adjustment)

    def remove_sale_adjustment(self) -> SaleState:
        """Take back the sale's discount or surcharge; it needs what giving one needs."""
        return self._adjust_sale(None)

    def subtotal(self) -> SaleState:
        return self._set(selling.subtotal(self.uow, clock=self.clock, document_id=self._doc()))

    # --- paying and finishing ------------------------------------------------------------
    def tender(self, payment_code: str, amount: str | Money | None = None) -> SaleState:
        """Take a payment (everything due when ``amount`` is None)."""
        return self._set(
            tendering.tender(
                self.uow,
                ref=self.ref,
                document_id=self._doc(),
                payment_code=payment_code,
                amount=None if amount is None else self.money(amount),
                display=self.devices.display,
            )
        )

    def complete(self, override: Override | None = None) -> Finished:
        """Complete the paid sale: numbered, stored, queued; then receipt and drawer.

        The signed-in cashier completes it and is credited with it in the Z, whoever
        opened it (a parked sale may change hands). A sale that comes to 0.00 needs a
        supervisor: ``PermissionDenied`` until one signs in or gives an ``override``.
        """
        done = completing.complete_sale(
            self.uow,
            ref=self.ref,
            clock=self.clock,
            cashier=self._who(),
            document_id=self._doc(),
            override=override,
            printer=self.devices.printer,
            drawer=self.devices.drawer,
            display=self.devices.display,
            width=self.width,
        )
        self.sale = None
        return done

    def cancel(self) -> Finished:
        """Cancel the open sale: numbered and kept as CANCELLED by the signed-in cashier."""
        done = completing.cancel_sale(
            self.uow,
            ref=self.ref,
            clock=self.clock,
            cashier=self._who(),
            document_id=self._doc(),
            printer=self.devices.printer,
            width=self.width,
        )
        self.sale = None
        return done

    def status(self) -> TillStatus:
        """The open closure number and the outbox depth, for the status bar."""
        return till_status(self.uow, terminal_id=self.ref.terminal.id)

    def last_receipt(self) -> list[LayoutLine]:
        """The last receipt's layout as printed, for a preview on screen."""
        self._who()
        return self._as_printed(last_receipt(self.uow, ref=self.ref, width=self.width))

    def reprint_last(self) -> SaleState:
        self._who()
        if self.devices.printer is None:
            raise StateError("No receipt printer is connected")
        return completing.reprint(
            self.uow, ref=self.ref, printer=self.devices.printer, width=self.width
        )

    # --- parking -------------------------------------------------------------------------
    def suspend(self) -> SaleState:
        parked = parking.suspend_sale(self.uow, document_id=self._doc())
        self.sale = None
        return parked

    def suspended(self) -> list[SaleState]:
        return parking.list_suspended(self.uow, terminal_id=self.ref.terminal.id)

    def resume(self, document_id: str) -> SaleState:
        self._who()
        return self._set(parking.resume_sale(self.uow, document_id=document_id))

    # --- cash and reports ----------------------------------------------------------------
    def cash_in(self, amount: str | Money, reason: str) -> cash.CashMoved:
        return self._move(MovementKind.IN, amount, reason, None)

    def cash_out(
        self, amount: str | Money, reason: str, override: Override | None = None
    ) -> cash.CashMoved:
        return self._move(MovementKind.OUT, amount, reason, override)

    def x_report(self) -> Report:
        self._who()
        report = closing.x_report(
            self.uow, ref=self.ref, printer=self.devices.printer, width=self.width
        )
        return evolve(report, layout=tuple(self._as_printed(report.layout)))

    def close_period(
        self,
        counted_cash: str | Money,
        override: Override | None = None,
        *,
        float_left: str | Money | None = None,
    ) -> Report:
        """The Z report: closes the period and opens the next.

        ``float_left`` is the cash left in the drawer for the next period; when not given
        everything counted stays there. The rest is taken out (``closure.taken_out``).
        """
        report = closing.close_period(
            self.uow,
            ref=self.ref,
            clock=self.clock,
            cashier=self._who(),
            counted_cash=self.money(counted_cash),
            float_left=self._opt_money(float_left),
            override=override,
            printer=self.devices.printer,
            width=self.width,
        )
        return evolve(report, layout=tuple(self._as_printed(report.layout)))

    # --- upstream ------------------------------------------------------------------------
    def push_outbox(
        self, upstream: Upstream, jitter: RandomSource, limit: int = 100
    ) -> sync.SyncResult:
        """Deliver the terminal's waiting events in sequence order (see ``use_cases.sync``)."""
        return sync.push_outbox(
            self.uow,
            ref=self.ref,
            upstream=upstream,
            clock=self.clock,
            jitter=jitter,
            limit=limit,
        )

    def sync_status(self) -> SyncStatus:
        """Outbox depth, oldest waiting event's age, last success, last error."""
        return sync_status(self.uow, terminal_id=self.ref.terminal.id, now=self.clock.now())

    def failed_events(self) -> list[OutboxItem]:
        """Events the receiver refused for good, with its reasons."""
        return failed_events(self.uow, terminal_id=self.ref.terminal.id)

    def retry_event(self, event_id: str, override: Override | None = None) -> OutboxItem:
        """Send a refused event again: a supervisor's decision (signed in, or ``override``)."""
        return sync.retry_failed(
            self.uow, ref=self.ref, cashier=self._who(), event_id=event_id, override=override
        )

    def pull_master_data(
        self, source: MasterDataSource, *, uow: UnitOfWork | None = None, limit: int = 500
    ) -> pulling.Pulled:
        """Pull master-data pages, store each with its cursor and swap the caches.

        From a thread other than the till's, pass a unit of work of its own (the till's
        is not shared). The sale in progress keeps its lines as they were copied; the
        next scan sees the new prices. A cashier removed upstream stays signed in until
        signing out (a sale is never taken from under the cashier); the next sign-in is
        refused. A page the catalogue cannot take raises ``ValidationError`` and changes
        nothing (the pages before it stay).
        """
        return pulling.pull_master_data(
            uow or self.uow, source=source, holder=self.reference, limit=limit
        )

    # --- internals -----------------------------------------------------------------------
    def _move(
        self, kind: MovementKind, amount: str | Money, reason: str, override: Override | None
    ) -> cash.CashMoved:
        return cash.move_cash(
            self.uow,
            ref=self.ref,
            clock=self.clock,
            ids=self.ids,
            cashier=self._who(),
            kind=kind,
            amount=self.money(amount),
            reason=reason,
            override=override,
            printer=self.devices.printer,
            drawer=self.devices.drawer,
            width=self.width,
        )

    def _adjust_line(self, line_no: int, adjustment: Adjustment | None) -> SaleState:
        return self._set(
            selling.adjust_line(
                self.uow, document_id=self._doc(), line_no=line_no, adjustment=adjustment
            )
        )

    def _adjust_sale(self, adjustment: Adjustment | None) -> SaleState:
        return self._set(
            selling.adjust_document(self.uow, document_id=self._doc(), adjustment=adjustment)
        )

    def _as_printed(self, layout: Sequence[LayoutLine]) -> list[LayoutLine]:
        """A layout as the paper shows it, for the screen (the printer gets the original)."""
        charset = self.devices.charset
        return list(layout) if charset is None else as_printed(layout, charset.printable)

    def _opt_money(self, amount: str | Money | None) -> Money | None:
        return None if amount is None else self.money(amount)

    def _who(self) -> Cashier:
        if self.cashier is None:
            raise PermissionDenied("Sign in first")
        return self.cashier

    def _doc(self) -> str:
        self._who()
        if self.sale is None:
            raise StateError("There is no open sale")
        return self.sale.document_id

    def _set(self, sale: SaleState) -> SaleState:
        self.sale = sale
        return sale


def _opt_decimal(value: Decimal | str | None) -> Decimal | None:
    return None if value is None else _decimal(value)


def _decimal(value: Decimal | str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    try:
        result = to_decimal(str(value).strip().replace(",", "."))
    except ArithmeticError as exc:
        raise ValidationError(f"{value!r} is not a number") from exc
    if not result.is_finite():
        raise ValidationError(f"{value!r} is not a number")
    return result
