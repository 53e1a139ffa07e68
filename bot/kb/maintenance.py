"""Live maintenance of salary figures: import (with dry run), single-value set, history and
rollback. Every write is all-or-nothing, takes the writer lock, keeps a backup copy, is logged
in change_log, and changes data/kb/salary_figures.csv in the same step as the database (one
transaction, atomic file swap, journal + `recover()` for a crash in between), so the reviewed
source of truth and the live database never drift apart. The running bot sees a change at its next
query (WAL); nothing is retrained or restarted. In cluster mode (`BERUFSLOTSE_KB_DATABASE_URL`) the
same writes run on a work copy and are published as a new version in PostgreSQL
(bot/kb/distribution.py `writing`)."""
from __future__ import annotations

import csv
import getpass
import io
import json
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.kb.commit import COLUMNS, TABLE, apply_changes, cell, rows
from bot.kb.distribution import writing
from bot.kb.history import CHANGE_LOG, keep_backup
from bot.kb.loader import CSV_DELIMITER, LINE, Origin, Row, SourceFileError, load_all, parse_yaml, read_csv
from bot.kb.schema import TABLES_BY_NAME
from bot.kb.validate import Problem, ValidationFailed, validate_rows




@dataclass
class Change:
    key: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None

    @property
    def action(self) -> str:
        return "add" if self.old is None else "delete" if self.new is None else "update"

    def describe(self) -> str:
        if self.old is None:
            return f"+ {self.key}: neu ({_short(self.new)})"
        if self.new is None:
            return f"- {self.key}: entfernt"
        diffs = [f"{c}: {_fmt(self.old.get(c))} → {_fmt(self.new.get(c))}" for c in COLUMNS if self.old.get(c) != self.new.get(c)]
        return f"~ {self.key}: " + "; ".join(diffs)


@dataclass
class ImportResult:
    changes: list[Change]
    unchanged: int
    applied: bool
    batch: str | None = None
    messages: list[str] = field(default_factory=list)

    def report(self) -> str:
        added = sum(c.action == "add" for c in self.changes)
        updated = sum(c.action == "update" for c in self.changes)
        lines = [c.describe() for c in self.changes]
        head = (f"{'Übernommen' if self.applied else 'Probelauf – nichts geändert'}: "
                f"{added} neu, {updated} geändert, {self.unchanged} unverändert")
        return "\n".join([head, *lines])


def _fmt(value: Any) -> str:
    return "leer" if value in (None, "") else str(value)


def _short(row: dict[str, Any] | None) -> str:
    row = row or {}
    return f"{row.get('occupation')}/{row.get('stage')} {_fmt(row.get('amount_min'))}–{_fmt(row.get('amount_max'))} {row.get('period')}"


def actor_name() -> str:
    try:
        return os.environ.get("BERUFSLOTSE_ACTOR") or getpass.getuser()
    except Exception:  # noqa: BLE001 – no login name in some containers
        return "unbekannt"


# --- reading import files --------------------------------------------------------------

def read_import_file(path: Path) -> list[Row]:
    """CSV (semicolon, as in data/kb) or YAML (a list of rows, or {salary_figures: [...]})."""
    if not path.is_file():
        raise ValidationFailed([Problem(Origin(path.name, 0), None, "Datei nicht gefunden")])
    if path.suffix.lower() in (".yml", ".yaml"):
        try:
            data = parse_yaml(path.read_text(encoding="utf-8"), path.name)
        except SourceFileError as exc:
            raise ValidationFailed([Problem(Origin(path.name, 0), None, str(exc))]) from None
        items = data.get(TABLE) if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise ValidationFailed([Problem(Origin(path.name, 1), None, f"erwartet eine Liste von Zeilen oder '{TABLE}:'")])
        rows = []
        for item in items:
            if not isinstance(item, dict):
                raise ValidationFailed([Problem(Origin(path.name, 0), None, f"Eintrag ist keine Zuordnung: {item!r}")])
            values = {k: v for k, v in item.items() if k != LINE}
            rows.append(Row(TABLE, values, Origin(path.name, item.get(LINE, 0))))
        return rows
    if path.suffix.lower() != ".csv":
        raise ValidationFailed([Problem(Origin(path.name, 0), None, "nur .csv, .yml oder .yaml werden unterstützt")])
    rows = []
    for line, record in read_csv(path):
        values = {k: v for k, v in record.items() if k is not None}
        if None in record:
            values["__extra__"] = record[None]
        rows.append(Row(TABLE, values, Origin(path.name, line)))
    if not rows:
        raise ValidationFailed([Problem(Origin(path.name, 1), None, "keine Datenzeilen gefunden")])
    return rows


# --- the live table -----------------------------------------------------------------------

def current_rows(db: Path) -> dict[str, dict[str, Any]]:
    """Every salary figure in the database, by id."""
    with closing(sqlite3.connect(db)) as conn:
        return rows(conn)


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    """DB values (REAL amounts) and freshly validated values compare equal."""
    out = {}
    for c in COLUMNS:
        v = values.get(c)
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        out[c] = v
    return out


