"""Migration 0003's own code: frozen with it, never imported by the program.

``versions/0003_connected_store.py`` runs it; it lives outside ``versions/`` because Alembic
loads every module there as a revision.
"""
