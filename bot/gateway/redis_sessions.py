"""`SessionStore` on Redis, so several gateways share sessions and quick-reply tokens: any gateway
can serve any turn of any conversation.

Same rules as `SqliteSessionStore` (bot.gateway.sessions): a session is live while its last
message is less than the TTL ago, an expired one stays stored (and deletable) until the retention
purge, a reserved one belongs to the first portal that touches it, a named one starts afresh
(without tokens) once expired, and only the last `MAX_BUTTONS_PER_SESSION` tokens stay clickable.
Every read-check-write is one Lua script, so two gateways never interleave inside one.

Keys (all under a configurable prefix, default ``berufslotse:``)::

    session:<id>        hash   portal, created, last_seen (Unix seconds of the gateway's clock)
    buttons:<id>        hash   token -> payload
    button-order:<id>   list   tokens, oldest first (trimmed to the last MAX_BUTTONS_PER_SESSION)
    sessions-by-seen    zset   id scored by last_seen: the purge and the active-session count

Every key a script touches is passed in KEYS. Redis errors become `StoreUnavailable` (a
retryable 503 on every channel, as a locked SQLite file is).
"""
from __future__ import annotations

import secrets
import time
from typing import Any, Awaitable, Callable, TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.gateway.sessions import DEFAULT_TTL_SECONDS, MAX_BUTTONS_PER_SESSION, UNBOUND, StoreUnavailable, named_id

T = TypeVar("T")
PURGE_BATCH = 500

# KEYS: session, by-seen. ARGV: portal, id, now, cutoff, check_portal ("1": touch, "0": renew).
TOUCH = """
local s = redis.call('HMGET', KEYS[1], 'portal', 'last_seen')
if not s[1] or tonumber(s[2]) <= tonumber(ARGV[4]) then return 0 end
if ARGV[5] == '1' then
  if s[1] ~= ARGV[1] and s[1] ~= '' then return 0 end
  redis.call('HSET', KEYS[1], 'portal', ARGV[1], 'last_seen', ARGV[3])
else
  redis.call('HSET', KEYS[1], 'last_seen', ARGV[3])
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
return 1
"""
# KEYS: session, by-seen. ARGV: id, portal, now.
CREATE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'portal', ARGV[2], 'created', ARGV[3], 'last_seen', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
"""
# KEYS: session, by-seen, buttons, button-order. ARGV: id, portal, now, cutoff.
NAMED = """
local s = redis.call('HMGET', KEYS[1], 'portal', 'last_seen')
if s[1] and (s[1] == ARGV[2] or s[1] == '') and tonumber(s[2]) > tonumber(ARGV[4]) then
  redis.call('HSET', KEYS[1], 'portal', ARGV[2], 'last_seen', ARGV[3])
else
  redis.call('DEL', KEYS[3], KEYS[4])
  redis.call('HSET', KEYS[1], 'portal', ARGV[2], 'created', ARGV[3], 'last_seen', ARGV[3])
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
"""
# KEYS: buttons, button-order. ARGV: keep, token1, payload1, token2, payload2, …
ISSUE_BUTTONS = """
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('RPUSH', KEYS[2], ARGV[i])
end
local extra = redis.call('LLEN', KEYS[2]) - tonumber(ARGV[1])
if extra > 0 then
  local old = redis.call('LRANGE', KEYS[2], 0, extra - 1)
  redis.call('LTRIM', KEYS[2], extra, -1)
  redis.call('HDEL', KEYS[1], unpack(old))
