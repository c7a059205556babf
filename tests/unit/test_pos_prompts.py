"""`--init` reads the manager PIN from the environment or asks it twice, never as an option."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from apps.pos_desktop.prompts import first_start_answers
from saleflex_core.exceptions import ValidationError


def typed(*answers: str) -> Callable[[str], str]:
    """A person at the keyboard, answering each prompt in turn."""
    pending = list(answers)

    def ask(_prompt: str) -> str:
        if not pending:
            raise EOFError
        return pending.pop(0)

    return ask


def test_the_environment_gives_the_pin_without_a_question() -> None:
    answers = first_start_answers(
        "Shop", "EUR", environ={"SALEFLEX_MANAGER_PIN": " 2580\n"}, ask=typed()
    )
    assert answers.manager_pin == "2580"


def test_the_pin_is_asked_twice_and_must_match() -> None:
    answers = first_start_answers("Shop", "EUR", environ={}, ask=typed("2580", "2580"))
    assert answers.manager_pin == "2580"
    with pytest.raises(ValidationError, match="differ"):
        first_start_answers("Shop", "EUR", environ={}, ask=typed("2580", "2581"))
    with pytest.raises(ValidationError, match="No manager PIN was given"):
        first_start_answers("Shop", "EUR", environ={}, ask=typed("2580"))


def test_the_options_are_checked_before_the_pin_is_asked() -> None:
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return "2580"

    with pytest.raises(ValidationError, match="Unknown currency"):
        first_start_answers("Shop", "EURO", environ={}, ask=ask)
    with pytest.raises(ValidationError, match="empty"):
        first_start_answers(" ", "EUR", environ={}, ask=ask)
    assert asked == []
