"""A lasting cache of python-escpos' printer capabilities, so a register starts fast.

On import python-escpos reads its printer database (``capabilities.json``, ~1 MB) with a
YAML parser, which takes about half a second, and keeps the result as a pickle in
``$ESCPOS_CAPABILITIES_PICKLE_DIR``, by default a new temporary folder each time, so every
start pays again. ``prepare`` points that variable at the user's cache folder and writes
the pickle there once, atomically, from the same file read as JSON (it is JSON, a subset
of YAML: the same data in a fraction of the time). python-escpos then loads the pickle.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pickle
import platform
import tempfile
from pathlib import Path

from saleflex_core.logger import get_logger

log = get_logger(__name__)
PICKLE_DIR_VARIABLE = "ESCPOS_CAPABILITIES_PICKLE_DIR"
FILE_VARIABLE = "ESCPOS_CAPABILITIES_FILE"  # an operator's own printer database


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/saleflex/escpos``, else ``~/.cache/saleflex/escpos``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "saleflex" / "escpos"


def prepare() -> None:
    """Before python-escpos is imported: have its capabilities pickled in our cache.

    Does nothing when the operator chose a folder or a printer database of their own
    (our pickle holds the package's database: python-escpos would take it for theirs when
    it is newer) or when the cache cannot be written; python-escpos then parses its file
    as it always did.
    """
    if PICKLE_DIR_VARIABLE in os.environ or FILE_VARIABLE in os.environ:
        return
    source = _capabilities_file()
    if source is None:
        return
    folder = cache_dir()
    target = folder / f"{platform.python_version()}.capabilities.pickle"
    try:
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            folder.mkdir(parents=True, exist_ok=True)
            _write_pickle(target, json.loads(source.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        log.warning("Printer capabilities not cached in %s: %s", folder, exc)
        return
    os.environ[PICKLE_DIR_VARIABLE] = str(folder)


def _capabilities_file() -> Path | None:
    spec = importlib.util.find_spec("escpos")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).with_name("capabilities.json")
    return path if path.is_file() else None


def _write_pickle(target: Path, data: object) -> None:
    """Temp file, fsync, rename: a reader finds the old pickle or the whole new one."""
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".capabilities-")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(data, out, protocol=2)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
