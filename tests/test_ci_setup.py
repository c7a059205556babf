"""`.ci/setup` waits for another apt instead of failing at once (exit 100).

Its apt functions run in bash against a stand-in `apt-get` (and `sudo`) on PATH that
reports the lock held by another process twice, as apt 2.6 does, then succeeds.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

SETUP = Path(__file__).resolve().parents[1] / ".ci" / "setup"
FAKE_APT_GET = """#!/usr/bin/env bash
echo "$*" >> "$APT_LOG"
if [[ " $* " == *" update "* ]]; then
    tries=$(( $(cat "$APT_TRIES" 2>/dev/null || echo 0) + 1 ))
    echo "$tries" > "$APT_TRIES"
    if (( tries <= 2 )); then
        echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242" >&2
        exit 100
    fi
fi
exit 0
"""


@pytest.fixture
def fake_apt(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in (("apt-get", FAKE_APT_GET), ("sudo", '#!/usr/bin/env bash\nexec "$@"\n')):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    return os.environ | {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "APT_LOG": str(tmp_path / "apt.log"),
        "APT_TRIES": str(tmp_path / "tries"),
        "APT_LOCK_RETRY_S": "0",
    }


def test_set_up_waits_for_the_apt_lock_and_then_installs(
    tmp_path: Path, fake_apt: dict[str, str]
) -> None:
    done = _setup_function("ensure_apt_packages no-such-binary-here:some-package", fake_apt)

    assert done.returncode == 0, done.stderr
    assert "waiting for another apt to finish" in done.stdout
    calls = (tmp_path / "apt.log").read_text().splitlines()
    assert [call.split()[-2:] for call in calls[:3]] == [["update", "-qq"]] * 3
    install = calls[3]
    assert "-o DPkg::Lock::Timeout=600" in install  # install waits for dpkg's locks itself
    assert install.endswith("install -y -qq --no-install-recommends some-package")


def test_set_up_gives_up_once_its_wait_is_over(tmp_path: Path, fake_apt: dict[str, str]) -> None:
    impatient = fake_apt | {"APT_LOCK_WAIT_S": "0"}

    done = _setup_function("ensure_apt_packages no-such-binary-here:some-package", impatient)

    assert done.returncode != 0
    assert "Could not get lock" in done.stderr
    assert "install" not in (tmp_path / "apt.log").read_text()


def _setup_function(call: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Source .ci/setup (which then only defines its functions) and run one of them."""
    return subprocess.run(
        ["bash", "-c", f'source "{SETUP}" && {call}'],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
