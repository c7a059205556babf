"""People's passwords, hashed with argon2id (argon2-cffi's only home).

argon2-cffi's defaults follow RFC 9106's second recommended option (argon2id, 64 MiB,
3 passes, 4 lanes); a hash made with weaker parameters is upgraded at the next sign-in
(``needs_rehash``). Tests may pass lighter parameters: the algorithm stays argon2id.
"""

from __future__ import annotations

from argon2 import PasswordHasher as _Argon2
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2Passwords:
    """The ``PasswordHasher`` port on argon2id."""

    def __init__(
        self, *, time_cost: int = 3, memory_cost: int = 65536, parallelism: int = 4
    ) -> None:
        self._hasher = _Argon2(
            time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored, password)
        except VerifyMismatchError:
            return False
        except (InvalidHashError, VerificationError):
            return False  # a hash this hasher cannot read matches nothing

    def needs_rehash(self, stored: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(stored)
        except InvalidHashError:
            return True
