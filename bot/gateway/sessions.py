"""Chat sessions the gateway issued. A client-supplied id is only honoured if this gateway
issued it for the same portal; otherwise a new one is created (no session fixation)."""
from __future__ import annotations

import secrets
import time
from collections import OrderedDict


class Sessions:
    def __init__(self, ttl_seconds: float = 24 * 3600, max_sessions: int = 100_000):
        self._ttl = ttl_seconds
        self._max = max_sessions
        self._owners: OrderedDict[str, tuple[str, float]] = OrderedDict()

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
            self._owners.popitem(last=False)
        return new_id, True
