"""Putting a distributed knowledge-base version in place on one node (cluster mode).

Every version is its own read-only file `kb-versions/<version>-<sha256[:12]>.sqlite` beside the
live path, and the live path (`var/kb.sqlite`, `BERUFSLOTSE_KB`) becomes a symbolic link to the
current one. A switch writes the verified bytes to a temp file (fsync), checks that SQLite can
read it, renames it into place and then replaces the link with one `os.replace` – so a reader
opens either the old or the new version, never a half-written file. `KnowledgeBase` (queries.py)
notices the new inode at its next query and reopens. A separate file per version also keeps
SQLite's side files apart: SQLite resolves the link, so a `-wal`/`-shm` left by readers of one
version can never be read as part of another (which a plain file swap under one name risks).

No PostgreSQL here: bot/kb/distribution.py fetches the bytes, this module verifies and installs.
"""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

VERSIONS_DIR = "kb-versions"
KEEP_VERSION_FILES = 5
_NAME = re.compile(r"^(\d+)-([0-9a-f]{12})\.sqlite$")


class ChecksumMismatch(ValueError):
    """The fetched bytes are not the version that was stored: nothing was switched."""


@dataclass(frozen=True)
class Installed:
    """The version a node's live path points to."""

    version: int
    sha256_prefix: str
    path: Path


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verify(data: bytes, expected_sha256: str) -> None:
    """Raises ChecksumMismatch unless `data` hashes to `expected_sha256`."""
    actual = sha256(data)
    if actual != expected_sha256:
        raise ChecksumMismatch(f"Prüfsumme stimmt nicht: erwartet {expected_sha256[:12]}…, erhalten {actual[:12]}… "
                               "– die Wissensdatenbank bleibt unverändert.")


def versions_dir(live: Path) -> Path:
    return live.parent / VERSIONS_DIR


def installed(live: Path) -> Installed | None:
    """Which distributed version `live` points to (None: a plain file or nothing yet)."""
    if not live.is_symlink():
        return None
    target = Path(os.readlink(live))
    match = _NAME.match(target.name)
    if not match:
        return None
    path = target if target.is_absolute() else live.parent / target
    return Installed(int(match.group(1)), match.group(2), path) if path.exists() else None


def install(live: Path, version: int, data: bytes, expected_sha256: str) -> Path:
    """Verifies `data` and makes it the live knowledge base in one atomic step; returns the
    version file. Raises ChecksumMismatch or sqlite3.DatabaseError (nothing switched)."""
    verify(data, expected_sha256)
    folder = versions_dir(live)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{version}-{expected_sha256[:12]}.sqlite"
    if not (final.exists() and sha256(final.read_bytes()) == expected_sha256):
        tmp = folder / f".{final.name}.tmp-{os.getpid()}"
        try:
            with tmp.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            _check_readable(tmp)
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
    link = live.with_name(f".{live.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    os.symlink(os.path.join(VERSIONS_DIR, final.name), link)
    os.replace(link, live)  # the switch: readers see the old or the new version, nothing in between
    _fsync_dir(live.parent)
    prune(live)
    return final


def _check_readable(path: Path) -> None:
    """A file that SQLite cannot open as a healthy database is never switched to."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise sqlite3.DatabaseError(f"Wissensdatenbank-Version ist beschädigt: {result}")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prune(live: Path, keep: int = KEEP_VERSION_FILES) -> list[Path]:
    """Deletes all but the newest `keep` version files (never the live one); a reader that still
    has an old file open keeps reading it until it reopens."""
    current = installed(live)
    files = sorted((p for p in versions_dir(live).glob("*.sqlite") if _NAME.match(p.name)),
                   key=lambda p: int(_NAME.match(p.name).group(1)))
    removed = []
    for path in files[:-keep] if keep > 0 else files:
        if current is not None and path.name == current.path.name:
            continue
        for side in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            side.unlink(missing_ok=True)
        removed.append(path)
    return removed


def standalone_bytes(db: Path) -> bytes:
    """The database as one self-contained file in rollback-journal mode (no `-wal` needed):
    what is stored and distributed. `db` itself is not changed."""
    tmp = db.with_name(f".{db.name}.export-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(db, timeout=30)) as src, closing(sqlite3.connect(tmp)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        return tmp.read_bytes()
    finally:
        tmp.unlink(missing_ok=True)
