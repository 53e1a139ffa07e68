"""Token buckets per session and per client address, so one user or one script cannot
flood Rasa. `RateLimiter` keeps them in this process (one gateway); buckets are dropped once
full again, so memory stays bounded. With several gateways the buckets live in Redis instead
(bot.gateway.redis_limits.RedisRateLimiter, chosen in bot.gateway.state), so a limit holds
across all of them."""
from __future__ import annotations

import math
import time
from typing import Callable, Protocol


class Limiter(Protocol):
    """A set of token buckets, one per key (session id, client address)."""

    async def take(self, key: str) -> float:
        """Counts one request: 0 when allowed, else the seconds to wait before the next request."""


class RateLimiter:
    """`Limiter` in this process's memory.

    Args:
        per_minute: tokens added per minute (and the bucket's size unless `burst` is given).
        burst: the bucket's size.
        clock: seconds from any fixed point (injectable for tests).
    """

    def __init__(self, per_minute: int, burst: int | None = None, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.rate = per_minute / 60.0
        self.capacity = float(burst or per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}

    async def take(self, key: str) -> float:
        now = self.clock()
        tokens, updated = self._buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - updated) * self.rate)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return math.ceil((1 - tokens) / self.rate)
        self._buckets[key] = (tokens - 1, now)
        if len(self._buckets) > 50_000:
            self._prune(now)
        return 0.0

    def _prune(self, now: float) -> None:
        full = [k for k, (t, u) in self._buckets.items() if t + (now - u) * self.rate >= self.capacity]
        for key in full:
            del self._buckets[key]
