"""Rasa's SQL tracker store with a write-through cache of the current sessions' events.

Stock `SQLTrackerStore` reloads the whole session from SQL on every turn, parses each event's
JSON and looks up its class (`Event.resolve_by_type` walks all Event subclasses per event);
it then counts the stored rows again before appending the new ones. Profiling showed that as
about 35 % of Rasa's CPU per message, growing with every turn of a conversation.

This store keeps the event objects of recently active conversations in memory, so a turn
replays them instead of reading and deserialising them, and appends only the new events to
SQL. The database stays the record: it is written on every save as before, a cache miss
reads from it, and a conversation whose session restarts is reloaded from it. One Rasa
process owns the tracker database (`python -m bot serve` starts exactly one).
"""
from __future__ import annotations

import itertools
from collections import OrderedDict
from typing import Any, Iterator, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_CACHE_SIZE = 500


class CachedSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` + LRU cache of the latest session's events per conversation."""

    def __init__(self, *args: Any, cache_size: int = DEFAULT_CACHE_SIZE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if int(cache_size) < 1:
            raise ValueError(f"cache_size muss mindestens 1 sein, nicht {cache_size!r}.")
        self.cache_size = int(cache_size)
        self._sessions: OrderedDict[str, list[Event]] = OrderedDict()

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        cached = self._sessions.get(sender_id)
        if cached is None:
            tracker = await super().retrieve(sender_id)
            if tracker is not None:
                self._remember(sender_id, list(tracker.events))
            return tracker
        self._sessions.move_to_end(sender_id)
        slots = self.domain.slots if self.domain else None
        return DialogueStateTracker.from_events(sender_id, cached, slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await super().save(tracker)
        except Exception:
            self._sessions.pop(tracker.sender_id, None)
            raise
        events = list(tracker.events)
        known = self._sessions.get(tracker.sender_id)
        if known is not None and _extends(known, events):
            self._remember(tracker.sender_id, events)
        else:
            # a new session (or a rewritten history): which events count is SQL's query to answer
            self._sessions.pop(tracker.sender_id, None)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """New events are those beyond the cached session; without a cache entry, ask SQL."""
        known = self._sessions.get(tracker.sender_id)
        if known is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, len(known), len(tracker.events))

    def _remember(self, sender_id: str, events: list[Event]) -> None:
        self._sessions[sender_id] = events
        self._sessions.move_to_end(sender_id)
        while len(self._sessions) > self.cache_size:
            self._sessions.popitem(last=False)


def _extends(known: list[Event], events: list[Event]) -> bool:
    """True if `events` are the cached ones plus new events within the same session."""
    return (len(events) >= len(known) and all(a is b for a, b in zip(known, events))
            and not any(isinstance(e, SessionStarted) for e in events[len(known):]))
