"""OFFICE's store database: the hub's schema (``adapters.sqlalchemy.hub``) for its one
company and store, plus the relay's own tables (its link to GATE, the queue toward GATE,
where GATE's master-data pages end in its feed) under an Alembic chain of their own."""
