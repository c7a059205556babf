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
from apps.pos_desktop.presenters.errors import info
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
Reconnect = Callable[[RunningTill, str, str], RunningTill]  # enrols a running register
MIN_W, MIN_H = 800, 600  # the smallest touch screen the layout is tested on


class _Built(Driven, Protocol):
    root: str

    def build(self, layout: Layout) -> None: ...


def run(running: RunningTill, reconnect: Reconnect | None = None) -> int:
    """Open the register window on ``running`` and return when it is closed (0).

    With ``reconnect``, a supervisor may connect a register with empty books to OFFICE or
    GATE from the sync screen: the window goes on with the enrolled register (closed here,
    as the window opened it; ``running`` is the caller's to close)."""
    dpg.create_context()
    session = Session(running, reconnect)
    try:
        dpg.configure_app(manual_callback_management=True)
        window = session.open_window()
        _open_viewport(window, running.settings)
        _serve(window, _script(window))
    finally:
        dpg.destroy_context()
        if session.running is not running:
            session.running.close()
    log.info("Register window closed")
    return 0


def run_first_start(
    settings: PosSettings,
    start: Callable[[NewStore], RunningTill],
    connect: Callable[[str, str], RunningTill] | None = None,
    reconnect: Reconnect | None = None,
) -> int:
    """The first start's form; ``start`` sets the terminal up from its answers (or
    ``connect`` enrols it with upstream's address and code) and opens its register,
    which this window then serves until it is closed (0). The register is closed here:
    it was opened here."""
    opened: list[RunningTill] = []
    dpg.create_context()
    session: Session | None = None
    try:
        dpg.configure_app(manual_callback_management=True)
        form = _set_up_form(settings, opened, start, connect)
        set_up = SetUpWindow(form)
        _open_viewport(set_up, settings)
        script = _script(set_up)
        if not set_up.loop(script):
            log.info("First start's form closed: nothing was set up")
            return 0
        set_up.tear_down()
        session = Session(opened[0], reconnect)
        window = session.open_window()
        window.till.message = form.message  # sign in as the manager (or upstream's cashier)
        window.build(Layout(dpg.get_viewport_client_width(), dpg.get_viewport_client_height()))
        dpg.set_primary_window(window.root, True)
        if script is not None:
            script.window = window
        _serve(window, script)
    finally:
        dpg.destroy_context()
        for running in (*opened, *(() if session is None else (session.running,))):
            running.close()
    log.info("Register window closed")
    return 0


def _set_up_form(
    settings: PosSettings,
    opened: list[RunningTill],
    start: Callable[[NewStore], RunningTill],
    connect: Callable[[str, str], RunningTill] | None,
) -> SetUpForm:
    """The first start's form: the register it opens is added to ``opened``."""

    def enrolled(url: str, code: str) -> None:
        assert connect is not None  # offered only with it
        opened.append(connect(url, code))

    return SetUpForm(
        lambda answers: opened.append(start(answers)),
        terminal_id=settings.terminal_id,
        connect=None if connect is None else enrolled,
    )


class Session:
    """The register the window serves. A supervisor's enrolment swaps it for the
    enrolled register (``reconnect`` closes the old one), and the window goes on."""

    def __init__(self, running: RunningTill, reconnect: Reconnect | None) -> None:
        self.running = running
        self.reconnect = reconnect
        self.window: Window | None = None

    def open_window(self) -> Window:
        till = self._till()
        self.window = Window(till, self.running.register.ref.store.name, self.running.jobs)
        return self.window

    def connect(self, url: str, code: str) -> None:
        """The till's "Connect to OFFICE / GATE", approved: enrol, then serve the new
        register (its sign-in screen: the cashiers are upstream's now)."""
        assert self.reconnect is not None and self.window is not None
        self.running = self.reconnect(self.running, url, code)
        till = self._till()
        self.window.serve(till, self.running.register.ref.store.name, self.running.jobs)
        till.message = info(f"Connected to {url}: sign in with your cashier number from there")

    def _till(self) -> Till:
        """The register's screens; its sync worker starts with them."""
        running = self.running
        if running.sync is not None:
            running.sync.start()
        return Till(
            running.register,
            printer_status=running.printer_status,
            sync=running.sync,
            connect=None if self.reconnect is None else self.connect,
        )


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
