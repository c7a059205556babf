"""PyPOS settings: one TOML file plus environment overrides, read once at start-up.

The data folder (``--data-dir``, else ``$SALEFLEX_DATA_DIR``, else
``~/.local/share/saleflex-pos``) holds the SQLite file, ``pos.toml`` and ``logs/``.
``pos.toml`` is written with every default commented out the first time it is missing.
Every mistake is a ``ValidationError`` naming the key (or the environment variable).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from attrs import field, frozen

from apps.pos_desktop.device_settings import (
    PAPER_WIDTHS,
    DeviceConfig,
    PrinterKind,
    device_config_from,
)
from apps.pos_desktop.files import write_atomically
from apps.pos_desktop.toml_table import TomlTable, shown
from saleflex_core.exceptions import StorageError, ValidationError

CONFIG_NAME = "pos.toml"
DEFAULT_DATA_DIR = "~/.local/share/saleflex-pos"
DEFAULT_TERMINAL_ID = "T01"
DEFAULT_PAPER_WIDTH = 42
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# The terminal's code ("T01"), which fits the 32-character code column; its global id
# (a UUID) is in the database, found by this code at start-up.
_TERMINAL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_SIZE = re.compile(r"(\d{3,5})x(\d{3,5})")
WindowSize = Literal["fill", "fullscreen"] | tuple[int, int]

# The keys: (key, environment variable, default, meaning). --help and the README list these.
KEYS: tuple[tuple[str, str | None, str, str], ...] = (
    (
        "paths.database_url",
        "SALEFLEX_DATABASE_URL",
        "sqlite:///<data dir>/terminal.db",
        "SQLAlchemy URL of the terminal's database",
    ),
    ("paths.log_dir", None, "<data dir>/logs", "folder of pos.log (rotated at 1 MB, 5 kept)"),
    ("terminal.id", "SALEFLEX_TERMINAL_ID", DEFAULT_TERMINAL_ID, "this register's terminal code"),
    (
        "terminal.paper_width",
        None,
        "the printer's width, else 42",
        "receipt columns: 32, 42 or 48",
    ),
    ("logging.level", "SALEFLEX_LOG_LEVEL", "INFO", ", ".join(LOG_LEVELS)),
    (
        "upstream.url",
        "SALEFLEX_UPSTREAM_URL",
        "none: standalone",
        "http(s) URL of OFFICE or GATE",
    ),
    ("upstream.token", "SALEFLEX_UPSTREAM_TOKEN", "none", "access token sent to the upstream"),
    (
        "window.size",
        "SALEFLEX_WINDOW_SIZE",
        "fill",
        'the window: "fill" the screen, "fullscreen" or WIDTHxHEIGHT (800x600 and up)',
    ),
)

_DEVICES_HELP = f"""\
  [devices.printer]      kind = network | serial | usb | file | none; host, port, device,
                         baudrate, vendor_id, product_id, path, width, timeout, profile,
                         encoding = auto (switch code pages as letters need) | cp857 | ...
  [devices.drawer]       kind = printer | none; pin = 2 | 5
  [devices.display]      kind = serial | none; device, baudrate, width, encoding, timeout
  [devices.scale]        kind = serial | none; protocol = toledo8217, device, baudrate,
                         framing, timeout

