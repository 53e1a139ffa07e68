"""The per-session lock across gateways: with several gateways a turn on one and a deletion of the
same conversation on another must not overlap either (a turn still in flight would write the
deleted conversation back). Same contract as bot.gateway.sessions.SessionLocks – `locks(id)` is
an async context manager, a no-op for no id – on one Redis lock per session (redis-py's `Lock`:
SET NX with expiry, released only by its holder)."""
from __future__ import annotations

import contextlib
import logging
from typing import Any, AsyncContextManager, AsyncIterator

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.gateway.sessions import StoreUnavailable

log = logging.getLogger("berufslotse.gateway")


class RedisSessionLocks:
    """One Redis lock per session id, shared by every gateway.

    Args:
        client: the gateway's Redis client.
        prefix: put before every key, as for the session store.
        hold_seconds: a lock expires after this long even if its holder died (longer than a turn may take).
        wait_seconds: how long a turn or deletion waits for the lock before it gives up (503, retryable).
    """

    def __init__(self, client: Redis, prefix: str = "berufslotse:", hold_seconds: float = 60.0,
                 wait_seconds: float = 30.0) -> None:
        self.client = client
        self.prefix = prefix
        self.hold_seconds = hold_seconds
        self.wait_seconds = wait_seconds

    def __call__(self, session_id: str | None) -> AsyncContextManager[Any]:
        if not session_id:
            return contextlib.nullcontext()
        return self._held(session_id)

    @contextlib.asynccontextmanager
    async def _held(self, session_id: str) -> AsyncIterator[None]:
        lock = self.client.lock(f"{self.prefix}lock:{session_id}", timeout=self.hold_seconds,
                                blocking_timeout=self.wait_seconds, thread_local=False)
        try:
            acquired = await lock.acquire()
        except RedisError as exc:
            raise StoreUnavailable(f"Redis: {type(exc).__name__}: {exc}") from exc
        if not acquired:
            raise StoreUnavailable(f"Sitzung seit {self.wait_seconds:g} s gesperrt")
        try:
            yield
        finally:
            try:
                await lock.release()
            except RedisError as exc:  # expired meanwhile, or Redis gone: it expires by itself
                log.warning("Sitzungssperre nicht freigegeben: %s", exc)
