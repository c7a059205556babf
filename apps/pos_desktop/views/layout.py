"""Sizes of the register window, computed from the viewport's size.

The design is drawn for 1024×768 and scaled to the screen: fonts and touch targets grow
with the smaller of the two ratios (so nothing runs off a wide or a tall screen), the panes
share the width, and the lists take what height is left. 800×600 to 1920×1080 touch
screens are tested; below 800×600 things get cramped but stay inside the window.
"""

from __future__ import annotations

from attrs import frozen

BASE_W, BASE_H = 1024, 768
MIN_SCALE, MAX_SCALE = 0.75, 2.5
FONT_SIZES = {"body": 17, "big": 24, "huge": 44, "mono": 15, "key": 15}
LEFT_SHARE = 0.6  # of the width: the sale; the rest is the entry and the keypad
FKEY_COLUMNS = 7
MIN_QUICK_W = 108  # a quick key at 1024×768: two lines of about 11 characters


@frozen
class Layout:
    width: int
    height: int

    @property
    def scale(self) -> float:
        ratio = min(self.width / BASE_W, self.height / BASE_H)
        return max(MIN_SCALE, min(MAX_SCALE, ratio))

    def px(self, base: float) -> int:
        """A size drawn for 1024×768, at this window's scale."""
        return max(1, round(base * self.scale))

    def font_size(self, role: str) -> int:
        return self.px(FONT_SIZES[role])

    # --- spacing --------------------------------------------------------------------------
    @property
    def pad(self) -> int:
        return self.px(8)

    @property
    def spacing(self) -> int:
        return self.px(6)

    def _line(self, role: str) -> int:
        return round(self.font_size(role) * 1.2)

    # --- rows of the window -----------------------------------------------------------------
    @property
    def message_h(self) -> int:
        """Two lines of the message font: a long warning wraps, it never runs off."""
        return 2 * self._line("big") + self.px(4)

    @property
    def fkey_h(self) -> int:
        return 2 * self._line("key") + self.px(10)

    @property
    def fkeys_h(self) -> int:
        return 2 * self.fkey_h + self.spacing

    @property
    def status_h(self) -> int:
        """Two lines of the status font: the till and its devices, then the upstream."""
        return 2 * self._line("mono") + self.spacing

    @property
    def main_h(self) -> int:
        used = 2 * self.pad + self.status_h + self.message_h + self.fkeys_h
        return self.height - used - 4 * self.spacing

    @property
    def inner_w(self) -> int:
        return self.width - 2 * self.pad

    @property
    def left_w(self) -> int:
        return round((self.inner_w - self.spacing) * LEFT_SHARE)

    @property
    def left_inner(self) -> int:
        """Inside the left pane, less a scroll bar's room."""
        return self.left_w - 2 * self.pad - self.px(14)

    @property
    def right_inner(self) -> int:
        right_w = self.inner_w - self.spacing - self.left_w
        return right_w - 2 * self.pad - self.px(4)

    @property
    def fkey_w(self) -> int:
        return (self.inner_w - (FKEY_COLUMNS - 1) * self.spacing) // FKEY_COLUMNS

    # --- the sale pane ------------------------------------------------------------------------
    @property
    def lines_h(self) -> int:
        return round(self.main_h * 0.32)

    @property
    def quick_area_h(self) -> int:
        """What the sale pane has left under the lines and the totals for the quick keys."""
        totals = self._line("body") + self._line("huge") + self.px(8) + self.spacing
        pages = self.px(36) + self.spacing
        return self.main_h - 2 * self.pad - self.lines_h - totals - pages - 2 * self.spacing

    def quick_key_h(self, count: int) -> int:
        """Quick keys as tall as fits ``count`` of them in the area, within reason."""
        rows = max(1, -(-count // self.quick_columns))
        fit = (self.quick_area_h - (rows - 1) * self.spacing) // rows
        return max(2 * self._line("key") + self.px(2), min(self.px(60), fit))

    @property
    def quick_columns(self) -> int:
        return max(3, (self.left_inner + self.spacing) // (self.px(MIN_QUICK_W) + self.spacing))

    @property
    def quick_w(self) -> int:
        cols = self.quick_columns
        return (self.left_inner - (cols - 1) * self.spacing) // cols

    @property
    def quick_h(self) -> int:
        return 2 * self._line("key") + self.px(8)

    @property
    def half_w(self) -> int:
        """A column of two side by side in the left pane (the totals, the due and change)."""
        return (self.left_inner - self.spacing) // 2

    # --- the keypad pane ---------------------------------------------------------------------
    def pad_w(self, columns: int) -> int:
        return (self.right_inner - (columns - 1) * self.spacing) // columns

    @property
    def keypad_h(self) -> int:
        return self.px(60)

    @property
    def letter_h(self) -> int:
        return self.px(42)
