"""The README's embedding example runs as written and does what it says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def embedding_example() -> str:
    section = README.read_text(encoding="utf-8").split("## Embedding the core", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "README lost its embedding example"
    return match.group(1)


def test_the_embedding_example_sells_and_prints_the_z_report() -> None:
    code = embedding_example()
    assert len(code.strip().splitlines()) <= 22, "the example should stay short"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(README), "exec"), {})
    printed = out.getvalue()
    assert "20260105-0001-000001 change: 633 cents" in printed
    assert "Z REPORT  #0001" in printed
    assert re.search(r"SALES \(1\) +3\.67", printed)
    assert re.search(r"DIFFERENCE +0\.00", printed)
