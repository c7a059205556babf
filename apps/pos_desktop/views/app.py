"""The register's viewport: ``run`` opens the register window on an open register;
``run_first_start`` opens the first start's form, sets the terminal up from its answers
and goes on, in the same viewport, to the register window on the new terminal.

Dear PyGui has one viewport per process: the two windows take turns in it. Callbacks run
on the main thread, from the render loop (manual callback management), so the test
script (``SALEFLEX_POS_SCRIPT``) drives the form and then the register as clicks do.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Protocol

import dearpygui.dearpygui as dpg

from apps.pos_desktop.bootstrap import RunningTill
from apps.pos_desktop.presenters import Till
from apps.pos_desktop.presenters.set_up import SetUpForm
from apps.pos_desktop.settings import PosSettings
from apps.pos_desktop.views.layout import BASE_H, BASE_W, Layout
from apps.pos_desktop.views.script import Driven, Script
from apps.pos_desktop.views.set_up import SetUpWindow
from apps.pos_desktop.views.window import Window
from saleflex_core.logger import get_logger
from saleflex_core.use_cases.store_setup import NewStore

log = get_logger(__name__)
SCRIPT_ENV = "SALEFLEX_POS_SCRIPT"
MIN_W, MIN_H = 800, 600  # the smallest touch screen the layout is tested on


class _Built(Driven, Protocol):
    root: str

    def build(self, layout: Layout) -> None: ...


def run(running: RunningTill) -> int:
    """Open the register window on ``running`` and return when it is closed (0)."""
    dpg.create_context()
    try:
        dpg.configure_app(manual_callback_management=True)
        window = _register_window(running)
        _open_viewport(window, running.settings)
        _serve(window, _script(window))
    finally:
        dpg.destroy_context()
    log.info("Register window closed")
    return 0


def run_first_start(settings: PosSettings, start: Callable[[NewStore], RunningTill]) -> int:
    """The first start's form; ``start`` sets the terminal up from its answers and opens
    its register, which this window then serves until it is closed (0). The register is
    closed here: it was opened here."""
    opened: list[RunningTill] = []
    dpg.create_context()
    try:
        dpg.configure_app(manual_callback_management=True)
        form = SetUpForm(
            lambda answers: opened.append(start(answers)), terminal_id=settings.terminal_id
        )
        set_up = SetUpWindow(form)
        _open_viewport(set_up, settings)
        script = _script(set_up)
        if not set_up.loop(script):
            log.info("First start's form closed: nothing was set up")
            return 0
        set_up.tear_down()
        window = _register_window(opened[0])
        window.till.message = form.message  # sign in as the manager
        window.build(Layout(dpg.get_viewport_client_width(), dpg.get_viewport_client_height()))
        dpg.set_primary_window(window.root, True)
        if script is not None:
            script.window = window
        _serve(window, script)
    finally:
        dpg.destroy_context()
        for running in opened:
            running.close()
    log.info("Register window closed")
    return 0


def _register_window(running: RunningTill) -> Window:
    """The register's window; its sync worker starts with it (and stops with the till)."""
    if running.sync is not None:
        running.sync.start()
    till = Till(running.register, printer_status=running.printer_status, sync=running.sync)
    return Window(till, running.register.ref.store.name, running.jobs)


def _serve(window: Window, script: Script | None) -> None:
    window.printer_watch.start()
    try:
        window.loop(script)
    finally:
        window.printer_watch.stop()


def _script(window: Driven) -> Script | None:
    path = os.environ.get(SCRIPT_ENV)
    return Script.load(path, window) if path else None


def _open_viewport(window: _Built, settings: PosSettings) -> None:
    """The window at its set size, or filling the screen (laid out again at the size the
    window manager gives it, in the loop)."""
    size = settings.window_size
    width, height = size if isinstance(size, tuple) else (BASE_W, BASE_H)
    dpg.create_viewport(
        title=f"SaleFlex PyPOS — {settings.terminal_id}",
        width=width,
        height=height,
        min_width=MIN_W,
        min_height=MIN_H,
    )
    window.build(Layout(width, height))
    dpg.setup_dearpygui()
    dpg.show_viewport()
    dpg.set_primary_window(window.root, True)
    if size == "fill":
        dpg.maximize_viewport()
    elif size == "fullscreen":
        dpg.toggle_viewport_fullscreen()
