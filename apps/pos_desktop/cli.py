"""``saleflex-pos`` (also ``python -m apps.pos_desktop``): the cashier's register."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from types import ModuleType

from attrs import evolve

from apps.pos_desktop import bootstrap, demo
from apps.pos_desktop.bootstrap import RunningTill, connect
from apps.pos_desktop.first_start import (
    DEMO_DATA_DIR,
    TerminalNotSetUp,
    demo_settings,
    shown_url,
)
from apps.pos_desktop.machine_zone import machine_timezone
from apps.pos_desktop.prompts import first_start_answers
from apps.pos_desktop.settings import PosSettings, load_settings, settings_help
from apps.pos_desktop.x_display import window_problem
from saleflex_core import SaleFlexError
from saleflex_core.use_cases.store_setup import MANAGER_ID, NewStore

PROG = "saleflex-pos"
DESCRIPTION = """\
PyPOS, the SaleFlex cashier's register: opens the register window.

A register never creates its database unasked. The first start of a shop's register
sets it up with --init, the store's name and currency (its time zone is this machine's
unless --timezone names another): the store, this terminal, the manager (cashier 1,
PIN from $SALEFLEX_MANAGER_PIN or asked twice) and cash as the one payment type; the
catalogue starts empty. On a new data folder with a display, the window asks the same
in a first-start form instead. --demo runs the demo store (about 200 products; cashier
1 PIN 1234, supervisor 2 PIN 9999, manager 3 PIN 4321) in the demo's own data folder,
~/.local/share/saleflex-pos-demo unless --data-dir names another; it never runs on a
shop's terminal. One register at a time per terminal.

