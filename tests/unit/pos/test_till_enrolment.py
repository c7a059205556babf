"""Connecting a running register to OFFICE or GATE (F11, F5, F3): the address and the code
are checked first, a supervisor approves, then the app's ``connect`` enrols it."""

from __future__ import annotations

import pytest

from apps.pos_desktop.presenters import Screen, Till
from apps.pos_desktop.presenters.enrolment import checked_answers
from saleflex_core.exceptions import StateError, ValidationError
from saleflex_core.register import Register

from .keys import MakeTill

GATE = "https://gate.example.com:8443/"
CODE = "ACME.ABCD-EFGH-JKLM-NPQR"


class Connections:
    """The app's side of enrolment, played: records each call, or refuses as told."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.refusal: StateError | None = None

    def __call__(self, url: str, code: str) -> None:
        if self.refusal is not None:
            raise self.refusal
        self.calls.append((url, code))


@pytest.fixture
def connections() -> Connections:
    return Connections()


@pytest.fixture
def till(make_till: MakeTill, connections: Connections) -> Till:
    register: Register = make_till().register
    till = Till(register, connect=connections)
    till.pin_pad.sign_in("1", "1234")  # Alice, a cashier
    return till


def _open_form(till: Till) -> None:
    for key in ("F11", "F5"):
        till.press_key(key)
    assert [k.hotkey for k in till.key_map()] == ["F2", "F3", "Esc"]
    till.press_key("F3")
    assert till.screen is Screen.ENROL


def _fill(till: Till, url: str, code: str) -> None:
    till.type_field("upstream_url", url)
    till.type_field("enrolment_code", code)


def test_a_cashier_connects_the_register_with_a_supervisor_s_approval(
    till: Till, connections: Connections
) -> None:
    _open_form(till)
    _fill(till, GATE, f" {CODE} ")
    till.press_key("F1")

    assert till.screen is Screen.SUPERVISOR_PIN
    assert till.approval is not None
    assert till.approval.prompt == (
        "Connecting the register to OFFICE or GATE needs a supervisor's approval"
    )
    assert connections.calls == []
    till.supervisor.approve("2", "9999", "New register")

    assert connections.calls == [("https://gate.example.com:8443", CODE)]


def test_a_supervisor_connects_it_alone_by_keyboard(till: Till, connections: Connections) -> None:
    till.sign_out()
    till.pin_pad.sign_in("2", "9999")
    _open_form(till)
    till.type_field("upstream_url", "http://127.0.0.1:8000")
    till.press_key("Enter")  # on to the code
    till.type_field("enrolment_code", CODE)
    till.press_key("Enter")  # the last field: connect

    assert connections.calls == [("http://127.0.0.1:8000", CODE)]


@pytest.mark.parametrize(
    ("url", "code", "focused", "told"),
    [
        ("gate.example.com", CODE, "upstream_url", "Type the address of OFFICE or GATE"),
        ("ftp://gate.example.com", CODE, "upstream_url", "Type the address of OFFICE or GATE"),
        ("https://", CODE, "upstream_url", "Type the address of OFFICE or GATE"),
        (GATE, "  ", "enrolment_code", "Type the enrolment code"),
    ],
)
def test_an_unusable_answer_is_told_before_anyone_approves(
    till: Till, connections: Connections, url: str, code: str, focused: str, told: str
) -> None:
    _open_form(till)
    _fill(till, url, code)
    till.press_key("F1")

    assert till.screen is Screen.ENROL
    assert till.message is not None and till.message.text.startswith(told)
    form = till.form_view()
    assert form is not None and form.focused is not None and form.focused.name == focused
    assert connections.calls == []


def test_a_register_with_books_is_refused_and_stays_as_it_was(
    till: Till, connections: Connections
) -> None:
    connections.refusal = StateError("This register has books of its own: it cannot be enrolled")
    _open_form(till)
    _fill(till, GATE, CODE)
    till.press_key("F1")
    till.supervisor.approve("2", "9999", "New register")

    assert till.screen is Screen.ENROL
    assert till.message is not None
    assert till.message.text == "This register has books of its own: it cannot be enrolled"
    till.press_key("Esc")
    assert till.screen is Screen.SYNC


def test_a_code_of_a_company_named_by_uuid_fits_its_field(
    till: Till, connections: Connections
) -> None:
    code = "3f2b8c1e-9d4a-4e6f-8a7b-0c1d2e3f4a5b.ABCD-EFGH-JKLM-NPQR"  # 56 characters
    _open_form(till)
    till.focus_field("upstream_url")
    for char in "http://10.0.0.2:8000":  # the on-screen letters, one by one
        till.press_typed(char)
    till.focus_field("enrolment_code")
    for char in code:
        till.press_typed(char)
    till.press_key("F1")
    till.supervisor.approve("2", "9999", "New register")

    assert connections.calls == [("http://10.0.0.2:8000", code)]
    with pytest.raises(ValidationError):
        checked_answers("", CODE)


def test_without_a_connect_function_the_sync_screen_offers_no_enrolment(
    make_till: MakeTill,
) -> None:
    till = make_till()
    till.pin_pad.sign_in("2", "9999")
    till.press_key("F11")
    till.press_key("F5")
    assert [k.hotkey for k in till.key_map()] == ["F2", "Esc"]


def test_the_entry_line_names_the_field_and_leaves_the_long_text_to_it(till: Till) -> None:
    _open_form(till)
    _fill(till, GATE, CODE)

    entry = till.entry_view()
    assert (entry.prompt, entry.text) == ("Enrolment code", "")
