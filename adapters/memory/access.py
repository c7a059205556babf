"""An authenticator over a fixed table of credentials: tests and embedded demos."""

from __future__ import annotations

from collections.abc import Mapping

from saleflex_core.domain.access import Caller
from saleflex_core.exceptions import AuthenticationFailed


class StaticAuthenticator:
    """Knows exactly the tokens and API keys it is given, each with its caller."""

    def __init__(
        self,
        tokens: Mapping[str, Caller] | None = None,
        api_keys: Mapping[str, Caller] | None = None,
    ) -> None:
        self.tokens = dict(tokens or {})
        self.api_keys = dict(api_keys or {})

    def person(self, token: str) -> Caller:
        if token not in self.tokens:
            raise AuthenticationFailed("This token is not valid")
        return self.tokens[token]

    def terminal(self, api_key: str) -> Caller:
        if api_key not in self.api_keys:
            raise AuthenticationFailed("This API key is not valid")
        return self.api_keys[api_key]
