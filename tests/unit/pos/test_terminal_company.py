"""Which company a register's units of work are built for (``first_start.company_for``)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from adapters.memory import MemoryUnitOfWork, SequentialIds, SteppingClock
from apps.pos_desktop.first_start import TerminalNotSetUp, company_for
from apps.pos_desktop.presenters import Till
from apps.pos_desktop.settings import PosSettings, load_settings
from saleflex_core import Register, demo
from saleflex_core.exceptions import ValidationError


@pytest.fixture
def settings(tmp_path: Path) -> PosSettings:
    return load_settings(data_dir=tmp_path, environ={})


def never() -> str:
    raise AssertionError("no new company may be made here")


def test_the_company_that_holds_the_terminal(settings: PosSettings) -> None:
    found = company_for("c-1", ["c-1", "c-2"], settings, demo=False, new_id=never)
    assert found == "c-1"


def test_the_one_company_of_a_database_without_the_terminal(settings: PosSettings) -> None:
    # The rules then refuse to set up or seed a demo next to its data, or to start.
    assert company_for(None, ["c-1"], settings, demo=True, new_id=never) == "c-1"
    assert company_for(None, ["c-1"], settings, demo=False, new_id=never) == "c-1"


def test_a_new_database_gets_a_new_company_or_the_demos(settings: PosSettings) -> None:
    assert company_for(None, [], settings, demo=False, new_id=lambda: "new") == "new"
    assert company_for(None, [], settings, demo=True, new_id=never) == demo.COMPANY_ID


def test_several_companies_without_the_terminal_are_no_registers(settings: PosSettings) -> None:
    with pytest.raises(TerminalNotSetUp, match="Terminal T01 is not set up in this database"):
        company_for(None, ["c-1", "c-2"], settings, demo=False, new_id=never)


def test_the_settings_name_the_terminal_by_a_code_that_fits_its_column(tmp_path: Path) -> None:
    code = "T" * 32
    named = load_settings(data_dir=tmp_path, environ={"SALEFLEX_TERMINAL_ID": code})
    assert named.terminal_id == code
    with pytest.raises(ValidationError, match="1 to 32 letters"):
        load_settings(data_dir=tmp_path, environ={"SALEFLEX_TERMINAL_ID": code + "1"})


def test_the_status_bar_names_the_terminal_by_its_code() -> None:
    uow = MemoryUnitOfWork(company_id=demo.COMPANY_ID)
    data = demo.demo_data(pin_iterations=1000)
    uuid = "3f2b8c1e-7d4a-4e59-8b6f-2a9c0d1e5f47"
    demo.install(uow, attrs.evolve(data, terminal=attrs.evolve(data.terminal, id=uuid)))
    register = Register(uow, terminal_id=uuid, clock=SteppingClock(), ids=SequentialIds())

    assert Till(register).status_bar().terminal == "T01 Till 1"
