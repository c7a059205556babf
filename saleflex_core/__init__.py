"""SaleFlex core: the pure domain library of the SaleFlex point of sale.

The public API for embedding: ``Register`` (a till session), ``Devices``, ``Override``,
``Money``; the use cases in ``saleflex_core.use_cases``; the ports in ``saleflex_core.ports``.
"""

from saleflex_core.domain.money import Currency, Money
from saleflex_core.exceptions import SaleFlexError
from saleflex_core.register import Devices, Register
from saleflex_core.use_cases.auth import Override

__all__ = ["Currency", "Devices", "Money", "Override", "Register", "SaleFlexError"]
