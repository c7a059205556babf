"""``SALEFLEX_POS_SCRIPT``: steps that drive the real window from inside its render loop.

A JSON list of steps, one every few frames, through the same callbacks the widgets use:
``{"key": "F9"}``, ``{"keys": ["1", "0", "F5"]}``, ``{"type": "5901234100106"}`` (the
characters, then Enter, as a keyboard-wedge scanner types them), ``{"click": "<tag>"}``,
``{"set": ["<tag>", "value"]}``, ``{"screenshot": "<png>"}``, ``{"dump": "<json>"}`` (the
screen, message and sale lines), ``{"check": "<json>"}`` (what runs off the window or out of
its box), ``{"wait": <frames>}``, ``{"quit": true}``.

Timing steps, for ``bench/pos_window.py``: ``{"clock": "on"}`` times every
``render_dearpygui_frame()`` from then on, labelled by ``{"phase": "<name>"}``; ``{"scan":
"<code>"}`` types a code as ``type`` does and records when its Enter was delivered, when
the next frame (the first to draw the new line's row) returned and when the row was first
reported visible; ``{"timings": "<json>"}`` writes
all of it, with the wall-clock time the first frame returned.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Protocol

import dearpygui.dearpygui as dpg

from apps.pos_desktop.files import write_atomically
from apps.pos_desktop.views import clipping
from apps.pos_desktop.views.keys import KEY_CODES
from saleflex_core.exceptions import ValidationError
from saleflex_core.logger import get_logger

log = get_logger(__name__)
FRAMES_PER_STEP = 3
SCREENSHOT_FRAMES = 600  # how long to wait for Dear PyGui to write a screenshot
# Widgets whose place a check step reports: the big total must not move sideways.
LET_GO = "letter_key:Enter"  # takes the keyboard from a text field for a moment
CHECKED_TAGS = ("sale_total", "sale_total_label", "message", "preview_text", "fkeys")


class Driven(Protocol):
    """A window the script drives: the first start's form, then the register's."""

    def key_pressed(self, sender: Any, code: Any) -> None: ...

    def clicked(self, sender: Any, app_data: Any, user_data: Any) -> None: ...

    def state(self) -> dict[str, object]: ...

    def line_count(self) -> int: ...


class Script:
    def __init__(self, steps: list[dict[str, Any]], window: Driven) -> None:
        self.steps = steps
        self.window = window
        self.frames = 0
        self.waiting_for: Path | None = None
        self.until: tuple[str, str, float] | None = None  # dump key, text, deadline
        self.timer = FrameTimer()

    @classmethod
    def load(cls, path: str, window: Driven) -> Script:
        try:
            steps = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValidationError(f"Cannot read the window script {path}: {exc}") from exc
        log.info("Running the window script %s (%d steps)", path, len(steps))
        return cls(list(steps), window)

    def tick(self) -> bool:
        """Called once per frame; True when the script asks to quit."""
        self.frames += 1
        if self.timer.first_frame_at is None:
            self.timer.first_frame_at = time.time()
        if self.waiting_for is not None:
            if _written(self.waiting_for) or self.frames > SCREENSHOT_FRAMES:
                self.waiting_for = None
                self.frames = 0
            return False
        if self.until is not None:
            key, text, deadline = self.until
            if text not in str(self.window.state().get(key)) and time.monotonic() < deadline:
                return False
            self.until = None
        if self.frames < FRAMES_PER_STEP or not self.steps:
            return False
        self.frames = 0
        step = self.steps.pop(0)
        log.info("Window script step: %s", step)
        return self._run(step)

    def _run(self, step: dict[str, Any]) -> bool:
        if step.get("quit"):
            return True
        if "wait" in step:
            self.frames = -int(step["wait"])
        if "until" in step:
            key, text = step["until"]
            self.until = (str(key), str(text), time.monotonic() + float(step.get("seconds", 30)))
        for name in step.get("keys", [step["key"]] if "key" in step else []):
            self._press(name)
        if "type" in step:
            for char in str(step["type"]):
                self._press(char)
            self._press("Enter")
        self._timing(step)
        if "click" in step:
            self._click(step["click"])
        if "set" in step:
            self._set(*step["set"], let_go=bool(step.get("let_go")))
        if "screenshot" in step:
            self._screenshot(Path(step["screenshot"]))
        if "dump" in step:
            self._dump(Path(step["dump"]))
        if "check" in step:
            self._check(Path(step["check"]))
        return False

    def _timing(self, step: dict[str, Any]) -> None:
        if step.get("clock") == "on":
            self.timer.start()
        if "phase" in step:
            self.timer.phase = str(step["phase"])
        if "scan" in step:
            self._timed_scan(str(step["scan"]))
        if "timings" in step:
            self.timer.write(Path(step["timings"]))

    def _timed_scan(self, code: str) -> None:
        """A wedge scan; the line is visible once a frame has drawn its row."""
        self.timer.phase = "scans"
        before = self.window.line_count()
        typed = time.perf_counter()
        for char in code:
            self._press(char)
        enter = time.perf_counter()
        self._press("Enter")
        handled = time.perf_counter()
        lines = self.window.line_count()
        scan = {"code": code, "typed": typed, "enter": enter, "handled": handled}
        self.timer.watch(scan, f"line:{lines}" if lines == before + 1 else None)

    def _set(self, tag: str, value: str, *, let_go: bool) -> None:
        """A keyboard typing into a text field: its value, then its callback. A field being
        edited keeps Dear PyGui's own copy of its text (and hands it back when let go), so
        it is let go first (the on-screen letters show while a text field is edited: their
        Enter takes the keyboard), set on the next step and given the keyboard again."""
        if dpg.is_item_active(tag) and not let_go:
            dpg.focus_item(LET_GO)
            self.steps.insert(0, {"set": [tag, value], "let_go": True})
            return
        dpg.set_value(tag, value)
        dpg.get_item_callback(tag)(tag, value, dpg.get_item_user_data(tag))
        if let_go:
            dpg.focus_item(tag)

    def _click(self, tag: str) -> None:
        """A tap: a button's callback; on a text field, what its activation runs."""
        user_data = dpg.get_item_user_data(tag)
        if dpg.get_item_info(tag)["type"] == "mvAppItemType::mvInputText":
            self.window.clicked(tag, None, ("focus", user_data[1]))
        else:
            dpg.get_item_callback(tag)(tag, None, user_data)

    def _press(self, name: str) -> None:
        self.window.key_pressed(None, KEY_CODES[name])

    def _screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        dpg.output_frame_buffer(file=str(path))
        self.waiting_for = path

    def _dump(self, path: Path) -> None:
        write_json(path, self.window.state(), indent=2)

    def _check(self, path: Path) -> None:
        """The viewport's size and what runs off it or out of its own box."""
        data = {
            "viewport": [dpg.get_viewport_client_width(), dpg.get_viewport_client_height()],
            "problems": clipping.problems(),
            "rects": {
                tag: [*dpg.get_item_rect_min(tag), *dpg.get_item_rect_max(tag)]
                for tag in CHECKED_TAGS
                if dpg.does_item_exist(tag) and dpg.is_item_visible(tag)
            },
        }
        write_json(path, data, indent=2)


