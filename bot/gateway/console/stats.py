"""Aggregates for the portal overview, read from Rasa's tracker store and the gateway's session
store: conversations and turns per day, the share of answered turns and the most asked topics.
Only counts leave this module – no message text, no session id, no address."""
from __future__ import annotations

import sqlite3
import time
from collections import Counter, defaultdict
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

UNANSWERED_INTENTS = {"out_of_scope", "nlu_fallback"}
UNANSWERED_ACTIONS = {"action_fallback", "action_out_of_scope"}
SMALL_TALK = {"greet", "goodbye", "thank", "affirm", "bot_challenge", "ask_help", "inform_occupation", None, ""}
TOPICS = {"ask_salary": "Gehalt", "ask_training_pay": "Ausbildungsvergütung", "ask_overview": "Berufsüberblick",
          "ask_tasks": "Aufgaben", "ask_requirements": "Voraussetzungen", "ask_skills": "Fähigkeiten",
          "ask_training": "Ausbildung", "ask_exam": "Prüfung", "ask_working_hours": "Arbeitszeiten",
          "ask_career": "Karriere", "ask_study": "Studium", "ask_lateral_entry": "Quereinstieg",
          "compare_occupations": "Berufe vergleichen", "ask_glossary": "Begriffe", "ask_sources": "Quellen",
          "out_of_scope": "außerhalb des Themas", "nlu_fallback": "nicht verstanden"}


@dataclass
class Day:
    day: str
    conversations: int = 0
    turns: int = 0
    answered: int = 0

    @property
    def answered_share(self) -> float | None:
        return self.answered / self.turns if self.turns else None


@dataclass
class PortalStats:
    """One portal's aggregates over the chosen period."""

    portal: str
    days: list[Day] = field(default_factory=list)
    topics: list[tuple[str, int]] = field(default_factory=list)

    @property
    def turns(self) -> int:
        return sum(d.turns for d in self.days)

    @property
    def conversations(self) -> int:
        return sum(d.conversations for d in self.days)

    @property
    def answered_share(self) -> float | None:
        turns = self.turns
        return sum(d.answered for d in self.days) / turns if turns else None


def _read_only(path: Path) -> sqlite3.Connection | None:
    if not path.is_file():
        return None
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)


def _portal_of(sessions_db: Path) -> dict[str, str]:
    conn = _read_only(sessions_db)
    if conn is None:
        return {}
    with closing(conn):
        try:
            return dict(conn.execute("SELECT id, portal FROM sessions"))
        except sqlite3.Error:
            return {}


def _events(tracker_db: Path, since: float) -> list[tuple[str, str, float, str | None, str | None]]:
    conn = _read_only(tracker_db)
    if conn is None:
        return []
    with closing(conn):
        try:
            return conn.execute("SELECT sender_id, type_name, timestamp, intent_name, action_name FROM events "
                                "WHERE timestamp >= ? AND type_name IN ('user', 'action') ORDER BY sender_id, id",
                                (since,)).fetchall()
        except sqlite3.Error:
            return []


def portal_stats(tracker_db: Path, sessions_db: Path, days: int = 14, now: float | None = None,
                 portals: tuple[str, ...] = ()) -> list[PortalStats]:
    """Per portal (only `portals` if given), per UTC day of the last `days` days.

    A turn counts as answered unless its intent was out of scope / not understood or the bot
    ran its fallback for it; a conversation counts on each day it had a turn.
    """
    now = time.time() if now is None else now
    since = now - days * 86400
    owner = _portal_of(sessions_db)
    turns: list[dict] = []  # one per user message: portal, day, sender, intent, answered
    for sender, kind, stamp, intent, action in _events(tracker_db, since):
        if kind == "user":
            turns.append({"portal": owner.get(sender, "unbekannt"), "sender": sender, "intent": intent,
                          "day": time.strftime("%Y-%m-%d", time.gmtime(stamp)),
                          "answered": intent not in UNANSWERED_INTENTS})
        elif action in UNANSWERED_ACTIONS and turns and turns[-1]["sender"] == sender:
            turns[-1]["answered"] = False
    all_days = [time.strftime("%Y-%m-%d", time.gmtime(now - i * 86400)) for i in range(days - 1, -1, -1)]
    by_portal: dict[str, list[dict]] = defaultdict(list)
    for turn in turns:
        if not portals or turn["portal"] in portals:
            by_portal[turn["portal"]].append(turn)
    result = []
    for portal in sorted(set(by_portal) | set(portals)):
        items = by_portal.get(portal, [])
        stats = PortalStats(portal)
        for day in all_days:
            today = [t for t in items if t["day"] == day]
            stats.days.append(Day(day, len({t["sender"] for t in today}), len(today), sum(t["answered"] for t in today)))
        topics = Counter(TOPICS.get(t["intent"], t["intent"]) for t in items if t["intent"] not in SMALL_TALK)
        stats.topics = topics.most_common(5)
        result.append(stats)
    return result


def bars(stats: PortalStats, width: int = 560, height: int = 160) -> list[dict]:
    """Bar geometry (turns per day, answered part darker) for the inline SVG chart."""
    top = max((d.turns for d in stats.days), default=0) or 1
    step = width / max(len(stats.days), 1)
    out = []
    for i, day in enumerate(stats.days):
        total_h = round(day.turns / top * (height - 20), 1)
        answered_h = round(day.answered / top * (height - 20), 1)
        out.append({"x": round(i * step + 2, 1), "w": round(step - 4, 1), "y": round(height - total_h, 1), "h": total_h,
                    "ay": round(height - answered_h, 1), "ah": answered_h, "day": day})
    return out
