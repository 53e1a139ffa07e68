"""Knowledge-base versions in PostgreSQL for cluster mode (`BERUFSLOTSE_KB_DATABASE_URL`).

Each node reads its own SQLite file (bot/kb/switch.py); PostgreSQL holds every published version
(the file's bytes, their sha256 and the curated source files it was made from) and the pointer
to the current one. Without the setting everything works as before: `writing()` below is the
only place that chooses, and it then just takes the local writer lock.

With it, every write – `kb import`, `kb set`, `kb rollback`, the admin API and the console, all
of which go through bot/kb/maintenance.py – runs inside ONE PostgreSQL transaction:

1. a transaction-scoped advisory lock (one writer in the whole cluster at a time),
2. the current version is copied into a private work folder (database and source files),
3. the unchanged maintenance code validates and applies the change there,
4. the new file is stored as a version, the pointer moves and `NOTIFY berufslotse_kb` is sent,
5. COMMIT – then this node switches its file at once; the others on the notification
   (bot/kb/sync.py).

Anything that fails before the commit rolls everything back: pointer, versions and every node's
file stay as they were. bot/kb/versions.py publishes builds and moves the pointer back (rollback).
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import tempfile
import time
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Iterator

from bot.kb import switch
from bot.kb.history import CHANGE_LOG, KnowledgeBaseBusy, write_lock

logger = logging.getLogger(__name__)
URL_ENV = "BERUFSLOTSE_KB_DATABASE_URL"
CHANNEL = "berufslotse_kb"
LOCK_KEY = 0x42_4C_4B_42  # "BLKB": the cluster-wide writer lock

SCHEMA = """
CREATE TABLE IF NOT EXISTS kb_versions (
    id         bigserial PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    actor      text NOT NULL,
    comment    text NOT NULL DEFAULT '',
    parent     bigint REFERENCES kb_versions (id),
    sha256     char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size       integer NOT NULL,
    data       bytea NOT NULL,
    sources    jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS kb_current (
    only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    version    bigint NOT NULL REFERENCES kb_versions (id),
    moved_at   timestamptz NOT NULL DEFAULT now(),
    moved_by   text NOT NULL
);
CREATE TABLE IF NOT EXISTS kb_pointer_log (
    id         bigserial PRIMARY KEY,
    moved_at   timestamptz NOT NULL DEFAULT now(),
    version    bigint NOT NULL REFERENCES kb_versions (id),
    moved_by   text NOT NULL
);
"""


class ClusterWriteFailed(KnowledgeBaseBusy):
    """A write cannot be published now (PostgreSQL unreachable, no version yet); nothing changed.
    A KnowledgeBaseBusy, so the CLI, the admin API and the console report it like a held lock."""


class NoVersion(ClusterWriteFailed):
    """PostgreSQL holds no knowledge-base version yet."""


def database_url() -> str | None:
    """The PostgreSQL URL that switches the knowledge base into cluster mode, or None."""
    return os.environ.get(URL_ENV) or None


def connect(url: str):
    """A psycopg2 connection (libpq URL) with the version tables in place."""
    import psycopg2

    try:
        conn = psycopg2.connect(url, connect_timeout=10, application_name="berufslotse-kb")
    except psycopg2.OperationalError as exc:
        raise ClusterWriteFailed(f"Nichts wurde geändert: die Versionsdatenbank (PostgreSQL) ist nicht erreichbar "
                                 f"({str(exc).strip()}).") from exc
    with conn, conn.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY + 1,))  # nodes starting together
        cursor.execute(SCHEMA)
    return conn


@contextmanager
def writing(db: Path, sources_dir: Path) -> Iterator[tuple[Path, Path]]:
    """The one switch between a single machine and cluster mode for every knowledge-base write:
    yields the (database, curated files) the write is to change. Locally that is `db` and
    `sources_dir` under the writer lock; in cluster mode a work copy that is published when the
    write changed it (see the module docstring)."""
    from bot.kb.commit import recover_locked

    url = database_url()
    if url is None:
        with write_lock(db):
            recover_locked(db, sources_dir)
            yield db, sources_dir
        return
    with _published_write(url, db) as work:
        yield work


@contextmanager
def _published_write(url: str, live: Path) -> Iterator[tuple[Path, Path]]:
    import psycopg2

    live.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(url)
    try:
        with conn, conn.cursor() as cursor:  # one transaction: lock, read, store, move, notify
            lock_writers(cursor)
            found = head(cursor, with_data=True)
            if found is None:
                raise NoVersion("In PostgreSQL liegt noch keine Version der Wissensdatenbank – "
                                "zuerst `python -m bot kb publish` ausführen.")
            version, data, sources = found
            with tempfile.TemporaryDirectory(prefix="kb-work-", dir=live.parent) as folder:
                work_db, work_sources = Path(folder) / "kb.sqlite", Path(folder) / "sources"
                work_db.write_bytes(data)
                write_sources(work_sources, sources)
                before = _last_change(work_db)
                yield work_db, work_sources
                if _last_change(work_db) == before:
                    return  # dry run or nothing to change: the transaction ends without a new version
                actor, comment = _last_entry(work_db)
                new = store_version(cursor, switch.standalone_bytes(work_db), read_sources(work_sources),
                                    actor, comment, version)
        install_after_commit(conn, live, new)  # committed: this node switches now, the others on NOTIFY
    except psycopg2.Error as exc:
        raise ClusterWriteFailed(f"Nichts wurde geändert: PostgreSQL meldet einen Fehler ({str(exc).strip()}).") from exc
    finally:
        conn.close()


def lock_writers(cursor: Any) -> None:
    """Waits (BERUFSLOTSE_LOCK_WAIT, 30 s) for the cluster-wide writer lock, then fails clearly."""
    deadline = time.monotonic() + float(os.environ.get("BERUFSLOTSE_LOCK_WAIT", "30"))
    while True:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", (LOCK_KEY,))
        if cursor.fetchone()[0]:
            return
        if time.monotonic() >= deadline:
            raise KnowledgeBaseBusy("Die Wissensdatenbank wird gerade auf einem anderen Knoten geändert. "
                                    "Bitte später erneut versuchen.")
        time.sleep(0.05)


def head(cursor: Any, with_data: bool = False) -> tuple | None:
    """The current version: (id, sha256), or (id, bytes, sources) with `with_data`; None before the first publish."""
    columns = "v.id, v.sha256, v.data, v.sources" if with_data else "v.id, v.sha256"
    cursor.execute(f"SELECT {columns} FROM kb_current c JOIN kb_versions v ON v.id = c.version")
    row = cursor.fetchone()
    if row is None:
        return None
    return (row[0], bytes(row[2]), row[3]) if with_data else (row[0], row[1].strip())


def store_version(cursor: Any, data: bytes, sources: dict[str, str], actor: str, comment: str,
                  parent: int | None) -> int:
    """Inserts a version, moves the pointer to it and queues the notification (sent at COMMIT)."""
    cursor.execute("INSERT INTO kb_versions (actor, comment, parent, sha256, size, data, sources) "
                   "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                   (actor, comment, parent, switch.sha256(data), len(data), data, json.dumps(sources)))
    version = cursor.fetchone()[0]
    move_pointer(cursor, version, actor)
    return version


def move_pointer(cursor: Any, version: int, actor: str) -> None:
    """Points `kb_current` at `version`, logs the move and queues NOTIFY (delivered at COMMIT only)."""
    cursor.execute("INSERT INTO kb_current (only_row, version, moved_by) VALUES (true, %s, %s) "
                   "ON CONFLICT (only_row) DO UPDATE SET version = EXCLUDED.version, moved_at = now(), "
                   "moved_by = EXCLUDED.moved_by", (version, actor))
    cursor.execute("INSERT INTO kb_pointer_log (version, moved_by) VALUES (%s, %s)", (version, actor))
    cursor.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(version)))


def _last_change(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(f"SELECT coalesce(max(id), 0) FROM {CHANGE_LOG}").fetchone()[0]


def _last_entry(db: Path) -> tuple[str, str]:
    """Who made the write that is being published, and their comment (from the change log)."""
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute(f"SELECT actor, comment FROM {CHANGE_LOG} ORDER BY id DESC LIMIT 1").fetchone()
    return (row[0] or "unbekannt", row[1] or "") if row else ("unbekannt", "")


def read_sources(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def write_sources(folder: Path, sources: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in sources.items():
        if Path(name).name != name or name.startswith("."):
            raise ValueError(f"Ungültiger Dateiname in einer gespeicherten Version: {name!r}")
        (folder / name).write_text(text, encoding="utf-8")


# --- the pointer and this node's file ------------------------------------------------------------

def current(conn: Any) -> tuple[int, str] | None:
    """(version, sha256) the pointer names, or None before the first publish."""
    with conn.cursor() as cursor:
        return head(cursor)


def install_after_commit(conn: Any, live: Path, version: int) -> None:
    """Switches this node right after a committed publish. The version is live in the cluster
    already, so a local failure is only logged: this node's sync agent retries it."""
    try:
        install(conn, live, version)
    except Exception as exc:  # noqa: BLE001 – must not report a committed write as failed
        logger.warning("Version v%s ist veröffentlicht, aber %s konnte noch nicht umgestellt werden (%s); "
                       "der Abgleich holt das nach.", version, live, exc)


def install(conn: Any, live: Path, version: int) -> Path:
    """Fetches one version, verifies its checksum and switches this node's file to it."""
    with conn.cursor() as cursor:
        cursor.execute("SELECT data, sha256 FROM kb_versions WHERE id = %s", (version,))
        row = cursor.fetchone()
    conn.rollback()  # end the read transaction: the connection may be listening (autocommit off)
    if row is None:
        raise NoVersion(f"Version v{version} fehlt in PostgreSQL.")
    with write_lock(live):  # never while a local build/write of the same path runs
        return switch.install(live, version, bytes(row[0]), row[1].strip())
