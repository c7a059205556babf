"""``python -m apps.office_web``: the same as the ``saleflex-office`` command."""

from apps.office_web.cli import main

raise SystemExit(main())
