"""The aiohttp gateway: the only public port. Serves the demo page and the widget, checks the
portal key and origin, limits size and rate, forwards chat turns to Rasa on loopback and
answers every fault with a German JSON error instead of hanging."""
from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable

import aiohttp
from aiohttp import web

from bot import config
from bot.gateway import admin, console, cors, metrics, privacy, proxies, rest_channel, socketio_channel
from bot.gateway.observe import Ended, observed
from bot.gateway.openapi import OPENAPI
from bot.gateway.portals import Portal, load_portals
from bot.gateway.ratelimit import Limiter
from bot.gateway.replicas import ReplicaRouter
from bot.gateway.sessions import STORE_ERRORS, Locks, SessionStore
from bot.gateway.state import open_state
from bot.gateway.turns import CHAT, ApiError, Chat, check_portal, json_object, take
from bot.gateway.upstream import RasaClient

STATIC = Path(__file__).parent / "static"
access_log = logging.getLogger("berufslotse.access")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    rasa_url: str = "http://127.0.0.1:5005"
    actions_url: str = "http://127.0.0.1:5055"
    portals_file: Path = field(default_factory=config.portals_file)
    max_message_chars: int = 1000
    max_body_bytes: int = 16 * 1024
    upstream_timeout: float = 20.0
    session_per_minute: int = field(default_factory=lambda: int(os.environ.get("BERUFSLOTSE_RATE_PER_SESSION", "20")))
    address_per_minute: int = field(default_factory=lambda: int(os.environ.get("BERUFSLOTSE_RATE_PER_ADDRESS", "120")))
    new_sessions_per_minute: int = field(default_factory=lambda: int(os.environ.get("BERUFSLOTSE_RATE_NEW_SESSIONS", "30")))
    trusted_proxies: tuple[str, ...] = field(default_factory=proxies.trusted_from_env)
    sessions_db: Path = field(default_factory=config.sessions_path)
    session_ttl_seconds: float = 24 * 3600
    tracker_db: Path = field(default_factory=config.tracker_db_path)
    retention_days: int = field(default_factory=config.retention_days)
    retention_interval_seconds: float = 3600.0
    retry_after_seconds: int = 5
    extra_self_origins: set[str] = field(default_factory=set)
    admin_token: str | None = field(default_factory=lambda: os.environ.get("BERUFSLOTSE_ADMIN_TOKEN") or None)
    # cluster mode (docs/cluster-gateway.md): several Rasa replicas, state in Redis
    rasa_urls: tuple[str, ...] = field(default_factory=config.rasa_urls)  # empty: rasa_url alone
    rasa_check_seconds: float = field(default_factory=lambda: config.number("BERUFSLOTSE_RASA_CHECK_SECONDS", 2.0))
    redis_url: str | None = field(default_factory=config.redis_url)  # None: SQLite file and memory
    redis_prefix: str = field(default_factory=config.redis_prefix)
    metrics_token: str | None = field(default_factory=lambda: os.environ.get("BERUFSLOTSE_METRICS_TOKEN") or None)
    active_session_minutes: float = field(default_factory=lambda: config.number("BERUFSLOTSE_ACTIVE_SESSION_MINUTES", 15.0))

    @property
    def replicas(self) -> tuple[str, ...]:
        """The Rasa replicas the gateway routes to."""
        return self.rasa_urls or (self.rasa_url,)

    @property
    def self_origins(self) -> set[str]:
        hosts = {"localhost", "127.0.0.1"} if self.host in ("127.0.0.1", "0.0.0.0", "localhost") else {self.host}
        return {f"http://{h}:{self.port}" for h in hosts} | self.extra_self_origins


SETTINGS = web.AppKey("settings", Settings)
PORTALS = web.AppKey("portals", dict)
SESSIONS = web.AppKey("sessions", SessionStore)
LOCKS = web.AppKey("session_locks", Locks)
LIMIT_NEW_SESSION = web.AppKey("limit_new_session", Limiter)
LIMIT_SESSION = web.AppKey("limit_session", Limiter)
LIMIT_ADDRESS = web.AppKey("limit_address", Limiter)
ROUTER = web.AppKey("rasa_replicas", ReplicaRouter)
HTTP = web.AppKey("http", aiohttp.ClientSession)
RASA = web.AppKey("rasa", RasaClient)


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message, **extra}}, status=status, headers=headers)


def _anonymised(address: str | None) -> str:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "-"
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


@web.middleware
async def access_log_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """One JSON line per request; never the message text, only an anonymised address."""
    return await observed(request, handler, _log_access)


