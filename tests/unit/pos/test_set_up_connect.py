"""The first start's form offers "Connect to OFFICE / GATE" (F2): upstream's address and
the register's enrolment code instead of a new store's answers."""

from __future__ import annotations

from apps.pos_desktop.presenters.set_up import CONNECT, WELCOME, SetUpForm
from saleflex_core.exceptions import SyncError
from saleflex_core.use_cases.store_setup import NewStore

CODE = "ACME.ABCD-EFGH-JKLM-NPQR"


class Upstream:
    """The app's ``connect``, played: records the answers, or fails as told."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.fault: SyncError | None = None

    def __call__(self, url: str, code: str) -> None:
        if self.fault is not None:
            raise self.fault
        self.calls.append((url, code))


def _form(upstream: Upstream | None) -> tuple[SetUpForm, list[NewStore]]:
    started: list[NewStore] = []
    return SetUpForm(started.append, terminal_id="T01", connect=upstream), started


def _message(form: SetUpForm) -> str:
    assert form.message is not None
    return form.message.text


def test_f2_turns_the_form_into_the_connection_and_back() -> None:
    form, _ = _form(Upstream())
    assert [k.key for k in form.key_map()] == ["Tab", "Enter", "F2", "Esc"]

    assert form.press_key("F2")
    assert form.connecting
    assert _message(form) == CONNECT
    assert [(f.name, f.focused) for f in form.form_view().fields] == [
        ("upstream_url", True),
        ("enrolment_code", False),
    ]
    assert [k.caption for k in form.key_map()][1:3] == ["Next / Connect", "New store"]

    form.press_key("F2")
    assert not form.connecting and _message(form) == WELCOME
    assert form.form_view().fields[0].name == "store_name"


def test_by_keyboard_the_address_and_code_enrol_the_register() -> None:
    upstream = Upstream()
    form, started = _form(upstream)
    form.press_key("F2")
    form.type_field("upstream_url", " http://127.0.0.1:8000/ ")
    form.press_key("Enter")
    form.type_field("enrolment_code", CODE)
    form.press_key("Enter")

    assert upstream.calls == [("http://127.0.0.1:8000", CODE)]
    assert started == []  # no store was set up by hand
    assert form.done
    assert _message(form) == "Connected: sign in with your cashier number and PIN from upstream"


def test_an_unreachable_upstream_is_told_and_the_form_stays() -> None:
    upstream = Upstream()
    upstream.fault = SyncError("GATE at http://127.0.0.1:9 cannot be reached")
    form, _ = _form(upstream)
    form.press_key("F2")
    form.type_field("upstream_url", "http://127.0.0.1:9")
    form.type_field("enrolment_code", CODE)
    form.set_up()

    assert not form.done
    assert _message(form) == "Upstream: GATE at http://127.0.0.1:9 cannot be reached"
    assert form.form.values["enrolment_code"] == CODE  # typed again, not from scratch


def test_a_bad_address_is_focused_before_anything_is_tried() -> None:
    upstream = Upstream()
    form, _ = _form(upstream)
    form.press_key("F2")
    form.type_field("upstream_url", "gate")
    form.type_field("enrolment_code", CODE)
    form.set_up()

    assert upstream.calls == []
    assert _message(form).startswith("Type the address of OFFICE or GATE")
    focused = form.form_view().focused
    assert focused is not None and focused.name == "upstream_url"


def test_without_an_upstream_function_f2_means_nothing() -> None:
    form, _ = _form(None)
    assert not form.press_key("F2")
    assert [k.key for k in form.key_map()] == ["Tab", "Enter", "Esc"]
