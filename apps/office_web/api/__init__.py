"""OFFICE's own endpoints (the terminal contract is ``adapters.rest``'s blueprints)."""
