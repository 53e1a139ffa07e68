"""Questions the bot could not answer (fallback, out of scope), kept without personal data:
no session id, no address, e-mail addresses, phone numbers and long digit runs replaced,
text shortened, rows older than the retention period deleted. `kb gaps` groups them."""
from __future__ import annotations

import re
import sqlite3
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from bot import config
from bot.text import terms, words

MAX_CHARS = 200
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_PHONE = re.compile(r"(?<!\w)(\+|00)?\d[\d\s/().-]{5,}\d(?!\w)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}\b")


def redact(text: str) -> str:
    text = _EMAIL.sub("[E-Mail]", text)
    text = _URL.sub("[Link]", text)
    text = _IBAN.sub("[Kontonummer]", text)
    text = _PHONE.sub("[Nummer]", text)
    text = " ".join(text.split())
    return text[:MAX_CHARS] + ("…" if len(text) > MAX_CHARS else "")


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=5)
    conn.execute("CREATE TABLE IF NOT EXISTS unanswered (id INTEGER PRIMARY KEY, day TEXT NOT NULL, "
                 "reason TEXT NOT NULL, text TEXT NOT NULL)")
    conn.execute("CREATE INDEX IF NOT EXISTS unanswered_day ON unanswered(day)")
    conn.execute("CREATE TABLE IF NOT EXISTS handled (key TEXT PRIMARY KEY, up_to_id INTEGER NOT NULL, day TEXT NOT NULL)")
    return conn


def _cutoff(days: int, now: float | None = None) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime((time.time() if now is None else now) - days * 86400))


def record(text: str, reason: str, path: Path | None = None, retention_days: int | None = None) -> None:
    """Stores only the day (no time), the reason and the redacted text."""
    if not text.strip() or text.startswith("/"):
        return  # button payloads are not questions
    days = retention_days if retention_days is not None else config.unanswered_retention_days()
    with closing(_connect(path or config.unanswered_path())) as conn, conn:
        conn.execute("INSERT INTO unanswered (day, reason, text) VALUES (?, ?, ?)",
                     (time.strftime("%Y-%m-%d", time.gmtime()), reason, redact(text)))
        conn.execute("DELETE FROM unanswered WHERE day < ?", (_cutoff(days),))


def purge(path: Path | None = None, retention_days: int | None = None, now: float | None = None) -> int:
    """Deletes rows older than the retention period (run by the gateway's scheduled job, so old
    questions go even when no new ones arrive). Returns how many; a missing log is not created."""
    path = path or config.unanswered_path()
    if not path.exists():
        return 0
    days = retention_days if retention_days is not None else config.unanswered_retention_days()
    with closing(_connect(path)) as conn, conn:
        return conn.execute("DELETE FROM unanswered WHERE day < ?", (_cutoff(days, now),)).rowcount


@dataclass(frozen=True)
class Gap:
    example: str
    count: int
    reasons: str
    key: str = ""
    first_day: str = ""
    last_day: str = ""
    up_to_id: int = 0


def group_key(text: str) -> str:
    """Questions with the same content words meet, whatever their order, inflection or filler
    words ('Was verdient ein Pilot?' = 'Pilot verdienen'); without content words, the plain words."""
    return " ".join(sorted(set(terms(text)))) or " ".join(words(text))


def gaps(path: Path | None = None, limit: int = 20, days: int | None = None) -> list[Gap]:
    """Most frequent unanswered questions, grouped by similarity (content-word stems), newest
    handled marks respected: a group marked handled only returns with questions asked after that."""
    path = path or config.unanswered_path()
    if not path.exists():
        return []
    with closing(_connect(path)) as conn:
        rows = conn.execute("SELECT id, day, text, reason FROM unanswered WHERE day >= ? ORDER BY id",
                            (_cutoff(days if days is not None else config.unanswered_retention_days()),)).fetchall()
        handled = dict(conn.execute("SELECT key, up_to_id FROM handled"))
    groups: dict[str, list[tuple[int, str, str, str]]] = {}
    for row_id, day, text, reason in rows:
        key = group_key(text)
        if row_id > handled.get(key, 0):
            groups.setdefault(key, []).append((row_id, day, text, reason))
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[1][0][2]))
    return [Gap(Counter(t for _, _, t, _ in items).most_common(1)[0][0], len(items),
                ", ".join(sorted({r for *_, r in items})), key, min(d for _, d, _, _ in items),
                max(d for _, d, _, _ in items), max(i for i, *_ in items)) for key, items in ranked[:limit]]


def mark_handled(key: str, up_to_id: int, path: Path | None = None) -> None:
    """Hides a group's questions up to this row (the knowledge base covers them now)."""
    with closing(_connect(path or config.unanswered_path())) as conn, conn:
        conn.execute("INSERT INTO handled (key, up_to_id, day) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                     "up_to_id = max(up_to_id, excluded.up_to_id), day = excluded.day",
                     (key, up_to_id, time.strftime("%Y-%m-%d", time.gmtime())))