def plan(db: Path, sources_dir: Path, incoming: list[Row]) -> tuple[list[Change], int]:
    """Validates the table as it would be after the import and returns the changes.
    Raises ValidationFailed (naming file, row and column) when anything is wrong."""
    problems: list[Problem] = []
    seen: dict[str, Origin] = {}
    for row in incoming:
        key = str(row.values.get("id") or "").strip()
        if key in seen:
            problems.append(Problem(row.origin, "id", f"Schlüssel '{key}' ist doppelt (schon in {seen[key]})"))
        seen[key] = row.origin
    if problems:
        raise ValidationFailed(problems)
    live = current_rows(db)
    incoming_ids = {str(r.values.get("id") or "").strip() for r in incoming}
    kept = [Row(TABLE, dict(values), Origin("Datenbank", 0)) for key, values in live.items() if key not in incoming_ids]
    others = [r for r in load_all(sources_dir) if r.table != TABLE]
    typed = validate_rows(others + kept + incoming)[TABLE]
    after = {r["id"]: _normalise(r) for r in typed}
    changes = [Change(key, _normalise(live[key]) if key in live else None, after[key])
               for key in sorted(incoming_ids) if key not in live or _normalise(live[key]) != after[key]]
    return changes, len(incoming_ids) - len(changes)


# --- commands -------------------------------------------------------------------------------

def import_file(db: Path, sources_dir: Path, path: Path, dry_run: bool, actor: str, comment: str = "") -> ImportResult:
    incoming = read_import_file(path)
    with writing(db, sources_dir) as (db, sources_dir):
        changes, unchanged = plan(db, sources_dir, incoming)
        if dry_run or not changes:
            return ImportResult(changes, unchanged, applied=False)
        keep_backup(db)
        batch = apply_changes(db, sources_dir, changes, actor, comment or f"Import {path.name}")
    return ImportResult(changes, unchanged, applied=True, batch=batch)


def set_value(db: Path, sources_dir: Path, figure_id: str, assignments: dict[str, str], actor: str, comment: str = "",
              dry_run: bool = False) -> ImportResult:
    unknown = [c for c in assignments if c not in COLUMNS or c == "id"]
    if unknown:
        raise ValidationFailed([Problem(Origin("kb set", 0), unknown[0],
                                        f"unbekannte oder nicht änderbare Spalte; erlaubt: {', '.join(COLUMNS[1:])}")])
    with writing(db, sources_dir) as (db, sources_dir):  # the row is read under the lock: no write slips in between
        live = current_rows(db)
        if figure_id not in live:
            raise ValidationFailed([Problem(Origin("kb set", 0), "id", f"Gehaltszahl '{figure_id}' gibt es nicht")])
        row = Row(TABLE, {**live[figure_id], **assignments}, Origin("kb set", 0))
        changes, unchanged = plan(db, sources_dir, [row])
        if dry_run or not changes:
            return ImportResult(changes, unchanged, applied=False)
        keep_backup(db)
        batch = apply_changes(db, sources_dir, changes, actor, comment or "kb set")
    return ImportResult(changes, unchanged, applied=True, batch=batch)


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: str
    actor: str
    action: str
    row_key: str
    old: dict | None
    new: dict | None
    source: str | None
    comment: str | None
    batch: str | None

    def describe(self) -> str:
        change = Change(self.row_key, self.old, self.new)
        text = change.describe()[2:] if self.action != "rollback" else "Rücknahme: " + change.describe()[2:]
        return (f"#{self.id} {self.at} {self.actor} [{self.action}] {text}"
                + (f" (Quelle: {self.source})" if self.source else "") + (f" – {self.comment}" if self.comment else ""))


def history(db: Path, limit: int = 20) -> list[HistoryEntry]:
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(f"SELECT id, at, actor, action, row_key, old, new, source, comment, batch FROM {CHANGE_LOG} "
                            "ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
    return [HistoryEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]) if r[5] else None,
                         json.loads(r[6]) if r[6] else None, r[7], r[8], r[9]) for r in rows]


def rollback(db: Path, sources_dir: Path, to_change: int, actor: str, comment: str = "") -> ImportResult:
    """Restores the salary figures as they were before change #to_change (undoing it and every
    later change); the rollback is recorded as changes itself, so it can be undone too."""
    with writing(db, sources_dir) as (db, sources_dir):
        with closing(sqlite3.connect(db)) as conn:
            if not conn.execute(f"SELECT 1 FROM {CHANGE_LOG} WHERE id = ?", (to_change,)).fetchone():
                raise ValidationFailed([Problem(Origin("kb rollback", 0), "to", f"Änderung #{to_change} gibt es nicht")])
            later = conn.execute(f"SELECT row_key, old FROM {CHANGE_LOG} WHERE id >= ? AND table_name = ? ORDER BY id",
                                 (to_change, TABLE)).fetchall()
        live = current_rows(db)
        target: dict[str, dict | None] = {}
        for key, old in later:
            target.setdefault(key, json.loads(old) if old else None)  # the state before its first undone change
        changes = [Change(key, _normalise(live[key]) if key in live else None, state)
                   for key, state in sorted(target.items())
                   if (_normalise(live[key]) if key in live else None) != state]
        if not changes:
            return ImportResult([], len(target), applied=False)
        keep_backup(db)
        batch = apply_changes(db, sources_dir, changes, actor, comment or f"Rollback: Stand vor #{to_change}", action="rollback")
    return ImportResult(changes, 0, applied=True, batch=batch)


def export(db: Path, table: str, fmt: str) -> str:
    """The current rows of a table, each with its source, as CSV (German-friendly) or YAML."""
    if table not in TABLES_BY_NAME:
        raise ValueError(f"Unbekannte Tabelle '{table}'; erlaubt: {', '.join(TABLES_BY_NAME)}")
    columns = TABLES_BY_NAME[table].column_names
    with closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        rows = [{c: r[c] for c in columns} for r in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    if fmt == "yaml":
        clean = [{k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in r.items()} for r in rows]
        return yaml.safe_dump({table: clean}, allow_unicode=True, sort_keys=False)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([cell(r[c]) for c in columns])
    return buffer.getvalue()
