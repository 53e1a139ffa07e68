"""Token buckets in Redis, shared by every gateway: the same semantics as
bot.gateway.ratelimit.RateLimiter (refill `per_minute / 60` tokens a second up to the bucket's
size, one token per request, the wait until the next token when empty), but one atomic Lua
script per request on one shared server, so N gateways together allow exactly the budget.

The time is Redis's own (`TIME`), so the gateways' clocks do not matter. A bucket's key expires
once it would be full again, so memory stays bounded as in the in-process limiter. Redis errors
become `StoreUnavailable`: a retryable 503 (the sessions live on the same server)."""
from __future__ import annotations

from typing import Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.gateway.sessions import StoreUnavailable

# KEYS: bucket. ARGV: capacity, rate (tokens per second), now ("" = Redis's TIME).
# Returns the whole seconds to wait (0 = allowed, one token taken).
TOKEN_BUCKET = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1]) or capacity
local updated = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate)
local wait = 0
if tokens < 1 then
  wait = math.ceil((1 - tokens) / rate)
else
  tokens = tokens - 1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'updated', string.format('%.17g', now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + 1000)
return wait
"""


class RedisRateLimiter:
    """`Limiter` whose buckets live in Redis.

    Args:
        client: a ``redis.asyncio.Redis`` client (shared with the session store).
        name: which limit this is ("session", "address", "new-session"); part of the key.
        per_minute: tokens added per minute (and the bucket's size unless `burst` is given).
        burst: the bucket's size.
        prefix: put before every key, as for the session store.
        clock: a fixed time source in seconds for tests; None (default) uses Redis's clock.
    """

    def __init__(self, client: Redis, name: str, per_minute: int, burst: int | None = None,
                 prefix: str = "berufslotse:", clock: Callable[[], float] | None = None) -> None:
        if per_minute <= 0:
            raise ValueError(f"Rate-Limit {name}: per_minute muss größer als 0 sein, nicht {per_minute}.")
        self.rate = per_minute / 60.0
        self.capacity = float(burst or per_minute)
        self.key_prefix = f"{prefix}limit:{name}:"
        self.clock = clock
        self._script = client.register_script(TOKEN_BUCKET)

    async def take(self, key: str) -> float:
        now = "" if self.clock is None else repr(float(self.clock()))
        try:
            wait = await self._script(keys=[self.key_prefix + key], args=[repr(self.capacity), repr(self.rate), now])
        except RedisError as exc:
            raise StoreUnavailable(f"Redis: {type(exc).__name__}: {exc}") from exc
        return float(wait)
