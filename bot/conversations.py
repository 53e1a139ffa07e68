"""Deleting conversations from Rasa's SQL tracker store (table `events`): the SQLite file
`var/rasa/tracker.db` on one machine, or PostgreSQL in cluster mode when
`BERUFSLOTSE_DATABASE_URL` is set (the URL endpoints.cluster.yml gives Rasa; docs/deploy.md).

The gateway calls these – for `DELETE /api/v1/sessions/{id}` and for the retention job – on a
worker thread. Rasa's cached tracker store (bot/rasa/tracker_store.py) checks the database on
every turn, so a conversation deleted here is not served again from any replica's memory.
A missing database or table is not created: there is simply nothing to delete.
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

DATABASE_URL_ENV = "BERUFSLOTSE_DATABASE_URL"


def _open(path: Path) -> tuple[Any, str] | None:
    """(DB-API connection, placeholder) of the tracker store, or None when it has no events table."""
    url = os.environ.get(DATABASE_URL_ENV)
    if url:
        import psycopg2

        conn = psycopg2.connect(url, connect_timeout=10, application_name="berufslotse-retention")
        with conn.cursor() as cursor:
            cursor.execute("SELECT to_regclass('events') IS NOT NULL")
            exists = cursor.fetchone()[0]
        conn.rollback()
        if not exists:
            conn.close()
            return None
        return conn, "%s"
    if not path.exists():
        return None
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=rw", uri=True, timeout=10)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone() is None:
        conn.close()
        return None
    return conn, "?"


def _execute(conn: Any, sql: str, params: tuple) -> Any:
    cursor = conn.cursor()
    cursor.execute(sql, params)
    return cursor


def delete_conversation(path: Path, sender_id: str) -> int:
    """Deletes every event of one conversation; returns how many rows were deleted."""
    opened = _open(path)
    if opened is None:
        return 0
    conn, p = opened
    with closing(conn), conn:
        return _execute(conn, f"DELETE FROM events WHERE sender_id = {p}", (sender_id,)).rowcount


def purge_events(path: Path, before: float, batch: int = 5000) -> int:
    """Deletes every event written before this time (Unix seconds): each message is kept for the
    retention period and no longer, however long its conversation goes on. Deletes in batches,
    each its own short transaction, so Rasa's writes never wait long for the lock."""
    opened = _open(path)
    if opened is None:
        return 0
    conn, p = opened
    total = 0
    with closing(conn):
        while True:
            with conn:
                deleted = _execute(conn, f"DELETE FROM events WHERE id IN (SELECT id FROM events WHERE timestamp < {p} "
                                         f"LIMIT {p})", (before, batch)).rowcount
            total += deleted
            if deleted < batch:
                return total


def count_events(path: Path, sender_id: str) -> int:
    """How many events of one conversation are stored (0 without a database)."""
    opened = _open(path)
    if opened is None:
        return 0
    conn, p = opened
    with closing(conn):
        return _execute(conn, f"SELECT COUNT(*) FROM events WHERE sender_id = {p}", (sender_id,)).fetchone()[0]
