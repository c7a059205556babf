"""The register window (issue #5): frame time, and a scan's Enter to its line on screen.

A data folder gets a SQLite file holding the demo store and a catalogue of real EAN-13
products (``register_hot_path``'s catalogue, written through ``adapters.sqlalchemy``).
``python -m apps.pos_desktop --data-dir`` then runs on a private Xvfb display, driven by a
``SALEFLEX_POS_SCRIPT`` from inside its render loop: sign in, one untimed warm-up sale, an
idle stretch, then ten-line cash sales whose codes are typed as a keyboard-wedge scanner
types them (digits, then Enter) and paid with F9, Enter. The script's timing steps clock
every ``render_dearpygui_frame()`` and, per scan, the moment its Enter is delivered, the
end of the next frame (the first to draw the new line's row) and whether Dear PyGui ever
reported that row visible (scrolled into the table) before the next scan. In the same run, on
the same file, ``Register.scan`` alone is timed in this process: the register's own share.

    python bench/pos_window.py            # 50,000 products, 200 scans (20 sales)
    python bench/pos_window.py --quick    # seconds: 5,000 products, 50 scans
    python bench/pos_window.py --size 1920x1080   # the window at another size (1024x768)

Rendering under Xvfb is Mesa's software rasteriser (llvmpipe), on the CPU.
The last line printed is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from register_hot_path import (  # bench/ is on sys.path: run as a script
    CASHIER,
    LINES_PER_SALE,
    baskets,
    catalogue,
    install_store,
    pct,
    run_register,
)

from adapters.sqlalchemy.database import WAL_CAP_PAGES, WalCheckpointer, open_database, sqlite_url
from adapters.sqlalchemy.uow import SqlUnitOfWork
from adapters.system import SystemClock, UuidIds
from apps.pos_desktop.bootstrap import settle_after_start
from saleflex_core import Register, demo

REPO_ROOT = Path(__file__).resolve().parents[1]
IDLE_FRAMES = 300
RUN_TIMEOUT = 600


# --- the display and the window -----------------------------------------------------------
@contextmanager
def xvfb() -> Iterator[str]:
    """A private Xvfb server on a free display; yields its DISPLAY."""
    binary = shutil.which("Xvfb")
    if binary is None:
        raise SystemExit("Xvfb is not installed (apt-get install xvfb)")
    number = next(
        n
        for n in range(90, 200)
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists()
    )
    server = subprocess.Popen(
        [binary, f":{number}", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise SystemExit(f"Xvfb :{number} did not start")
        time.sleep(0.05)
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def window_script(sales: list[list[str]], warm_up: list[str], out: Path) -> list[dict[str, Any]]:
    pay = [{"key": "F9", "phase": "payment"}, {"key": "Enter"}]  # Enter: exact cash, completes
    steps: list[dict[str, Any]] = [{"type": CASHIER[0]}, {"type": CASHIER[1]}]
    steps += [*({"type": code} for code in warm_up), *pay]
    steps.append({"clock": "on", "phase": "idle", "wait": IDLE_FRAMES})
    for basket in sales:
        steps += [*({"scan": code} for code in basket), *pay]
    steps += [{"dump": str(out.with_suffix(".dump.json"))}, {"timings": str(out)}]
    return [*steps, {"quit": True}]


def run_window(data_dir: Path, display: str, steps: list[dict[str, Any]], size: str) -> float:
    """Run the register window on ``steps``; returns the wall-clock time of the spawn."""
    script = data_dir / "script.json"
    script.write_text(json.dumps(steps), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SALEFLEX_")}
    env |= {"DISPLAY": display, "SALEFLEX_POS_SCRIPT": str(script), "SALEFLEX_WINDOW_SIZE": size}
    spawned = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "apps.pos_desktop", "--data-dir", str(data_dir), "--demo"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    log = (data_dir / "logs" / "pos.log").read_text(encoding="utf-8")
    if done.returncode != 0 or "Unexpected error" in log:
        raise SystemExit(f"the window failed ({done.returncode}):\n{done.stderr}\n{log[-3000:]}")
    return spawned


# --- Register.scan alone, in this process, on the same file -------------------------------
def register_scans(path: Path, sales: list[list[str]]) -> list[float]:
    engine = open_database(sqlite_url(path), create=False, wal_autocheckpoint=WAL_CAP_PAGES)
    checkpointer = WalCheckpointer(engine).start()
    try:
        register = Register(
            SqlUnitOfWork(engine, company_id=demo.COMPANY_ID),
            terminal_id=demo.TERMINAL_ID,
            clock=SystemClock(),
            ids=UuidIds(),
        )
        register.sign_in(*CASHIER)
        settle_after_start()
        run_register(register, sales[:1])  # warm-up, as the window had
        return run_register(register, sales[1:]).scan
    finally:
        checkpointer.stop()
        engine.dispose()


# --- figures ------------------------------------------------------------------------------
def figures(timings: dict[str, Any], spawned: float, floor: list[float]) -> dict[str, Any]:
    frames: dict[str, list[float]] = {}
    for phase, started, ended in timings["frames"]:
        frames.setdefault(phase, []).append(ended - started)
    pairs = itertools.pairwise(timings["frames"])
    periods = [b[1] - a[1] for a, b in pairs if a[0] == b[0] == "scans"]
    scans = timings["scans"]
    undrawn = [i for i, s in enumerate(scans) if s["drawn"] is None]
    if undrawn:
        raise SystemExit(f"{len(undrawn)} scans added no line to the window: {undrawn[:5]}")
    visible = [s["drawn"] - s["enter"] for s in scans]
    line_frames = [frames_at(timings["frames"], s) for s in scans]
    hidden = sum(s["shown"] is None for s in scans)
    f: dict[str, Any] = {
        "frame_p50_ms": pct(frames["scans"], 50),
        "frame_p99_ms": pct(frames["scans"], 99),
        "frame_idle_p50_ms": pct(frames["idle"], 50),
        "frame_idle_p99_ms": pct(frames["idle"], 99),
        "frame_line_p50_ms": pct(line_frames, 50),
        "frame_line_p99_ms": pct(line_frames, 99),
        "frame_period_p50_ms": pct(periods, 50),
        "scan_visible_p50_ms": pct(visible, 50),
        "scan_visible_p99_ms": pct(visible, 99),
        "scan_handled_p50_ms": pct([s["handled"] - s["enter"] for s in scans], 50),
        "scan_handled_p99_ms": pct([s["handled"] - s["enter"] for s in scans], 99),
        "wedge_visible_p50_ms": pct([s["drawn"] - s["typed"] for s in scans], 50),
        "lines_off_screen": hidden,
        "register_scan_p50_ms": pct(floor, 50),
        "register_scan_p99_ms": pct(floor, 99),
        "first_frame_s": timings["first_frame_at"] - spawned,
    }
    f["ui_overhead_p50_ms"] = f["scan_visible_p50_ms"] - f["register_scan_p50_ms"]
    return f


def frames_at(frames: list[list[Any]], scan: dict[str, Any]) -> float:
    """The duration of the first frame that drew the scan's line."""
    _, started, ended = frames[scan["frame"]]
    return float(ended - started)


