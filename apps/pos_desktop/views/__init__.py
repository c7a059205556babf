"""PyPOS's window: Dear PyGui draws the ``Till``'s view models and forwards keys and clicks.

Dear PyGui is imported only here (one home per outside library). ``app.run`` is what
``saleflex-pos`` calls; nothing in this package decides anything about a sale.
"""
