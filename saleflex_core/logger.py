"""Central logging: every module calls ``get_logger(__name__)``."""

from __future__ import annotations

import logging

ROOT = "saleflex"


def get_logger(name: str) -> logging.Logger:
    """Return a logger under the ``saleflex`` hierarchy, so apps configure one root."""
    if name == ROOT or name.startswith(ROOT + "."):
        return logging.getLogger(name)
    return logging.getLogger(f"{ROOT}.{name}")
