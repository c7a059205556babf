"""A Python client generated from GATE's OpenAPI document alone, by openapi-python-client,
into a temporary folder, then imported: what an integrator who only has the document gets.

``generated_client(document, folder)`` returns the generated package; its operations are
``package.api.<tag>.<method>_<path>`` modules (``api.health.get_readyz.sync(client=...)``)
and its schemas ``package.models``. Tests build ``package.client.Client(base_url=...)``
(or ``AuthenticatedClient(base_url=..., token=...)`` for bearer operations) against a
real GATE (``live_gate``).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

PACKAGE = "gate_client"


@contextmanager
def generated_client(document: dict[str, Any], folder: Path) -> Iterator[ModuleType]:
    """Generate the client of ``document`` in ``folder`` and import it for the block."""
    source = folder / "openapi.json"
    source.write_text(json.dumps(document))
    binaries = Path(sys.executable).parent  # openapi-python-client and the ruff it runs
    env = {**os.environ, "PATH": f"{binaries}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [str(binaries / "openapi-python-client"), "generate", "--path", str(source),
         "--output-path", str(folder / PACKAGE), "--meta", "none"],
        capture_output=True, text=True, timeout=300, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    # Nothing of the document skipped, but the CSV form of the import: this generator
    # writes no CSV bodies (its JSON form is generated; curl and requests send either).
    skipped = [
        w for w in done.stdout.split("WARNING")[1:] if "Unsupported content type text/csv" not in w
    ]
    assert not skipped, done.stdout
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def operation(package: ModuleType, tag: str, name: str) -> Any:
    """The generated module of one operation (``operation(pkg, "health", "get_readyz")``)."""
    return importlib.import_module(f"{package.__name__}.api.{tag}.{name}")