def write_json(path: Path, data: object, indent: int | None = None) -> None:
    """A dump, a check or the timings, written whole or not at all (a test or a benchmark
    reads it as soon as it appears)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(data, indent=indent))


def _written(path: Path) -> bool:
    """The PNG is complete once it ends with its IEND chunk."""
    try:
        return path.stat().st_size > 0 and path.read_bytes()[-8:-4] == b"IEND"
    except OSError:
        return False


class FrameTimer:
    """Durations of ``render_dearpygui_frame()`` by phase, and when each scanned line shows.

    It wraps the module function the render loop calls, for as long as the script runs. A
    scan's line is ``drawn`` by the first frame that ends after its row was added, and
    ``shown`` by the first frame after which Dear PyGui reports the row visible (not
    scrolled out of the table), watched until the next scan.
    """

    def __init__(self) -> None:
        self.first_frame_at: float | None = None
        self.phase = "idle"
        self.frames: list[tuple[str, float, float]] = []  # phase, started, ended
        self.scans: list[dict[str, Any]] = []
        self._watching: tuple[dict[str, Any], str] | None = None
        self._render = dpg.render_dearpygui_frame

    def start(self) -> None:
        dpg.render_dearpygui_frame = self._timed_render

    def watch(self, scan: dict[str, Any], tag: str | None) -> None:
        scan |= {"frame": len(self.frames), "drawn": None, "shown": None, "frames_to_shown": None}
        self.scans.append(scan)
        self._watching = None if tag is None else (scan, tag)

    def _timed_render(self) -> None:
        started = time.perf_counter()
        self._render()
        ended = time.perf_counter()
        self.frames.append((self.phase, started, ended))
        if self._watching is None:
            return
        scan, tag = self._watching
        if not dpg.does_item_exist(tag):  # the sale was paid and cleared
            self._watching = None
            return
        if scan["drawn"] is None:
            scan["drawn"] = ended
        if dpg.is_item_visible(tag):
            scan["shown"] = ended
            scan["frames_to_shown"] = len(self.frames) - scan["frame"]
            self._watching = None

    def write(self, path: Path) -> None:
        dpg.render_dearpygui_frame = self._render
        data = {
            "first_frame_at": self.first_frame_at,
            "frames": self.frames,
            "scans": self.scans,
        }
        write_json(path, data)
