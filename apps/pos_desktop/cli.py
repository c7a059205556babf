"""``saleflex-pos`` (also ``python -m apps.pos_desktop``): the cashier's register."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from types import ModuleType

from apps.pos_desktop import bootstrap, demo
from apps.pos_desktop.settings import PosSettings, load_settings, settings_help
from saleflex_core import SaleFlexError

PROG = "saleflex-pos"
DESCRIPTION = """\
PyPOS, the SaleFlex cashier's register: opens the register window.

The first start creates the terminal's SQLite database in the data folder, migrates it
and installs the demo store (about 200 products; cashier 1 PIN 1234, supervisor 2 PIN
9999, manager 3 PIN 4321), so a fresh machine opens a working register.

Exit status: 0 done, 1 the settings or the database cannot be used (one line on stderr),
2 no window can be opened here."""
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
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="open (and on first start create) the database, print the terminal, its "
        "period and the products loaded, then exit",
    )
    mode.add_argument(
        "--headless-demo",
        action="store_true",
        help="sell the demo basket on this register without a window and print the "
        "receipt, X and Z reports (ends the period)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(data_dir=args.data_dir, config=args.config)
        if args.check:
            return _check(settings)
        if args.headless_demo:
            return _headless_demo(settings)
        return _window(settings)
    except SaleFlexError as error:
        message = " ".join(error.message.split())  # one line, whatever the cause wrote
        print(f"{PROG}: {message}", file=sys.stderr)
        return EXIT_FAILED


def _check(settings: PosSettings) -> int:
    running = bootstrap.open_register(settings)
    try:
        register = running.register
        terminal = register.ref.terminal
        with register.uow as uow:
            closure = uow.closures.current(terminal.id)
        print(f"terminal: {terminal.id} ({terminal.name}, {register.ref.store.name})")
        print(f"closure: {'none' if closure is None else closure.number}")
        print(f"products: {len(register.ref.products)}")
        print(f"database: {settings.database_url}")
        print(f"settings: {settings.config_path}")
        if running.seeded:
            print("demo store installed (cashier 1 PIN 1234, supervisor 2 PIN 9999)")
    finally:
        running.close()
    return 0


def _headless_demo(settings: PosSettings) -> int:
    running, till = bootstrap.open_headless_demo(settings)
    try:
        return demo.play(till)
    finally:
        running.close()


def _window(settings: PosSettings) -> int:
    # Dear PyGui aborts the whole process when it finds no display: ask first.
    if _needs_x_display() and not os.environ.get("DISPLAY"):
        return _no_window(
            "no display (DISPLAY is not set): start it in a desktop session, or use "
            "--check or --headless-demo"
        )
    window = _window_module()
    if window is None:
        return _no_window(
            "the register window is not part of this installation yet: use --check or "
            "--headless-demo"
        )
    running = bootstrap.open_register(settings)
    try:
        code = window.run(running)
    finally:
        running.close()
    return code if isinstance(code, int) else 0


def _window_module() -> ModuleType | None:
    """``apps.pos_desktop.views.app``, imported only when the window is wanted."""
    try:
        return importlib.import_module("apps.pos_desktop.views.app")
    except ModuleNotFoundError as error:
        if error.name in WINDOW_MODULES:
            return None
        raise


def _needs_x_display() -> bool:
    return sys.platform not in ("win32", "darwin")


def _no_window(reason: str) -> int:
    print(f"{PROG}: {reason}", file=sys.stderr)
    return EXIT_NO_WINDOW
