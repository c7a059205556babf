"""The screens that wait on the cashier: a yes or no, and a receipt or report to read."""

from __future__ import annotations

from collections.abc import Callable

from apps.pos_desktop.presenters.desk import Controller, Desk, FunctionKey, Pending, Screen, action
from apps.pos_desktop.presenters.errors import info
from apps.pos_desktop.presenters.view_models import Preview
from saleflex_core.exceptions import StateError


class ConfirmController(Controller):
    """CONFIRM_CANCEL: a question answered with yes (F1) or no (Esc): cancel the sale,
    remove a discount."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.question: Pending | None = None
        self.yes = "Yes, cancel"

    def ask(self, question: str, run: Callable[[], None], yes: str = "Yes, cancel") -> None:
        """Ask ``question``; F1 (captioned ``yes``) runs ``run``, Esc changes nothing."""
        self.question = Pending(question, lambda _: run(), self.desk.screen)
        self.yes = yes
        self.desk.screen = Screen.CONFIRM_CANCEL

    @action
    def answer(self, yes: bool) -> None:
        """Answer the question on the confirmation screen."""
        pending = self.question
        if pending is None:
            raise StateError("There is nothing to confirm")
        self.question = None
        self.desk.screen = pending.back_to
        if yes:
            pending.run(None)
        else:
            self.desk.message = info("Nothing was changed")

    def keys(self) -> tuple[FunctionKey, ...]:
        return (
            FunctionKey("F1", self.yes, "void", lambda: self.answer(True)),
            FunctionKey("Esc", "No", "plain", self.back),
        )

    def back(self) -> None:
        self.answer(False)

    def reset(self) -> None:
        self.question = None


class PreviewController(Controller):
    """PREVIEW: a receipt or report as text, until Esc goes back where it came from."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.shown: Preview | None = None
        self._back_to = Screen.SALE

    def show(self, title: str, text: str) -> None:
        if self.desk.screen is not Screen.PREVIEW:
            self._back_to = self.desk.screen
        self.shown = Preview(title, text)
        self.desk.screen = Screen.PREVIEW

    def keys(self) -> tuple[FunctionKey, ...]:
        return (FunctionKey("Esc", "Back", "plain", self.back),)

    def back(self) -> None:
        self.shown = None
        self.desk.screen = self._back_to
