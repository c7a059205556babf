"""GATE's database: the terminal's tables (copied onto the hub's own metadata) plus the
hub's own (audit log; access; the master-data change feed; received events, sales, stock).

The hub has its own schema and its own migrations: a terminal's database never holds
the hub's tables, and the hub holds no terminal-only state it does not use.
"""
