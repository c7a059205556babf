"""The terminal's upstream client on requests: the one home of requests on the terminal
side. ``HttpUpstream`` delivers outbox events and pulls master data; ``HttpEnroller``
trades an enrolment code. Both speak the terminal contract GATE and OFFICE serve
(``adapters/rest/terminal_*.py``) and turn every fault into the core's errors."""

from adapters.http.enroller import HttpEnroller
from adapters.http.upstream import HttpUpstream

__all__ = ["HttpEnroller", "HttpUpstream"]
