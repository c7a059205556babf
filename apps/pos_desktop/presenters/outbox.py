"""SYNC: the upstream's state, and the events it refused for good, with its reasons.

Reached from the reports screen (F11, then F5). Anyone signed in may look: the list says
why the upstream refused each event. Sending one again is a supervisor's decision (the
core's ``retry_event``): a cashier gets the supervisor's approval form, as for a void.
The event goes out again in its own place, before later events still waiting, and the
sync worker is woken at once. F2 asks the worker to sync now; F3 connects a register
with empty books to OFFICE or GATE (enrolment, ``presenters.enrolment``).

By touch: a row's "Send again" button. By keyboard: Up and Down pick a row, Enter or F1
sends the picked one again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from attrs import frozen

from apps.pos_desktop.presenters.desk import Controller, Desk, FunctionKey, Screen, action
from apps.pos_desktop.presenters.errors import info
from apps.pos_desktop.presenters.status import StatusController
from apps.pos_desktop.presenters.supervisor import SupervisorController
from saleflex_core.domain.events import OutboxItem
from saleflex_core.domain.store_time import local_time
from saleflex_core.exceptions import StateError
from saleflex_core.use_cases.auth import Override

RETRY_REASONS = ("Fixed upstream", "Master data corrected", "Manager decision")


@frozen
class RefusedRow:
    """One parked event: ``event_id`` goes back to ``SyncController.retry``."""

    event_id: str
    sequence: str
    kind: str
    occurred: str  # the store's local time
    reason: str
    tries: str  # how often the upstream was asked (the last answer parked it)
    selected: bool = False


@frozen
class SyncPanel:
    """What the sync screen shows above its list."""

    upstream: str
    last_success: str
    last_error: str


class SyncController(Controller):
    prompt = ""

    def __init__(
        self,
        desk: Desk,
        *,
        supervisor: SupervisorController,
        status: StatusController,
        enrol: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(desk)
        self.supervisor = supervisor
        self.status = status
        self.enrol = enrol  # opens the enrolment form; None where enrolment is not offered
        self._items: tuple[OutboxItem, ...] = ()
        self.selected = 0

    @property
    def rows(self) -> tuple[RefusedRow, ...]:
        zone = self.register.ref.store.timezone
        return tuple(
            RefusedRow(
                item.event_id,
                str(item.sequence),
                item.event_type,
                local_time(item.occurred_at, zone).strftime("%Y-%m-%d %H:%M"),
                item.last_error or "refused without a reason",
                str(item.attempts),
                i == self.selected,
            )
            for i, item in enumerate(self._items)
        )

    def panel(self) -> SyncPanel:
        report = None if self.status.sync is None else self.status.sync.report
        status = None if report is None else report.status
        success = None if status is None else status.last_success_at
        error, at = (None if report is None else report.error), None
        if status is not None and status.last_error and error in (None, status.last_error):
            error, at = status.last_error, status.last_error_at  # the stored one has its time
        if error is not None and at is not None:
            error = f"{self._when(at)}: {error}"
        return SyncPanel(self.status.upstream().text, self._when(success), error or "-")

    def _when(self, at: datetime | None) -> str:
        if at is None:
            return "-"
        return local_time(at, self.register.ref.store.timezone).strftime("%Y-%m-%d %H:%M:%S")

    @action
    def show(self) -> None:
        """The sync screen, with the refused events read afresh."""
        self.desk.signed_in()
        self.read()
        self.desk.screen = Screen.SYNC

    @action
    def retry(self, event_id: str | None = None) -> None:
        """Send ``event_id`` (else the picked row's) again; a supervisor approves it."""
        self.desk.signed_in()
        if event_id is None:
            if not self._items:
                raise StateError("No event was refused: there is nothing to send again")
            event_id = self._items[min(self.selected, len(self._items) - 1)].event_id
        chosen = event_id

        def run(override: Override | None) -> None:
            item = self.register.retry_event(chosen, override)
            self.read()
            self.status.refresh_counters()  # waiting again: the status bar says so at once
            if self.status.sync is not None:
                self.status.sync.wake()
            self.desk.message = info(
                f"Event {item.sequence} ({item.event_type}) goes again with the next batch"
            )

        self.supervisor.run(run, RETRY_REASONS)

    @action
    def sync_now(self) -> None:
        """Ask the worker to push and pull now (the back-off still holds)."""
        if self.status.sync is None or not self.status.sync.report.connected:
            raise StateError("This register is not connected to OFFICE or GATE")
        self.status.sync.sync_now()
        self.desk.message = info("Syncing: the status bar shows how it goes")

    def move_selection(self, step: int) -> None:
        if self._items:
            self.selected = max(0, min(len(self._items) - 1, self.selected + step))

    def enter(self, text: str | None) -> None:
        self.retry()

    def keys(self) -> tuple[FunctionKey, ...]:
        keys = [FunctionKey("F1", "Send again", "pay", self.retry)] if self._items else []
        keys.append(FunctionKey("F2", "Sync now", "plain", self.sync_now))
        if self.enrol is not None and not self._connected():
            keys.append(FunctionKey("F3", "Connect to OFFICE / GATE", "plain", self.enrol))
        keys.append(FunctionKey("Esc", "Back", "plain", self.back))
        return tuple(keys)

    def back(self) -> None:
        self.desk.screen = Screen.REPORT

    def _connected(self) -> bool:
        sync = self.status.sync
        return sync is not None and sync.report.connected

    def read(self) -> None:
        """The refused events, read again."""
        self._items = tuple(self.register.failed_events())
        self.selected = min(self.selected, max(0, len(self._items) - 1))
