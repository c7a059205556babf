"""Enrolment at OFFICE: OFFICE itself at GATE, and each till through OFFICE.

- **OFFICE at GATE.** A company admin creates the store's office at GATE (a terminal of
  kind office) and gives its one-time code to ``saleflex-office``; OFFICE trades it at
  GATE and keeps the answer (``OfficeLink``: company, store, its id and key) with the
  company and store, in one unit of work. An OFFICE database serves one store for good:
  a code of another store or company is refused, as is a till's code.
- **A till through OFFICE.** Tills are still created at GATE. A till enrols at OFFICE
  with its GATE code, which OFFICE passes on to GATE (so GATE must answer for a first
  enrolment: else a SyncError, which the till shows and retries later). OFFICE keeps the
  till (its terminal row) and its key's digest, revokes the till's older keys here as
  GATE revokes them there, and answers GATE's answer, its counters raised to what OFFICE
  holds but has not forwarded yet, so a replaced till never reuses a number either way.
  A till of another store (or an office's code) is refused; its code is used up at GATE
  by then, so the message says to ask GATE for a new one.
"""

from __future__ import annotations

from collections.abc import Callable

from saleflex_core.domain.credentials import ApiKey, digest
from saleflex_core.domain.enrolment import Enrolment
from saleflex_core.domain.organisation import Company, TerminalKind
from saleflex_core.domain.relay import OfficeLink
from saleflex_core.exceptions import PermissionDenied, StateError, SyncError
from saleflex_core.logger import get_logger
from saleflex_core.ports import Clock, Enroller
from saleflex_core.ports.office import OfficeUnitOfWork
from saleflex_core.use_cases.gate_terminals import Enrolled, Issued
from saleflex_core.use_cases.office_relay import linked

log = get_logger(__name__)

NEW_CODE = "its code is used up: ask GATE for a new one"


def enrol_office(
    unit_of_work: Callable[[str], OfficeUnitOfWork],
    *,
    enroller: Enroller,
    code: str,
    upstream_url: str,
    current: OfficeLink | None,
) -> OfficeLink:
    """Enrol this OFFICE at GATE with its one-time ``code`` (see the module); ``current``
    is the link the database holds already (an OFFICE enrolled again after a disk swap)."""
    enrolment = enroller.enrol(code)
    if enrolment.kind is not TerminalKind.OFFICE:
        raise PermissionDenied(
            f"This code enrolled till {enrolment.terminal.code}, not an OFFICE: enrol the till "
            f"at its register ({NEW_CODE}), and create an office at GATE for this server"
        )
    serves = (enrolment.company_id, enrolment.store.id)
    if current is not None and (current.company_id, current.store_id) != serves:
        raise StateError(
            f"This OFFICE database serves store {current.store_id} of {current.company_id}, "
            f"not {enrolment.store.id} of {enrolment.company_id}: use a database of its own"
        )
    link = OfficeLink(
        enrolment.company_id,
        enrolment.store.id,
        enrolment.terminal.id,
        upstream_url,
        enrolment.api_key,
        enrolment.api_key_id,
    )
    with unit_of_work(enrolment.company_id) as uow:
        uow.organisation.save_company(Company(enrolment.company_id, enrolment.company_name))
        uow.organisation.save_store(enrolment.store)
        uow.link.save(link)
        uow.commit()
    log.info("OFFICE enrolled at GATE for store %s of %s", link.store_id, link.company_id)
    return link


def enrol_till(uow: OfficeUnitOfWork, *, enroller: Enroller, clock: Clock, code: str) -> Enrolled:
    """Enrol a till through OFFICE with its GATE ``code`` (see the module)."""
    with uow:
        link = linked(uow)
    try:
        enrolment = enroller.enrol(code)
    except SyncError as error:
        raise SyncError(
            "OFFICE cannot reach GATE, which a till's first enrolment needs: try again "
            f"when GATE answers ({error.message})"
        ) from error
    _check_till(enrolment, link)
    terminal = enrolment.terminal
    with uow:
        now = clock.now()
        uow.organisation.save_company(Company(enrolment.company_id, enrolment.company_name))
        uow.organisation.save_store(enrolment.store)
        uow.organisation.save_terminal(terminal)
        for old in uow.terminal_keys.for_terminal(terminal.id):
            uow.terminal_keys.save(old.revoked(now))
        key = ApiKey(
            uow.company_id, enrolment.api_key_id, terminal.id, digest(enrolment.api_key), now
        )
        uow.terminal_keys.add(key)
        counters = enrolment.counters.combined(uow.received.counters(terminal.id))
        uow.commit()
    log.info("Till %s (%s) enrolled through OFFICE", terminal.code, terminal.id)
    issued = Issued(enrolment.api_key, None, enrolment.api_key_id)
    company = Company(enrolment.company_id, enrolment.company_name)
    return Enrolled(terminal, issued, counters, company, enrolment.store)


def _check_till(enrolment: Enrolment, link: OfficeLink) -> None:
    if enrolment.kind is not TerminalKind.TILL:
        raise PermissionDenied(f"This is an OFFICE's code, not a till's ({NEW_CODE})")
    if (enrolment.company_id, enrolment.store.id) != (link.company_id, link.store_id):
        raise PermissionDenied(
            f"Till {enrolment.terminal.code} belongs to store {enrolment.store.id}; this OFFICE "
            f"serves store {link.store_id}: enrol it at its own store ({NEW_CODE})"
        )
