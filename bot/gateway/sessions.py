"""Chat sessions the gateway issued and the quick-reply tokens of each, stored durably.

A client-supplied session id is only honoured if this gateway issued it for the same portal and
it has not expired (no session fixation). Sessions and their button tokens live in SQLite (WAL)
so a conversation continues after a gateway restart; `SessionStore` is the interface the shared
store for several gateways implements too (bot.gateway.redis_sessions, chosen in
bot.gateway.state). The SQL is in small functions that
take the connection and the time explicitly; `SqliteSessionStore` runs them on one worker thread
so the event loop never waits for the disk.

Two kinds of session come from the public channels besides `create`: a *reserved* one for a
socket.io client that names its portal only with its first message (owned by the first portal
that touches it), and a *named* one for Rasa's REST shape, where the client names the
conversation itself (`sender`) and the id is derived from portal and name.
"""
from __future__ import annotations

import asyncio
import contextlib
import hashlib
import secrets
import sqlite3
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, AsyncContextManager, Callable, Protocol, TypeVar

# Quick-reply tokens kept per session: the buttons of the last few answers stay clickable.
MAX_BUTTONS_PER_SESSION = 40
DEFAULT_TTL_SECONDS = 24 * 3600
# Owner of a reserved session: no portal yet (socket.io sends the key with the first message).
UNBOUND = ""
T = TypeVar("T")


class StoreUnavailable(RuntimeError):
    """A shared session store (or the limits kept beside it) cannot be reached right now; retryable."""


# What a session store raises when it is busy, unreadable or unreachable: a retryable 503, never a 500.
STORE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, StoreUnavailable)


class SessionStore(Protocol):
    """Where the gateway keeps session ownership, expiry and button tokens."""

    async def touch(self, portal_key: str, session_id: str) -> bool:
        """True (and the expiry renewed) if the session is live and belongs to this portal; a live
        reserved session becomes this portal's."""

    async def renew(self, session_id: str) -> bool:
        """True (and the expiry renewed) if the session is live, whichever portal owns it (or none yet)."""

    async def create(self, portal_key: str) -> str:
        """Issues a new session id for this portal."""

    async def reserve(self) -> str:
        """Issues a new session id that the first portal to touch it will own."""

    async def named(self, portal_key: str, name: str) -> str:
        """Stores (or renews) the session `named_id(portal_key, name)`; an expired one starts
        afresh, without the quick-reply tokens it had."""

    async def issue_buttons(self, session_id: str, payloads: list[str]) -> list[str]:
        """One opaque token per payload; the payloads never leave the gateway."""

    async def button_payload(self, portal_key: str, session_id: str, token: str) -> str | None:
        """The payload behind a token issued for this live session of this portal, else None."""

    async def owner(self, session_id: str) -> str | None:
        """The portal key that owns a stored session (live or expired), else None."""

    async def delete(self, session_id: str) -> bool:
        """Forgets a session and its tokens; True if it existed."""

    async def purge(self, last_seen_before: float) -> int:
        """Deletes sessions last used before this time (Unix seconds); returns how many."""

    async def count_active(self, seen_since: float) -> int:
        """How many sessions had a message at or after this time (Unix seconds)."""

    async def close(self) -> None:
        """Releases the store's resources."""


SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, portal TEXT NOT NULL, created REAL NOT NULL, last_seen REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_last_seen ON sessions(last_seen);
CREATE TABLE IF NOT EXISTS buttons (
    seq INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE, session_id TEXT NOT NULL, payload TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS buttons_session ON buttons(session_id, seq);
"""


def connect(path: Path) -> sqlite3.Connection:
    """Opens (and if needed creates) the session database in WAL mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=5, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript(SCHEMA)
    return conn


def named_id(portal_key: str, name: str) -> str:
    """The id of the conversation a client names itself (the `sender` of Rasa's REST shape):
    derived from portal and name, so two portals never share a conversation."""
    return "r_" + hashlib.sha256(f"{portal_key}\0{name}".encode()).hexdigest()[:32]


def touch(conn: sqlite3.Connection, portal_key: str, session_id: str, now: float, ttl: float) -> bool:
    cursor = conn.execute("UPDATE sessions SET last_seen = ?, portal = ? WHERE id = ? AND portal IN (?, ?) "
                          "AND last_seen > ?", (now, portal_key, session_id, portal_key, UNBOUND, now - ttl))
    return cursor.rowcount == 1


def renew(conn: sqlite3.Connection, session_id: str, now: float, ttl: float) -> bool:
    cursor = conn.execute("UPDATE sessions SET last_seen = ? WHERE id = ? AND last_seen > ?",
                          (now, session_id, now - ttl))
    return cursor.rowcount == 1


def create(conn: sqlite3.Connection, portal_key: str, now: float) -> str:
    session_id = secrets.token_urlsafe(18)
    conn.execute("INSERT INTO sessions (id, portal, created, last_seen) VALUES (?, ?, ?, ?)",
                 (session_id, portal_key, now, now))
    return session_id


def named(conn: sqlite3.Connection, portal_key: str, name: str, now: float, ttl: float) -> str:
    session_id = named_id(portal_key, name)
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        if not touch(conn, portal_key, session_id, now, ttl):  # new, or expired: no old tokens
            conn.execute("DELETE FROM buttons WHERE session_id = ?", (session_id,))
            conn.execute("INSERT OR REPLACE INTO sessions (id, portal, created, last_seen) VALUES (?, ?, ?, ?)",
                         (session_id, portal_key, now, now))
    return session_id


def issue_buttons(conn: sqlite3.Connection, session_id: str, payloads: list[str],
                  keep: int = MAX_BUTTONS_PER_SESSION) -> list[str]:
    tokens = ["b_" + secrets.token_urlsafe(12) for _ in payloads]
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO buttons (token, session_id, payload) VALUES (?, ?, ?)",
                         [(token, session_id, payload) for token, payload in zip(tokens, payloads)])
        conn.execute("DELETE FROM buttons WHERE session_id = ? AND seq NOT IN "
                     "(SELECT seq FROM buttons WHERE session_id = ? ORDER BY seq DESC LIMIT ?)",
                     (session_id, session_id, keep))
    return tokens


