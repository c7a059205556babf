"""ENROL: a supervisor connects this register to OFFICE or GATE.

Upstream hands out a one-time enrolment code for each terminal (GATE: when an admin
creates the terminal). Typed here with upstream's address, it is traded for the
terminal's id and API key; the register keeps them beside its database, pulls the
store's master data and from then on syncs.

Where it is offered (the rule, also in the README):
- at a shop's first start, on a new data folder: the first-start form's "Connect to
  OFFICE / GATE" (F2) instead of setting up a store by hand (``presenters.set_up``);
- on a running register whose books are still empty, from the sync screen (F11, F5, F3).
  A supervisor approves it (a cashier gets the approval form). A register that has sold,
  moved cash or closed a period under its own identity is refused by the core
  (``enrol_terminal``) and nothing changes: its books belong to the store it was set up
  for, and enrolment would hand it another identity.

Both check the answers first (an http or https address with a host, a code), so a typo
is told before anyone waits on the network.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from apps.pos_desktop.presenters.desk import Desk, FunctionKey, Screen, action
from apps.pos_desktop.presenters.errors import info
from apps.pos_desktop.presenters.form import Field, Form, FormScreen
from apps.pos_desktop.presenters.supervisor import SupervisorController
from saleflex_core.domain.organisation import Role
from saleflex_core.exceptions import PermissionDenied, ValidationError
from saleflex_core.use_cases.auth import Override, authorize

ACTION = "Connecting the register to OFFICE or GATE"
REASONS = ("New register", "Register replaced", "Store connected")
FIELDS = (
    Field("upstream_url", "OFFICE / GATE address", letters=True, size=200),
    Field("enrolment_code", "Enrolment code", letters=True, size=120),
)
Connect = Callable[[str, str], None]  # (address, code): enrols, or raises a SaleFlexError


def checked_answers(url: str, code: str) -> tuple[str, str]:
    """The address (no trailing slash) and the code, or ``ValidationError`` naming the
    one that cannot be used."""
    address = url.strip().rstrip("/")
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            "Type the address of OFFICE or GATE as http://... or https://..., "
            "e.g. https://gate.example.com"
        )
    if not code.strip():
        raise ValidationError("Type the enrolment code upstream gave for this register")
    return address, code.strip()


def form_answers(form: Form) -> tuple[str, str]:
    """``checked_answers`` of a form of ``FIELDS``; the field that cannot be used is
    focused."""
    values = form.values
    try:
        return checked_answers(values["upstream_url"], values["enrolment_code"])
    except ValidationError as exc:
        form.focus_on("upstream_url" if "address" in exc.message else "enrolment_code")
        raise


class EnrolController(FormScreen):
    """The enrolment form of a running register."""

    def __init__(self, desk: Desk, *, supervisor: SupervisorController, connect: Connect) -> None:
        super().__init__(desk)
        self.supervisor = supervisor
        self.connect = connect
        self.form = Form(*FIELDS)

    @action
    def open(self) -> None:
        self.desk.signed_in()
        self.form.reset()
        self.desk.screen = Screen.ENROL
        self.desk.message = info("Type the address of OFFICE or GATE and this register's code")

    def submit(self) -> None:
        self.enrol()

    def entry(self) -> tuple[str, str]:
        """The focused field's name only: an address or a code is longer than the entry
        line's big digits hold, and the field itself shows it."""
        field = self.form.view().focused
        return ("", "") if field is None else (field.label, "")

    @action
    def enrol(self) -> None:
        """Check the answers, then (approved by a supervisor) enrol the register."""
        url, code = form_answers(self.form)

        def run(override: Override | None) -> None:
            self._approved(override)
            self.connect(url, code)

        self.supervisor.run(run, REASONS)

    def keys(self) -> tuple[FunctionKey, ...]:
        return (
            FunctionKey("F1", "Connect", "pay", self.enrol),
            FunctionKey("Tab", "Next field", "plain", self.next_field),
            FunctionKey("Esc", "Back", "plain", self.back),
        )

    def back(self) -> None:
        self.form.reset()
        self.desk.screen = Screen.SYNC

    def _approved(self, override: Override | None) -> None:
        """The signed-in supervisor, or the override's (``PermissionDenied`` asks one)."""
        cashier = self.register.cashier
        if cashier is None:
            raise PermissionDenied("Sign in first")
        with self.register.uow as uow:
            authorize(uow, actor=cashier, needed=Role.SUPERVISOR, override=override, action=ACTION)
