"""Suspend (park) and resume sales, and restore the interrupted sale after a crash."""

from __future__ import annotations

from saleflex_core.domain.document import DocumentState
from saleflex_core.exceptions import IllegalTransition, StateError
from saleflex_core.ports import UnitOfWork
from saleflex_core.use_cases.results import SaleState
from saleflex_core.use_cases.selling import active_draft


def suspend_sale(uow: UnitOfWork, *, document_id: str) -> SaleState:
    """Park the sale; the terminal is free for the next customer."""
    with uow:
        document = active_draft(uow, document_id)
        document.suspend()
        uow.drafts.save(document)
        uow.commit()
    return SaleState.of(document)


def list_suspended(uow: UnitOfWork, *, terminal_id: str) -> list[SaleState]:
    """The parked sales of a terminal, oldest first."""
    with uow:
        return [SaleState.of(d) for d in uow.drafts.suspended_for(terminal_id)]


def resume_sale(uow: UnitOfWork, *, document_id: str) -> SaleState:
    """Bring a parked sale back. An empty open sale gives way; one with items refuses."""
    with uow:
        document = uow.drafts.get(document_id)
        if document.state is not DocumentState.SUSPENDED:
            raise IllegalTransition(
                f"Only a suspended sale can be resumed, not a {document.state.value} one"
            )
        current = uow.drafts.active_for(document.terminal_id)
        if current is not None:
            if current.lines:
                raise StateError("Finish or suspend the open sale before resuming another")
            uow.drafts.delete(current.id)
        document.resume()
        uow.drafts.save(document)
        uow.commit()
    return SaleState.of(document)


def recover_sale(uow: UnitOfWork, *, terminal_id: str) -> SaleState | None:
    """At start-up: the sale that was open when the register stopped, if any."""
    with uow:
        document = uow.drafts.active_for(terminal_id)
    return None if document is None else SaleState.of(document)
