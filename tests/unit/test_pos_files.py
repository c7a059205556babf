"""Files PyPOS writes are whole or absent: temp file, fsync, rename, fsync of the folder."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from apps.pos_desktop.files import TEMP_SUFFIX, write_atomically
from apps.pos_desktop.settings import CONFIG_NAME, load_settings, write_default_config
from saleflex_core.exceptions import StorageError

REPO_ROOT = Path(__file__).resolve().parents[2]


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


def test_a_file_is_replaced_whole_and_flushed_with_its_folder(
    tmp_path: Path, fsyncs: list[str]
) -> None:
    target = tmp_path / "dump.json"
    target.write_text("old")
    target.chmod(0o600)

    write_atomically(target, "new ✓")

    assert target.read_text(encoding="utf-8") == "new ✓"
    assert fsyncs == ["file", "folder"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # a private file stays private
    assert [p.name for p in tmp_path.iterdir()] == ["dump.json"]


def test_a_write_that_fails_before_the_rename_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "pos.toml"
    target.write_text("[terminal]\nid = 'T07'\n")

    def power_cut(*_: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", power_cut)

    with pytest.raises(OSError, match="Input/output"):
        write_atomically(target, b"x" * 100_000)

    assert target.read_text() == "[terminal]\nid = 'T07'\n"
    assert [p.name for p in tmp_path.iterdir()] == ["pos.toml"]  # no temp file left


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_a_process_killed_before_the_rename_leaves_the_old_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "pos.toml"
    target.write_text("old settings\n")
    child = subprocess.Popen(
        [sys.executable, "-c", _STOPS_BEFORE_RENAME, str(target)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "flushed, about to rename\n"

    child.kill()
    child.wait(timeout=30)

    assert target.read_text() == "old settings\n"
    (temp,) = [p for p in tmp_path.iterdir() if p != target]
    assert temp.name.startswith(".pos.toml.") and temp.name.endswith(TEMP_SUFFIX)


_STOPS_BEFORE_RENAME = """
import os, sys, time
from pathlib import Path
from apps.pos_desktop.files import write_atomically

def stop(*_):
    print("flushed, about to rename", flush=True)
    time.sleep(600)

os.replace = stop
write_atomically(Path(sys.argv[1]), "new settings\\n" * 10_000)
"""


def test_the_settings_file_of_a_first_start_is_written_atomically(
    tmp_path: Path, fsyncs: list[str]
) -> None:
    settings = load_settings(data_dir=tmp_path / "pos", environ={})

    assert settings.config_path.read_text(encoding="utf-8").startswith("# PyPOS settings")
    assert fsyncs == ["file", "folder"]


def test_a_settings_file_cut_short_by_a_power_cut_is_not_left_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def power_cut(*_: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", power_cut)

    with pytest.raises(StorageError, match="Cannot write the settings file"):
        write_default_config(tmp_path / CONFIG_NAME, tmp_path)

    assert list(tmp_path.iterdir()) == []
