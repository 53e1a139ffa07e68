"""Turns the curated files into the SQLite knowledge base.

The new database is written to a temporary file first and then copied over the live one
in a single SQLite backup step, so a running bot (WAL readers) sees either the old or the
new data, never half of it; a build with validation errors writes nothing."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.kb.history import CHANGE_LOG, create_change_log, keep_backup, write_lock
from bot.kb.loader import load_all
from bot.kb.schema import SQLITE_TYPES, TABLES, TABLES_BY_NAME
from bot.kb.validate import validate_rows

SCHEMA_VERSION = "1"


@dataclass(frozen=True)
class BuildResult:
    path: Path
    row_counts: dict[str, int]
    content_hash: str


def _sort_key(pk: tuple[str, ...]):
    return lambda row: tuple("" if row.get(c) is None else str(row.get(c)).zfill(6) for c in pk)


def content_hash(tables: dict[str, list[dict[str, Any]]]) -> str:
    canonical = json.dumps({t: sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)
                            for t, rows in sorted(tables.items())}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def write_tables(db: sqlite_utils.Database, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Creates every schema table (in dependency order) and inserts its rows sorted by key."""
    for table in TABLES:
        foreign_keys = [(c.name, c.ref, TABLES_BY_NAME[c.ref].pk[0])
                        for c in table.columns if c.ref and c.ref != table.name]
        db[table.name].create(
            {c.name: SQLITE_TYPES[c.kind] for c in table.columns},
            pk=table.pk[0] if len(table.pk) == 1 else table.pk,
            not_null={c.name for c in table.columns if c.required},
            foreign_keys=foreign_keys,
        )
        rows = sorted(tables.get(table.name, []), key=_sort_key(table.pk))
        db[table.name].insert_all(rows)
        for index in table.indexes:
            db[table.name].create_index(list(index))


def build(source_dir: Path, target: Path) -> BuildResult:
    from bot.kb.commit import recover

    recover(target, source_dir)  # an interrupted maintenance write is finished or undone before the files are read
    tables = validate_rows(load_all(source_dir))  # raises before anything is written
    digest = content_hash(tables)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.build-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    with write_lock(target):
        try:
            with closing(sqlite3.connect(tmp)) as conn:
                conn.execute("PRAGMA journal_mode=WAL")
                db = sqlite_utils.Database(conn)
                write_tables(db, tables)
                db["kb_meta"].insert_all(
                    [{"key": "schema_version", "value": SCHEMA_VERSION}, {"key": "content_hash", "value": digest}],
                    pk="key")
                create_change_log(db)
                if target.exists():
                    _carry_change_log(conn, target)
                conn.commit()
            if target.exists():
                keep_backup(target)
                _copy_into(tmp, target)
            else:
                os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    return BuildResult(target, {name: len(rows) for name, rows in tables.items()}, digest)


def _carry_change_log(conn: sqlite3.Connection, target: Path) -> None:
    """The change history outlives rebuilds: it is the audit trail of the live database."""
    conn.execute("ATTACH DATABASE ? AS live", (str(target),))
    try:
        exists = conn.execute("SELECT 1 FROM live.sqlite_master WHERE name = ?", (CHANGE_LOG,)).fetchone()
        if exists:
            conn.execute(f"INSERT INTO {CHANGE_LOG} SELECT * FROM live.{CHANGE_LOG}")
        conn.commit()
    finally:
        conn.execute("DETACH DATABASE live")


def _copy_into(source: Path, target: Path) -> None:
    """Replaces the live database's content in one write transaction (atomic for WAL readers)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target, timeout=30)) as dst:
        src.backup(dst, pages=-1)
