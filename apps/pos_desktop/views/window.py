"""The register window: draws the ``Till``'s view models, forwards keys and clicks to it.

Every callback runs through ``Window.safely``: an unexpected exception is logged and shown
on the message line, and the window redraws; the register never dies to a traceback.
Callbacks run on the main thread, from the render loop (manual callback management), so
the test script (``SALEFLEX_POS_SCRIPT``) and real clicks take the same path.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import attrs
import dearpygui.dearpygui as dpg

from apps.pos_desktop.device_jobs import DeviceJobs
from apps.pos_desktop.presenters import Screen, Till
from apps.pos_desktop.views import screens
from apps.pos_desktop.views.forms import keyboard_focus
from apps.pos_desktop.views.frame import Frame
from apps.pos_desktop.views.guard import guarded, redraw_guarded
from apps.pos_desktop.views.layout import Layout
from apps.pos_desktop.views.script import Script
from apps.pos_desktop.views.tables import Tables
from saleflex_core.logger import get_logger

log = get_logger(__name__)
STATUS_EVERY = 10.0  # seconds between printer and counter checks for the status bar


class PrinterWatch:
    """Asks the printer how it is on a thread of its own: a printer that does not answer
    must never freeze the window. The render loop shows the latest answer."""

    def __init__(self, till: Till) -> None:
        self.till = till
        self.latest: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="printer-status", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while True:
            try:
                self.latest = self.till.status.read_printer()
            except Exception:
                log.exception("Printer status check failed")
                self.latest = "status unknown (see the log)"
            if self._stop.wait(STATUS_EVERY):
                return


class Window(Frame):
    root = screens.ROOT
    key_handlers = "keys"

    def __init__(self, till: Till, store_name: str, jobs: DeviceJobs | None = None) -> None:
        self.till = till
        self.jobs = jobs
        self.store_name = store_name
        self.tables = Tables(self.clicked)
        self._next_status = 0.0
        self._sync_seen = -1  # the sync worker's report last drawn (its cycle count)
        self.printer_watch = PrinterWatch(till)
        super().__init__()

    def serve(self, till: Till, store_name: str, jobs: DeviceJobs | None) -> None:
        """Go on with another register (one just enrolled): the widgets stay, every list
        and button row is drawn again from the new till."""
        self.till = self.printer_watch.till = till
        self.jobs = jobs
        self.store_name = store_name
        self._sync_seen = -1
        self._drawn.clear()
        self.tables.rebuilt(self.layout)
        self.forms.rebuilt()
        dpg.set_value("sign_in_store", store_name)

    # --- building and the loop ----------------------------------------------------------
    def _widgets(self, layout: Layout) -> None:
        self.builder.build(layout)
        self.tables.rebuilt(layout)
        dpg.set_value("sign_in_store", self.store_name)

    def loop(self, script: Script | None) -> None:
        while dpg.is_dearpygui_running():
            dpg.render_dearpygui_frame()
            dpg.run_callbacks(dpg.get_callback_queue())
            self.safely(self._fit, redraw=False)
            if self.jobs is not None and self.jobs.failures:
                self.safely(partial(self.till.device_failed, self.jobs.failures.popleft()))
            if time.monotonic() >= self._next_status:
                self._next_status = time.monotonic() + STATUS_EVERY
                self.safely(self._refresh_status)
            elif self._sync_report_changed():
                self.safely(self.till.sync_reported)
            self.forms.write_pending()
            if script is not None and script.tick():
                break

    def _sync_report_changed(self) -> bool:
        """The sync worker reported again: the status bar (and sync screen) are redrawn."""
        sync = self.till.status.sync
        cycles = -1 if sync is None else sync.report.cycles
        changed, self._sync_seen = cycles != self._sync_seen, cycles
        return changed

    def _refresh_status(self) -> None:
        self.till.status.refresh_counters()
        self.till.status.show_printer(self.printer_watch.latest)

    # --- input -------------------------------------------------------------------------
    def press_key(self, name: str) -> bool:
        return self.till.press_key(name)

    def edited(self, sender: Any, app_data: Any, user_data: Any) -> None:
        """A keyboard typed into a text field: the till's form holds the same text."""
        _, name = user_data
        self.safely(lambda: self.till.type_field(name, str(app_data)))

    def clicked(self, sender: Any, app_data: Any, user_data: Any) -> None:
        verb, argument = user_data
        self.safely(lambda: self._click(verb, argument))

    def _click(self, verb: str, argument: Any) -> None:
        till = self.till
        actions: dict[str, Callable[[], object]] = {
            "key": lambda: till.press_key(argument),
            "pad": lambda: till.press_clear() if argument == "Clear" else till.press_key(argument),
            "quick": lambda: till.sale.press_quick_key(argument),
            "line": lambda: till.sale.select_line(argument),
            "tender": lambda: till.press_enter(argument),
            "confirm": lambda: till.confirm.answer(argument),
            "resume": lambda: till.suspended.resume(argument),
            "retry": lambda: till.outbox.retry(argument),
            "pick": lambda: till.sale.pick(argument),
            "close": till.sale.close_products,
            "page": lambda: till.sale.show_page(argument),
            "focus": lambda: till.focus_field(argument),
            "char": lambda: till.press_typed(self.shift.apply(argument)),
            "shift": self.shift.toggle,
            "reason": lambda: till.supervisor.pick_reason(argument),
            "approve": lambda: till.supervisor.approve(),
            "search": lambda: till.sale.search_field(),
            "z": lambda: till.closing.z_report(),
            "enrol": lambda: till.enrolment.enrol(),
        }
        actions[verb]()

    def safely(self, work: Callable[[], object], redraw: bool = True) -> None:
        """Run one action and redraw; a defect is logged and told, never fatal."""
        failed = guarded(work, "the register window")
        if failed is not None:
            self.till.message = failed
        if redraw:
            redraw_guarded(self.refresh, "The register window")

    def state(self) -> dict[str, object]:
        """What the window shows, for the test script's dumps."""
        till = self.till
        view = till.sale_view()
        message = till.message
        form = till.form_view()
        return {
            "screen": till.screen.value,
            "message": None if message is None else message.text,
            "total": view.total,
            "big": [view.big_caption, view.big],
            "caption": view.state_caption,
            "lines": [attrs.asdict(line) for line in view.lines],
            "entry": attrs.asdict(till.entry_view()),
            "form": None if form is None else [attrs.asdict(f) for f in form.fields],
            "keyboard_focus": keyboard_focus(),
            "keys": [k.hotkey for k in till.key_map()],
            "note": till.closing.note() if till.screen is Screen.CLOSE_PERIOD else None,
            "confirm_yes": dpg.get_item_label("confirm_yes"),
            "status": dpg.get_value("status"),
            "status_sync": dpg.get_value("status_sync"),
            "refused": [attrs.asdict(row) for row in till.refused],
            "last_sent": till.sync_panel().last_success,
        }

    def line_count(self) -> int:
        return len(self.till.sale_view().lines)

    # --- drawing -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read every view model of the till and update the widgets."""
        till = self.till
        for screen, panel in screens.PANELS.items():
            dpg.configure_item(panel, show=screen is till.screen)
        self._status()
        self._message("message", till.message)
        entry = till.entry_view()
        dpg.set_value("entry_prompt", entry.prompt)
        dpg.set_value("entry_text", entry.text or " ")
        dpg.set_value("entry_quantity", entry.quantity)
        dpg.configure_item("search_row", show=till.screen is Screen.SALE)
        self._buttons()
        if till.screen is Screen.SALE:  # the sale's lines are read only where they show
            self.tables.sale(till.sale_view(), till.products)
        elif till.screen is Screen.PAYMENT:
            self.tables.payment(till.sale_view(), till.quick_tenders(), self.themes)
        elif till.screen is Screen.SUSPENDED:
            self.tables.parked(till.parked)
        elif till.screen is Screen.SYNC:
            self._sync_screen()
        self._dialogs()
        self.forms.refresh(till)

    def _buttons(self) -> None:
        """The function keys and the quick keys, filled again only when they change."""
        till = self.till
        self._function_keys(till.key_map())
        quick = (till.sale.page, till.quick_key_pages())
        if self._drawn.get("quick") != quick:
            self._drawn["quick"] = quick
            self.buttons.quick_keys(till.quick_keys())
            self.buttons.pages(quick[1], quick[0])

    def _status(self) -> None:
        bar = self.till.status_bar()
        dpg.set_value(
            "status",
            f"{bar.terminal} | {bar.cashier} | closure {bar.closure_no} | printer: {bar.printer}",
        )
        dpg.set_value("status_sync", f"upstream: {bar.upstream}")

    def _sync_screen(self) -> None:
        panel, rows = self.till.sync_panel(), self.till.refused
        dpg.set_value("sync_state", f"Upstream: {panel.upstream}")
        dpg.set_value(
            "sync_times", f"Last sent: {panel.last_success}    Last problem: {panel.last_error}"
        )
        dpg.set_value(
            "sync_refused_title",
            "Refused for good: a supervisor sends one again (F1 or Send again)"
            if rows
            else "Nothing was refused.",
        )
        self.tables.refused(rows)

    def _dialogs(self) -> None:
        till = self.till
        if till.question is not None:
            dpg.set_value("question", till.question.prompt)
            dpg.configure_item("confirm_yes", label=till.confirm.yes)
        if till.approval is not None:
            dpg.set_value("sup_prompt", till.approval.prompt)
        if till.screen is Screen.CLOSE_PERIOD:
            dpg.set_value("close_note", till.closing.note())
        if till.preview is not None:
            dpg.set_value("preview_title", till.preview.title)
            dpg.set_value("preview_text", till.preview.text)