Exit status: 0 done, 1 the settings or the database cannot be used (one line on stderr),
2 no window can be opened here (or a wrong option)."""
EXIT_FAILED = 1
EXIT_NO_WINDOW = 2
WINDOW_MODULES = ("apps.pos_desktop.views", "apps.pos_desktop.views.app", "dearpygui")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=settings_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder of the database, pos.toml and logs/ "
        "(default: $SALEFLEX_DATA_DIR or ~/.local/share/saleflex-pos)",
    )
    parser.add_argument(
        "--config", metavar="FILE", help="settings file to read instead of <data dir>/pos.toml"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="the demo store, in the demo's own data folder (created and seeded the first "
        f"time): {DEMO_DATA_DIR} or --data-dir; $SALEFLEX_DATA_DIR and the database, "
        "terminal and upstream variables are ignored",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="open the terminal's database, print the terminal, its period and the "
        "products loaded, then exit",
    )
    mode.add_argument(
        "--headless-demo",
        action="store_true",
        help="sell the demo basket on the demo register (as --demo) without a window and "
        "print the receipt, X and Z reports (ends the demo's period)",
    )
    mode.add_argument(
        "--init",
        action="store_true",
        help="first start of a shop's register: set the terminal up in a new database "
        "(needs --store-name and --currency), report and exit",
    )
    first = parser.add_argument_group("first start (--init)")
    first.add_argument("--store-name", metavar="NAME", help="the store's name, as on receipts")
    first.add_argument("--currency", metavar="CODE", help="the store's currency, e.g. EUR")
    first.add_argument(
        "--timezone",
        metavar="ZONE",
        help="the store's IANA time zone, e.g. Europe/Istanbul (default: this machine's)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    demo_mode = args.demo or args.headless_demo
    if demo_mode and (args.config or args.init):
        parser.error("--demo keeps its own settings and store: no --config or --init with it")
    if not args.init and (args.store_name or args.currency):
        parser.error("--store-name and --currency belong to --init")
    if not args.init and args.timezone:
        parser.error("--timezone belongs to --init")
    try:
        if args.init:
            return _init(args)
        if demo_mode:
            settings = demo_settings(args.data_dir)
        else:
            settings = load_settings(data_dir=args.data_dir, config=args.config)
        if args.check:
            return _check(settings, demo=demo_mode)
        if args.headless_demo:
            return _headless_demo(settings)
        return _window(settings, demo=demo_mode)
    except SaleFlexError as error:
        message = " ".join(error.message.split())  # one line, whatever the cause wrote
        print(f"{PROG}: {message}", file=sys.stderr)
        return EXIT_FAILED


def _init(args: argparse.Namespace) -> int:
    """Check every answer, then set the terminal up and report it."""
    settings = load_settings(data_dir=args.data_dir, config=args.config)
    zone = args.timezone or machine_timezone()
    answers = first_start_answers(args.store_name, args.currency, timezone=zone)
    running = bootstrap.first_start(settings, answers)
    try:
        _report(running)
        print(f"time zone: {answers.timezone} (receipts print this zone's local time)")
        print(f"set up: sign in as cashier {MANAGER_ID} with the manager PIN")
    finally:
        running.close()
    return 0


def _check(settings: PosSettings, *, demo: bool) -> int:
    running = bootstrap.open_register(settings, demo=demo)
    try:
        _report(running)
        if running.seeded:
            print("demo store installed (cashier 1 PIN 1234, supervisor 2 PIN 9999)")
    finally:
        running.close()
    return 0


def _report(running: bootstrap.RunningTill) -> None:
    register, settings = running.register, running.settings
    terminal = register.ref.terminal
    with register.uow as uow:
        closure = uow.closures.current(terminal.id)
    store = register.ref.store.name
    print(f"terminal: {terminal.code} ({terminal.name}, {store})")
    print(f"terminal id: {terminal.id}")
    print(f"closure: {'none' if closure is None else closure.number}")
    print(f"products: {len(register.ref.products)}")
    print(f"database: {shown_url(settings.database_url)}")
    print(f"settings: {settings.config_path}")


def _headless_demo(settings: PosSettings) -> int:
    running, till = bootstrap.open_headless_demo(settings)
    try:
        return demo.play(till)
    finally:
        running.close()


def _window(settings: PosSettings, *, demo: bool) -> int:
    # The terminal first: a first start without a display still learns what to pass.
    try:
        running = bootstrap.open_register(settings, demo=demo)
    except TerminalNotSetUp as not_set_up:
        if demo or not bootstrap.new_terminal_here(settings):
            raise
        return _first_start_window(settings, not_set_up)
    try:
        window = _usable_window()
        if isinstance(window, str):
            return _no_window(window)
        code = window.run(running, None if demo else _reconnect(settings))
    finally:
        running.close()
    return code if isinstance(code, int) else 0


def _reconnect(settings: PosSettings) -> Callable[[RunningTill, str, str], RunningTill]:
    """A supervisor's enrolment of a running register (a demo's is never offered)."""

    def reconnect(running: RunningTill, url: str, code: str) -> RunningTill:
        return connect.enrol_running(running, settings, url, code)

    return reconnect


def _first_start_window(settings: PosSettings, refusal: TerminalNotSetUp) -> int:
    """A new data folder: the window asks the first start's answers, sets the terminal up
    and opens its register. Without a window, the refusal says what to pass."""
    window = _usable_window()
    if isinstance(window, str):
        raise refusal
    bootstrap.configure_logging(settings)  # the form's own log, until the register's

    def start(answers: NewStore) -> bootstrap.RunningTill:
        # The form asks no zone: the machine's, or UTC on a machine whose zone has no name.
        answers = evolve(answers, timezone=machine_timezone() or "UTC")
        try:
            return bootstrap.first_start(settings, answers)
        except SaleFlexError:
            bootstrap.configure_logging(settings)  # refused: the form stays open
            raise

    def enrol(url: str, code: str) -> bootstrap.RunningTill:
        try:
            return connect.enrol_new(settings, url, code)
        except SaleFlexError:
            bootstrap.configure_logging(settings)  # refused: the form stays open
            raise

    try:
        code = window.run_first_start(settings, start, enrol, _reconnect(settings))
    finally:
        bootstrap.stop_logging()
    return code if isinstance(code, int) else 0


def _usable_window() -> ModuleType | str:
    """The window's module, or why no window can be opened here."""
    # Dear PyGui aborts the whole process when it finds no display: ask first.
    problem = window_problem()
    if problem is not None:
        return f"no display ({problem}): use --check or --headless-demo"
    window = _window_module()
    if window is None:
        return (
            "the register window is not part of this installation yet: use --check or "
            "--headless-demo"
        )
    return window


def _window_module() -> ModuleType | None:
    """``apps.pos_desktop.views.app``, imported only when the window is wanted."""
    try:
        return importlib.import_module("apps.pos_desktop.views.app")
    except ModuleNotFoundError as error:
        if error.name in WINDOW_MODULES:
            return None
        raise


def _no_window(reason: str) -> int:
    print(f"{PROG}: {reason}", file=sys.stderr)
    return EXIT_NO_WINDOW
