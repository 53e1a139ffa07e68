"""`GET /metrics` in Prometheus' text format (the official prometheus-client), one registry per
gateway application.

What it shows (docs/cluster-gateway.md):
  - ``berufslotse_http_requests_total{route, method, status}`` and
    ``berufslotse_http_request_duration_seconds{route}``: every HTTP request, by route pattern
    (``/api/v1/sessions/{session_id}``, never the concrete path; ``unmatched`` for unknown paths);
  - ``berufslotse_rasa_replica_up{replica}``, ``berufslotse_upstream_turns_total{replica}`` and
    ``berufslotse_upstream_errors_total{replica, kind}``: per Rasa replica (names as in /readyz);
  - ``berufslotse_active_sessions``: sessions with a message in the last N minutes
    (`BERUFSLOTSE_ACTIVE_SESSION_MINUTES`, default 15), counted in the session store – per gateway
    when embedded, for the whole cluster with Redis (then every gateway reports the same figure:
    take ``max``, not ``sum``);
  - ``berufslotse_knowledge_base_info{…}`` (the knowledge base's ``kb_meta``: content hash, schema
    version) and ``berufslotse_knowledge_base_change`` (number of the last applied change, 0 = as built);
  - process CPU and memory (prometheus-client's process collector).

Who may read it: with `BERUFSLOTSE_METRICS_TOKEN` set, anyone with ``Authorization: Bearer
<token>``; without, only clients on the gateway's own machine that did not come through a proxy
(loopback peer, no ``X-Forwarded-For``/``Forwarded``). The figures hold no personal data, but they
do show traffic and topology, and the gateway is the public port. Failures of a part (session
store, knowledge base) show as ``…_up 0`` and NaN, never as a 5xx.
"""
from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import math
import re
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Awaitable, Callable, Iterator

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, Info, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.process_collector import ProcessCollector

from bot.gateway.observe import Ended, observed
from bot.gateway.replicas import ReplicaRouter
from bot.gateway.sessions import SessionStore

log = logging.getLogger("berufslotse.gateway")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PATH = "/metrics"
MIN_TOKEN_LENGTH = 16
ERROR_KINDS = ("connect", "disconnect", "timeout", "http_status", "invalid_response", "empty")
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0)
_LABEL = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")


class ReplicaCollector:
    """Reads the replicas' state and counters from the router at every scrape."""

    def __init__(self, router: ReplicaRouter) -> None:
        self.router = router

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("berufslotse_rasa_replica_up", "1 if the Rasa replica is healthy", labels=["replica"])
        turns = CounterMetricFamily("berufslotse_upstream_turns", "Turns sent to each Rasa replica", labels=["replica"])
        errors = CounterMetricFamily("berufslotse_upstream_errors", "Failed turns per Rasa replica and kind",
                                     labels=["replica", "kind"])
        for replica in self.router.replicas:
            up.add_metric([replica.name], 1.0 if replica.up else 0.0)
            turns.add_metric([replica.name], replica.turns)
            for kind in ERROR_KINDS:
                errors.add_metric([replica.name, kind], replica.errors[kind])
        yield from (up, turns, errors)


