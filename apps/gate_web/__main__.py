"""``python -m apps.gate_web``: the same as the ``saleflex-gate`` command."""

from apps.gate_web.cli import main

raise SystemExit(main())
