"""The cached tracker store must answer exactly like Rasa's plain SQL store on the same file."""
from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Iterator

import pytest
from rasa.core.tracker_store import SQLTrackerStore, create_tracker_store
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import conversations
from bot.config import ROOT
from bot.rasa.tracker_store import CachedSQLTrackerStore
from tests.cluster_helpers import fresh_database, pg_url_or_skip

pytestmark = pytest.mark.rasa


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


def stores(tmp_path: Path, domain: Domain, cache_size: int = 500) -> tuple[CachedSQLTrackerStore, SQLTrackerStore]:
    db = str(tmp_path / "tracker.db")
    return (CachedSQLTrackerStore(domain=domain, dialect="sqlite", db=db, cache_size=cache_size),
            SQLTrackerStore(domain=domain, dialect="sqlite", db=db))


def dumps(tracker: DialogueStateTracker | None) -> list[dict]:
    return [e.as_dict() for e in tracker.events] if tracker else []


def turn(text: str, occupation: str) -> list[Event]:
    return [UserUttered(text, {"name": "ask_salary", "confidence": 0.9}),
            ActionExecuted("action_answer"), BotUttered(f"Antwort auf {text}"),
            SlotSet("occupation", occupation), ActionExecuted("action_listen")]


def talk(store: CachedSQLTrackerStore, sender: str, events: list[Event]) -> DialogueStateTracker:
    """One turn as Rasa runs it: retrieve (or create), append, save."""
    async def run() -> DialogueStateTracker:
        tracker = await store.retrieve(sender) or DialogueStateTracker(sender, store.domain.slots)
        for event in events:
            tracker.update(event)
        await store.save(tracker)
        return tracker
    return asyncio.run(run())


def test_turns_are_stored_and_read_back_like_the_plain_sql_store(tmp_path: Path, domain: Domain) -> None:
    cached, plain = stores(tmp_path, domain)
    for i in range(6):
        talk(cached, "anna", turn(f"Frage {i}", "omm" if i % 2 else "kfd"))
        ours, theirs = asyncio.run(cached.retrieve("anna")), asyncio.run(plain.retrieve("anna"))
        assert dumps(ours) == dumps(theirs) and len(theirs.events) == 5 * (i + 1)  # nothing doubled or lost
        assert ours.get_slot("occupation") == theirs.get_slot("occupation") == ("omm" if i % 2 else "kfd")
    assert "anna" in cached._sessions  # the later turns were served from memory


