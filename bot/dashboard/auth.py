"""The login: one token from settings, then a signed session cookie until logout or expiry.

The cookie holds only an expiry time and a random nonce, signed with a key derived from the
token: changing the token ends every session, and nothing about a person is in it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

COOKIE = "leadbot_dashboard"


@dataclass(frozen=True)
class Gate:
    """Checks the token and issues and verifies session cookies."""

    token: str
    lifetime: timedelta

    def _key(self) -> bytes:
        return hashlib.sha256(b"leadbot-dashboard-session\0" + self.token.encode()).digest()

    def _sign(self, payload: str) -> str:
        return hmac.new(self._key(), payload.encode(), hashlib.sha256).hexdigest()

    def token_matches(self, offered: str) -> bool:
        """Whether a typed token is the configured one (compared in constant time)."""
        return hmac.compare_digest(offered.strip().encode(), self.token.encode())

    def issue(self, now: datetime) -> str:
        """A new session cookie value, valid for `lifetime` from `now`."""
        payload = f"{int((now + self.lifetime).timestamp())}.{secrets.token_hex(8)}"
        return f"{payload}.{self._sign(payload)}"

    def valid(self, cookie: str | None, now: datetime) -> bool:
        """Whether a cookie was issued by this gate and has not expired."""
        if not cookie or cookie.count(".") != 2:
            return False
        payload, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(signature, self._sign(payload)):
            return False
        expires = payload.split(".", 1)[0]
        return expires.isdigit() and int(expires) > now.timestamp()
