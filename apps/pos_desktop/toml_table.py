"""Reading one table of a TOML settings file, with messages that name the key.

Each read marks its key as known; ``finish`` refuses any key nobody asked for, so a typo in
a settings file is an error, not a silently ignored line.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any, Self, TypeVar

from saleflex_core.exceptions import ValidationError

MISSING: Any = object()
E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")


class TomlTable:
    """One TOML table being read: each read names its key; ``finish`` rejects the rest."""

    def __init__(self, path: str, raw: object) -> None:
        if not isinstance(raw, Mapping):
            raise ValidationError(f"{path} must be a table, not {shown(raw)}")
        self.path = path
        self.raw: Mapping[str, object] = raw
        self.seen: set[str] = set()
        self.allowed: set[str] = set()
        self.what = "this device"

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def get(self, name: str, default: object = MISSING) -> object:
        self.seen.add(name)
        if name in self.raw:
            return self.raw[name]
        if default is MISSING:
            raise ValidationError(f"{self.key(name)} is required for {self.what}")
        return default

    def table(self, name: str) -> Self:
        return type(self)(self.key(name), self.get(name, {}))

    def ignore(self, names: set[str]) -> None:
        """Keys that are known but do not matter (a device switched off keeps its settings)."""
        self.seen |= names
        self.finish()

    def only(self, names: tuple[str, ...], elsewhere: set[str], what: str) -> None:
        """Reject keys that belong to another kind of device, then any unknown key."""
        for name in sorted(self.raw):
            if name in elsewhere and name not in names:
                raise ValidationError(f"{self.key(name)} does not apply to {what}")
        self.allowed = set(names)
        self.what = what
        self.seen |= set(names)
        self.finish()

    def finish(self) -> None:
        for name in sorted(self.raw):
            if name not in self.seen:
                known = ", ".join(sorted(self.seen | self.allowed))
                raise ValidationError(f"{self.key(name)} is not a known setting; known: {known}")

    def choice(self, name: str, kinds: type[E], default: E) -> E:
        value = self.get(name, default.value)
        for kind in kinds:
            if kind.value == value:
                return kind
        allowed = listed([f'"{kind.value}"' for kind in kinds])
        raise ValidationError(f"{self.key(name)} must be {allowed}, not {shown(value)}")

    def text(self, name: str, default: str = MISSING) -> str:
        value = self.get(name, default)
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"{self.key(name)} must be a non-empty text, not {shown(value)}")
        return value.strip()

    def whole(self, name: str, allowed: range, default: object = MISSING) -> int:
        value = self.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
            raise ValidationError(
                f"{self.key(name)} must be a whole number from {allowed.start} to "
                f"{allowed.stop - 1}, not {shown(value)}"
            )
        return value

    def one_of(
        self,
        name: str,
        allowed: tuple[T, ...],
        default: T,
        normal: Callable[[str], object] | None = None,
    ) -> T:
        value = self.get(name, default)
        candidate = normal(value) if normal is not None and isinstance(value, str) else value
        if isinstance(value, bool) or candidate not in allowed:
            choices = listed([shown(item) for item in allowed])
            raise ValidationError(f"{self.key(name)} must be {choices}, not {shown(value)}")
        return candidate


def listed(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} or {items[-1]}"


def shown(value: object) -> str:
    """A value as it would be written in TOML, for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)