def test_a_new_session_is_reloaded_from_the_database(tmp_path: Path, domain: Domain) -> None:
    cached, plain = stores(tmp_path, domain)
    talk(cached, "ben", turn("Hallo", "kfd"))
    talk(cached, "ben", turn("Noch was", "kfd"))
    talk(cached, "ben", [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")])
    assert "ben" not in cached._sessions
    ours, theirs = asyncio.run(cached.retrieve("ben")), asyncio.run(plain.retrieve("ben"))
    assert dumps(ours) == dumps(theirs)
    assert isinstance(ours.events[0], SessionStarted)  # only the new session, as Rasa's own query returns
    talk(cached, "ben", turn("Neu", "omm"))
    assert dumps(asyncio.run(cached.retrieve("ben"))) == dumps(asyncio.run(plain.retrieve("ben")))


def test_least_recently_used_conversation_is_evicted_and_still_correct(tmp_path: Path, domain: Domain) -> None:
    cached, plain = stores(tmp_path, domain, cache_size=2)
    for sender in ("a", "b", "a", "c", "b", "a"):
        talk(cached, sender, turn(f"{sender} fragt", "omm"))
    assert len(cached._sessions) <= 2
    for sender in ("a", "b", "c"):
        assert dumps(asyncio.run(cached.retrieve(sender))) == dumps(asyncio.run(plain.retrieve(sender)))


def test_a_failed_save_forgets_the_cached_conversation(tmp_path: Path, domain: Domain, monkeypatch) -> None:
    cached, plain = stores(tmp_path, domain)
    talk(cached, "cem", turn("Eins", "kfd"))
    talk(cached, "cem", turn("Zwei", "kfd"))
    assert "cem" in cached._sessions

    def broken(*args, **kwargs):
        raise RuntimeError("Datenbank weg")

    monkeypatch.setattr(SQLTrackerStore, "save", broken)
    with pytest.raises(RuntimeError):
        talk(cached, "cem", turn("Drei", "kfd"))
    monkeypatch.undo()
    assert "cem" not in cached._sessions
    assert dumps(asyncio.run(cached.retrieve("cem"))) == dumps(asyncio.run(plain.retrieve("cem")))
    assert len(asyncio.run(cached.retrieve("cem")).events) == 10  # the failed turn left nothing behind


def test_a_rewritten_history_is_not_trusted(tmp_path: Path, domain: Domain) -> None:
    cached, _ = stores(tmp_path, domain)
    talk(cached, "dora", turn("Eins", "kfd"))
    talk(cached, "dora", turn("Zwei", "kfd"))
    other = DialogueStateTracker.from_events("dora", turn("Anders", "omm"), domain.slots)
    asyncio.run(cached.save(other))
    assert "dora" not in cached._sessions


def test_the_event_budget_bounds_the_cache_and_answers_stay_correct(tmp_path: Path, domain: Domain) -> None:
    db = str(tmp_path / "tracker.db")
    cached = CachedSQLTrackerStore(domain=domain, dialect="sqlite", db=db, cache_events=12)
    plain = SQLTrackerStore(domain=domain, dialect="sqlite", db=db)
    for sender in ("a", "b", "a", "c", "b", "a", "c"):
        talk(cached, sender, turn(f"{sender} fragt", "omm"))
        held = sum(len(entry.events) for entry in cached._sessions.values())
        assert held == cached._cached_events <= 12  # the count kept is the count held
    assert cached._sessions  # the recent conversation still fits
    for sender in ("a", "b", "c"):
        assert dumps(asyncio.run(cached.retrieve(sender))) == dumps(asyncio.run(plain.retrieve(sender)))


@pytest.mark.parametrize("setting", ["cache_size", "cache_events"])
def test_cache_bounds_must_be_positive(tmp_path: Path, domain: Domain, setting: str) -> None:
    with pytest.raises(ValueError, match=setting):
        CachedSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"), **{setting: 0})


def test_endpoints_yml_selects_the_cached_store(tmp_path: Path, domain: Domain, monkeypatch) -> None:
    """Rasa falls back to an in-memory store with only a warning when the class cannot be imported."""
    monkeypatch.setenv("BERUFSLOTSE_TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.setenv("BERUFSLOTSE_ACTION_URL", "http://127.0.0.1:1/webhook")
    endpoints = read_endpoints_from_path(ROOT / "endpoints.yml")
    store = create_tracker_store(endpoints.tracker_store, domain)
    assert isinstance(store, CachedSQLTrackerStore)
    assert os.path.exists(tmp_path / "tracker.db")


def test_a_conversation_deleted_from_the_database_does_not_come_back_from_the_cache(tmp_path: Path,
                                                                                     domain: Domain) -> None:
    """The gateway deletes conversations directly in SQL; Rasa's process still has them cached."""
    cached, plain = stores(tmp_path, domain)
    talk(cached, "eva", turn("Was verdient man?", "omm"))
    talk(cached, "eva", turn("Und später?", "omm"))
    assert "eva" in cached._sessions
    assert conversations.delete_conversation(tmp_path / "tracker.db", "eva") == 10
    assert asyncio.run(cached.retrieve("eva")) is None and "eva" not in cached._sessions
    talk(cached, "eva", turn("Neu hier", "kfd"))
    stored = asyncio.run(plain.retrieve("eva"))
    assert [e.text for e in stored.events if isinstance(e, UserUttered)] == ["Neu hier"]  # nothing resurrected
    assert dumps(asyncio.run(cached.retrieve("eva"))) == dumps(stored)


def test_retention_deleting_old_events_invalidates_the_cache(tmp_path: Path, domain: Domain) -> None:
    cached, plain = stores(tmp_path, domain)
    old = turn("Alte Frage", "omm")
    for event in old:
        event.timestamp = 1_000.0
    talk(cached, "finn", old)
    talk(cached, "finn", turn("Neue Frage", "omm"))
    assert conversations.purge_events(tmp_path / "tracker.db", before=2_000.0) == 5
    ours = asyncio.run(cached.retrieve("finn"))
    assert dumps(ours) == dumps(asyncio.run(plain.retrieve("finn")))
    assert [e.text for e in ours.events if isinstance(e, UserUttered)] == ["Neue Frage"]


def test_a_change_from_outside_during_a_turn_is_not_cached(tmp_path: Path, domain: Domain) -> None:
    cached, _ = stores(tmp_path, domain)
    talk(cached, "gil", turn("Eins", "kfd"))

    async def turn_with_deletion_in_between() -> None:
        tracker = await cached.retrieve("gil")
        conversations.delete_conversation(tmp_path / "tracker.db", "gil")
        for event in turn("Zwei", "kfd"):
            tracker.update(event)
        await cached.save(tracker)

    asyncio.run(turn_with_deletion_in_between())
    assert "gil" not in cached._sessions  # the database, not the memory, answers the next turn


def test_idle_conversations_leave_the_cache(tmp_path: Path, domain: Domain, monkeypatch) -> None:
    cached = CachedSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "tracker.db"),
                                   cache_idle_minutes=1)
    talk(cached, "hana", turn("Hallo", "omm"))
    talk(cached, "hana", turn("Und weiter?", "omm"))
    assert "hana" in cached._sessions
    now = time.monotonic()
    monkeypatch.setattr("bot.rasa.tracker_store.time.monotonic", lambda: now + 61)
    talk(cached, "ida", turn("Hallo", "kfd"))
    talk(cached, "ida", turn("Und weiter?", "kfd"))
    assert "hana" not in cached._sessions and "ida" in cached._sessions


# --- several replicas on one database (cluster mode) ----------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def shared_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict]:
    """Connection settings of one database two stores share: a SQLite file always, PostgreSQL
    when BERUFSLOTSE_TEST_PG_URL names a server (make cluster-test)."""
    if request.param == "sqlite":
        yield {"dialect": "sqlite", "db": str(tmp_path / "tracker.db")}
        return
    with fresh_database(pg_url_or_skip()) as url:
        yield {"dialect": "postgresql", "host": url, "pool_size": 2, "max_overflow": 1}


def test_a_write_through_one_replica_is_seen_by_the_other(shared_db: dict, domain: Domain) -> None:
    one, two = (CachedSQLTrackerStore(domain=domain, **shared_db) for _ in range(2))
    talk(one, "jan", turn("Eins", "kfd"))
    talk(one, "jan", turn("Zwei", "kfd"))
    talk(two, "jan", turn("Drei", "kfd"))  # the session moved to the other replica
    assert "jan" in one._sessions and "jan" in two._sessions  # both hold the conversation in memory
    talk(one, "jan", turn("Vier", "omm"))  # and back: `one` must not answer from its two-turn copy
    for store in (one, two):
        tracker = asyncio.run(store.retrieve("jan"))
        assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["Eins", "Zwei", "Drei", "Vier"]
        assert tracker.get_slot("occupation") == "omm"
    assert len(asyncio.run(two.retrieve("jan")).events) == 20  # nothing doubled by either replica


def test_a_deleted_conversation_does_not_come_back_from_the_other_replica(shared_db: dict, domain: Domain) -> None:
    one, two = (CachedSQLTrackerStore(domain=domain, **shared_db) for _ in range(2))
    talk(one, "kim", turn("Eins", "kfd"))
    talk(one, "kim", turn("Zwei", "kfd"))
    talk(two, "kim", turn("Drei", "kfd"))
    assert "kim" in one._sessions and "kim" in two._sessions
    with one.engine.begin() as connection:  # as the gateway deletes a conversation (bot/conversations.py)
        assert connection.exec_driver_sql(f"DELETE FROM events WHERE sender_id = {'?' if shared_db['dialect'] == 'sqlite' else '%s'}",
                                          ("kim",)).rowcount == 15
    assert asyncio.run(two.retrieve("kim")) is None and "kim" not in two._sessions
    talk(two, "kim", turn("Neu", "omm"))
    tracker = asyncio.run(one.retrieve("kim"))
    assert [e.text for e in tracker.events if isinstance(e, UserUttered)] == ["Neu"]


def test_the_per_turn_check_is_one_indexed_query(shared_db: dict, domain: Domain) -> None:
    """The (rows, highest id) check must not scan the table: on PostgreSQL an index-only scan of
    (sender_id, id), on SQLite the covering sender_id index."""
    store = CachedSQLTrackerStore(domain=domain, **shared_db)
    for sender in ("lea", "max", "nia"):
        talk(store, sender, turn("Hallo", "kfd"))
    with store.engine.connect() as connection:
        if store.engine.dialect.name == "sqlite":
            plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT count(id), max(id) FROM events WHERE sender_id = ?", ("lea",)))
            assert "USING COVERING INDEX" in plan and "sender_id" in plan, plan
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")  # a 15-row table would be scanned anyway
            plan = " ".join(row[0] for row in connection.exec_driver_sql(
                "EXPLAIN SELECT count(id), max(id) FROM events WHERE sender_id = %s", ("lea",)))
            assert "Index Only Scan using ix_events_sender_id_id" in plan, plan


def test_the_pool_comes_from_the_endpoints_file(domain: Domain) -> None:
    url = pg_url_or_skip()
    with fresh_database(url) as database:
        store = CachedSQLTrackerStore(domain=domain, dialect="postgresql", host=database, pool_size=3, max_overflow=2)
        assert (store.engine.pool.size(), store.engine.pool._max_overflow) == (3, 2)
        talk(store, "ole", turn("Hallo", "kfd"))
        store.engine.dispose()


def test_pool_sizes_must_be_sensible(tmp_path: Path, domain: Domain) -> None:
    with pytest.raises(ValueError, match="pool_size"):
        CachedSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"), pool_size=0)
    with pytest.raises(ValueError, match="max_overflow"):
        CachedSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"), max_overflow=-1)


def test_endpoints_cluster_yml_selects_postgresql_and_redis_locks(domain: Domain, monkeypatch) -> None:
    """endpoints.cluster.yml: the cached store with a small pool on PostgreSQL, Rasa's RedisLockStore."""
    from rasa.core.lock_store import LockStore, RedisLockStore

    url = pg_url_or_skip()
    with fresh_database(url) as database:
        monkeypatch.setenv("BERUFSLOTSE_DATABASE_URL", database)
        monkeypatch.setenv("BERUFSLOTSE_ACTION_URL", "http://127.0.0.1:1/webhook")
        for name, value in {"BERUFSLOTSE_REDIS_HOST": "127.0.0.1", "BERUFSLOTSE_REDIS_PORT": "6379",
                            "BERUFSLOTSE_REDIS_PASSWORD": ""}.items():
            monkeypatch.setenv(name, os.environ.get(name, value))
        endpoints = read_endpoints_from_path(ROOT / "endpoints.cluster.yml")
        store = create_tracker_store(endpoints.tracker_store, domain)
        assert isinstance(store, CachedSQLTrackerStore) and store.engine.dialect.name == "postgresql"
        assert store.engine.pool.size() <= 10
        assert isinstance(LockStore.create(endpoints.lock_store), RedisLockStore)
        store.engine.dispose()


def test_retention_and_deletion_reach_the_shared_database(shared_db: dict, domain: Domain, tmp_path: Path,
                                                          monkeypatch) -> None:
    """bot/conversations.py (the gateway's delete and retention job) works on the replicas' database:
    the SQLite file, or PostgreSQL when BERUFSLOTSE_DATABASE_URL is set (cluster mode)."""
    if shared_db["dialect"] == "postgresql":
        monkeypatch.setenv(conversations.DATABASE_URL_ENV, shared_db["host"])
        path = tmp_path / "not-used.db"
    else:
        monkeypatch.delenv(conversations.DATABASE_URL_ENV, raising=False)
        path = Path(shared_db["db"])
    assert conversations.purge_events(path, before=2_000.0) == 0  # no events table yet: nothing to do
    one, two = (CachedSQLTrackerStore(domain=domain, **shared_db) for _ in range(2))
    old = turn("Alte Frage", "omm")
    for event in old:
        event.timestamp = 1_000.0
    talk(one, "pia", old)
    talk(one, "pia", turn("Neue Frage", "omm"))
    talk(two, "pia", turn("Noch eine", "omm"))
    talk(two, "rob", turn("Hallo", "kfd"))
    assert conversations.purge_events(path, before=2_000.0, batch=2) == 5
    for store in (one, two):
        texts = [e.text for e in asyncio.run(store.retrieve("pia")).events if isinstance(e, UserUttered)]
        assert texts == ["Neue Frage", "Noch eine"]
    assert conversations.count_events(path, "rob") == 5
    assert conversations.delete_conversation(path, "rob") == 5 and conversations.count_events(path, "rob") == 0
    assert asyncio.run(one.retrieve("rob")) is None and asyncio.run(two.retrieve("rob")) is None
