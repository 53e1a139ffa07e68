"""The client's address behind reverse proxies.

`X-Forwarded-For` is believed only when the TCP peer itself is one of the configured trusted
proxies (`BERUFSLOTSE_TRUSTED_PROXIES`, e.g. "127.0.0.1, 10.0.0.0/8"); anyone else's header is
ignored, so nobody can pick their own rate-limit bucket by forging it. From a trusted peer the
header is read right to left, skipping further trusted proxies – aiohttp-remotes'
`XForwardedFiltered` does that parsing; this module only adds the check of the peer.
"""
from __future__ import annotations

import os
from ipaddress import ip_address
from typing import Awaitable, Callable, Iterable

from aiohttp import web
from aiohttp_remotes import XForwardedFiltered
from aiohttp_remotes.exceptions import RemoteError, UntrustedIP
from aiohttp_remotes.utils import check_ip

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def trusted_from_env() -> tuple[str, ...]:
    """Addresses or networks from `BERUFSLOTSE_TRUSTED_PROXIES` (comma or space separated)."""
    return tuple(part for part in os.environ.get("BERUFSLOTSE_TRUSTED_PROXIES", "").replace(",", " ").split())


class TrustedProxies(XForwardedFiltered):
    """Sets `request.remote` from `X-Forwarded-For` for requests that come from a trusted proxy.

    Args:
        trusted: IP addresses or networks of the reverse proxies in front of the gateway.

    Raises:
        ValueError: an entry is neither an IP address nor a network.
    """

    def __init__(self, trusted: Iterable[str]) -> None:
        entries = set(trusted)
        try:
            super().__init__(entries)
        except ValueError as exc:
            raise ValueError(f"BERUFSLOTSE_TRUSTED_PROXIES: {exc}") from None

    def from_trusted_peer(self, request: web.Request) -> bool:
        """True if the connection itself comes from a trusted proxy."""
        try:
            check_ip(self._trusted, ip_address(request.remote or ""))
        except (ValueError, UntrustedIP):
            return False
        return True

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.from_trusted_peer(request):
            return await handler(request)
        try:
            self.get_forwarded_for(request.headers)
        except (web.HTTPBadRequest, RemoteError):
            return web.json_response({"error": {"code": "invalid_forwarded_for",
                                                "message": "Der Proxy hat eine ungültige Absenderadresse übermittelt."}},
                                     status=400)
        return await super().middleware(request, handler)


def install(app: web.Application, trusted: Iterable[str]) -> None:
    """Puts the middleware first, so the access log and every limit see the real client."""
    trusted = tuple(trusted)
    if trusted:
        app.middlewares.insert(0, TrustedProxies(trusted).middleware)
