"""``saleflex-demo``: a headless demo of the register, printed to the terminal.

Signs in, opens the drawer with a float, sells a basket (barcodes, a PLU, a weighed
label, a discount), takes a split payment, completes, then prints the X and Z reports.
"""

from __future__ import annotations

import argparse
import sys

from apps.pos_desktop.bootstrap import DemoTill, build_demo_till
from saleflex_core import Override, SaleFlexError
from saleflex_core.domain.barcode import DEFAULT_EMBEDDED_RULES, make_embedded

SUPERVISOR = Override("2", "9999", "end of day")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="saleflex-demo", description=__doc__)
    parser.parse_args(argv)
    return play(build_demo_till())


def play(till: DemoTill) -> int:
    """The demo sale, reports and Z on ``till``, printed to stdout; 1 if the till refuses."""
    register = till.register
    try:
        register.sign_in("1", "1234")
        register.cash_in("100.00", "opening float")
        register.scan("5901234100106")  # Baguette
        register.scan("5901234400305", quantity="2")  # 2 x Cola 330ml
        register.scan("1003")  # Croissant by PLU
        register.scan(make_embedded(DEFAULT_EMBEDDED_RULES[0], "03001", 1250))  # 1.250 kg apples
        register.discount_line(1, percent="10")
        register.tender("CARD", "5.00")
        register.tender("CASH", "20.00")
        sale = register.complete()
        print(till.printer.last_text, end="\n\n")
        x = register.x_report()
        print(till.printer.last_text, end="\n\n")
        register.close_period(x.closure.expected_cash, override=SUPERVISOR)
        print(till.printer.last_text)
        change = sale.change.format(register.ref.store.currency)
        print(f"\nSale {sale.unique_id} completed; change given {change} {sale.change.currency}")
    except SaleFlexError as exc:
        print(f"demo stopped: {exc.message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
