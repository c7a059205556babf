"""`saleflex-demo`: the training-mode demo on the in-memory adapters sells and closes a day."""

from __future__ import annotations

import re

import pytest

from apps.pos_desktop import demo


def test_the_demo_sells_a_basket_and_closes_the_day(capsys: pytest.CaptureFixture[str]) -> None:
    assert demo.main([]) == 0
    printed = capsys.readouterr().out
    assert "Z REPORT  #0001" in printed
    assert re.search(r"DIFFERENCE +0\.00", printed)
    assert re.search(r"Sale \d{8}-0001-000001 completed; change given 17\.16 EUR", printed)