def print_table(f: dict[str, Any]) -> None:
    rows = [
        ("frame_idle_p50_ms", "frame p50 (ms), idle"),
        ("frame_idle_p99_ms", "frame p99 (ms), idle"),
        ("frame_p50_ms", "frame p50 (ms), while scanning"),
        ("frame_p99_ms", "frame p99 (ms), while scanning"),
        ("frame_line_p50_ms", "  frame drawing a new line p50 (ms)"),
        ("frame_line_p99_ms", "  frame drawing a new line p99 (ms)"),
        ("frame_period_p50_ms", "loop period p50 (ms), while scanning"),
        ("scan_visible_p50_ms", "scan Enter -> line visible p50 (ms)"),
        ("scan_visible_p99_ms", "scan Enter -> line visible p99 (ms)"),
        ("scan_handled_p50_ms", "  Enter handled + widgets updated p50 (ms)"),
        ("scan_handled_p99_ms", "  Enter handled + widgets updated p99 (ms)"),
        ("lines_off_screen", "scanned lines never scrolled into view (count)"),
        ("wedge_visible_p50_ms", "first digit -> line visible p50 (ms)"),
        ("register_scan_p50_ms", "Register.scan alone p50 (ms), same file"),
        ("register_scan_p99_ms", "Register.scan alone p99 (ms), same file"),
        ("ui_overhead_p50_ms", "UI overhead p50 (ms): visible - scan"),
        ("first_frame_s", "start-up (s): spawn -> first frame"),
        ("catalogue_install_s", f"install {f['products']:,} products (s)"),
    ]
    print(f"\n{'figure':<44}{'value':>12}")
    for key, label in rows:
        print(f"{label:<44}{f[key]:>12.3f}")


# --- main ---------------------------------------------------------------------------------
def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a run of seconds")
    parser.add_argument("--products", type=int, help="catalogue size (50,000; quick 5,000)")
    parser.add_argument("--scans", type=int, help="timed scans, 10 a sale (200; quick 50)")
    parser.add_argument("--dir", type=Path, help="where the data folder goes (a temp dir)")
    parser.add_argument("--size", default="1024x768", help="the window's size (1024x768)")
    args = parser.parse_args(argv)
    args.products = args.products or (5_000 if args.quick else 50_000)
    args.scans = args.scans or (50 if args.quick else 200)
    if args.scans % LINES_PER_SALE:
        parser.error(f"--scans must be a multiple of {LINES_PER_SALE}")
    return args


def bench(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    database = data_dir / "terminal.db"
    products = catalogue(args.products)
    install_s = install_store(database, products)
    sales = baskets(products, 1 + args.scans // LINES_PER_SALE, seed=5)
    out = data_dir / "timings.json"
    with xvfb() as display:
        steps = window_script(sales[1:], sales[0][:3], out)
        spawned = run_window(data_dir, display, steps, args.size)
    timings = json.loads(out.read_text(encoding="utf-8"))
    dump = json.loads(out.with_suffix(".dump.json").read_text(encoding="utf-8"))
    assert dump["screen"] == "sale" and dump["lines"] == [], "the last sale was not paid"
    assert len(timings["scans"]) == args.scans
    f = figures(timings, spawned, register_scans(database, sales))
    f |= {"catalogue_install_s": install_s}
    return f | {
        "products": args.products,
        "scans": args.scans,
        "quick": bool(args.quick),
        "size": args.size,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    work = Path(tempfile.mkdtemp(prefix="saleflex-bench-window-", dir=args.dir))
    try:
        print(
            f"register window: python -m apps.pos_desktop under Xvfb (llvmpipe, software "
            f"rendering) on {work}; {args.products:,} products, {args.scans} timed wedge "
            f"scans in sales of {LINES_PER_SALE} (F9, Enter: cash); {IDLE_FRAMES} idle frames; "
            f"window {args.size}"
        )
        f = bench(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    f = {k: round(v, 4) if isinstance(v, float) else v for k, v in f.items()}
    print_table(f)
    names = (
        "frame_p50_ms",
        "frame_p99_ms",
        "scan_visible_p50_ms",
        "scan_visible_p99_ms",
        "register_scan_p50_ms",
        "first_frame_s",
    )
    extra = {k: v for k, v in f.items() if k not in names}
    print(json.dumps({k: f[k] for k in names} | extra))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
