"""Cashiers at the hub: a PIN comes in once, only its hash is kept and sent to terminals.

A new cashier needs a PIN; changing a cashier without one keeps the PIN it has. The PIN
is hashed here (PBKDF2, ``organisation.hash_pin``) with a fresh salt from the id port,
and never stored, logged, audited or answered.
"""

from __future__ import annotations

from saleflex_core.domain.master_data import Upserts
from saleflex_core.domain.organisation import Cashier, Role, hash_pin
from saleflex_core.exceptions import ValidationError
from saleflex_core.ports.hub import HubUnitOfWork
from saleflex_core.use_cases.gate_feed import Changed, Editor, change_master_data


def save_cashier(
    uow: HubUnitOfWork,
    *,
    editor: Editor,
    cashier_id: str,
    name: str,
    role: Role,
    active: bool,
    pin: str | None,
) -> Changed:
    """Create or change a cashier (see the module for the PIN's rules)."""
    if pin is None:
        with uow:
            known = {c.id: c for c in uow.cashiers.all()}.get(cashier_id)
        if known is None:
            raise ValidationError(f"A new cashier needs a PIN ({cashier_id})")
        pin_hash = known.pin_hash
    else:
        pin_hash = hash_pin(pin, editor.ids.new_id().encode())
    cashier = Cashier(cashier_id, name, role, pin_hash, active)
    return change_master_data(uow, editor=editor, upserts=Upserts(cashiers=(cashier,)))