The data folder is --data-dir, else $SALEFLEX_DATA_DIR, else {DEFAULT_DATA_DIR}."""


def settings_help() -> str:
    """The settings keys and environment variables, for ``--help``."""
    rows = [
        f"Settings: <data dir>/{CONFIG_NAME} (or --config FILE), TOML, written with every",
        "default commented out when it is missing. An environment variable that is set",
        "and not empty wins over the file.",
        "",
        f"  {'key':<22} {'environment variable':<24} default",
    ]
    for key, env, default, meaning in KEYS:
        rows.append(f"  {key:<22} {env or '-':<24} {default}")
        rows.append(f"  {'':<22} {meaning}")
    return "\n".join(rows) + "\n" + _DEVICES_HELP


@frozen
class UpstreamSettings:
    """Where completed sales and closures are sent (OFFICE or GATE)."""

    url: str
    token: str | None = field(default=None, repr=False)  # a secret: kept out of logs


@frozen
class PosSettings:
    """Everything PyPOS reads at start-up; built by ``load_settings``."""

    data_dir: Path
    config_path: Path
    database_url: str
    log_dir: Path
    terminal_id: str = DEFAULT_TERMINAL_ID  # the terminal's code in its store, e.g. "T01"
    paper_width: int = DEFAULT_PAPER_WIDTH
    devices: DeviceConfig = field(factory=DeviceConfig)
    upstream: UpstreamSettings | None = None
    log_level: str = "INFO"
    window_size: WindowSize = "fill"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "pos.log"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def resolve_data_dir(data_dir: str | Path | None, environ: Mapping[str, str]) -> Path:
    """``--data-dir``, else ``$SALEFLEX_DATA_DIR``, else the per-user default."""
    chosen = data_dir or environ.get("SALEFLEX_DATA_DIR") or DEFAULT_DATA_DIR
    return Path(chosen).expanduser().absolute()


def load_settings(
    *,
    data_dir: str | Path | None = None,
    config: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> PosSettings:
    """Read the settings file (writing the default one first if it is missing) and the
    environment. ``config`` names another file, which must exist."""
    env = os.environ if environ is None else environ
    folder = resolve_data_dir(data_dir, env)
    if config is None:
        path = folder / CONFIG_NAME
        if not path.exists():
            write_default_config(path, folder)
    else:
        path = Path(config).expanduser().absolute()
        if not path.is_file():
            raise ValidationError(f"The settings file {path} does not exist")
    try:
        return settings_from(_read(path), data_dir=folder, config_path=path, environ=env)
    except ValidationError as error:
        raise ValidationError(f"{path}: {error.message}") from error


def settings_from(
    document: Mapping[str, object],
    *,
    data_dir: Path,
    config_path: Path,
    environ: Mapping[str, str],
) -> PosSettings:
    """Validate a parsed settings document, then apply the environment overrides."""
    root = TomlTable("", document)
    paths = root.table("paths")
    terminal = root.table("terminal")
    logging_ = root.table("logging")
    upstream = root.table("upstream")
    window = root.table("window")
    devices = device_config_from(root.get("devices", {}))
    root.finish()
    database_url = _database_url(
        *_pick(environ, "SALEFLEX_DATABASE_URL", paths, "database_url"),
        default=f"sqlite:///{data_dir / 'terminal.db'}",
    )
    log_dir = paths.text("log_dir", str(data_dir / "logs"))
    settings = PosSettings(
        data_dir=data_dir,
        config_path=config_path,
        database_url=database_url,
        log_dir=data_dir / Path(log_dir).expanduser(),  # a relative folder is in the data dir
        terminal_id=_terminal_id(*_pick(environ, "SALEFLEX_TERMINAL_ID", terminal, "id")),
        paper_width=_paper_width(terminal, devices),
        devices=devices,
        upstream=_upstream(upstream, environ),
        log_level=_log_level(*_pick(environ, "SALEFLEX_LOG_LEVEL", logging_, "level")),
        window_size=_window_size(*_pick(environ, "SALEFLEX_WINDOW_SIZE", window, "size")),
    )
    for section in (paths, terminal, logging_, upstream, window):
        section.finish()
    return settings


def write_default_config(path: Path, data_dir: Path) -> None:
    """Write ``pos.toml`` with every setting commented out at its default value."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, default_config_text(data_dir))  # a power cut leaves none or all
    except OSError as error:
        raise StorageError(f"Cannot write the settings file {path}: {error.strerror}") from error


def default_config_text(data_dir: Path) -> str:
    database = _quoted(f"sqlite:///{data_dir / 'terminal.db'}")
    logs = _quoted(str(data_dir / "logs"))
    return _DEFAULT_FILE.format(database=database, logs=logs, id=_quoted(DEFAULT_TERMINAL_ID))


_DEFAULT_FILE = """\
# PyPOS settings for this register, read once at start-up.
# A commented line shows a default: remove the "#" and change the value to override it.
# Environment variables win over this file: SALEFLEX_DATABASE_URL (paths.database_url),
# SALEFLEX_TERMINAL_ID (terminal.id), SALEFLEX_LOG_LEVEL (logging.level),
# SALEFLEX_UPSTREAM_URL (upstream.url), SALEFLEX_UPSTREAM_TOKEN (upstream.token),
# SALEFLEX_WINDOW_SIZE (window.size).

[paths]
# database_url = {database}
# log_dir = {logs}

[terminal]
# id = {id}
# paper_width = 42          # receipt columns: 32, 42 or 48 (default: the printer's width)

[logging]
# level = "INFO"            # DEBUG, INFO, WARNING, ERROR or CRITICAL

[window]
# size = "fill"             # fill the screen, "fullscreen", or a size such as "1280x800"

[upstream]                  # where sales are sent; no url means standalone
# url = "https://office.example:8443"
# token = "..."

# Peripherals; a device without a table is absent.
# [devices.printer]
# kind = "network"          # network | serial | usb | file | none
# host = "192.168.1.50"
# port = 9100
# width = 42
# encoding = "auto"         # code pages switched as letters need; or one: "cp857", "cp858"
#
# [devices.drawer]
# kind = "printer"          # opened by the printer's kick pulse | none
# pin = 2
#
# [devices.display]
# kind = "serial"
# device = "/dev/ttyUSB0"
# encoding = "cp437"
#
# [devices.scale]
# kind = "serial"
# protocol = "toledo8217"
# device = "/dev/ttyUSB1"
"""


