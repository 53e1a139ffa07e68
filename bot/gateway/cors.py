"""Cross-origin access to the public API with aiohttp-cors, built from the portals' origin
allowlists: a listed origin gets Access-Control-Allow-Origin (and a preflight answer); any other
origin gets no CORS headers, and its preflight a German JSON 403. Which portal an origin may act
for is still checked per request (bot.gateway.turns.check_portal)."""
from __future__ import annotations

from typing import Iterable

import aiohttp_cors
from aiohttp import hdrs, web

from bot.gateway.portals import Portal

ALLOW_HEADERS = ("Content-Type", "X-Portal-Key")
EXPOSE_HEADERS = ("Retry-After", "X-Session-Id")
MAX_AGE_SECONDS = 600
ORIGINS = web.AppKey("cors_origins", frozenset)


def allowed_origins(portals: dict[str, Portal]) -> frozenset[str]:
    """Every origin that some portal lists (lower case, as the portal file is normalised)."""
    return frozenset(origin for portal in portals.values() for origin in portal.allowed_origins)


def _is_preflight(request: web.Request) -> bool:
    return request.method == hdrs.METH_OPTIONS and hdrs.ACCESS_CONTROL_REQUEST_METHOD in request.headers


@web.middleware
async def preflight_answers(request: web.Request, handler) -> web.StreamResponse:
    """aiohttp-cors answers a preflight with 200 or a plain-text 403; the API answers with
    204 No Content, or with its usual JSON error in German."""
    if not _is_preflight(request):
        return await handler(request)
    try:
        response = await handler(request)
    except web.HTTPForbidden:
        origin = request.headers.get(hdrs.ORIGIN, "")
        if origin.lower() in request.app[ORIGINS]:
            return web.json_response({"error": {"code": "preflight_refused", "message": "Diese Anfrage ist von "
                                                "deiner Website aus nicht erlaubt (Methode oder Kopfzeile)."}},
                                     status=403)
        return web.json_response({"error": {"code": "origin_not_allowed",
                                            "message": "Diese Website darf den Berufslotsen nicht einbinden."}},
                                 status=403)
    if response.status == 200:
        response.set_status(204)
    allowed = response.headers.get(hdrs.ACCESS_CONTROL_ALLOW_HEADERS)
    if allowed:  # aiohttp-cors echoes the requested names in upper case; answer with their usual spelling
        spelling = {name.upper(): name for name in ALLOW_HEADERS}
        response.headers[hdrs.ACCESS_CONTROL_ALLOW_HEADERS] = ", ".join(
            spelling.get(name.strip().upper(), name.strip()) for name in allowed.split(","))
    return response


def install(app: web.Application, portals: dict[str, Portal], routes: Iterable[web.AbstractRoute],
            methods: tuple[str, ...] = ("GET", "POST")) -> None:
    """Enables CORS (including preflight) for the given API routes.

    Args:
        app: The gateway application (before it starts).
        portals: The configured portals; their allowlists together are the allowed origins.
        routes: The API routes browsers on portal websites may call.
        methods: Methods a preflight may ask for.
    """
    origins = allowed_origins(portals)
    app[ORIGINS] = origins
    options = aiohttp_cors.ResourceOptions(allow_credentials=False, allow_headers=ALLOW_HEADERS,
                                           expose_headers=EXPOSE_HEADERS, allow_methods=methods,
                                           max_age=MAX_AGE_SECONDS)
    cors = aiohttp_cors.setup(app, defaults={origin: options for origin in sorted(origins)})
    for route in routes:
        cors.add(route)
    app.middlewares.append(preflight_answers)
    app.on_response_prepare.append(_vary_on_origin)


async def _vary_on_origin(request: web.Request, response: web.StreamResponse) -> None:
    """Answers differ by Origin (allowed or not), so caches must keep them apart."""
    if hdrs.ACCESS_CONTROL_ALLOW_ORIGIN in response.headers and response.headers[hdrs.ACCESS_CONTROL_ALLOW_ORIGIN] != "*":
        vary = response.headers.get(hdrs.VARY)
        if not vary:
            response.headers[hdrs.VARY] = "Origin"
        elif "origin" not in vary.lower():
            response.headers[hdrs.VARY] = vary + ", Origin"
