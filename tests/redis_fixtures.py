"""Redis for the gateway's tests: an in-memory fakeredis server (Lua through lupa) by default, so
`make test` runs every Redis test without a server; a real redis-server when
`BERUFSLOTSE_TEST_REDIS_URL` is set (the cluster test does that). Each test gets its own key
prefix, and its keys are deleted afterwards, so tests can share one real server."""
from __future__ import annotations

import os
import secrets
from typing import Iterator

import fakeredis
import pytest
import redis.asyncio

from bot.gateway import state

TEST_REDIS_URL = os.environ.get("BERUFSLOTSE_TEST_REDIS_URL") or None


class RedisServer:
    """One Redis (real or fake) and a key prefix for one test."""

    def __init__(self) -> None:
        self.url = TEST_REDIS_URL
        self.fake = None if self.url else fakeredis.FakeServer()
        self.prefix = f"test-{secrets.token_hex(6)}:"
        self.clients: list[redis.asyncio.Redis] = []

    @property
    def kind(self) -> str:
        return "redis-server" if self.url else "fakeredis"

    def client(self) -> redis.asyncio.Redis:
        """A new client (as a second gateway would have) on the same server."""
        if self.url:
            made = redis.asyncio.Redis.from_url(self.url, decode_responses=True)
        else:
            made = fakeredis.FakeAsyncRedis(server=self.fake, decode_responses=True)
        self.clients.append(made)
        return made

    def connect(self, url: str) -> redis.asyncio.Redis:
        """Stands in for `bot.gateway.state.connect_redis`: the gateway's URL is ignored."""
        return self.client()

    async def keys(self) -> list[str]:
        """The keys this test wrote."""
        client = self.client()
        return sorted([key async for key in client.scan_iter(match=self.prefix + "*")])

    async def cleanup(self) -> None:
        client = self.client()
        keys = await self.keys()
        if keys:
            await client.delete(*keys)
        for made in self.clients:
            await made.close(close_connection_pool=True)


@pytest.fixture
async def redis_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[RedisServer]:
    """A Redis for this test; gateways created with a `redis_url` in it connect here."""
    server = RedisServer()
    monkeypatch.setattr(state, "connect_redis", server.connect)
    yield server
    await server.cleanup()