def button_payload(conn: sqlite3.Connection, portal_key: str, session_id: str, token: str, now: float,
                   ttl: float) -> str | None:
    row = conn.execute("SELECT b.payload FROM buttons b JOIN sessions s ON s.id = b.session_id "
                       "WHERE b.token = ? AND b.session_id = ? AND s.portal = ? AND s.last_seen > ?",
                       (token, session_id, portal_key, now - ttl)).fetchone()
    return row[0] if row else None


def owner(conn: sqlite3.Connection, session_id: str) -> str | None:
    row = conn.execute("SELECT portal FROM sessions WHERE id = ?", (session_id,)).fetchone()
    return row[0] if row else None


def delete(conn: sqlite3.Connection, session_id: str) -> bool:
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM buttons WHERE session_id = ?", (session_id,))
        return conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount == 1


def count_active(conn: sqlite3.Connection, seen_since: float) -> int:
    return conn.execute("SELECT COUNT(*) FROM sessions WHERE last_seen >= ?", (seen_since,)).fetchone()[0]


def purge(conn: sqlite3.Connection, last_seen_before: float) -> int:
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM buttons WHERE session_id IN (SELECT id FROM sessions WHERE last_seen < ?)",
                     (last_seen_before,))
        return conn.execute("DELETE FROM sessions WHERE last_seen < ?", (last_seen_before,)).rowcount


class SqliteSessionStore:
    """`SessionStore` on a local SQLite file; all database work runs on one worker thread.

    Args:
        path: the database file (created with its folder if missing).
        ttl_seconds: a session expires this long after its last message.
        clock: the current time in Unix seconds (injectable for tests).
    """

    def __init__(self, path: Path, ttl_seconds: float = DEFAULT_TTL_SECONDS,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.ttl = ttl_seconds
        self.clock = clock
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="session-store")
        self._conn: sqlite3.Connection | None = None
        self._closed = False

    async def _run(self, func: Callable[..., T], *args: Any) -> T:
        def call() -> T:
            if self._conn is None:
                self._conn = connect(self.path)
            return func(self._conn, *args)
        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    async def touch(self, portal_key: str, session_id: str) -> bool:
        return await self._run(touch, portal_key, session_id, self.clock(), self.ttl)

    async def renew(self, session_id: str) -> bool:
        return await self._run(renew, session_id, self.clock(), self.ttl)

    async def create(self, portal_key: str) -> str:
        return await self._run(create, portal_key, self.clock())

    async def reserve(self) -> str:
        return await self._run(create, UNBOUND, self.clock())

    async def named(self, portal_key: str, name: str) -> str:
        return await self._run(named, portal_key, name, self.clock(), self.ttl)

    async def issue_buttons(self, session_id: str, payloads: list[str]) -> list[str]:
        return await self._run(issue_buttons, session_id, payloads) if payloads else []

    async def button_payload(self, portal_key: str, session_id: str, token: str) -> str | None:
        return await self._run(button_payload, portal_key, session_id, token, self.clock(), self.ttl)

    async def owner(self, session_id: str) -> str | None:
        return await self._run(owner, session_id)

    async def delete(self, session_id: str) -> bool:
        return await self._run(delete, session_id)

    async def purge(self, last_seen_before: float) -> int:
        return await self._run(purge, last_seen_before)

    async def count_active(self, seen_since: float) -> int:
        return await self._run(count_active, seen_since)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True

        def close_connection() -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
        await asyncio.get_running_loop().run_in_executor(self._executor, close_connection)
        self._executor.shutdown(wait=True)


class Locks(Protocol):
    """Per-session locks: `SessionLocks` in one gateway, bot.gateway.redis_locks across gateways."""

    def __call__(self, session_id: str | None) -> AsyncContextManager[Any]:
        """An async context manager holding the session's lock (a no-op without an id)."""


class SessionLocks:
    """One lock per session id: a turn and a deletion of the same conversation never overlap,
    so a conversation being deleted cannot be written again by a turn still in flight."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def __call__(self, session_id: str | None) -> AsyncContextManager[Any]:
        if not session_id:
            return contextlib.nullcontext()
        lock = self._locks.get(session_id)
        if lock is None:
            lock = self._locks[session_id] = asyncio.Lock()
        return lock
