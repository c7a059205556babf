"""PyPOS settings: defaults, the TOML file, environment overrides, and mistakes named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from apps.pos_desktop.device_settings import PrinterKind
from apps.pos_desktop.settings import (
    CONFIG_NAME,
    KEYS,
    UpstreamSettings,
    load_settings,
    resolve_data_dir,
    settings_help,
)
from saleflex_core.exceptions import ValidationError

NO_ENV: dict[str, str] = {}

FULL = """
[paths]
database_url = "postgresql+psycopg://till@db.example/saleflex"
log_dir = "journal"

[terminal]
id = "T07"
paper_width = 48

[logging]
level = "debug"

[upstream]
url = "https://office.example:8443/"
token = "s3cret"

[devices.printer]
kind = "network"
host = "192.168.1.50"
width = 48

[devices.drawer]
kind = "printer"
"""


def written(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CONFIG_NAME
    path.write_text(text, encoding="utf-8")
    return path


def refused(folder: Path, text: str, env: dict[str, str] | None = None) -> str:
    written(folder, text)
    with pytest.raises(ValidationError) as raised:
        load_settings(data_dir=folder, environ=env or NO_ENV)
    return raised.value.message


def test_a_fresh_data_folder_gets_the_defaults_and_a_commented_settings_file(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "pos"

    settings = load_settings(data_dir=folder, environ=NO_ENV)

    assert settings.data_dir == folder
    assert settings.config_path == folder / "pos.toml"
    assert settings.database_url == f"sqlite:///{folder}/terminal.db"
    assert settings.log_file == folder / "logs" / "pos.log"
    assert (settings.terminal_id, settings.paper_width, settings.log_level) == ("T01", 42, "INFO")
    assert settings.upstream is None
    assert settings.devices.printer.kind is PrinterKind.NONE
    text = settings.config_path.read_text(encoding="utf-8")
    assert all(line.startswith(("#", "[")) or not line for line in text.splitlines())


def test_uncommenting_the_written_defaults_changes_nothing(tmp_path: Path) -> None:
    defaults = load_settings(data_dir=tmp_path, environ=NO_ENV)
    text = defaults.config_path.read_text(encoding="utf-8")
    keys = re.compile(r"^# ((database_url|log_dir|id|paper_width|level|size) = .*)$", re.MULTILINE)
    uncommented = keys.sub(r"\1", text)
    assert uncommented.count("\ndatabase_url = ") == 1

    written(tmp_path, uncommented)

    assert load_settings(data_dir=tmp_path, environ=NO_ENV) == defaults


def test_the_written_file_names_every_environment_variable(tmp_path: Path) -> None:
    text = load_settings(data_dir=tmp_path, environ=NO_ENV).config_path.read_text()

    for key, variable, _, _ in KEYS:
        if variable is not None:
            assert f"{variable} ({key})" in text


def test_the_data_folder_comes_from_the_environment_then_the_home_folder(tmp_path: Path) -> None:
    from_env = load_settings(environ={"SALEFLEX_DATA_DIR": str(tmp_path / "env")})
    assert from_env.data_dir == tmp_path / "env"
    assert (tmp_path / "env" / "pos.toml").is_file()

    chosen = load_settings(data_dir=tmp_path / "arg", environ={"SALEFLEX_DATA_DIR": "/nowhere"})
    assert chosen.data_dir == tmp_path / "arg"

    home = Path("~/.local/share/saleflex-pos").expanduser()
    assert resolve_data_dir(None, NO_ENV) == home


def test_every_key_is_read_from_the_file(tmp_path: Path) -> None:
    written(tmp_path, FULL)

    settings = load_settings(data_dir=tmp_path, environ=NO_ENV)

    assert settings.database_url == "postgresql+psycopg://till@db.example/saleflex"
    assert not settings.is_sqlite
    assert settings.log_dir == tmp_path / "journal"  # relative to the data folder
    assert (settings.terminal_id, settings.paper_width, settings.log_level) == ("T07", 48, "DEBUG")
    assert settings.upstream == UpstreamSettings("https://office.example:8443", "s3cret")
    assert "s3cret" not in repr(settings)
    assert settings.devices.printer.host == "192.168.1.50"


def test_the_paper_width_follows_the_printer_unless_given(tmp_path: Path) -> None:
    written(tmp_path, '[devices.printer]\nkind = "file"\npath = "/dev/usb/lp0"\nwidth = 32\n')
    assert load_settings(data_dir=tmp_path, environ=NO_ENV).paper_width == 32

    written(tmp_path, "[terminal]\npaper_width = 32\n")
    assert load_settings(data_dir=tmp_path, environ=NO_ENV).paper_width == 32


def test_another_settings_file_can_be_named(tmp_path: Path) -> None:
    other = written(tmp_path / "etc", '[terminal]\nid = "T09"\n')

    settings = load_settings(data_dir=tmp_path / "data", config=other, environ=NO_ENV)

    assert (settings.terminal_id, settings.config_path) == ("T09", other)
    assert not (tmp_path / "data" / "pos.toml").exists()


def test_the_environment_wins_over_the_file(tmp_path: Path) -> None:
    written(tmp_path, FULL)
    env = {
        "SALEFLEX_DATABASE_URL": "sqlite:////srv/till.db",
        "SALEFLEX_TERMINAL_ID": "T99",
        "SALEFLEX_LOG_LEVEL": "warning",
        "SALEFLEX_UPSTREAM_URL": "http://gate.example",
        "SALEFLEX_UPSTREAM_TOKEN": "other",
    }

    settings = load_settings(data_dir=tmp_path, environ=env)

    assert settings.database_url == "sqlite:////srv/till.db"
    assert (settings.terminal_id, settings.log_level) == ("T99", "WARNING")
    assert settings.upstream == UpstreamSettings("http://gate.example", "other")


def test_an_empty_environment_variable_counts_as_unset(tmp_path: Path) -> None:
    written(tmp_path, '[terminal]\nid = "T07"\n')
    assert load_settings(data_dir=tmp_path, environ={"SALEFLEX_TERMINAL_ID": ""}).terminal_id == (
        "T07"
    )


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ('[paths]\ndatabase_url = "terminal.db"', "paths.database_url must be a database URL"),
        ("[paths]\nlog_dir = 3", "paths.log_dir must be a non-empty text, not 3"),
        ("[paths]\ncolour = 'red'", "paths.colour is not a known setting"),
        ('[terminal]\nid = ""', "terminal.id must be 1 to 32 letters, digits"),
        ('[terminal]\nid = "till one"', 'not "till one"'),
        ("[terminal]\npaper_width = 40", "terminal.paper_width must be 32, 42 or 48, not 40"),
        ('[logging]\nlevel = "LOUD"', "logging.level must be DEBUG, INFO, WARNING, ERROR"),
        ('[upstream]\nurl = "ftp://office"', "upstream.url must be an http or https URL"),
        ('[upstream]\ntoken = "s3cret"', "upstream.token is set but upstream.url is not"),
        ("[sound]\nbeep = true", "sound is not a known setting"),
        ('terminal = "T01"', "terminal must be a table"),
        ("[devices.printer]\nkind = 'network'\nhost = 'p'\nwidth = 40", "devices.printer.width"),
        (
            "[terminal]\npaper_width = 32\n[devices.printer]\nkind = 'usb'\n"
            "vendor_id = 1\nproduct_id = 2",
            "terminal.paper_width is 32 but devices.printer.width is 42",
        ),
        ("[terminal\nid = 1", "not valid TOML"),
    ],
)
def test_a_bad_value_is_refused_naming_its_key_and_the_file(
    tmp_path: Path, toml: str, named: str
) -> None:
    message = refused(tmp_path, toml)

    assert named in message
    assert message.startswith(f"{tmp_path / 'pos.toml'}: ")


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SALEFLEX_DATABASE_URL", "terminal.db"),
        ("SALEFLEX_TERMINAL_ID", "T 1"),
        ("SALEFLEX_LOG_LEVEL", "chatty"),
        ("SALEFLEX_UPSTREAM_URL", "office.example"),
    ],
)
def test_a_bad_environment_variable_is_named(tmp_path: Path, variable: str, value: str) -> None:
    message = refused(tmp_path, "", {variable: value})

    assert f"{variable} must be" in message
    assert f'not "{value}"' in message


def test_a_named_settings_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        load_settings(data_dir=tmp_path, config=tmp_path / "missing.toml", environ=NO_ENV)


def test_help_lists_every_key_and_environment_variable() -> None:
    text = settings_help()
    for word in (
        "paths.database_url",
        "paths.log_dir",
        "terminal.id",
        "terminal.paper_width",
        "logging.level",
        "upstream.url",
        "upstream.token",
        "[devices.printer]",
        "SALEFLEX_DATA_DIR",
        "SALEFLEX_DATABASE_URL",
        "SALEFLEX_TERMINAL_ID",
        "SALEFLEX_LOG_LEVEL",
        "SALEFLEX_UPSTREAM_URL",
        "SALEFLEX_UPSTREAM_TOKEN",
    ):
        assert word in text
