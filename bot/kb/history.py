"""Safety around every write to the live knowledge base: one writer at a time,
a backup copy before each write, and the change log that `kb history` reads."""
from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Iterator

import sqlite_utils

CHANGE_LOG = "change_log"
KEEP_BACKUPS = 20


class KnowledgeBaseBusy(RuntimeError):
    """Another build or import holds the write lock."""


@contextmanager
def write_lock(target: Path, wait_seconds: float | None = None) -> Iterator[None]:
    """Serialises writers across processes; a second writer waits, then fails clearly."""
    if wait_seconds is None:
        wait_seconds = float(os.environ.get("BERUFSLOTSE_LOCK_WAIT", "30"))
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.with_name(target.name + ".lock")
    with lock_path.open("a") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise KnowledgeBaseBusy(
                        f"Die Wissensdatenbank {target} wird gerade von einem anderen Vorgang geändert. "
                        "Bitte später erneut versuchen.") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def keep_backup(target: Path) -> Path:
    """Copies the live database (consistently, via SQLite's backup API) before it changes."""
    backups = target.parent / "backups"
    backups.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + f"-{time.time_ns() % 1_000_000_000:09d}"
    copy = backups / f"{target.stem}-{stamp}.sqlite"
    with closing(sqlite3.connect(target, timeout=30)) as src, closing(sqlite3.connect(copy)) as dst:
        src.backup(dst)
    for old in sorted(backups.glob(f"{target.stem}-*.sqlite"))[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return copy


def create_change_log(db: sqlite_utils.Database) -> None:
    db[CHANGE_LOG].create(
        {"id": int, "at": str, "actor": str, "action": str, "table_name": str, "row_key": str,
         "old": str, "new": str, "source": str, "comment": str, "batch": str},
        pk="id", not_null={"at", "actor", "action"}, if_not_exists=True)
