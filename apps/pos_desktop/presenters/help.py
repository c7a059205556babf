"""F1 help: what the sale screen's keys do on the screens they open.

The keys themselves are listed from the sale screen's key map; these notes say what a
key map cannot: a typed number before a key, a key with nothing typed, the Z's form.
"""

# Lines short enough for the preview at 800x600 (about 55 characters of its font).
HELP_NOTES = """\
Discounts
  10 F5   10 % off the selected line
  10 F7   10 % off the whole sale
          (a new percentage replaces the old one)
  F5, F7  with nothing typed: remove that discount
Payment (F9)
  Enter   pays the rest in cash
  0.00    a sale of 0.00: Enter, a supervisor approves
Reports (F11)
  F2      Z closure: type the cash counted, then the
          float left in the drawer (empty: all stays)
  F5      Sync: events upstream refused, sent again
          by a supervisor; connect to OFFICE / GATE"""
