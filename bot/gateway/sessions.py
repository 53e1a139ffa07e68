"""Chat sessions the gateway issued. A client-supplied id is only honoured if this gateway
issued it for the same portal; otherwise a new one is created (no session fixation)."""
from __future__ import annotations

import secrets
import time
from collections import OrderedDict


# Quick-reply tokens kept per session: the buttons of the last few answers stay clickable.
MAX_BUTTONS_PER_SESSION = 40


class Sessions:
    def __init__(self, ttl_seconds: float = 24 * 3600, max_sessions: int = 100_000):
        self._ttl = ttl_seconds
        self._max = max_sessions
        self._owners: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._buttons: dict[str, OrderedDict[str, str]] = {}

    def button_token(self, session_id: str, payload: str) -> str:
        """An opaque token for one quick reply of this session; the payload never leaves the gateway."""
        tokens = self._buttons.setdefault(session_id, OrderedDict())
        token = "b_" + secrets.token_urlsafe(12)
        tokens[token] = payload
        while len(tokens) > MAX_BUTTONS_PER_SESSION:
            tokens.popitem(last=False)
        return token

    def button_payload(self, portal_key: str, session_id: str, token: str) -> str | None:
        """The payload behind a token this gateway issued for this live session of this portal, else None."""
        known = self._owners.get(session_id)
        if not known or known[0] != portal_key or time.monotonic() - known[1] >= self._ttl:
            return None
        return self._buttons.get(session_id, {}).get(token)

    def resolve(self, portal_key: str, session_id: str | None) -> tuple[str, bool]:
        """Returns (session id, is_new)."""
        now = time.monotonic()
        known = self._owners.get(session_id or "")
        if known and known[0] == portal_key and now - known[1] < self._ttl:
            self._owners[session_id] = (portal_key, now)
            self._owners.move_to_end(session_id)
            return session_id, False
        new_id = secrets.token_urlsafe(18)
        self._owners[new_id] = (portal_key, now)
        while len(self._owners) > self._max:
            old_id, _ = self._owners.popitem(last=False)
            self._buttons.pop(old_id, None)
        return new_id, True
