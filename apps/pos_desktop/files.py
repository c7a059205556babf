"""Files PyPOS writes are written whole or not at all.

``write_atomically`` is the one way the app writes a file (its settings, and the window
script's dumps and timings): a power cut or a crash at any moment leaves either the old
file or the new one, never an empty or half-written one. The data goes to a temporary
file in the same folder, is flushed to the disk (fsync), renamed over the target
(``os.replace``, atomic on POSIX and Windows), and the folder is flushed too, so that
the rename itself survives a power cut. Appending logs (``pos.log``) is not this: a log
line is written or not, the lines before it stay.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def write_atomically(path: Path, data: bytes | str, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8); OSError if the file
    cannot be written, and then ``path`` is as it was. ``mode`` (0o600 for a secret) is
    the file's from its first byte on, whatever it was before."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    exact = mode is not None
    if mode is None:
        # The mode a plain open() would give (umask applied), or that of the file replaced.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        try:
            if exact and hasattr(os, "fchmod"):
                os.fchmod(fd, mode)  # not narrowed or widened by the umask
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a new or renamed file) to the disk; Windows has no
    such call and makes renames durable itself."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
