"""The one place that decides where the gateway keeps its state: sessions, quick-reply tokens,
rate limits and per-session locks either embedded (SQLite file and process memory – one gateway, `make run`) or in
Redis (`BERUFSLOTSE_REDIS_URL` – several gateways share them). Nothing else in the gateway knows
which one it got: it uses the `SessionStore`, `Limiter` and `Locks` interfaces."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import redis.asyncio

from bot.gateway.ratelimit import Limiter, RateLimiter
from bot.gateway.redis_limits import RedisRateLimiter
from bot.gateway.redis_locks import RedisSessionLocks
from bot.gateway.redis_sessions import RedisSessionStore
from bot.gateway.sessions import Locks, SessionLocks, SessionStore, SqliteSessionStore

if TYPE_CHECKING:
    from bot.gateway.app import Settings

log = logging.getLogger("berufslotse.gateway")
# Short timeouts: a gateway that cannot reach Redis answers 503 quickly instead of hanging.
REDIS_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class GatewayState:
    """Where this gateway keeps sessions, limits and per-session locks."""

    sessions: SessionStore
    new_sessions: Limiter
    per_session: Limiter
    per_address: Limiter
    locks: Locks
    backend: str  # "sqlite" or "redis", for logs and /metrics


def connect_redis(url: str) -> redis.asyncio.Redis:
    """A client for `url` (connects on first use); tests replace this with an in-memory fake."""
    return redis.asyncio.Redis.from_url(url, decode_responses=True, socket_timeout=REDIS_TIMEOUT_SECONDS,
                                        socket_connect_timeout=REDIS_TIMEOUT_SECONDS, health_check_interval=30)


def open_state(settings: Settings) -> GatewayState:
    """Sessions and limiters for `settings`: Redis if `settings.redis_url` is set, else embedded.

    Raises:
        ValueError: the Redis URL is not a redis://, rediss:// or unix:// URL.
    """
    if not settings.redis_url:
        return GatewayState(SqliteSessionStore(settings.sessions_db, settings.session_ttl_seconds),
                            RateLimiter(settings.new_sessions_per_minute), RateLimiter(settings.session_per_minute),
                            RateLimiter(settings.address_per_minute), SessionLocks(), "sqlite")
    parts = urlsplit(settings.redis_url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise ValueError(f"BERUFSLOTSE_REDIS_URL muss mit redis://, rediss:// oder unix:// beginnen, nicht "
                         f"'{parts.scheme or settings.redis_url}'.")
    client = connect_redis(settings.redis_url)
    prefix = settings.redis_prefix
    log.info("Sitzungen und Limits in Redis: %s (Präfix %s)", parts.hostname or parts.path, prefix)
    return GatewayState(
        RedisSessionStore(client, settings.session_ttl_seconds, prefix=prefix, owns_client=True),
        RedisRateLimiter(client, "new-session", settings.new_sessions_per_minute, prefix=prefix),
        RedisRateLimiter(client, "session", settings.session_per_minute, prefix=prefix),
        RedisRateLimiter(client, "address", settings.address_per_minute, prefix=prefix),
        # a lock outlives the longest turn; a second turn of the session waits for it
        RedisSessionLocks(client, prefix, hold_seconds=settings.upstream_timeout + 30,
                          wait_seconds=settings.upstream_timeout + 10),
        "redis")
