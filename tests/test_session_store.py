"""The gateway's session stores: ownership, expiry, reserved and named sessions, button tokens,
deletion and purge – each test against the embedded SQLite store (a real file) and the Redis store
(fakeredis, or a real redis-server with BERUFSLOTSE_TEST_REDIS_URL), with an injected clock; and
the retention job."""
from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path

import pytest

from bot import conversations, unanswered
from bot.gateway import privacy
from bot.gateway.redis_locks import RedisSessionLocks
from bot.gateway.redis_sessions import RedisSessionStore
from bot.gateway.sessions import (MAX_BUTTONS_PER_SESSION, UNBOUND, SessionLocks, SessionStore, SqliteSessionStore,
                                  StoreUnavailable, named_id)
from tests.redis_fixtures import RedisServer, redis_server  # noqa: F401 – fixture

DAY = 86400.0


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=["sqlite", "redis"])
async def stores(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock, redis_server: RedisServer):  # noqa: F811
    """Makes stores on one backing – one SQLite file, or one Redis – as gateways (or restarts) would."""
    made: list[SessionStore] = []

    def make() -> SessionStore:
        if request.param == "sqlite":
            new = SqliteSessionStore(tmp_path / "sessions.sqlite", ttl_seconds=3600, clock=clock)
        else:
            new = RedisSessionStore(redis_server.client(), ttl_seconds=3600, prefix=redis_server.prefix, clock=clock)
        made.append(new)
        return new

    yield make
    for each in made:
        await each.close()


@pytest.fixture
async def store(stores) -> SessionStore:
    return stores()


@pytest.fixture
async def sqlite_store(tmp_path: Path, clock: Clock):
    sessions = SqliteSessionStore(tmp_path / "sessions.sqlite", ttl_seconds=3600, clock=clock)
    yield sessions
    await sessions.close()


async def leftovers(store: SessionStore, session_id: str) -> int:
    """Rows or keys still stored for this session (its tokens included)."""
    if isinstance(store, SqliteSessionStore):
        with sqlite3.connect(store.path) as db:
            return sum(db.execute(sql, (session_id,)).fetchone()[0] for sql in (
                "SELECT COUNT(*) FROM sessions WHERE id = ?", "SELECT COUNT(*) FROM buttons WHERE session_id = ?"))
    return sum([await store.client.exists(key) for key in store._keys(session_id)])


async def test_a_session_belongs_to_its_portal_and_expires_after_the_ttl(store: SessionStore,
                                                                         clock: Clock) -> None:
    session = await store.create("demo")
    assert await store.touch("demo", session)
    assert not await store.touch("other", session) and not await store.touch("demo", "forged")
    clock.now += 3599
    assert await store.touch("demo", session)  # each message renews the expiry
    clock.now += 3599
    assert await store.touch("demo", session)
    clock.now += 3601
    assert not await store.touch("demo", session)
    assert await store.owner(session) == "demo"  # still stored (and deletable) until the retention purge


async def test_button_tokens_map_back_only_for_the_live_session_of_the_portal(store: SessionStore,
                                                                             clock: Clock) -> None:
    session, other = await store.create("demo"), await store.create("demo")
    tokens = await store.issue_buttons(session, ["/ask_salary", "/ask_training"])
    assert len(set(tokens)) == 2 and all(t.startswith("b_") and "ask" not in t for t in tokens)
    assert [await store.button_payload("demo", session, t) for t in tokens] == ["/ask_salary", "/ask_training"]
    assert await store.button_payload("demo", other, tokens[0]) is None
    assert await store.button_payload("partner", session, tokens[0]) is None
    clock.now += 3601
    assert await store.button_payload("demo", session, tokens[0]) is None


async def test_only_the_latest_buttons_stay_clickable(store: SessionStore) -> None:
    session = await store.create("demo")
    first = await store.issue_buttons(session, ["/first"])
    for i in range(MAX_BUTTONS_PER_SESSION):
        await store.issue_buttons(session, [f"/p{i}"])
    assert await store.button_payload("demo", session, first[0]) is None
    last = await store.issue_buttons(session, ["/last"])
    assert await store.button_payload("demo", session, last[0]) == "/last"


