"""Several Rasa replicas behind the gateway: which replica answers which session, and which
replicas are healthy.

Each session goes to the healthy replica with the highest rendezvous score (highest-random-weight
hashing of session id and replica URL). Every gateway computes the same choice without sharing
anything, a session stays on its replica as long as that one is healthy, moves only when it is
not, and moves back when it recovers; adding or removing a replica moves only the sessions that
belong to it. Health comes from a background check of every replica (`GET /webhooks/rest/`, what
/readyz always asked Rasa) and from the turns themselves: a replica that refuses a connection or
drops one is marked down at once, one that answers is up. With a single replica (`make run`) there
is no background check; when no replica is healthy the next turn checks them all once more
before the gateway answers 503.
"""
from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

import aiohttp

log = logging.getLogger("berufslotse.gateway")
HEALTH_PATH = "/webhooks/rest/"
# A turn that finds no healthy replica re-checks them at most this often (concurrent turns share one check).
RECHECK_SECONDS = 0.5


def score(session_id: str, url: str) -> int:
    """The rendezvous weight of `url` for `session_id`: the same in every process and on every machine."""
    digest = hashlib.blake2b(f"{url}\0{session_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


@dataclass
class Replica:
    """One Rasa replica and what the gateway knows about it.

    Attributes:
        name: "rasa-1", "rasa-2", … in the configured order (shown in /readyz and /metrics
            instead of the internal address).
        url: the replica's base URL (the routing key).
        up: healthy as far as the gateway knows (optimistic before the first check).
        last_error: why it was last marked down (German, no internals beyond the exception's type).
        changed_at: when `up` last changed (Unix seconds).
        checked_at: when it was last checked (Unix seconds), None before the first check.
        turns: turns sent to it.
        errors: failed turns by kind (connect, disconnect, timeout, http_status, invalid_response, empty).
    """

    name: str
    url: str
    up: bool = True
    last_error: str | None = None
    changed_at: float = field(default_factory=time.time)
    checked_at: float | None = None
    turns: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def public(self) -> dict[str, Any]:
        """The replica's state for /readyz."""
        return {"name": self.name, "state": "up" if self.up else "down", "last_error": self.last_error,
                "since": _iso(self.changed_at), "checked": _iso(self.checked_at) if self.checked_at else None}


def _iso(at: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))


def describe(exc: BaseException) -> str:
    """An exception as /readyz has always shown an unreachable part."""
    return f"nicht erreichbar ({type(exc).__name__})"


class ReplicaRouter:
    """Routes sessions to replicas by rendezvous hashing over the healthy ones.

    Args:
        urls: the replicas' base URLs (at least one; duplicates and trailing slashes ignored).
        check_interval: seconds between background checks when there are several replicas
            (0: no background check).
        check_timeout: seconds one check may take.
    """

    def __init__(self, urls: Iterable[str], check_interval: float = 2.0, check_timeout: float = 2.0) -> None:
        unique = list(dict.fromkeys(url.strip().rstrip("/") for url in urls if url.strip()))
        if not unique:
            raise ValueError("Mindestens eine Rasa-Adresse ist nötig (BERUFSLOTSE_RASA_URLS oder --rasa-url).")
        for url in unique:
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"Rasa-Adresse muss mit http:// oder https:// beginnen: {url}")
        self.replicas = [Replica(f"rasa-{i}", url) for i, url in enumerate(unique, 1)]
        self.check_interval = check_interval
        self.check_timeout = aiohttp.ClientTimeout(total=check_timeout)
        self._http: aiohttp.ClientSession | None = None
        self._task: asyncio.Task | None = None
        self._recheck = asyncio.Lock()
        self._last_check = 0.0

    def healthy(self) -> list[Replica]:
        return [replica for replica in self.replicas if replica.up]

    def ranked(self, session_id: str) -> list[Replica]:
        """The healthy replicas for this session, best first."""
        return sorted(self.healthy(), key=lambda replica: score(session_id, replica.url), reverse=True)

    def choose(self, session_id: str, exclude: Iterable[Replica] = ()) -> Replica | None:
        """The healthy replica this session belongs to (skipping `exclude`), or None."""
        skip = {id(replica) for replica in exclude}
        return next((replica for replica in self.ranked(session_id) if id(replica) not in skip), None)

    async def route(self, session_id: str, exclude: Iterable[Replica] = ()) -> Replica | None:
        """Like `choose`, but when no replica is healthy at all, checks them once more first."""
        exclude = list(exclude)
        replica = self.choose(session_id, exclude)
        if replica is None and not exclude and self._http is not None:
            await self.recheck()
            replica = self.choose(session_id, exclude)
        return replica

    def mark_down(self, replica: Replica, error: str) -> None:
        replica.last_error = error
        if replica.up:
            replica.up, replica.changed_at = False, time.time()
            log.warning("Rasa-Replikat %s (%s) nicht verfügbar: %s", replica.name, replica.url, error)

    def mark_up(self, replica: Replica) -> None:
        if not replica.up:
            replica.up, replica.changed_at = True, time.time()
            log.info("Rasa-Replikat %s (%s) wieder verfügbar", replica.name, replica.url)

    async def check(self) -> None:
        """Checks every replica now (in parallel) and updates its state."""
        if self._http is None:
            return
        self._last_check = time.monotonic()
        await asyncio.gather(*(self._check_one(replica) for replica in self.replicas))

    async def recheck(self) -> None:
        """`check`, unless one ran in the last RECHECK_SECONDS; concurrent callers share one."""
        async with self._recheck:
            if time.monotonic() - self._last_check >= RECHECK_SECONDS:
                await self.check()

    async def _check_one(self, replica: Replica) -> None:
        try:
            async with self._http.get(replica.url + HEALTH_PATH, timeout=self.check_timeout) as response:
                error = None if response.status == 200 else f"HTTP {response.status}"
        except Exception as exc:  # noqa: BLE001 – a check reports, it never raises
            error = describe(exc)
        replica.checked_at = time.time()
        if error is None:
            self.mark_up(replica)
        else:
            self.mark_down(replica, error)

    async def _check_forever(self) -> None:
        while True:
            await self.check()
            await asyncio.sleep(self.check_interval)

    def start(self, http: aiohttp.ClientSession) -> None:
        """Starts checking with this HTTP client (background checks only with several replicas)."""
        self._http = http
        for replica in self.replicas:
            log.info("Rasa-Replikat %s: %s", replica.name, replica.url)
        if len(self.replicas) > 1 and self.check_interval > 0:
            self._task = asyncio.create_task(self._check_forever(), name="rasa-health")

    async def stop(self) -> None:
        """Stops the background check; the HTTP client stays open (its owner closes it)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._http = None