# --- the values -----------------------------------------------------------------------------


def _read(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValidationError(f"Cannot read the settings file: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise ValidationError("The settings file is not UTF-8 text") from error
    except tomllib.TOMLDecodeError as error:
        raise ValidationError(f"The settings file is not valid TOML: {error}") from error


def _pick(
    environ: Mapping[str, str], variable: str, section: TomlTable, key: str
) -> tuple[str, object]:
    """The value and the name to blame for it: the environment variable when it is set."""
    value = environ.get(variable)
    file_value = section.get(
        key, None
    )  # read even when overridden, so it is still checked as known
    if value:
        return variable, value
    return section.key(key), file_value


def _database_url(name: str, value: object, *, default: str) -> str:
    if value is None:
        return default
    if not isinstance(value, str) or not _URL.match(value.strip()):
        raise ValidationError(
            f'{name} must be a database URL such as "sqlite:////var/lib/saleflex/terminal.db", '
            f"not {shown(value)}"
        )
    return value.strip()


def _terminal_id(name: str, value: object) -> str:
    if value is None:
        return DEFAULT_TERMINAL_ID
    if not isinstance(value, str) or not _TERMINAL_ID.fullmatch(value.strip()):
        raise ValidationError(
            f"{name} must be 1 to 32 letters, digits, '.', '_' or '-', not {shown(value)}"
        )
    return value.strip()


def _paper_width(terminal: TomlTable, devices: DeviceConfig) -> int:
    printer = devices.printer
    value = terminal.get("paper_width", None)
    if value is None:
        return printer.width if printer.kind is not PrinterKind.NONE else DEFAULT_PAPER_WIDTH
    if isinstance(value, bool) or value not in PAPER_WIDTHS:
        raise ValidationError(
            f"{terminal.key('paper_width')} must be 32, 42 or 48, not {shown(value)}"
        )
    if printer.kind is not PrinterKind.NONE and printer.width != value:
        raise ValidationError(
            f"{terminal.key('paper_width')} is {value} but devices.printer.width is "
            f"{printer.width}: set one of them"
        )
    assert isinstance(value, int)
    return value


def _window_size(name: str, value: object) -> WindowSize:
    """The window: "fill" (the screen), "fullscreen" or (width, height), 800x600 and up."""
    if value is None:
        return "fill"
    text = value.strip().lower() if isinstance(value, str) else ""
    if text == "fill":
        return "fill"
    if text == "fullscreen":
        return "fullscreen"
    match = _SIZE.fullmatch(text)
    if match is None or int(match[1]) < 800 or int(match[2]) < 600:
        raise ValidationError(
            f'{name} must be "fill", "fullscreen" or a size of at least 800x600 such as '
            f'"1280x800", not {shown(value)}'
        )
    return int(match[1]), int(match[2])


def _log_level(name: str, value: object) -> str:
    if value is None:
        return "INFO"
    level = value.strip().upper() if isinstance(value, str) else None
    if level not in LOG_LEVELS:
        raise ValidationError(f"{name} must be {', '.join(LOG_LEVELS)}, not {shown(value)}")
    return level


def _upstream(section: TomlTable, environ: Mapping[str, str]) -> UpstreamSettings | None:
    url_name, url = _pick(environ, "SALEFLEX_UPSTREAM_URL", section, "url")
    token_name, token = _pick(environ, "SALEFLEX_UPSTREAM_TOKEN", section, "token")
    if token is not None and (not isinstance(token, str) or not token.strip()):
        raise ValidationError(f"{token_name} must be a non-empty text, not {shown(token)}")
    if url is None:
        if token is not None:
            raise ValidationError(f"{token_name} is set but upstream.url is not")
        return None
    parts = urlsplit(url.strip()) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            f'{url_name} must be an http or https URL such as "https://office.example:8443", '
            f"not {shown(url)}"
        )
    assert isinstance(url, str)
    return UpstreamSettings(url.strip().rstrip("/"), None if token is None else str(token).strip())


def _quoted(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text)