def _log_access(request: web.Request, ended: Ended) -> None:
    access_log.info(json.dumps({
        "event": "http", "method": request.method, "path": request.path, "status": ended.status,
        "ms": round(ended.seconds * 1000, 1), "portal": request.get("portal_key"), "client": _anonymised(request.remote)}))


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every API failure is JSON with a German message; nothing leaks a traceback."""
    try:
        return await handler(request)
    except ApiError as exc:
        response = error_response(exc.status, exc.code, exc.message, exc.headers, **exc.extra)
    except web.HTTPRequestEntityTooLarge:
        response = error_response(413, "request_too_large", "Die Anfrage ist zu groß.")
    except web.HTTPNotFound:
        if not request.path.startswith("/api/"):
            raise
        response = error_response(404, "not_found", "Diese Adresse gibt es nicht.")
    except web.HTTPMethodNotAllowed:
        response = error_response(405, "method_not_allowed", "Diese Methode ist hier nicht erlaubt.")
    except web.HTTPException:
        raise
    except STORE_ERRORS as exc:  # the session store is busy, unreadable or unreachable: retryable, not a server bug
        logging.getLogger("berufslotse.gateway").warning("Sitzungsdatenbank bei %s: %s", request.path, exc)
        retry = request.app[SETTINGS].retry_after_seconds
        response = error_response(503, "storage_unavailable", "Der Berufslotse ist gerade nicht erreichbar. Bitte "
                                  "versuche es gleich noch einmal.", {"Retry-After": str(retry)}, retry_after=retry)
    except Exception:  # noqa: BLE001 – last line of defence, logged with traceback
        logging.getLogger("berufslotse.gateway").exception("Unerwarteter Fehler bei %s", request.path)
        response = error_response(500, "internal_error", "Da ist etwas schiefgelaufen. Bitte versuche es erneut.")
    return response


def require_portal(request: web.Request) -> Portal:
    """The key must be known, and a browser's Origin must be allowed for that key."""
    portal = check_portal(request.app[PORTALS], request.headers.get("X-Portal-Key", ""), request.headers.get("Origin"))
    request["portal_key"] = portal.key
    return portal


async def chat(request: web.Request) -> web.Response:
    """POST /api/v1/chat: one turn (bot.gateway.turns.Chat, shared with socket.io and the REST webhook)."""
    turns = request.app[CHAT]
    portal = require_portal(request)
    await turns.check_address(request.remote)
    body = await json_object(request)
    unknown = sorted(set(body) - {"session_id", "message", "button"})
    if unknown:
        raise ApiError(400, "invalid_field", f"Unbekanntes Feld: {unknown[0]}", field=unknown[0])
    if ("message" in body) == ("button" in body):
        raise ApiError(400, "invalid_field", "Schicke entweder 'message' (getippter Text) oder 'button' (eine Schnellantwort).",
                       field="message")
    session_id = body.get("session_id")
    if session_id is not None and (not isinstance(session_id, str) or len(session_id) > 100):
        raise ApiError(400, "invalid_field", "Das Feld 'session_id' muss eine Zeichenkette sein.", field="session_id")
    if "button" in body:
        session_id, messages = await turns.send(portal, session_id, body["button"], request.remote, kind="button")
    else:
        session_id, messages = await turns.send(portal, session_id, turns.typed_text(body["message"]), request.remote)
    return web.json_response({"session_id": session_id, "messages": messages})


async def portal_info(request: web.Request) -> web.Response:
    portal = require_portal(request)
    return web.json_response({**portal.public(), "retention_days": request.app[SETTINGS].retention_days})


async def delete_session(request: web.Request) -> web.Response:
    """The portal that owns a session deletes its conversation (tracker store and gateway)."""
    settings = request.app[SETTINGS]
    portal = require_portal(request)
    await take(request.app[LIMIT_ADDRESS], request.remote or "-", "Anfragen von deiner Adresse")
    try:
        deleted = await privacy.delete_conversation(request.app[SESSIONS], request.app[LOCKS], settings.tracker_db,
                                                    portal.key, request.match_info["session_id"])
    except (OSError, *STORE_ERRORS) as exc:
        logging.getLogger("berufslotse.gateway").warning("Löschen fehlgeschlagen: %s", exc)
        raise ApiError(503, "delete_failed", "Der Verlauf konnte gerade nicht gelöscht werden. Bitte versuche es gleich "
                       "noch einmal.", headers={"Retry-After": str(settings.retry_after_seconds)},
                       retry_after=settings.retry_after_seconds) from exc
    if not deleted:
        raise ApiError(404, "unknown_session", "Dieses Gespräch gibt es nicht (mehr) – es ist nichts gespeichert.")
    return web.Response(status=204)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    router = request.app[ROUTER]
    await router.check()  # every replica now; a replica is "ok" for routing from here on, too
    up = router.healthy()
    checks: dict[str, str] = {"rasa": "ok" if up else (router.replicas[0].last_error or "nicht erreichbar")}
    if settings.actions_url:  # empty: this gateway's machine runs no action server (cluster mode)
        timeout = aiohttp.ClientTimeout(total=2)
        try:
            async with request.app[HTTP].get(f"{settings.actions_url}/health", timeout=timeout) as response:
                checks["actions"] = "ok" if response.status == 200 else f"HTTP {response.status}"
        except Exception as exc:  # noqa: BLE001 – readiness reports, never raises
            checks["actions"] = f"nicht erreichbar ({type(exc).__name__})"
    checks["knowledge_base"] = await asyncio.to_thread(_knowledge_base_check)  # SQLite: off the event loop
    try:  # the session store (SQLite file, or Redis shared by the gateways)
        await request.app[SESSIONS].count_active(time.time())
        checks["sessions"] = "ok"
    except STORE_ERRORS as exc:
        checks["sessions"] = f"nicht erreichbar ({type(exc).__name__})"
    down = [name for name, value in checks.items() if value != "ok"]
    return web.json_response({"status": "not_ready" if down else "ready", "down": down, "checks": checks,
                              "rasa_replicas": [replica.public() for replica in router.replicas]},
                             status=503 if down else 200,
                             headers={"Retry-After": str(settings.retry_after_seconds)} if down else None)


