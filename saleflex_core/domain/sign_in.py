"""Sign-in throttling: guessing a password is slow at every worker of every node.

The rule: ``MAX_FAILURES`` failed sign-ins in a row for one username of one company
lock that username for ``LOCKOUT``; while locked even the right password is refused
(429, with when to try again). A success clears the count; failures further apart than
``LOCKOUT`` start counting again. The count lives in the database, so gunicorn's workers
and GATE's nodes share it. Unknown usernames are counted too: an attacker learns nothing
from being throttled. (A locked account can be a denial of service for its owner; an
admin can still sign in as themself and the lock ends on its own.)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from attrs import evolve, frozen

from saleflex_core.exceptions import TooManyAttempts

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)


@frozen
class SignInThrottle:
    company_id: str
    username: str
    failures: int = 0
    last_failure_at: datetime | None = None
    locked_until: datetime | None = None

    def check(self, now: datetime) -> None:
        """Refuse (TooManyAttempts) while the username is locked."""
        if self.locked_until is not None and now < self.locked_until:
            seconds = int((self.locked_until - now).total_seconds()) + 1
            raise TooManyAttempts(
                f"Too many failed sign-ins: try again in {(seconds + 59) // 60} minutes",
                retry_after=seconds,
            )

    def failed(self, now: datetime) -> SignInThrottle:
        """The throttle after one more failure at ``now``."""
        recent = self.last_failure_at is not None and now - self.last_failure_at < LOCKOUT
        failures = self.failures + 1 if recent else 1
        locked = now + LOCKOUT if failures >= MAX_FAILURES else None
        return evolve(self, failures=failures, last_failure_at=now, locked_until=locked)

    def succeeded(self) -> SignInThrottle:
        return evolve(self, failures=0, last_failure_at=None, locked_until=None)
