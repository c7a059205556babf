"""Quick keys are master data: stored, loaded into the register's cache, validated."""

from __future__ import annotations

import pytest

from adapters.memory.storage import MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from saleflex_core import Register
from saleflex_core.domain.catalog import QuickKey, QuickKeyKind
from saleflex_core.exceptions import ValidationError
from saleflex_core.use_cases.master_data import save_quick_keys
from tests.conftest import TERMINAL

BREAD = QuickKey(1, 1, "Bread", QuickKeyKind.DEPARTMENT, "BAK", "#aa5500")
BAGUETTE_KEY = QuickKey(1, 2, "Baguette", QuickKeyKind.PLU, "1001")


def test_the_demo_layout_reaches_the_register(register: Register) -> None:
    keys = register.ref.quick_keys
    assert [(k.kind, k.target) for k in keys[:2]] == [
        (QuickKeyKind.DEPARTMENT, "BAK"),
        (QuickKeyKind.DEPARTMENT, "DAI"),
    ]
    assert [k.position for k in keys] == sorted(k.position for k in keys)
    assert all(register.ref.find(k.target) for k in keys if k.kind is QuickKeyKind.PLU)


def test_a_new_layout_is_stored_and_seen_at_once(register: Register, uow: MemoryUnitOfWork) -> None:
    save_quick_keys(uow, ref=register.ref, keys=[BAGUETTE_KEY, BREAD])
    assert register.ref.quick_keys == (BREAD, BAGUETTE_KEY)
    restarted = Register(uow, terminal_id=TERMINAL, clock=SteppingClock(), ids=SequentialIds("r"))
    assert restarted.ref.quick_keys == (BREAD, BAGUETTE_KEY)


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ([BREAD, BREAD], "Two quick keys sit on page 1, position 1"),
        ([QuickKey(1, 1, "Ghost", QuickKeyKind.PLU, "0000")], "no product has PLU 0000"),
        ([QuickKey(1, 1, "Ghost", QuickKeyKind.DEPARTMENT, "XXX")], "no department XXX"),
    ],
)
def test_a_layout_pointing_nowhere_is_refused_and_nothing_changes(
    register: Register, uow: MemoryUnitOfWork, keys: list[QuickKey], message: str
) -> None:
    before = register.ref.quick_keys
    with pytest.raises(ValidationError, match=message):
        save_quick_keys(uow, ref=register.ref, keys=keys)
    assert register.ref.quick_keys == before
    with uow:
        assert tuple(uow.catalog.quick_keys()) == before


@pytest.mark.parametrize(
    ("page", "caption", "colour"),
    [(0, "Bread", "#aa5500"), (1, "", "#aa5500"), (1, "x" * 25, "#aa5500"), (1, "Bread", "red")],
)
def test_a_malformed_key_is_refused(page: int, caption: str, colour: str) -> None:
    with pytest.raises(ValidationError):
        QuickKey(page, 1, caption, QuickKeyKind.PLU, "1001", colour)
