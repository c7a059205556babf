"""The hub's own Alembic chain (revisions ``h0001``…): GATE's schema, apart from a terminal's."""
