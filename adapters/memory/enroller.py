"""An in-memory upstream's enrolment desk: codes issued by a test, each good once."""

from __future__ import annotations

from saleflex_core.domain.enrolment import Enrolment
from saleflex_core.exceptions import EnrolmentRefused, SyncError


class MemoryEnroller:
    """``issue(code, enrolment)`` makes a code; ``enrol(code)`` trades it once, as GATE does.

    ``online = False`` plays an upstream that cannot be reached; ``asked`` counts the
    enrolments attempted (a refusal before the network leaves it unchanged)."""

    def __init__(self) -> None:
        self.online = True
        self.codes: dict[str, Enrolment] = {}
        self.asked = 0

    def issue(self, code: str, enrolment: Enrolment) -> None:
        self.codes[code] = enrolment

    def enrol(self, code: str) -> Enrolment:
        self.asked += 1
        if not self.online:
            raise SyncError("Upstream is offline")
        enrolment = self.codes.pop(code, None)
        if enrolment is None:
            raise EnrolmentRefused("This enrolment code is not valid, used or expired")
        return enrolment
