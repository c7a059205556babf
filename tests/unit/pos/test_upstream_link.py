"""``upstream.toml``: the enrolled register's link (URL, terminal id, API key) beside its
database, written atomically and readable by its owner alone; never in the database."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from apps.pos_desktop.files import TEMP_SUFFIX
from apps.pos_desktop.upstream_link import LINK_FILE, UpstreamLink, load_link, save_link
from saleflex_core.exceptions import StorageError

LINK = UpstreamLink("http://gate.example:8000", "5d7e9f10", 'sfk.ACME.se"cr\\et')


def test_a_link_is_saved_owner_only_and_read_back(tmp_path: Path) -> None:
    old = os.umask(0)  # a careless umask does not widen the key's file
    try:
        save_link(tmp_path / "new", LINK)
    finally:
        os.umask(old)
    path = tmp_path / "new" / LINK_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_link(tmp_path / "new") == LINK
    assert 'se\\"cr' in path.read_text()  # quoted as TOML, not pasted raw
    assert not list(path.parent.glob(f"*{TEMP_SUFFIX}"))


def test_a_second_save_replaces_the_first_whole_and_keeps_it_private(tmp_path: Path) -> None:
    save_link(tmp_path, LINK)
    (tmp_path / LINK_FILE).chmod(0o644)
    newer = UpstreamLink("https://gate.example", "other", "sfk.ACME.new")
    save_link(tmp_path, newer)
    assert load_link(tmp_path) == newer
    assert stat.S_IMODE((tmp_path / LINK_FILE).stat().st_mode) == 0o600


def test_no_file_is_a_standalone_register(tmp_path: Path) -> None:
    assert load_link(tmp_path) is None


@pytest.mark.parametrize(
    "text", ['url = "http://x"\nterminal_id = "t"\n', "url = \n", 'url = "x"\napi_key = 3\n']
)
def test_a_damaged_link_says_which_file_and_what_to_do(tmp_path: Path, text: str) -> None:
    (tmp_path / LINK_FILE).write_text(text)
    with pytest.raises(StorageError, match=f"{LINK_FILE} is damaged .*enrol this register again"):
        load_link(tmp_path)


def test_the_key_never_shows_in_a_repr() -> None:
    assert "secret" not in repr(LINK) and "se" + '"cr' not in repr(LINK)
