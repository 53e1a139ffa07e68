"""One write to the live salary figures: the database rows, the change log and the curated
data/kb/salary_figures.csv change together or not at all.

Inside one SQLite transaction the rows and the change log are written, the new CSV is rendered
from that transaction's view and swapped in atomically (temp file + fsync + os.replace) after a
journal with the old file was written; only then does the transaction commit. A failure before
the commit rolls the database back and puts the old CSV back. A crash between swap and commit
leaves the journal behind, and `recover()` – run before every write, every build and when
`python -m bot serve` starts – either drops it (the batch is in the change log) or restores the
old file. Callers of `apply_changes` hold the write lock (bot.kb.history.write_lock)."""
from __future__ import annotations

import base64
import csv
import io
import json
import os
import secrets
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.kb.history import CHANGE_LOG, write_lock
from bot.kb.loader import CSV_DELIMITER
from bot.kb.schema import TABLES_BY_NAME

if TYPE_CHECKING:
    from bot.kb.maintenance import Change

TABLE = "salary_figures"
COLUMNS = TABLES_BY_NAME[TABLE].column_names
CSV_FILE = "salary_figures.csv"


def rows(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """Every salary figure visible to `conn` (inside a transaction: including its own writes)."""
    cursor = conn.execute(f"SELECT * FROM {TABLE}")
    names = [d[0] for d in cursor.description]
    return {r[names.index("id")]: {c: r[names.index(c)] for c in COLUMNS} for r in cursor}


def apply_changes(db: Path, sources_dir: Path, changes: list[Change], actor: str, comment: str, action: str | None = None) -> str:
    """Writes `changes` (logged under one new batch id) and the CSV together; returns the batch id.
    Raises WriteFailed (nothing changed) when the CSV cannot be written."""
    batch = time.strftime("%Y%m%d%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)
    at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    path = sources_dir / CSV_FILE
    old = path.read_bytes() if path.exists() else None  # bytes: a restore gives back the exact file (BOM, CRLF)
    journaled = swapped = False
    with closing(sqlite3.connect(db, timeout=30, isolation_level=None)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for change in changes:
                if change.new is None:
                    conn.execute(f"DELETE FROM {TABLE} WHERE id = ?", (change.key,))
                else:
                    placeholders = ", ".join("?" for _ in COLUMNS)
                    conn.execute(f"INSERT OR REPLACE INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({placeholders})",
                                 [change.new.get(c) for c in COLUMNS])
                conn.execute(
                    f"INSERT INTO {CHANGE_LOG} (at, actor, action, table_name, row_key, old, new, source, comment, batch) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (at, actor, action or change.action, TABLE, change.key,
                     json.dumps(change.old, ensure_ascii=False) if change.old is not None else None,
                     json.dumps(change.new, ensure_ascii=False) if change.new is not None else None,
                     (change.new or change.old or {}).get("source"), comment, batch))
            text = render_csv(rows(conn), old.decode("utf-8", "replace") if old is not None else None)
            _write_journal(path, batch, old)
            journaled = True
            _atomic_write(path, text.encode("utf-8"))
            swapped = True
            _commit(conn)
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if swapped:
                _restore(path, old)  # should this fail too, the journal stays and recover() finishes it
            elif journaled:
                _journal(path).unlink(missing_ok=True)  # os.replace is atomic: the old file is still in place
            if isinstance(exc, OSError):
                raise WriteFailed(f"Nichts wurde geändert: {path} konnte nicht geschrieben werden ({exc}). "
                                  "Datenbank und Dateien sind unverändert.") from exc
            raise
    _journal(path).unlink(missing_ok=True)
    return batch


class WriteFailed(RuntimeError):
    """The curated file could not be written; the database was rolled back, nothing changed."""


def _commit(conn: sqlite3.Connection) -> None:
    conn.execute("COMMIT")


def _journal(path: Path) -> Path:
    return path.with_name(f".{path.name}.journal")


def _write_journal(path: Path, batch: str, old: bytes | None) -> None:
    entry = {"batch": batch, "old": base64.b64encode(old).decode("ascii") if old is not None else None}
    _atomic_write(_journal(path), json.dumps(entry).encode("utf-8"))


def _restore(path: Path, old: bytes | None) -> None:
    if old is None:
        path.unlink(missing_ok=True)
    else:
        _atomic_write(path, old)
    _journal(path).unlink(missing_ok=True)


def _atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same folder, flushed to disk, then renamed over the target."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def recover(db: Path, sources_dir: Path) -> str | None:
    """Repairs a write that a crash interrupted between swapping the CSV and committing: if the
    change was committed, the journal is dropped; otherwise the old CSV is put back. Returns a
    message when something was repaired, else None."""
    if not _journal(sources_dir / CSV_FILE).exists():
        return None
    with write_lock(db):
        return recover_locked(db, sources_dir)


def recover_locked(db: Path, sources_dir: Path) -> str | None:
    path = sources_dir / CSV_FILE
    journal = _journal(path)
    if not journal.exists():
        return None
    try:
        entry = json.loads(journal.read_text(encoding="utf-8"))
        batch = entry["batch"]
        old = base64.b64decode(entry["old"]) if entry["old"] is not None else None
    except (ValueError, KeyError, TypeError):
        journal.unlink(missing_ok=True)  # written atomically, so only a foreign file can be unreadable
        return f"Unlesbares Journal {journal.name} entfernt."
    committed = False
    if db.exists():
        with closing(sqlite3.connect(db, timeout=30)) as conn:
            committed = conn.execute(f"SELECT 1 FROM {CHANGE_LOG} WHERE batch = ? LIMIT 1", (batch,)).fetchone() is not None
    if committed:
        journal.unlink(missing_ok=True)
        return f"Änderung {batch} war vollständig gespeichert; Journal aufgeräumt."
    _restore(path, old)
    return f"Unterbrochene Änderung {batch} zurückgenommen: {path.name} wieder wie vorher."


def render_csv(figures: dict[str, dict[str, Any]], previous: str | None) -> str:
    """The CSV for `rows`, keeping the previous file's row order (new rows at the end) so a
    review diff shows exactly what changed."""
    previous = (previous or "").lstrip("\ufeff")
    order = [record.get("id") for record in csv.DictReader(io.StringIO(previous), delimiter=CSV_DELIMITER)] if previous else []
    ids = [i for i in order if i in figures] + sorted(set(figures) - set(order))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\n")
    writer.writerow(COLUMNS)
    for key in ids:
        writer.writerow([cell(figures[key].get(c)) for c in COLUMNS])
    return buffer.getvalue()


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".replace(".", ",")
    return str(value)
