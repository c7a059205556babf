"""python-escpos' printer database is cached once, atomically, in the user's cache folder."""

from __future__ import annotations

import os
import pickle
import platform
from pathlib import Path

import pytest
import yaml

from adapters.escpos import capabilities
from adapters.escpos.capabilities import FILE_VARIABLE, PICKLE_DIR_VARIABLE


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(PICKLE_DIR_VARIABLE, raising=False)
    monkeypatch.delenv(FILE_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "saleflex" / "escpos"


def _pickle(folder: Path) -> Path:
    return folder / f"{platform.python_version()}.capabilities.pickle"


def test_the_pickle_holds_what_python_escpos_would_parse_itself(cache: Path) -> None:
    capabilities.prepare()

    assert os.environ[PICKLE_DIR_VARIABLE] == str(cache)
    source = capabilities._capabilities_file()
    assert source is not None
    with _pickle(cache).open("rb") as stored:
        assert pickle.load(stored) == yaml.safe_load(source.read_text(encoding="utf-8"))
    assert [p.name for p in cache.iterdir()] == [_pickle(cache).name]  # no temp file left


def test_a_fresh_pickle_is_not_written_again(cache: Path) -> None:
    capabilities.prepare()
    os.utime(_pickle(cache), (2_000_000_000, 2_000_000_000))  # newer than the package

    capabilities.prepare()

    assert _pickle(cache).stat().st_mtime == 2_000_000_000


def test_a_stale_pickle_is_replaced(cache: Path) -> None:
    cache.mkdir(parents=True)
    _pickle(cache).write_bytes(b"old")
    os.utime(_pickle(cache), (1, 1))  # older than the package's capabilities file

    capabilities.prepare()

    with _pickle(cache).open("rb") as stored:
        assert "profiles" in pickle.load(stored)


def test_an_operators_folder_wins(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PICKLE_DIR_VARIABLE, "/somewhere/else")

    capabilities.prepare()

    assert os.environ[PICKLE_DIR_VARIABLE] == "/somewhere/else"
    assert not cache.exists()


def test_an_operators_own_printer_database_is_left_to_python_escpos(
    cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Our pickle holds the package's database: python-escpos would load it in place of an
    older file of the operator's, whose profiles would then be missing."""
    theirs = tmp_path / "my-printers.json"
    theirs.write_text('{"profiles": {}, "encodings": {}}')
    os.utime(theirs, (1, 1))
    monkeypatch.setenv(FILE_VARIABLE, str(theirs))

    capabilities.prepare()

    assert PICKLE_DIR_VARIABLE not in os.environ
    assert not cache.exists()


def test_an_unwritable_cache_leaves_python_escpos_to_its_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PICKLE_DIR_VARIABLE, raising=False)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))

    capabilities.prepare()

    assert PICKLE_DIR_VARIABLE not in os.environ
