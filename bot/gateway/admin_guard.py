"""Who may use the admin API: bearer token (constant-time check), never with a portal key,
wrong tokens throttled per client address, and every call audited with the anonymised client."""
from __future__ import annotations

import hmac
import json
import logging
import math
import time
from collections import deque
from typing import Awaitable, Callable

from aiohttp import web

audit = logging.getLogger("berufslotse.audit")
PREFIX = "/api/v1/admin/"
ADMIN_TOKEN = web.AppKey("admin_token", str)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra) -> web.Response:
    """The gateway's JSON error shape (`{"error": {"code", "message", …}}`)."""
    if status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    return web.json_response({"error": {"code": code, "message": message, **extra}}, status=status, headers=headers)


class FailureThrottle:
    """After `limit` wrong tokens from one address within `window` seconds, that address is
    refused (429) until the oldest of those failures is `window` seconds old.

    Args:
        limit: wrong attempts allowed per window.
        window: length of the window in seconds.
        max_addresses: addresses tracked at most (the oldest are forgotten first).
    """

    def __init__(self, limit: int = 5, window: float = 300.0, max_addresses: int = 10_000) -> None:
        self.limit, self.window, self.max_addresses = limit, window, max_addresses
        self._failures: dict[str, deque[float]] = {}

    def wait(self, address: str) -> int:
        """Seconds this address must wait before its next attempt (0: it may try now)."""
        now = time.monotonic()
        failures = self._failures.get(address)
        if failures is None:
            return 0
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[address]
            return 0
        return math.ceil(failures[0] + self.window - now) if len(failures) >= self.limit else 0

    def fail(self, address: str) -> None:
        """Records one wrong token from `address`."""
        self._failures.setdefault(address, deque()).append(time.monotonic())
        while len(self._failures) > self.max_addresses:
            self._failures.pop(next(iter(self._failures)))

    def succeed(self, address: str) -> None:
        """A correct token clears the address's failures."""
        self._failures.pop(address, None)


THROTTLE = web.AppKey("admin_throttle", FailureThrottle)


def _client(request: web.Request) -> str:
    from bot.gateway.app import _anonymised  # the access log's anonymisation (imported late: app imports admin)

    return _anonymised(request.remote)


@web.middleware
async def admin_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Checks token, portal key and throttle for /api/v1/admin/ and writes one audit line per call."""
    if not request.path.startswith(PREFIX):
        return await handler(request)
    token = request.app.get(ADMIN_TOKEN)
    throttle = request.app[THROTTLE]
    address = request.remote or "-"
    outcome = "denied"
    try:
        if not token:
            return error(404, "admin_disabled", "Die Admin-Schnittstelle ist nicht eingeschaltet.")
        if "X-Portal-Key" in request.headers:
            return error(403, "portal_key_not_allowed", "Mit einem Portal-Schlüssel ist die Admin-Schnittstelle gesperrt.")
        wait = throttle.wait(address)
        if wait:
            outcome = "throttled"
            return error(429, "too_many_attempts", f"Zu viele falsche Admin-Tokens. Bitte warte {wait} Sekunden.",
                         headers={"Retry-After": str(wait)}, retry_after=wait)
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
            throttle.fail(address)
            return error(401, "unauthorized", "Admin-Token fehlt oder ist falsch.")
        throttle.succeed(address)
        response = await handler(request)
        outcome = str(response.status)
        return response
    finally:
        audit.info(json.dumps({"event": "admin", "method": request.method, "path": request.path,
                               "query": dict(request.query), "outcome": outcome, "client": _client(request)},
                              ensure_ascii=False))