end
return 1
"""
# KEYS: session, buttons. ARGV: portal, cutoff, token.
BUTTON_PAYLOAD = """
local s = redis.call('HMGET', KEYS[1], 'portal', 'last_seen')
if not s[1] or s[1] ~= ARGV[1] or tonumber(s[2]) <= tonumber(ARGV[2]) then return false end
return redis.call('HGET', KEYS[2], ARGV[3])
"""
# KEYS: session, buttons, button-order, by-seen. ARGV: id.
DELETE = """
local existed = redis.call('DEL', KEYS[1])
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[1])
return existed
"""
# KEYS: session, buttons, button-order, by-seen. ARGV: id, before. A session used again since the
# purge listed it stays (its index entry is corrected).
PURGE_ONE = """
local last = redis.call('HGET', KEYS[1], 'last_seen')
if last and tonumber(last) >= tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[4], last, ARGV[1])
  return 0
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[1])
if last then return 1 end
return 0
"""


def _number(value: float) -> str:
    """A float as Redis and Lua read it back exactly (repr round-trips)."""
    return repr(float(value))


class RedisSessionStore:
    """`SessionStore` on a Redis server shared by every gateway.

    Args:
        client: a ``redis.asyncio.Redis`` client created with ``decode_responses=True``.
        ttl_seconds: a session expires this long after its last message.
        prefix: put before every key (several deployments can share one Redis).
        clock: the current time in Unix seconds (injectable for tests); gateways are expected to
            run with synchronised clocks (NTP) – a skew of seconds is nothing against the TTL.
        owns_client: `close()` also closes the client (the store is its owner).
    """

    def __init__(self, client: Redis, ttl_seconds: float = DEFAULT_TTL_SECONDS, prefix: str = "berufslotse:",
                 clock: Callable[[], float] = time.time, owns_client: bool = False) -> None:
        self.client = client
        self.ttl = ttl_seconds
        self.prefix = prefix
        self.clock = clock
        self.owns_client = owns_client
        self._by_seen = f"{prefix}sessions-by-seen"
        self._touch = client.register_script(TOUCH)
        self._create = client.register_script(CREATE)
        self._named = client.register_script(NAMED)
        self._issue = client.register_script(ISSUE_BUTTONS)
        self._payload = client.register_script(BUTTON_PAYLOAD)
        self._delete = client.register_script(DELETE)
        self._purge_one = client.register_script(PURGE_ONE)

    def _keys(self, session_id: str) -> tuple[str, str, str]:
        """The session's hash, its tokens and their order."""
        return (f"{self.prefix}session:{session_id}", f"{self.prefix}buttons:{session_id}",
                f"{self.prefix}button-order:{session_id}")

    async def _call(self, operation: Callable[[], Awaitable[T]]) -> T:
        try:
            return await operation()
        except RedisError as exc:
            raise StoreUnavailable(f"Redis: {type(exc).__name__}: {exc}") from exc

    async def _touch_or_renew(self, portal_key: str, session_id: str, check_portal: bool) -> bool:
        now = self.clock()
        session, _, _ = self._keys(session_id)
        result = await self._call(lambda: self._touch(
            keys=[session, self._by_seen],
            args=[portal_key, session_id, _number(now), _number(now - self.ttl), "1" if check_portal else "0"]))
        return result == 1

    async def touch(self, portal_key: str, session_id: str) -> bool:
        return await self._touch_or_renew(portal_key, session_id, check_portal=True)

    async def renew(self, session_id: str) -> bool:
        return await self._touch_or_renew(UNBOUND, session_id, check_portal=False)

    async def _new(self, portal_key: str) -> str:
        while True:  # a collision of 18 random bytes does not happen; if it did, draw again
            session_id = secrets.token_urlsafe(18)
            session, _, _ = self._keys(session_id)
            created = await self._call(lambda: self._create(
                keys=[session, self._by_seen], args=[session_id, portal_key, _number(self.clock())]))
            if created == 1:
                return session_id

    async def create(self, portal_key: str) -> str:
        return await self._new(portal_key)

    async def reserve(self) -> str:
        return await self._new(UNBOUND)

    async def named(self, portal_key: str, name: str) -> str:
        session_id = named_id(portal_key, name)
        session, buttons, order = self._keys(session_id)
        now = self.clock()
        await self._call(lambda: self._named(keys=[session, self._by_seen, buttons, order],
                                             args=[session_id, portal_key, _number(now), _number(now - self.ttl)]))
        return session_id

    async def issue_buttons(self, session_id: str, payloads: list[str]) -> list[str]:
        if not payloads:
            return []
        tokens = ["b_" + secrets.token_urlsafe(12) for _ in payloads]
        _, buttons, order = self._keys(session_id)
        pairs: list[Any] = [item for pair in zip(tokens, payloads) for item in pair]
        await self._call(lambda: self._issue(keys=[buttons, order], args=[MAX_BUTTONS_PER_SESSION, *pairs]))
        return tokens

    async def button_payload(self, portal_key: str, session_id: str, token: str) -> str | None:
        session, buttons, _ = self._keys(session_id)
        cutoff = self.clock() - self.ttl
        payload = await self._call(lambda: self._payload(keys=[session, buttons],
                                                         args=[portal_key, _number(cutoff), token]))
        return payload if isinstance(payload, str) else None

    async def owner(self, session_id: str) -> str | None:
        session, _, _ = self._keys(session_id)
        return await self._call(lambda: self.client.hget(session, "portal"))

    async def delete(self, session_id: str) -> bool:
        keys = [*self._keys(session_id), self._by_seen]
        return await self._call(lambda: self._delete(keys=keys, args=[session_id])) == 1

    async def purge(self, last_seen_before: float) -> int:
        deleted = 0
        while True:
            ids = await self._call(lambda: self.client.zrangebyscore(
                self._by_seen, "-inf", f"({_number(last_seen_before)}", start=0, num=PURGE_BATCH))
            if not ids:
                return deleted
            pipe = self.client.pipeline(transaction=False)
            for session_id in ids:
                await self._purge_one(keys=[*self._keys(session_id), self._by_seen],
                                      args=[session_id, _number(last_seen_before)], client=pipe)
            deleted += sum(int(result) for result in await self._call(pipe.execute))

    async def count_active(self, seen_since: float) -> int:
        return await self._call(lambda: self.client.zcount(self._by_seen, _number(seen_since), "+inf"))

    async def close(self) -> None:
        if self.owns_client:
            await self.client.close(close_connection_pool=True)
