"""The first start's form in the window: the answers of `--init`, by keyboard alone and by
touch alone; an answer that cannot be used is focused and told, and nothing is set up."""

from __future__ import annotations

import pytest

from apps.pos_desktop.presenters.set_up import WELCOME, SetUpForm
from saleflex_core.exceptions import StateError
from saleflex_core.use_cases.store_setup import NewStore

PIN = "2468"


@pytest.fixture
def started() -> list[NewStore]:
    return []


@pytest.fixture
def form(started: list[NewStore]) -> SetUpForm:
    return SetUpForm(started.append, terminal_id="T01")


def _values(form: SetUpForm) -> dict[str, tuple[str, bool]]:
    return {f.name: (f.text, f.focused) for f in form.form_view().fields}


def _keys(form: SetUpForm, *names: str) -> None:
    for name in names:
        assert form.press_key(name), name


def _message(form: SetUpForm) -> str:
    assert form.message is not None
    return form.message.text


def test_the_form_opens_on_the_store_name_with_a_welcome(form: SetUpForm) -> None:
    assert _values(form) == {
        "store_name": ("", True),
        "currency": ("", False),
        "manager_pin": ("", False),
        "manager_pin_again": ("", False),
    }
    assert _message(form) == WELCOME
    assert [f.letters for f in form.form_view().fields] == [True, True, False, False]


def test_by_keyboard_alone_the_answers_start_the_register(
    form: SetUpForm, started: list[NewStore]
) -> None:
    form.type_field("store_name", "  Corner   Shop ")  # typed into the text field
    _keys(form, "Enter")
    form.type_field("currency", "eur")
    _keys(form, "Enter", *PIN, "Enter", *PIN)
    assert _values(form)["manager_pin_again"] == ("••••", True)  # masked
    _keys(form, "Enter")

    assert started == [
        NewStore.from_answers(store_name="Corner Shop", currency="EUR", manager_pin=PIN)
    ]
    assert form.done
    assert _message(form) == "Set up: sign in as cashier 1 with the manager PIN"


def test_by_touch_alone_the_letters_and_keypad_fill_the_fields(
    form: SetUpForm, started: list[NewStore]
) -> None:
    for char in "Kiosk 24":
        form.press_typed(char)  # the on-screen letters
    form.focus_field("currency")
    for char in "try":
        form.press_typed(char)
    for name in ("manager_pin", "manager_pin_again"):
        form.focus_field(name)
        for digit in PIN:
            form.press_key(digit)  # the on-screen keypad
    form.set_up()

    assert [(s.store_name, s.currency.code) for s in started] == [("Kiosk 24", "TRY")]


@pytest.mark.parametrize(
    ("answers", "refusal", "focused"),
    [
        (("   ", "EUR", PIN, PIN), "The store's name is empty", "store_name"),
        (("Shop", "EURO", PIN, PIN), "Unknown currency 'EURO'", "currency"),
        (("Shop", "EUR", "12", "12"), "The manager PIN must be 4 to 8 digits", "manager_pin"),
        (("Shop", "EUR", "1234", "1234"), "too easy to guess", "manager_pin"),
        (("Shop", "EUR", "9999", "9999"), "too easy to guess", "manager_pin"),
    ],
)
def test_an_answer_that_cannot_be_used_is_focused_and_nothing_is_set_up(
    form: SetUpForm,
    started: list[NewStore],
    answers: tuple[str, str, str, str],
    refusal: str,
    focused: str,
) -> None:
    for name, text in zip(
        ("store_name", "currency", "manager_pin", "manager_pin_again"), answers, strict=True
    ):
        form.focus_field(name)
        for char in text:
            form.press_typed(char)
    form.set_up()

    assert refusal in _message(form)
    assert _values(form)[focused][1] is True
    assert started == [] and not form.done


def test_two_pins_that_differ_are_both_typed_again(
    form: SetUpForm, started: list[NewStore]
) -> None:
    form.type_field("store_name", "Shop")
    form.type_field("currency", "EUR")
    form.focus_field("manager_pin")
    _keys(form, *PIN, "Enter", "2", "4", "6", "9", "Enter")

    assert _message(form) == "The two manager PINs differ: type the PIN again, twice"
    assert _values(form)["manager_pin"] == ("", True)
    assert _values(form)["manager_pin_again"] == ("", False)
    assert _values(form)["store_name"] == ("Shop", False)  # the rest is kept
    assert started == []


def test_a_refused_set_up_keeps_the_form_to_try_again(form: SetUpForm) -> None:
    def refuse(_: NewStore) -> None:
        raise StateError("Terminal T01 is already set up in this database (Corner Shop)")

    form.start = refuse
    form.type_field("store_name", "Shop")
    form.type_field("currency", "EUR")
    form.focus_field("manager_pin")
    _keys(form, *PIN, "Enter", *PIN, "Enter")

    assert _message(form) == "Terminal T01 is already set up in this database (Corner Shop)"
    assert not form.done
    assert _values(form)["store_name"] == ("Shop", False)


def test_tab_goes_round_esc_empties_the_field_and_letters_stay_out_of_pins(
    form: SetUpForm,
) -> None:
    _keys(form, "Tab", "Tab", "Tab", "Tab", "Tab")
    assert _values(form)["currency"] == ("", True)
    form.press_typed("e")
    _keys(form, "Esc")
    assert _values(form)["currency"] == ("", True)
    _keys(form, "Tab")
    form.press_typed("x")

    assert _message(form) == "Manager PIN takes digits only"
    assert _values(form)["manager_pin"] == ("", True)
    assert not form.press_key("F9")  # no such key here


def test_the_widget_reporting_its_own_focus_and_text_keeps_the_message(form: SetUpForm) -> None:
    form.focus_field("store_name")  # a text field that takes the keyboard says so
    form.type_field("store_name", "")

    assert _message(form) == WELCOME
