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
file stay as they were. `activate()` moves the pointer to an earlier version (and notifies).
"""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from bot.kb import switch
from bot.kb.history import CHANGE_LOG, KnowledgeBaseBusy, write_lock

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


@dataclass(frozen=True)
class Version:
    id: int
    created_at: str
    actor: str
    comment: str
    sha256: str
    size: int
    current: bool = False

    def describe(self) -> str:
        return (f"{'*' if self.current else ' '} v{self.id} {self.created_at} {self.actor} "
                f"{self.sha256[:12]} ({self.size // 1024} KiB){' – ' + self.comment if self.comment else ''}")


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

    conn = connect(url)
    try:
        with conn, conn.cursor() as cursor:  # one transaction: lock, read, store, move, notify
            _lock(cursor)
            head = _current(cursor, with_data=True)
            if head is None:
                raise NoVersion("In PostgreSQL liegt noch keine Version der Wissensdatenbank – "
                                "zuerst `python -m bot kb publish` ausführen.")
            version, data, sources = head
            with tempfile.TemporaryDirectory(prefix="kb-work-", dir=live.parent) as folder:
                work_db, work_sources = Path(folder) / "kb.sqlite", Path(folder) / "sources"
                work_db.write_bytes(data)
                _write_sources(work_sources, sources)
                before = _last_change(work_db)
                yield work_db, work_sources
                if _last_change(work_db) == before:
                    return  # dry run or nothing to change: the transaction ends without a new version
                actor, comment = _last_entry(work_db)
                new = _store(cursor, switch.standalone_bytes(work_db), _read_sources(work_sources), actor, comment, version)
        install(conn, live, new)  # committed: this node switches now, the others on NOTIFY
    except psycopg2.Error as exc:
        raise ClusterWriteFailed(f"Nichts wurde geändert: PostgreSQL meldet einen Fehler ({str(exc).strip()}).") from exc
    finally:
        conn.close()


def _lock(cursor: Any) -> None:
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


def _current(cursor: Any, with_data: bool = False) -> tuple | None:
    columns = "v.id, v.sha256, v.data, v.sources" if with_data else "v.id, v.sha256"
    cursor.execute(f"SELECT {columns} FROM kb_current c JOIN kb_versions v ON v.id = c.version")
    row = cursor.fetchone()
    if row is None:
        return None
    return (row[0], bytes(row[2]), row[3]) if with_data else (row[0], row[1].strip())


def _store(cursor: Any, data: bytes, sources: dict[str, str], actor: str, comment: str, parent: int | None) -> int:
    """Inserts a version, moves the pointer to it and queues the notification (sent at COMMIT)."""
    cursor.execute("INSERT INTO kb_versions (actor, comment, parent, sha256, size, data, sources) "
                   "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                   (actor, comment, parent, switch.sha256(data), len(data), data, json.dumps(sources)))
    version = cursor.fetchone()[0]
    _point(cursor, version, actor)
    return version


def _point(cursor: Any, version: int, actor: str) -> None:
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


def _read_sources(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def _write_sources(folder: Path, sources: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in sources.items():
        if Path(name).name != name or name.startswith("."):
            raise ValueError(f"Ungültiger Dateiname in einer gespeicherten Version: {name!r}")
        (folder / name).write_text(text, encoding="utf-8")


# --- publishing, pointer, reading ----------------------------------------------------------------

def publish(url: str, live: Path, sources_dir: Path, actor: str, comment: str = "") -> int | None:
    """`kb publish`: builds the knowledge base from `sources_dir` (keeping the change log of the
    current version) and makes it the current version. Returns the version, or None when the
    built file equals the current one."""
    from bot.kb.build import build

    conn = connect(url)
    try:
        with conn, conn.cursor() as cursor:
            _lock(cursor)
            head = _current(cursor, with_data=True)
            with tempfile.TemporaryDirectory(prefix="kb-publish-", dir=live.parent) as folder:
                target = Path(folder) / "kb.sqlite"
                if head is not None:
                    target.write_bytes(head[1])  # build() carries this file's change log over
                build(sources_dir, target)
                data = switch.standalone_bytes(target)
                if head is not None and _same_content(Path(folder), head[1], data):
                    version = None
                else:
                    version = _store(cursor, data, _read_sources(sources_dir), actor, comment or "kb publish",
                                     head[0] if head else None)
        if version is not None:
            install(conn, live, version)
        return version
    finally:
        conn.close()


def _same_content(folder: Path, old: bytes, new: bytes) -> bool:
    """Equal kb_meta content hash and change log: the rebuild changed nothing."""
    def meta(data: bytes, name: str) -> tuple:
        path = folder / name
        path.write_bytes(data)
        with closing(sqlite3.connect(path)) as conn:
            return (conn.execute("SELECT value FROM kb_meta WHERE key = 'content_hash'").fetchone(),
                    conn.execute(f"SELECT count(*), max(id) FROM {CHANGE_LOG}").fetchone())
    return meta(old, "old.sqlite") == meta(new, "new.sqlite")


def activate(url: str, live: Path, version: int, actor: str) -> None:
    """Moves the pointer to an existing (earlier) version and notifies every node."""
    conn = connect(url)
    try:
        with conn, conn.cursor() as cursor:
            _lock(cursor)
            cursor.execute("SELECT 1 FROM kb_versions WHERE id = %s", (version,))
            if cursor.fetchone() is None:
                raise ValueError(f"Version v{version} gibt es nicht – `python -m bot kb versions` zeigt alle.")
            _point(cursor, version, actor)
        install(conn, live, version)
    finally:
        conn.close()


def versions(url: str, limit: int = 20) -> list[Version]:
    conn = connect(url)
    try:
        with conn, conn.cursor() as cursor:
            cursor.execute("SELECT v.id, to_char(v.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                           "v.actor, v.comment, v.sha256, v.size, v.id = c.version FROM kb_versions v "
                           "LEFT JOIN kb_current c ON true ORDER BY v.id DESC LIMIT %s", (limit,))
            return [Version(r[0], r[1], r[2], r[3], r[4].strip(), r[5], bool(r[6])) for r in cursor.fetchall()]
    finally:
        conn.close()


def current(conn: Any) -> tuple[int, str] | None:
    """(version, sha256) the pointer names, or None before the first publish."""
    with conn.cursor() as cursor:
        return _current(cursor)


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


def export_sources(url: str, version: int | None, out: Path) -> int:
    """Writes the curated files of a version (default: the current one) to `out`, e.g. for review."""
    conn = connect(url)
    try:
        with conn, conn.cursor() as cursor:
            if version is None:
                head = _current(cursor)
                if head is None:
                    raise NoVersion("In PostgreSQL liegt noch keine Version der Wissensdatenbank.")
                version = head[0]
            cursor.execute("SELECT sources FROM kb_versions WHERE id = %s", (version,))
            row = cursor.fetchone()
        if row is None:
            raise ValueError(f"Version v{version} gibt es nicht.")
        _write_sources(out, row[0])
        return version
    finally:
        conn.close()
