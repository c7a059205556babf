"""``python -m apps.pos_desktop``: the same as the ``saleflex-pos`` command."""

from apps.pos_desktop.cli import main

raise SystemExit(main())
