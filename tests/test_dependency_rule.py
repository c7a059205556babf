"""The dependency rule: the core imports no framework, adapters no app, apps no other app.

Checked twice: statically by import-linter (the contracts in pyproject.toml), and at run time
by importing every core module in a fresh interpreter and looking at what got loaded.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN_IN_CORE = (
    "adapters",
    "alembic",
    "apps",
    "dearpygui",
    "escpos",
    "flask",
    "flask_smorest",
    "marshmallow",
    "werkzeug",
    "gunicorn",
    "fastjsonschema",
    "jsonschema_rs",
    "orjson",
    "argon2",
    "PIL",
    "psycopg",
    "requests",
    "serial",
    "sqlalchemy",
)

# Imports each saleflex_core module in turn and reports which one first loaded a forbidden name.
_IMPORT_ALL_CORE = textwrap.dedent(
    """
    import importlib
    import pkgutil
    import sys

    forbidden = sys.argv[1:]

    def loaded_forbidden():
        return {
            f for f in forbidden
            if any(name == f or name.startswith(f + ".") for name in sys.modules)
        }

    def fail_on_error(name):
        raise

    import saleflex_core

    modules = ["saleflex_core"] + [
        info.name
        for info in pkgutil.walk_packages(
            saleflex_core.__path__, "saleflex_core.", onerror=fail_on_error
        )
    ]
    culprits = {}
    for module in modules:
        before = loaded_forbidden()
        importlib.import_module(module)
        for name in loaded_forbidden() - before:
            culprits[name] = module
    print(f"imported {len(modules)} core modules")
    for name, module in sorted(culprits.items()):
        print(f"FORBIDDEN {name} (loaded while importing {module})")
    sys.exit(1 if culprits else 0)
    """
)


def test_import_linter_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    exit_code = result.returncode
    assert exit_code == 0, f"lint-imports failed:\n{result.stdout}\n{result.stderr}"


def test_importing_the_core_loads_no_framework_adapter_or_app() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL_CORE, *FORBIDDEN_IN_CORE],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    exit_code = result.returncode
    assert exit_code == 0, (
        f"importing saleflex_core failed or loaded forbidden modules:\n"
        f"{result.stdout}\n{result.stderr}"
    )
    assert result.stdout.startswith("imported "), result.stdout


# Each planted module breaks one contract; a copy of the tree with all of them must fail
# exactly those contracts, so a contract that silently matches nothing cannot pass.
_PLANTED = {
    "apps/pos_desktop/sneaky_wiring.py": (
        "import adapters.memory\n",
        "Only the composition roots import adapters",
    ),
    "adapters/newthing/__init__.py": (
        "import sqlalchemy\n",
        "SQLAlchemy and Alembic live in adapters.sqlalchemy",
    ),
    "adapters/memory/web_page.py": (
        "import flask\n",
        "Flask and its stack live in adapters.rest and the web apps",
    ),
    "apps/gate_web/api/serve.py": ("import gunicorn\n", "gunicorn lives in the web apps' cli"),
    "apps/gate_web/api/fast.py": (
        "import orjson\n",
        "jsonschema_rs and orjson live in adapters.rest",
    ),
    "adapters/sqlalchemy/hub/hashing.py": (
        "import argon2\n",
        "argon2-cffi lives in adapters.passwords",
    ),
    "apps/pos_desktop/fetch.py": ("import requests\n", "requests lives in adapters.http"),
    "apps/pos_desktop/presenters/fancy.py": (
        "import rich\n",
        "rich lives in apps.pos_desktop.commands",
    ),
    "saleflex_core/domain/knows_ports.py": (
        "import saleflex_core.ports\n",
        "Core layers: register and queries, then use cases, ports, domain",
    ),
}


def test_the_contracts_catch_a_module_that_breaks_them(tmp_path: Path) -> None:
    for package in ("saleflex_core", "adapters", "apps"):
        shutil.copytree(
            REPO_ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for path, (source, _) in _PLANTED.items():
        (tmp_path / path).parent.mkdir(exist_ok=True)
        (tmp_path / path).write_text(source)
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    for _, contract in _PLANTED.values():
        assert f"{contract} BROKEN" in result.stdout, result.stdout
    kept = [line for line in result.stdout.splitlines() if line.endswith(" KEPT")]
    assert "core is pure KEPT" in kept  # the plants break only what they aim at
