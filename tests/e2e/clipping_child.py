"""A window with one widget of each kind the clipping check must report, and some it
must not, for test_clipping_check; prints the check's problems as JSON.

    python -m tests.e2e.clipping_child       # on a display
"""

from __future__ import annotations

import json

import dearpygui.dearpygui as dpg

from apps.pos_desktop.views import clipping

FRAMES = 5  # Dear PyGui lays the widgets out as it draws them


def window() -> None:
    with dpg.window(tag="root", no_scrollbar=True):
        dpg.add_button(label="Fits", tag="fits", width=200, height=40)
        dpg.add_button(label="A caption far too long for it", tag="narrow", width=60, height=40)
        dpg.add_button(label="Half off", tag="edge", width=300, height=40, pos=(700, 100))
        dpg.add_text("laid out off the window", tag="away", pos=(2000, 300))
        with dpg.group(show=False):
            dpg.add_button(label="Hidden on purpose", tag="hidden", pos=(2000, 400))
        with dpg.child_window(height=100, pos=(8, 200)):
            for row in range(40):
                dpg.add_text(f"row {row}", tag=f"row:{row}")  # most scrolled out of sight
        with dpg.table(header_row=False, policy=dpg.mvTable_SizingFixedFit, pos=(8, 320)):
            dpg.add_table_column(width_fixed=True, init_width_or_weight=60)
            dpg.add_table_column(width_fixed=True, init_width_or_weight=60)
            with dpg.table_row():
                dpg.add_text("a text much wider than its column", tag="wide")
                dpg.add_text("next", tag="next")


def main() -> None:
    dpg.create_context()
    try:
        dpg.create_viewport(title="clipping check", width=800, height=600)
        window()
        dpg.setup_dearpygui()
        dpg.show_viewport()
        dpg.set_primary_window("root", True)
        for _ in range(FRAMES):
            dpg.render_dearpygui_frame()
        print(json.dumps(clipping.problems()))
    finally:
        dpg.destroy_context()


if __name__ == "__main__":
    main()
