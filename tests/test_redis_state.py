"""Gateway state in Redis: the shared token-bucket limiter (exactly its budget across gateways, the
same waits as the in-process limiter), the Redis-only parts of the session store, the factory
that picks embedded or Redis, and what an unreachable Redis means. fakeredis by default; a real
redis-server with BERUFSLOTSE_TEST_REDIS_URL (tests/redis_fixtures.py)."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import redis.asyncio

from bot.gateway import redis_sessions
from bot.gateway.app import Settings
from bot.gateway.ratelimit import RateLimiter
from bot.gateway.redis_limits import RedisRateLimiter
from bot.gateway.redis_sessions import RedisSessionStore
from bot.gateway.sessions import SqliteSessionStore, StoreUnavailable
from bot.gateway.state import open_state
from bot.serve import free_port
from tests.redis_fixtures import RedisServer, redis_server  # noqa: F401 – fixture


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def limiters(server: RedisServer, per_minute: int, gateways: int = 2, clock=None) -> list[RedisRateLimiter]:
    """One limiter per gateway, each with its own client, all on one Redis."""
    return [RedisRateLimiter(server.client(), "session", per_minute, prefix=server.prefix, clock=clock)
            for _ in range(gateways)]


async def test_two_gateways_together_allow_exactly_the_budget(redis_server: RedisServer) -> None:  # noqa: F811
    first, second = limiters(redis_server, per_minute=5)
    waits = [await (first if i % 2 else second).take("session-a") for i in range(12)]
    assert waits.count(0.0) == 5 and waits[:5] == [0.0] * 5
    assert all(wait >= 1 for wait in waits[5:])
    assert await first.take("session-b") == 0.0  # another key has its own bucket


async def test_concurrent_requests_through_two_gateways_never_exceed_the_budget(
        redis_server: RedisServer) -> None:  # noqa: F811
    gateways = limiters(redis_server, per_minute=20)
    waits = await asyncio.gather(*(gateways[i % 2].take("203.0.113.0") for i in range(60)))
    assert waits.count(0.0) == 20, redis_server.kind


async def test_the_waits_equal_the_in_process_limiters(redis_server: RedisServer) -> None:  # noqa: F811
    clock = Clock()
    local = RateLimiter(per_minute=6, clock=clock)  # one token every 10 s
    (shared,) = limiters(redis_server, per_minute=6, gateways=1, clock=clock)
    seen_local, seen_shared = [], []
    for step in [0, 0, 0, 0, 0, 0, 0, 3, 4, 0, 12.5, 0, 0, 60, 0]:
        clock.now += step
        seen_local.append(await local.take("k"))
        seen_shared.append(await shared.take("k"))
    assert seen_shared == seen_local
    assert seen_local[:7] == [0.0] * 6 + [10.0] and 0.0 in seen_local[10:]


async def test_a_bucket_key_expires_once_it_would_be_full_again(redis_server: RedisServer) -> None:  # noqa: F811
    (limiter,) = limiters(redis_server, per_minute=60, gateways=1)
    await limiter.take("198.51.100.7")
    (key,) = await redis_server.keys()
    assert key == f"{redis_server.prefix}limit:session:198.51.100.7"
    ttl_ms = await redis_server.client().pttl(key)
    assert 0 < ttl_ms <= 2000  # one token used, refilled within a second (+1 s margin)


async def test_redis_store_purges_in_batches(redis_server: RedisServer,  # noqa: F811
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redis_sessions, "PURGE_BATCH", 3)
    clock = Clock()
    store = RedisSessionStore(redis_server.client(), ttl_seconds=3600, prefix=redis_server.prefix, clock=clock)
    old = [await store.create("demo") for _ in range(10)]
    for session in old[:4]:
        await store.issue_buttons(session, ["/a", "/b"])
    clock.now += 100
    kept = await store.create("demo")
    assert await store.purge(clock.now - 50) == 10
    assert [await store.owner(session) for session in old] == [None] * 10 and await store.owner(kept) == "demo"
    assert await redis_server.keys() == sorted([f"{redis_server.prefix}session:{kept}",
                                                f"{redis_server.prefix}sessions-by-seen"])


async def test_the_factory_keeps_the_embedded_state_unless_redis_is_configured(
        tmp_path: Path, redis_server: RedisServer) -> None:  # noqa: F811
    embedded = open_state(Settings(sessions_db=tmp_path / "s.sqlite", redis_url=None))
    assert embedded.backend == "sqlite" and isinstance(embedded.sessions, SqliteSessionStore)
    assert all(isinstance(limit, RateLimiter) for limit in (embedded.new_sessions, embedded.per_session,
                                                            embedded.per_address))
    await embedded.sessions.close()
    shared = open_state(Settings(redis_url="redis://10.0.0.7:6379/0", redis_prefix=redis_server.prefix))
    assert shared.backend == "redis" and isinstance(shared.sessions, RedisSessionStore)
    assert all(isinstance(limit, RedisRateLimiter) for limit in (shared.new_sessions, shared.per_session,
                                                                 shared.per_address))
    await shared.sessions.close()
    with pytest.raises(ValueError, match="redis://"):
        open_state(Settings(redis_url="http://10.0.0.7:6379"))


async def test_an_unreachable_redis_is_store_unavailable() -> None:
    client = redis.asyncio.Redis(host="127.0.0.1", port=free_port(), decode_responses=True,
                                 socket_connect_timeout=1, socket_timeout=1)
    try:
        with pytest.raises(StoreUnavailable):
            await RedisSessionStore(client).create("demo")
        with pytest.raises(StoreUnavailable):
            await RedisRateLimiter(client, "address", 10).take("x")
    finally:
        await client.close(close_connection_pool=True)