async def test_sessions_and_tokens_survive_a_new_store_on_the_same_backing(stores) -> None:
    first = stores()
    session = await first.create("demo")
    (token,) = await first.issue_buttons(session, ["/ask_salary"])
    await first.close()
    second = stores()  # a restarted gateway, or another gateway on the same Redis
    assert await second.touch("demo", session)
    assert await second.button_payload("demo", session, token) == "/ask_salary"
    if isinstance(second, SqliteSessionStore):
        with sqlite3.connect(second.path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_a_reserved_session_belongs_to_the_first_portal_that_touches_it(store: SessionStore,
                                                                             clock: Clock) -> None:
    session = await store.reserve()
    assert await store.owner(session) == UNBOUND
    assert await store.renew(session)  # live, whoever owns it
    assert await store.button_payload("demo", session, "b_x") is None
    assert await store.touch("demo", session) and await store.owner(session) == "demo"
    assert not await store.touch("partner", session)  # taken now
    assert await store.renew(session) and not await store.renew("forged")
    clock.now += 3601
    assert not await store.renew(session) and not await store.touch("demo", session)


async def test_a_named_session_is_derived_from_portal_and_name_and_starts_afresh_when_expired(
        store: SessionStore, clock: Clock) -> None:
    session = await store.named("demo", "kunde-7")
    assert session == named_id("demo", "kunde-7") != named_id("partner", "kunde-7")
    assert await store.owner(session) == "demo"
    (token,) = await store.issue_buttons(session, ["/ask_salary"])
    assert await store.named("demo", "kunde-7") == session  # renewed, tokens kept
    assert await store.button_payload("demo", session, token) == "/ask_salary"
    clock.now += 3601
    assert await store.named("demo", "kunde-7") == session  # expired: the same id, a fresh start
    assert await store.touch("demo", session)
    assert await store.button_payload("demo", session, token) is None


async def test_active_sessions_are_counted_by_their_last_message(store: SessionStore, clock: Clock) -> None:
    old = await store.create("demo")
    clock.now += 600
    await store.create("demo")
    await store.reserve()
    assert await store.count_active(clock.now - 300) == 2
    assert await store.count_active(clock.now - 900) == 3
    assert await store.touch("demo", old)
    assert await store.count_active(clock.now - 300) == 3
    await store.delete(old)
    assert await store.count_active(clock.now - 900) == 2


async def test_delete_and_purge_remove_sessions_with_their_tokens(store: SessionStore, clock: Clock) -> None:
    gone = await store.create("demo")
    await store.issue_buttons(gone, ["/a"])
    assert await store.delete(gone) and not await store.delete(gone)
    assert await store.owner(gone) is None
    old = await store.create("demo")
    (old_token,) = await store.issue_buttons(old, ["/b"])
    clock.now += 10 * DAY
    fresh = await store.create("demo")
    assert await store.purge(clock.now - 5 * DAY) == 1
    assert await store.owner(old) is None and await store.owner(fresh) == "demo"
    assert await leftovers(store, old) == 0 and await leftovers(store, gone) == 0
    assert await store.button_payload("demo", old, old_token) is None


async def test_store_work_runs_off_the_event_loop(sqlite_store: SqliteSessionStore) -> None:
    """The loop keeps ticking while the store waits for a locked database."""
    store = sqlite_store
    await store.create("demo")
    blocker = sqlite3.connect(store.path, timeout=5)
    blocker.execute("BEGIN EXCLUSIVE")
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticker = asyncio.create_task(tick())
    creating = asyncio.create_task(store.create("demo"))
    await asyncio.sleep(0.3)
    blocker.rollback()
    blocker.close()
    assert await creating
    ticker.cancel()
    assert ticks >= 10


@pytest.mark.parametrize("kind", ["local", "redis"])
async def test_session_locks_serialise_one_session_only(kind: str, redis_server: RedisServer) -> None:  # noqa: F811
    """With Redis the two holders of one session sit on two gateways (two clients)."""
    if kind == "local":
        first = second = SessionLocks()
    else:
        first, second = (RedisSessionLocks(redis_server.client(), redis_server.prefix) for _ in range(2))
    order: list[str] = []

    async def hold(locks, session: str | None, name: str, delay: float) -> None:
        async with locks(session):
            order.append(f"{name}+")
            await asyncio.sleep(delay)
            order.append(f"{name}-")

    await asyncio.gather(hold(first, "s1", "a", 0.3), hold(second, "s1", "b", 0.3), hold(second, "s2", "c", 0),
                         hold(first, None, "d", 0))
    one, two = sorted("ab", key=lambda name: order.index(f"{name}+"))
    assert order.index(f"{one}-") < order.index(f"{two}+")  # same session: one after the other
    assert order.index("c-") < order.index(f"{one}-") and order.index("d-") < order.index(f"{one}-")
    assert not [key for key in await redis_server.keys() if ":lock:" in key]  # released


async def test_a_session_lock_held_too_long_is_a_retryable_refusal(redis_server: RedisServer) -> None:  # noqa: F811
    holder = RedisSessionLocks(redis_server.client(), redis_server.prefix, hold_seconds=5)
    waiter = RedisSessionLocks(redis_server.client(), redis_server.prefix, wait_seconds=0.3)
    async with holder("s1"):
        with pytest.raises(StoreUnavailable, match="gesperrt"):
            async with waiter("s1"):
                pass
    async with waiter("s1"):  # free again
        pass


def _tracker_db(path: Path, rows: list[tuple[str, float]]) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT NOT NULL, type_name TEXT NOT NULL, "
                   "timestamp REAL, intent_name TEXT, action_name TEXT, data TEXT)")
        db.executemany("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, ?)",
                       [(sender, at, json.dumps({"text": "x"})) for sender, at in rows])


