"""``SALEFLEX_POS_SCRIPT``: steps that drive the real window from inside its render loop.

A JSON list of steps, one every few frames, through the same callbacks the widgets use:
``{"key": "F9"}``, ``{"keys": ["1", "0", "F5"]}``, ``{"type": "5901234100106"}`` (the
characters, then Enter, as a keyboard-wedge scanner types them), ``{"click": "<tag>"}``,
``{"set": ["<tag>", "value"]}``, ``{"screenshot": "<png>"}``, ``{"dump": "<json>"}`` (the
screen, message and sale lines), ``{"wait": <frames>}``, ``{"quit": true}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import dearpygui.dearpygui as dpg

from apps.pos_desktop.views.keys import KEY_CODES
from saleflex_core.exceptions import ValidationError
from saleflex_core.logger import get_logger

if TYPE_CHECKING:
    from apps.pos_desktop.views.app import Window

log = get_logger(__name__)
FRAMES_PER_STEP = 3
SCREENSHOT_FRAMES = 600  # how long to wait for Dear PyGui to write a screenshot


class Script:
    def __init__(self, steps: list[dict[str, Any]], window: Window) -> None:
        self.steps = steps
        self.window = window
        self.frames = 0
        self.waiting_for: Path | None = None

    @classmethod
    def load(cls, path: str, window: Window) -> Script:
        try:
            steps = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ValidationError(f"Cannot read the window script {path}: {exc}") from exc
        log.info("Running the window script %s (%d steps)", path, len(steps))
        return cls(list(steps), window)

    def tick(self) -> bool:
        """Called once per frame; True when the script asks to quit."""
        self.frames += 1
        if self.waiting_for is not None:
            if _written(self.waiting_for) or self.frames > SCREENSHOT_FRAMES:
                self.waiting_for = None
                self.frames = 0
            return False
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
        for name in step.get("keys", [step["key"]] if "key" in step else []):
            self._press(name)
        if "type" in step:
            for char in str(step["type"]):
                self._press(char)
            self._press("Enter")
        if "click" in step:
            tag = step["click"]
            dpg.get_item_callback(tag)(tag, None, dpg.get_item_user_data(tag))
        if "set" in step:
            tag, value = step["set"]
            dpg.set_value(tag, value)
        if "screenshot" in step:
            self._screenshot(Path(step["screenshot"]))
        if "dump" in step:
            self._dump(Path(step["dump"]))
        return False

    def _press(self, name: str) -> None:
        self.window.key_pressed(None, KEY_CODES[name])

    def _screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        dpg.output_frame_buffer(file=str(path))
        self.waiting_for = path

    def _dump(self, path: Path) -> None:
        till = self.window.till
        view = till.sale_view()
        message = till.message
        data = {
            "screen": till.screen.value,
            "message": None if message is None else message.text,
            "total": view.total,
            "lines": [attrs.asdict(line) for line in view.lines],
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def _written(path: Path) -> bool:
    """The PNG is complete once it ends with its IEND chunk."""
    try:
        return path.stat().st_size > 0 and path.read_bytes()[-8:-4] == b"IEND"
    except OSError:
        return False
