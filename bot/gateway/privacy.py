"""Privacy by design: a person deletes their conversation, and a scheduled job deletes everything
older than the retention period – conversations in Rasa's tracker store, the gateway's sessions
and the unanswered-question log – whether or not new data arrives. Details: docs/privacy.md."""
from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator, Callable

from aiohttp import web

from bot import conversations, unanswered
from bot.gateway.sessions import Locks, SessionStore

log = logging.getLogger("berufslotse.privacy")
DAY = 86400.0


@dataclass(frozen=True)
class Retention:
    """What the retention job deletes, and when.

    Args:
        days: conversations, sessions and unanswered questions older than this are deleted.
        tracker_db: Rasa's tracker store file.
        unanswered_db: the unanswered-question log.
        unanswered_days: its own period (defaults to `days`).
        interval_seconds: how often the job runs (it also runs once right after start).
    """

    days: int
    tracker_db: Path
    unanswered_db: Path
    unanswered_days: int | None = None
    interval_seconds: float = 3600.0


async def purge_expired(retention: Retention, store: SessionStore, now: float) -> dict[str, int]:
    """One run of the retention job at time `now` (Unix seconds); returns the deleted counts."""
    cutoff = now - retention.days * DAY
    events = await asyncio.to_thread(conversations.purge_events, retention.tracker_db, cutoff)
    questions = await asyncio.to_thread(unanswered.purge, retention.unanswered_db,
                                        retention.unanswered_days or retention.days, now)
    sessions = await store.purge(cutoff)
    return {"events": events, "unanswered": questions, "sessions": sessions}


def retention_job(retention: Retention, store: SessionStore,
                  clock: Callable[[], float] = time.time) -> Callable[[web.Application], AsyncIterator[None]]:
    """An aiohttp cleanup context that runs `purge_expired` now and then every interval until
    the app stops; a failing run is logged and retried at the next interval."""
    async def run_forever() -> None:
        while True:
            try:
                counts = await purge_expired(retention, store, clock())
                log.info(json.dumps({"event": "retention", "days": retention.days, **counts}))
            except Exception:  # noqa: BLE001 – the job must outlive one bad run; retried next interval
                log.exception("Aufbewahrungsfrist: Löschen fehlgeschlagen, nächster Versuch in %.0f s",
                              retention.interval_seconds)
            await asyncio.sleep(retention.interval_seconds)

    async def context(app: web.Application) -> AsyncIterator[None]:
        task = asyncio.create_task(run_forever(), name="retention")
        yield
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass

    return context


async def delete_conversation(store: SessionStore, locks: Locks, tracker_db: Path, portal_key: str,
                              session_id: str) -> bool:
    """Deletes one conversation for the portal that owns it (`DELETE /api/v1/sessions/{id}`).

    Returns True if the session belonged to this portal and is gone now; False if it is unknown
    or another portal's – then nothing is deleted. The conversation leaves the tracker store
    first and the gateway second, so a failure leaves a session that can be deleted again rather
    than an orphaned conversation; the session's lock keeps a turn still in flight from writing
    it back.
    """
    if len(session_id) > 100 or await store.owner(session_id) != portal_key:
        return False
    async with locks(session_id):
        deleted = await asyncio.to_thread(conversations.delete_conversation, tracker_db, session_id)
        await store.delete(session_id)
    log.info(json.dumps({"event": "conversation_deleted", "events": deleted}))
    return True
