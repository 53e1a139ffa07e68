"""Operating the knowledge-base versions in cluster mode: publish a build of the curated files,
list versions, move the pointer back (rollback) and write a version's curated files out.
The transaction, pointer and switch themselves are in bot/kb/distribution.py."""
from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from bot.kb import distribution, switch
from bot.kb.history import CHANGE_LOG


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


def publish(url: str, live: Path, sources_dir: Path, actor: str, comment: str = "") -> int | None:
    """`kb publish`: builds the knowledge base from `sources_dir` (keeping the change log of the
    current version) and makes it the current version. Returns the version, or None when the
    built file equals the current one."""
    from bot.kb.build import build

    live.parent.mkdir(parents=True, exist_ok=True)
    conn = distribution.connect(url)
    try:
        with conn, conn.cursor() as cursor:
            distribution.lock_writers(cursor)
            head = distribution.head(cursor, with_data=True)
            with tempfile.TemporaryDirectory(prefix="kb-publish-", dir=live.parent) as folder:
                target = Path(folder) / "kb.sqlite"
                if head is not None:
                    target.write_bytes(head[1])  # build() carries this file's change log over
                build(sources_dir, target)
                data = switch.standalone_bytes(target)
                if head is not None and _same_content(Path(folder), head[1], data):
                    version = None
                else:
                    version = distribution.store_version(cursor, data, distribution.read_sources(sources_dir), actor,
                                                         comment or "kb publish", head[0] if head else None)
        if version is not None:
            distribution.install_after_commit(conn, live, version)
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
    conn = distribution.connect(url)
    try:
        with conn, conn.cursor() as cursor:
            distribution.lock_writers(cursor)
            cursor.execute("SELECT 1 FROM kb_versions WHERE id = %s", (version,))
            if cursor.fetchone() is None:
                raise ValueError(f"Version v{version} gibt es nicht – `python -m bot kb versions` zeigt alle.")
            distribution.move_pointer(cursor, version, actor)
        distribution.install_after_commit(conn, live, version)
    finally:
        conn.close()


def versions(url: str, limit: int = 20) -> list[Version]:
    """The newest `limit` published versions, the current one marked."""
    conn = distribution.connect(url)
    try:
        with conn, conn.cursor() as cursor:
            cursor.execute("SELECT v.id, to_char(v.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                           "v.actor, v.comment, v.sha256, v.size, v.id = c.version FROM kb_versions v "
                           "LEFT JOIN kb_current c ON true ORDER BY v.id DESC LIMIT %s", (limit,))
            return [Version(r[0], r[1], r[2], r[3], r[4].strip(), r[5], bool(r[6])) for r in cursor.fetchall()]
    finally:
        conn.close()


def export_sources(url: str, version: int | None, out: Path) -> int:
    """Writes the curated files of a version (default: the current one) to `out`, e.g. for review."""
    conn = distribution.connect(url)
    try:
        with conn, conn.cursor() as cursor:
            if version is None:
                head = distribution.head(cursor)
                if head is None:
                    raise distribution.NoVersion("In PostgreSQL liegt noch keine Version der Wissensdatenbank.")
                version = head[0]
            cursor.execute("SELECT sources FROM kb_versions WHERE id = %s", (version,))
            row = cursor.fetchone()
        if row is None:
            raise ValueError(f"Version v{version} gibt es nicht.")
        distribution.write_sources(out, row[0])
        return version
    finally:
        conn.close()
