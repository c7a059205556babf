"""What the view draws of a ``Till``: frozen view models and plain values, re-read after
every key press or click. ``Till`` composes the controllers these read from."""

from __future__ import annotations

from apps.pos_desktop.presenters.closing import ClosingController
from apps.pos_desktop.presenters.desk import Controller, Desk, FunctionKey, Pending, Screen
from apps.pos_desktop.presenters.dialogs import ConfirmController, PreviewController
from apps.pos_desktop.presenters.errors import Message
from apps.pos_desktop.presenters.form import FormScreen
from apps.pos_desktop.presenters.outbox import RefusedRow, SyncController, SyncPanel
from apps.pos_desktop.presenters.parked import ParkedController
from apps.pos_desktop.presenters.payment import PaymentController
from apps.pos_desktop.presenters.selling import SaleController
from apps.pos_desktop.presenters.status import StatusController
from apps.pos_desktop.presenters.supervisor import SupervisorController
from apps.pos_desktop.presenters.view_models import (
    EntryView,
    FormView,
    KeyView,
    Preview,
    ProductList,
    QuickTender,
    SaleView,
    StatusBar,
    SuspendedRow,
    quick_key_views,
    sale_view,
)
from saleflex_core.register import Register

_COLOURS = {"void": "#b23b3b", "pay": "#2e7d32", "plain": "#455a64"}


class TillViews:
    """The read side of the ``Till``: what each screen shows."""

    register: Register
    desk: Desk
    status: StatusController
    supervisor: SupervisorController
    confirm: ConfirmController
    viewer: PreviewController
    sale: SaleController
    payment: PaymentController
    suspended: ParkedController
    closing: ClosingController
    outbox: SyncController

    def _current(self) -> Controller:
        raise NotImplementedError

    def _keys(self) -> tuple[FunctionKey, ...]:
        raise NotImplementedError

    @property
    def screen(self) -> Screen:
        return self.desk.screen

    @property
    def message(self) -> Message | None:
        return self.desk.message

    @message.setter
    def message(self, message: Message | None) -> None:
        self.desk.message = message

    @property
    def products(self) -> ProductList | None:
        return self.sale.products

    @property
    def parked(self) -> tuple[SuspendedRow, ...]:
        return self.suspended.rows

    @property
    def preview(self) -> Preview | None:
        return self.viewer.shown

    @property
    def question(self) -> Pending | None:
        return self.confirm.question

    @property
    def approval(self) -> Pending | None:
        return self.supervisor.pending

    @property
    def refused(self) -> tuple[RefusedRow, ...]:
        """The sync screen's list: events the upstream refused for good."""
        return self.outbox.rows

    def sync_panel(self) -> SyncPanel:
        return self.outbox.panel()

    def key_map(self) -> tuple[KeyView, ...]:
        """The function keys of the current screen; a click is ``press_key(view.key)``."""
        return tuple(
            KeyView(k.hotkey, k.caption, _COLOURS.get(k.colour, k.colour), k.hotkey)
            for k in self._keys()
        )

    def quick_keys(self, page: int | None = None) -> tuple[KeyView, ...]:
        """The store's department and PLU keys of one page (else the page on show), in
        their order and colours."""
        shown = self.sale.page if page is None else page
        return quick_key_views(self.register.ref.quick_keys, shown)

    def quick_key_pages(self) -> tuple[int, ...]:
        return tuple(sorted({k.page for k in self.register.ref.quick_keys}))

    def quick_tenders(self) -> tuple[QuickTender, ...]:
        return self.payment.quick_tenders()

    def sale_view(self) -> SaleView:
        names = {p.code: p.name for p in self.register.ref.payment_types.values()}
        return sale_view(
            self.register.sale,
            self.desk.currency,
            selected=self.sale.selected,
            last=self.sale.last,
            names=names,
        )

    def entry_view(self) -> EntryView:
        prompt, text = self._current().entry()
        quantity = self.sale.quantity
        return EntryView(prompt, text, "" if quantity is None else f"{quantity} ×")

    def status_bar(self) -> StatusBar:
        return self.status.status_bar()

    def form_view(self) -> FormView | None:
        """The fields of this screen's form (the approval, the Z, the search), if it has one."""
        current = self._current()
        if isinstance(current, FormScreen):
            return current.form.view()
        if self.desk.screen is Screen.SALE:
            return self.sale.search_form.view()
        return None