def _knowledge_base_check() -> str:
    try:
        from bot.kb.queries import KnowledgeBase

        KnowledgeBase().content_hash()
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"nicht lesbar ({type(exc).__name__})"


async def openapi(request: web.Request) -> web.Response:
    return web.json_response(OPENAPI)


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html")


async def embed(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "embed.js")


async def _cache_headers(request: web.Request, response: web.StreamResponse) -> None:
    if request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "public, max-age=3600")
    elif request.path == "/embed.js":
        response.headers.setdefault("Cache-Control", "public, max-age=300")
        response.headers["Access-Control-Allow-Origin"] = "*"  # the loader is public; the API is not
    elif request.path.startswith("/api/"):
        response.headers.setdefault("Cache-Control", "no-store")
    if request.path == "/":
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")


async def _open_http(app: web.Application) -> None:
    settings = app[SETTINGS]
    app[HTTP] = aiohttp.ClientSession()
    app[RASA] = RasaClient(app[ROUTER], settings.upstream_timeout, app[HTTP])
    app[CHAT].rasa = app[RASA]
    app[ROUTER].start(app[HTTP])


async def _close_http(app: web.Application) -> None:
    await app[ROUTER].stop()
    await app[HTTP].close()
    await app[SESSIONS].close()


def create_app(settings: Settings | None = None) -> web.Application:
    settings = settings or Settings()
    app = web.Application(middlewares=[access_log_middleware, error_middleware], client_max_size=settings.max_body_bytes)
    app[SETTINGS] = settings
    app[PORTALS] = load_portals(settings.portals_file, settings.self_origins)
    state = open_state(settings)  # embedded (SQLite, memory) or Redis: decided there only
    app[SESSIONS] = state.sessions
    app[LOCKS] = state.locks
    app[LIMIT_NEW_SESSION], app[LIMIT_SESSION], app[LIMIT_ADDRESS] = state.new_sessions, state.per_session, state.per_address
    app[ROUTER] = ReplicaRouter(settings.replicas, settings.rasa_check_seconds)
    app[CHAT] = Chat(app[PORTALS], app[SESSIONS], app[LOCKS], app[LIMIT_SESSION], app[LIMIT_ADDRESS],
                     app[LIMIT_NEW_SESSION], settings.max_message_chars, settings.retry_after_seconds)
    app.on_startup.append(_open_http)
    app.on_cleanup.append(_close_http)
    app.on_response_prepare.append(_cache_headers)
    proxies.install(app, settings.trusted_proxies)
    metrics.install(app, metrics.Metrics(app[ROUTER], app[SESSIONS], config.kb_path, state.backend,
                                         settings.metrics_token, settings.active_session_minutes))
    app.cleanup_ctx.append(privacy.retention_job(privacy.Retention(
        settings.retention_days, settings.tracker_db, config.unanswered_path(),
        unanswered_days=config.unanswered_retention_days(), interval_seconds=settings.retention_interval_seconds), app[SESSIONS]))
    app.router.add_get("/", index)
    app.router.add_get("/embed.js", embed)
    app.router.add_static("/static/", STATIC)
    api = [app.router.add_post("/api/v1/chat", chat), app.router.add_get("/api/v1/portal", portal_info),
           app.router.add_delete("/api/v1/sessions/{session_id}", delete_session)]
    api += rest_channel.install(app)
    cors.install(app, app[PORTALS], api, methods=("GET", "POST", "DELETE"))
    socketio_channel.install(app, settings.max_body_bytes)
    app.router.add_get("/api/v1/openapi.json", openapi)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    admin.install(app, settings.admin_token)
    console.setup(app)  # /admin, only if config/maintainers.yml (BERUFSLOTSE_MAINTAINERS) exists
    return app


def run(settings: Settings) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    web.run_app(create_app(settings), host=settings.host, port=settings.port, access_log=None, print=None)
