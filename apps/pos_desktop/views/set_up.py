"""The first start's window: a new shop's form (``SetUpForm``), before its register exists.

Dear PyGui has one viewport per process, so the form is drawn in the viewport the
register uses next: ``app.run_first_start`` opens the viewport on this window; once the
terminal is set up, ``tear_down`` removes its widgets and the register's are built in
their place. The name and the currency are text fields (a keyboard types into them, the
on-screen letters too); the PINs are tapped fields the keypad or keyboard types into.
Every callback runs through ``safely``, as the register window's do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import dearpygui.dearpygui as dpg

from apps.pos_desktop.presenters.set_up import SetUpForm
from apps.pos_desktop.views import pads, screens
from apps.pos_desktop.views.forms import SET_UP, keyboard_focus
from apps.pos_desktop.views.frame import Frame
from apps.pos_desktop.views.guard import guarded, redraw_guarded
from apps.pos_desktop.views.layout import Layout
from apps.pos_desktop.views.script import Script

ROOT = "setup_root"
_KEYS = "setup_keys"
_NEW_STORE = (
    "Set up your shop: its name as printed on receipts, its currency (a code such as EUR "
    "or TRY) and a PIN of 4 to 8 digits for the manager, who signs in as cashier 1. The "
    "catalogue starts empty, ready for your products."
)
_CONNECT = (
    "A register of a store connected to OFFICE or GATE: type upstream's address (such "
    "as https://gate.example.com) and the one-time enrolment code it gave for this "
    "register. The store, this terminal, the cashiers and the catalogue come from upstream."
)


class SetUpWindow(Frame):
    root = ROOT
    key_handlers = _KEYS

    def __init__(self, form: SetUpForm) -> None:
        self.form = form
        self._connecting = form.connecting  # which form the widgets were built for
        super().__init__()

    # --- building and the loop ----------------------------------------------------------
    def _widgets(self, layout: Layout) -> None:
        x = layout
        screens.delete_roots(ROOT)
        with dpg.window(tag=ROOT, no_scrollbar=True):
            dpg.add_text(f"Terminal {self.form.terminal_id}: first start", tag="setup_status")
            with dpg.child_window(height=x.message_h, border=False, no_scrollbar=True):
                dpg.add_text("", tag="setup_message", wrap=x.inner_w - x.pad)
                self.fonts.bind("setup_message", "big")
            with dpg.group(horizontal=True):
                with dpg.child_window(width=x.left_w, height=x.main_h):
                    self._fields()
                with dpg.child_window(width=-1, height=x.main_h):
                    pads.keypad(self.clicked, self.fonts, x)
                    pads.letters(self.clicked, x)
            dpg.add_group(tag="fkeys")

    def _fields(self) -> None:
        x = self.layout
        self._connecting = connecting = self.form.connecting
        self.fonts.bind(dpg.add_text("A new register"), "huge")
        dpg.add_text(_CONNECT if connecting else _NEW_STORE, wrap=x.left_inner)
        self.builder.field_rows(self.form.form.fields)
        dpg.add_button(
            label="Connect" if connecting else "Set up", tag="setup_ok", width=x.half_w,
            height=x.px(50), callback=self.clicked, user_data=("set_up", None),
        )  # fmt: skip
        self.themes.paint("setup_ok", "#2e7d32")

    def loop(self, script: Script | None) -> bool:
        """Until the terminal is set up (True), or the window is closed or the script
        quits (False)."""
        while dpg.is_dearpygui_running():
            dpg.render_dearpygui_frame()
            dpg.run_callbacks(dpg.get_callback_queue())
            self.safely(self._fit, redraw=False)
            self.forms.write_pending()
            if self.form.done:
                return True
            if script is not None and script.tick():
                return False
        return False

    def tear_down(self) -> None:
        """Remove the form's widgets: the register's are built in their place."""
        dpg.set_primary_window(ROOT, False)
        screens.delete_roots(ROOT, _KEYS)
        if self._theme is not None:
            dpg.delete_item(self._theme)
            self._theme = None

    # --- input --------------------------------------------------------------------------
    def press_key(self, name: str) -> bool:
        return self.form.press_key(name)

    def edited(self, sender: Any, app_data: Any, user_data: Any) -> None:
        _, name = user_data
        self.safely(lambda: self.form.type_field(name, str(app_data)))

    def clicked(self, sender: Any, app_data: Any, user_data: Any) -> None:
        verb, argument = user_data
        form = self.form
        actions: dict[str, Callable[[], object]] = {
            "pad": lambda: form.press_clear() if argument == "Clear" else form.press_key(argument),
            "char": lambda: form.press_typed(self.shift.apply(argument)),
            "shift": self.shift.toggle,
            "focus": lambda: form.focus_field(argument),
            "key": lambda: form.press_key(argument),
            "set_up": form.set_up,
        }
        self.safely(actions[verb])

    def safely(self, work: Callable[[], object], redraw: bool = True) -> None:
        """Run one action and redraw; a defect is logged and told, never fatal."""
        failed = guarded(work, "the first start's form")
        if failed is not None:
            self.form.message = failed
        if redraw and not self.form.done:
            redraw_guarded(self.refresh, "The first start's form")

    # --- drawing ------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.form.connecting != self._connecting:  # F2: the other form's widgets
            self.build(self.layout)
            dpg.set_primary_window(self.root, True)
            return
        self._message("setup_message", self.form.message)
        self.forms.show(SET_UP, self.form.form_view(), None)
        self._function_keys(self.form.key_map())

    def state(self) -> dict[str, object]:
        """What the form shows, for the test script's dumps."""
        message = self.form.message
        form = self.form.form_view()
        return {
            "screen": SET_UP,
            "message": None if message is None else message.text,
            "form": [attrs.asdict(f) for f in form.fields],
            "keyboard_focus": keyboard_focus(),
            "keys": [k.hotkey for k in self.form.key_map()],
            "lines": [],
        }

    def line_count(self) -> int:
        return 0
