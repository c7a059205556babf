"""Device settings and settings files are the app's business: the core keeps none of it.

The ``[devices]`` TOML (baud rates, code pages, framings) is read by PyPOS
(``apps/pos_desktop/device_settings.py``, ``toml_table.py``); each adapter keeps its own
small settings values, and PyPOS's bootstrap translates one into the other.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TECHNICAL = re.compile(r"\btomllib\b|\bbaud|\bcode ?page|\bframing\b", re.IGNORECASE)


def test_the_core_holds_no_device_settings_or_toml_reader() -> None:
    for gone in ("saleflex_core.device_settings", "saleflex_core.toml_table"):
        assert importlib.util.find_spec(gone) is None, f"{gone} belongs to the app"
    mentions = [
        f"{path.relative_to(REPO_ROOT)}:{number}"
        for path in sorted((REPO_ROOT / "saleflex_core").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TECHNICAL.search(line)
    ]
    assert mentions == []


def test_the_adapters_take_their_own_settings_values() -> None:
    mentions = [
        str(path.relative_to(REPO_ROOT))
        for path in sorted((REPO_ROOT / "adapters").rglob("*.py"))
        if "device_settings" in path.read_text(encoding="utf-8")
    ]
    assert mentions == []