def knowledge_base_version(path: Path) -> tuple[dict[str, str], int]:
    """The knowledge base's ``kb_meta`` (content hash, schema version, …) and its last change number."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)) as conn:
        meta = {str(key): str(value)[:100] for key, value in conn.execute("SELECT key, value FROM kb_meta")
                if _LABEL.match(str(key))}
        has_log = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'change_log'").fetchone()
        change = conn.execute("SELECT COALESCE(MAX(id), 0) FROM change_log").fetchone()[0] if has_log else 0
    return meta, int(change)


class Metrics:
    """The registry and metrics of one gateway application.

    Args:
        router: the Rasa replicas.
        sessions: the session store (for the active-session count).
        kb_path: where the knowledge base is read (a function: the path can change by environment).
        backend: where sessions and limits live ("sqlite" or "redis").
        token: the bearer token that unlocks /metrics from anywhere (None: loopback only).
        active_minutes: the window of `berufslotse_active_sessions`.
    """

    def __init__(self, router: ReplicaRouter, sessions: SessionStore, kb_path: Callable[[], Path], backend: str,
                 token: str | None = None, active_minutes: float = 15.0) -> None:
        if token is not None and len(token) < MIN_TOKEN_LENGTH:
            raise ValueError(f"BERUFSLOTSE_METRICS_TOKEN ist zu kurz (mindestens {MIN_TOKEN_LENGTH} Zeichen).")
        self.sessions, self.kb_path, self.token, self.active_minutes = sessions, kb_path, token, active_minutes
        self.registry = registry = CollectorRegistry()
        self.requests = Counter("berufslotse_http_requests", "HTTP requests by route pattern, method and status",
                                ["route", "method", "status"], registry=registry)
        self.latency = Histogram("berufslotse_http_request_duration_seconds", "HTTP request latency by route pattern",
                                 ["route"], buckets=LATENCY_BUCKETS, registry=registry)
        self.active = Gauge("berufslotse_active_sessions",
                            f"Sessions with a message in the last {active_minutes:g} minutes (session store)",
                            registry=registry)
        self.store_up = Gauge("berufslotse_session_store_up", "1 if the session store answered", registry=registry)
        self.kb_info = Info("berufslotse_knowledge_base", "The knowledge base's metadata (kb_meta)", registry=registry)
        self.kb_change = Gauge("berufslotse_knowledge_base_change", "Number of the last applied change (0 = as built)",
                               registry=registry)
        self.kb_up = Gauge("berufslotse_knowledge_base_up", "1 if the knowledge base was readable", registry=registry)
        Info("berufslotse_gateway", "How this gateway is set up", registry=registry).info(
            {"state_backend": backend, "replicas": str(len(router.replicas))})
        registry.register(ReplicaCollector(router))
        ProcessCollector(registry=registry)

    async def refresh(self) -> None:
        """Reads what is only known on demand: active sessions and the knowledge base's version."""
        try:
            self.active.set(await self.sessions.count_active(time.time() - self.active_minutes * 60))
            self.store_up.set(1)
        except Exception as exc:  # noqa: BLE001 – a scrape reports a broken part, it never fails
            log.warning("Metriken: Sitzungsspeicher nicht lesbar: %s", exc)
            self.active.set(math.nan)
            self.store_up.set(0)
        try:
            meta, change = await asyncio.to_thread(knowledge_base_version, self.kb_path())
            self.kb_info.info(meta)
            self.kb_change.set(change)
            self.kb_up.set(1)
        except Exception as exc:  # noqa: BLE001
            log.warning("Metriken: Wissensdatenbank nicht lesbar: %s", exc)
            self.kb_change.set(math.nan)
            self.kb_up.set(0)

    def allowed(self, request: web.Request) -> bool | None:
        """True: may read; False: wrong or missing token; None: not from this machine (no token set)."""
        if self.token:
            scheme, _, given = request.headers.get("Authorization", "").partition(" ")
            return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), self.token.encode())
        peer = request.transport.get_extra_info("peername") if request.transport else None
        try:
            local = ipaddress.ip_address(peer[0]).is_loopback if peer else False
        except ValueError:
            local = False
        return True if local and not ({"X-Forwarded-For", "Forwarded"} & set(request.headers)) else None

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Counts and times every request by its route pattern."""
        return await observed(request, handler, self._record)

    def _record(self, request: web.Request, ended: Ended) -> None:
        route = _route(request)
        self.requests.labels(route, request.method, str(ended.status)).inc()
        self.latency.labels(route).observe(ended.seconds)

    async def handler(self, request: web.Request) -> web.Response:
        """GET /metrics."""
        allowed = self.allowed(request)
        if allowed is None:
            return _error(403, "metrics_forbidden", "Die Metriken sind nur vom Server selbst oder mit Token abrufbar.")
        if not allowed:
            return _error(401, "unauthorized", "Metrik-Token fehlt oder ist falsch.", {"WWW-Authenticate": "Bearer"})
        await self.refresh()
        return web.Response(body=generate_latest(self.registry),
                            headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})


def _route(request: web.Request) -> str:
    route = request.match_info.route if request.match_info is not None else None
    resource = route.resource if route is not None else None
    return resource.canonical if resource is not None else "unmatched"


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status, headers=headers)


METRICS = web.AppKey("metrics", Metrics)


def install(app: web.Application, metrics: Metrics) -> None:
    """Registers /metrics and puts the counting middleware outermost (it sees every final status)."""
    app[METRICS] = metrics
    app.middlewares.insert(0, metrics.middleware)
    app.router.add_get(PATH, metrics.handler)
