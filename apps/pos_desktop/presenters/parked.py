"""SUSPENDED: the parked sales of this terminal, one of them to resume."""

from __future__ import annotations

from functools import partial

from apps.pos_desktop.presenters.desk import Controller, Desk, FunctionKey, Screen, action
from apps.pos_desktop.presenters.selling import SaleController
from apps.pos_desktop.presenters.view_models import SuspendedRow, suspended_rows
from saleflex_core.exceptions import StateError

MAX_KEYS = 12  # F1 to F12


class ParkedController(Controller):
    def __init__(self, desk: Desk, sale: SaleController) -> None:
        super().__init__(desk)
        self.sale = sale
        self.rows: tuple[SuspendedRow, ...] = ()  # the suspended sales being listed

    @action
    def show(self) -> None:
        """The list of parked sales to resume."""
        self.desk.signed_in()
        rows = suspended_rows(self.register.suspended(), self.desk.currency)
        if not rows:
            raise StateError("There are no suspended sales")
        self.rows = rows
        self.desk.screen = Screen.SUSPENDED

    @action
    def resume(self, document_id: str) -> None:
        self.register.resume(document_id)
        self.rows = ()
        self.sale.resumed()

    def keys(self) -> tuple[FunctionKey, ...]:
        """F1, F2 ... resume the first, second ... parked sale: a keyboard picks one too."""
        resume = tuple(
            FunctionKey(
                f"F{i + 1}", f"Resume {row.total}", "pay", partial(self.resume, row.document_id)
            )
            for i, row in enumerate(self.rows[:MAX_KEYS])
        )
        return (*resume, FunctionKey("Esc", "Back", "plain", self.back))