async def test_retention_job_deletes_everything_older_than_the_period(tmp_path: Path, store: SessionStore,
                                                                      clock: Clock) -> None:
    now = clock.now
    tracker, log = tmp_path / "tracker.db", tmp_path / "unanswered.sqlite"
    _tracker_db(tracker, [("old", now - 31 * DAY), ("old", now - 30.5 * DAY), ("mixed", now - 40 * DAY),
                          ("mixed", now - DAY), ("new", now - 60)])
    unanswered._connect(log).close()
    with sqlite3.connect(log) as db:
        db.executemany("INSERT INTO unanswered (day, reason, text) VALUES (?, 'nlu_fallback', 'Frage')",
                       [(time.strftime("%Y-%m-%d", time.gmtime(now - d * DAY)),) for d in (45, 31, 29, 0)])
    clock.now = now - 40 * DAY
    stale = await store.create("demo")
    clock.now = now - DAY
    live = await store.create("demo")
    clock.now = now
    retention = privacy.Retention(days=30, tracker_db=tracker, unanswered_db=log)
    counts = await privacy.purge_expired(retention, store, now)
    assert counts == {"events": 3, "unanswered": 2, "sessions": 1}
    assert conversations.count_events(tracker, "old") == 0
    assert conversations.count_events(tracker, "mixed") == 1 and conversations.count_events(tracker, "new") == 1
    assert await store.owner(stale) is None and await store.owner(live) == "demo"
    with sqlite3.connect(log) as db:
        assert db.execute("SELECT COUNT(*) FROM unanswered").fetchone()[0] == 2
    assert await privacy.purge_expired(retention, store, now) == {"events": 0, "unanswered": 0, "sessions": 0}


async def test_retention_job_runs_on_a_schedule_without_new_data(tmp_path: Path, store: SessionStore,
                                                                 clock: Clock) -> None:
    tracker = tmp_path / "tracker.db"
    _tracker_db(tracker, [("a", clock.now - 60)])
    retention = privacy.Retention(days=30, tracker_db=tracker, unanswered_db=tmp_path / "none.sqlite",
                                  interval_seconds=0.05)
    context = privacy.retention_job(retention, store, clock)(None)
    await context.__anext__()
    try:
        await asyncio.sleep(0.1)
        assert conversations.count_events(tracker, "a") == 1
        clock.now += 31 * DAY  # time passes, nothing new arrives
        for _ in range(40):
            if conversations.count_events(tracker, "a") == 0:
                break
            await asyncio.sleep(0.05)
        assert conversations.count_events(tracker, "a") == 0
    finally:
        with pytest.raises(StopAsyncIteration):
            await context.__anext__()
    assert not (tmp_path / "none.sqlite").exists()  # a missing log is not created


async def test_missing_tracker_database_is_not_created(tmp_path: Path) -> None:
    assert conversations.delete_conversation(tmp_path / "nope.db", "x") == 0
    assert conversations.purge_events(tmp_path / "nope.db", time.time()) == 0
    assert not (tmp_path / "nope.db").exists()


def test_old_events_are_purged_in_batches(tmp_path: Path) -> None:
    tracker = tmp_path / "tracker.db"
    _tracker_db(tracker, [(f"s{i % 7}", 100.0 + i) for i in range(23)] + [("keep", 10_000.0)])
    assert conversations.purge_events(tracker, before=1_000.0, batch=5) == 23
    assert conversations.count_events(tracker, "keep") == 1
    assert sum(conversations.count_events(tracker, f"s{i}") for i in range(7)) == 0
