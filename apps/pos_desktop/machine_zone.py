"""The machine's time zone as an IANA name: the default zone of a shop's first start.

Read the way the C library reads it: ``$TZ`` (``Europe/Berlin``, ``:Europe/Berlin`` or a
path under ``zoneinfo/``), then the ``/etc/localtime`` link's target, then Debian's
``/etc/timezone``. A machine with no ``/etc/localtime`` runs in UTC. A zone that has no
IANA name (a copied ``/etc/localtime``, ``TZ=CET-1CEST``) is ``None``: ``--init`` then asks
for ``--timezone`` rather than dating a shop's books in a guessed zone.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from saleflex_core.domain.store_time import check_timezone
from saleflex_core.exceptions import ValidationError

LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")


def machine_timezone(
    environ: Mapping[str, str] | None = None,
    localtime: Path = LOCALTIME,
    timezone_file: Path = TIMEZONE_FILE,
) -> str | None:
    """The IANA name of this machine's zone, ``"UTC"`` without one, ``None`` when unnamed."""
    env = os.environ if environ is None else environ
    configured = env.get("TZ", "").removeprefix(":").strip()
    if configured:
        return _named(configured)
    if localtime.is_symlink():
        named = _named(str(localtime.resolve()))
        if named is not None:
            return named
    elif not localtime.exists():
        return "UTC"  # what the C library uses
    if timezone_file.is_file():
        return _named(timezone_file.read_text(encoding="utf-8").strip())
    return None


def _named(text: str) -> str | None:
    name = text.split("/zoneinfo/", 1)[1] if "/zoneinfo/" in text else text
    try:
        return check_timezone(name)
    except ValidationError:
        return None
