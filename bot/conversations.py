"""Deleting conversations from Rasa's SQL tracker store (`var/rasa/tracker.db`, table `events`).

The gateway calls these – for `DELETE /api/v1/sessions/{id}` and for the retention job – on a
worker thread. Rasa's cached tracker store (bot/rasa/tracker_store.py) checks the database on
every turn, so a conversation deleted here is not served again from Rasa's memory.
A missing database is not created: there is simply nothing to delete.
"""
from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def _open(path: Path) -> sqlite3.Connection | None:
    if not path.exists():
        return None
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=rw", uri=True, timeout=10)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone() is None:
        conn.close()
        return None
    return conn


def delete_conversation(path: Path, sender_id: str) -> int:
    """Deletes every event of one conversation; returns how many rows were deleted."""
    conn = _open(path)
    if conn is None:
        return 0
    with closing(conn), conn:
        return conn.execute("DELETE FROM events WHERE sender_id = ?", (sender_id,)).rowcount


def purge_events(path: Path, before: float, batch: int = 5000) -> int:
    """Deletes every event written before this time (Unix seconds): each message is kept for the
    retention period and no longer, however long its conversation goes on. Deletes in batches,
    each its own short transaction, so Rasa's writes never wait long for the lock."""
    conn = _open(path)
    if conn is None:
        return 0
    total = 0
    with closing(conn):
        while True:
            with conn:
                deleted = conn.execute("DELETE FROM events WHERE id IN (SELECT id FROM events WHERE timestamp < ? "
                                       "LIMIT ?)", (before, batch)).rowcount
            total += deleted
            if deleted < batch:
                return total


def count_events(path: Path, sender_id: str) -> int:
    """How many events of one conversation are stored (0 without a database)."""
    conn = _open(path)
    if conn is None:
        return 0
    with closing(conn):
        return conn.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender_id,)).fetchone()[0]
