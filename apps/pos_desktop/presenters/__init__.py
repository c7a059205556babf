"""PyPOS's presentation layer: the till's screens as plain Python, no window toolkit.

``Till`` is driven by the view (``apps.pos_desktop.views``, Dear PyGui) and by the unit
tests alike; the view models in ``view_models`` are what gets drawn.
"""

from apps.pos_desktop.presenters.desk import Screen
from apps.pos_desktop.presenters.errors import Message, Severity
from apps.pos_desktop.presenters.till import Till

__all__ = ["Message", "Screen", "Severity", "Till"]
