"""Instants and zones the store-time tests share: every instant is aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime

UTC_T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
"""A Monday morning in UTC (09:00 in Berlin, 11:00 in Istanbul)."""
