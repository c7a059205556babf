"""What runs off the window or out of its own box, as Dear PyGui laid it out last frame.

For the window tests (``{"check": "<json>"}`` in a window script) at each screen size:
every visible widget lies inside the viewport, none is laid out wholly off it (what a
child window scrolls out of sight is not), every button's caption fits the button, and
the cells of a table row do not run into each other.
"""

from __future__ import annotations

import itertools

import dearpygui.dearpygui as dpg

from apps.pos_desktop.views.pads import text_width

_CHECKED = ("mvButton", "mvText", "mvInputText", "mvChildWindow", "mvTable", "mvSelectable")
SLACK = 1.0  # pixels of rounding


def problems() -> list[str]:
    width, height = dpg.get_viewport_client_width(), dpg.get_viewport_client_height()
    found: list[str] = []
    for item in dpg.get_all_items():
        kind = dpg.get_item_info(item)["type"].rsplit(":", 1)[-1]
        if kind == "mvTableRow":
            found += _overlapping_cells(item)
        state = dpg.get_item_state(item)
        if kind not in _CHECKED or "rect_min" not in state:
            continue
        if not _visible(item):
            if _out_of_sight(item):
                found.append(f"{_name(item)} at {state['rect_min']} is out of sight")
            continue
        (left, top), (right, bottom) = state["rect_min"], state["rect_max"]
        if left < -SLACK or top < -SLACK or right > width + SLACK or bottom > height + SLACK:
            found.append(f"{_name(item)} at {left},{top}-{right},{bottom} is off {width}x{height}")
        if kind == "mvButton":
            found += _caption(item, right - left, bottom - top)
    return found


def _visible(item: int | str) -> bool:
    state = dpg.get_item_state(item)
    return bool(state.get("visible")) and dpg.is_item_shown(item)


def _out_of_sight(item: int | str) -> bool:
    """Not drawn though it and its parents are shown, straight in the window (no child
    window that scrolls it out of sight on purpose): laid out off the window."""
    parent = dpg.get_item_parent(item)
    while parent is not None:
        kind = dpg.get_item_info(parent)["type"].rsplit(":", 1)[-1]
        if kind == "mvChildWindow" or not dpg.is_item_shown(parent):
            return False
        if kind == "mvWindowAppItem":
            return bool(dpg.is_item_shown(item))
        parent = dpg.get_item_parent(parent)
    return False


def _caption(item: int | str, width: float, height: float) -> list[str]:
    lines = str(dpg.get_item_label(item) or "").split("##")[0].split("\n")
    font = dpg.get_item_font(item) or None
    widest = max(text_width(line, font) for line in lines)
    tall = dpg.get_text_size("\n".join(lines), font=font or 0)
    if widest > width + SLACK or (tall is not None and tall[1] > height + SLACK):
        return [f"{_name(item)}: caption {lines!r} does not fit {width:.0f}x{height:.0f}"]
    return []


def _overlapping_cells(row: int | str) -> list[str]:
    cells = [
        c
        for c in dpg.get_item_children(row, 1) or []
        if _visible(c)
        and "rect_min" in dpg.get_item_state(c)
        and not dpg.get_item_configuration(c).get("span_columns")  # a whole-row selectable
    ]
    found = []
    for before, after in itertools.pairwise(cells):
        if dpg.get_item_rect_max(before)[0] > dpg.get_item_rect_min(after)[0] + SLACK:
            found.append(f"{_name(before)} runs into {_name(after)}")
    return found


def _name(item: int | str) -> str:
    alias = dpg.get_item_alias(item)
    label = dpg.get_item_label(item)
    return alias or f"{dpg.get_item_info(item)['type']} {label or ''}".strip()
