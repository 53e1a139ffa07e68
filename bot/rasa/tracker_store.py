"""Rasa's SQL tracker store with a write-through cache of the current sessions' events.

Stock `SQLTrackerStore` reloads the whole session from SQL on every turn, parses each event's
JSON and looks up its class (`Event.resolve_by_type` walks all Event subclasses per event);
it then counts the stored rows again before appending the new ones. Profiling showed that as
about 35 % of Rasa's CPU per message, growing with every turn of a conversation.

This store keeps the event objects of recently active conversations in memory, so a turn
replays them instead of reading and deserialising them, and appends only the new events to
SQL. The database stays the record: it is written on every save as before, a cache miss
reads from it, and a conversation whose session restarts is reloaded from it.

Others may write to or delete from the database: another Rasa replica (cluster mode, where the
gateway routes a session to one replica but moves it when that replica is unhealthy), the
gateway deleting a conversation on request and the retention job (bot/conversations.py). So a
cached conversation is only used while the database still holds exactly what the cache saw –
one indexed query per turn compares the conversation's row count and highest row id. If they
differ, the cache entry is dropped and the turn reads the database: a re-routed or restarted
replica never answers from a stale history, and a deleted conversation never comes back from
memory. Entries idle longer than Rasa's session expiry are dropped too (the next turn starts a
new session anyway).

On a server database (PostgreSQL in cluster mode, endpoints.cluster.yml) the store takes an
explicit, small connection pool (`pool_size`, `max_overflow`; Rasa's own default is 50 + 100
per process) and adds the index (sender_id, id) that makes that per-turn check an index-only
scan. SQLite needs neither: its index on sender_id already carries the row id.

Memory is bounded by events, not conversations: a cached event costs ≈ 4 KB of resident memory
(measured in `make soak`; user and bot events carry their parse data and buttons), so the default
budget of 10,000 events holds ≈ 140 conversations of 12 turns in ≈ 40 MB, and a few very long
conversations cannot push it further. Beyond the budget the least recently used conversations go.
"""
from __future__ import annotations

import itertools
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterator, Optional

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_CACHE_SIZE = 500
DEFAULT_CACHE_EVENTS = 10_000
DEFAULT_CACHE_IDLE_MINUTES = 60.0
Fingerprint = tuple[int, Optional[int]]  # (rows, highest id) of one conversation in the database
CONVERSATION_INDEX = "ix_events_sender_id_id"

logger = logging.getLogger(__name__)


@dataclass
class _Entry:
    events: list[Event]
    fingerprint: Fingerprint
    used: float


class CachedSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` + LRU cache of the latest session's events per conversation.

    Args:
        cache_size: how many conversations are kept in memory at most.
        cache_events: how many events (of all cached conversations together) are kept at most.
        cache_idle_minutes: a conversation unused this long is dropped from memory.
        pool_size: connections kept open to a server database (not used for SQLite).
        max_overflow: extra connections opened beyond `pool_size` under load (not for SQLite).
    """

    def __init__(self, *args: Any, cache_size: int = DEFAULT_CACHE_SIZE, cache_events: int = DEFAULT_CACHE_EVENTS,
                 cache_idle_minutes: float = DEFAULT_CACHE_IDLE_MINUTES, pool_size: Optional[int] = None,
                 max_overflow: Optional[int] = None, **kwargs: Any) -> None:
        if int(cache_size) < 1:
            raise ValueError(f"cache_size muss mindestens 1 sein, nicht {cache_size!r}.")
        if int(cache_events) < 1:
            raise ValueError(f"cache_events muss mindestens 1 sein, nicht {cache_events!r}.")
        if float(cache_idle_minutes) <= 0:
            raise ValueError(f"cache_idle_minutes muss größer als 0 sein, nicht {cache_idle_minutes!r}.")
        for name, value, least in (("pool_size", pool_size, 1), ("max_overflow", max_overflow, 0)):
            if value is not None and int(value) < least:
                raise ValueError(f"{name} muss mindestens {least} sein, nicht {value!r}.")
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name != "sqlite":
            self._use_pool(pool_size, max_overflow)
            self._index_conversations()
        self.cache_size = int(cache_size)
        self.cache_events = int(cache_events)
        self._cached_events = 0
        self.cache_idle_seconds = float(cache_idle_minutes) * 60
        self._sessions: OrderedDict[str, _Entry] = OrderedDict()
        self._expected_rows: dict[str, int] = {}
        # a Core statement, compiled once: the ORM query cost three times as much per turn
        self._fingerprint_query = (sa.select(sa.func.count(self.SQLEvent.id), sa.func.max(self.SQLEvent.id))
                                   .where(self.SQLEvent.sender_id == sa.bindparam("sender_id")))

    def _use_pool(self, pool_size: Optional[int], max_overflow: Optional[int]) -> None:
        """Replaces the engine Rasa built (pool size only from SQL_POOL_SIZE, default 50) by one
        with the pool from the endpoints file; Rasa's other engine options are kept."""
        if pool_size is None and max_overflow is None:
            return
        url = self.engine.url
        options = create_engine_kwargs(url)
        if pool_size is not None:
            options["pool_size"] = int(pool_size)
        if max_overflow is not None:
            options["max_overflow"] = int(max_overflow)
        self.engine.dispose()
        self.engine = sa.create_engine(url, **options)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _index_conversations(self) -> None:
        """Creates the (sender_id, id) index once; replicas starting together may race for it."""
        statement = sa.text(f"CREATE INDEX IF NOT EXISTS {CONVERSATION_INDEX} ON events (sender_id, id)")
        try:
            with self.engine.begin() as connection:
                connection.execute(statement)
        except sa.exc.DBAPIError as exc:  # another replica created it at the same moment
            if not sa.inspect(self.engine).has_table("events") or CONVERSATION_INDEX not in {
                    index["name"] for index in sa.inspect(self.engine).get_indexes("events")}:
                raise
            logger.debug("Index %s was created by another process: %s", CONVERSATION_INDEX, exc)

    def _fingerprint(self, sender_id: str) -> Fingerprint:
        """Row count and highest row id of the conversation as the database holds it now."""
        with self.engine.connect() as connection:
            rows, top = connection.execute(self._fingerprint_query, {"sender_id": sender_id}).one()
        return int(rows), top

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        self._forget_idle()
        entry = self._sessions.get(sender_id)
        if entry is not None and self._fingerprint(sender_id) != entry.fingerprint:
            self._forget(sender_id)  # deleted or changed by someone else: the database decides
            entry = None
        if entry is None:
            fingerprint = self._fingerprint(sender_id)  # taken first: a change while reading shows next turn
            tracker = await super().retrieve(sender_id)
            if tracker is not None and fingerprint[0]:
                self._remember(sender_id, list(tracker.events), fingerprint)
            return tracker
        entry.used = time.monotonic()
        self._sessions.move_to_end(sender_id)
        slots = self.domain.slots if self.domain else None
        return DialogueStateTracker.from_events(sender_id, entry.events, slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        sender_id = tracker.sender_id
        try:
            await super().save(tracker)
        except Exception:
            self._forget(sender_id)
            self._expected_rows.pop(sender_id, None)
            raise
        events = list(tracker.events)
        expected = self._expected_rows.pop(sender_id, None)
        entry = self._sessions.get(sender_id)
        if entry is not None and expected is not None and _extends(entry.events, events):
            fingerprint = self._fingerprint(sender_id)
            if fingerprint[0] == expected:  # nobody else changed the conversation meanwhile
                self._remember(sender_id, events, fingerprint)
                return
        # a new session, a rewritten history or a change from outside: SQL answers next time
        self._forget(sender_id)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """New events are those beyond the cached session; without a cache entry, ask SQL."""
        entry = self._sessions.get(tracker.sender_id)
        if entry is None:
            return super()._additional_events(session, tracker)
        self._expected_rows[tracker.sender_id] = entry.fingerprint[0] + max(len(tracker.events) - len(entry.events), 0)
        return itertools.islice(tracker.events, len(entry.events), len(tracker.events))

    def _remember(self, sender_id: str, events: list[Event], fingerprint: Fingerprint) -> None:
        self._forget(sender_id)
        self._sessions[sender_id] = _Entry(events, fingerprint, time.monotonic())
        self._cached_events += len(events)
        while len(self._sessions) > self.cache_size or self._cached_events > self.cache_events:
            self._forget(next(iter(self._sessions)))  # least recently used first

    def _forget(self, sender_id: str) -> None:
        entry = self._sessions.pop(sender_id, None)
        if entry is not None:
            self._cached_events -= len(entry.events)

    def _forget_idle(self) -> None:
        """Drops conversations unused for longer than the idle time (least recently used first)."""
        limit = time.monotonic() - self.cache_idle_seconds
        while self._sessions:
            sender_id, entry = next(iter(self._sessions.items()))
            if entry.used >= limit:
                break
            self._forget(sender_id)


def _extends(known: list[Event], events: list[Event]) -> bool:
    """True if `events` are the cached ones plus new events within the same session."""
    return (len(events) >= len(known) and all(a is b for a, b in zip(known, events))
            and not any(isinstance(e, SessionStarted) for e in events[len(known):]))
