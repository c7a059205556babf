"""The window script's dumps, checks and timings are written whole or not at all."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from apps.pos_desktop.views.script import FrameTimer, write_json


@pytest.fixture
def fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What was flushed to the disk, in order: "file" or "folder"."""
    seen: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        seen.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return seen


def test_a_dump_is_flushed_with_its_folder(tmp_path: Path, fsyncs: list[str]) -> None:
    target = tmp_path / "dumps" / "sale.json"

    write_json(target, {"screen": "sale"}, indent=2)

    assert json.loads(target.read_text(encoding="utf-8")) == {"screen": "sale"}
    assert fsyncs == ["file", "folder"]


def test_timings_that_fail_to_land_leave_the_last_ones_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "timings.json"
    target.write_text('{"frames": []}', encoding="utf-8")
    timer = FrameTimer()
    timer.frames = [("scans", 1.0, 1.5)] * 10_000

    def power_cut(*_: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError, match="Input/output"):
        timer.write(target)

    assert target.read_text(encoding="utf-8") == '{"frames": []}'
    assert [p.name for p in tmp_path.iterdir()] == ["timings.json"]  # no temp file left
