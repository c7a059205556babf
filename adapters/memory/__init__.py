"""Real in-memory implementations of every port: tests, demos, training mode."""

from adapters.memory.devices import MemoryDisplay, MemoryDrawer, MemoryPrinter, MemoryScale
from adapters.memory.enroller import MemoryEnroller
from adapters.memory.hub import MemoryHubUnitOfWork
from adapters.memory.master_data import MasterDataLog
from adapters.memory.storage import MemoryDatabase, MemoryUnitOfWork
from adapters.memory.system import SequentialIds, SteppingClock
from adapters.memory.upstream import MemoryUpstream

__all__ = [
    "MasterDataLog",
    "MemoryDatabase",
    "MemoryDisplay",
    "MemoryDrawer",
    "MemoryEnroller",
    "MemoryHubUnitOfWork",
    "MemoryPrinter",
    "MemoryScale",
    "MemoryUnitOfWork",
    "MemoryUpstream",
    "SequentialIds",
    "SteppingClock",
]
