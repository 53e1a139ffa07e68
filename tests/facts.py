"""Helpers that check rendered answers against the knowledge base, not against copied numbers."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

GERMAN_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])|(?<![\w.,])\d+(?:,\d+)?(?![\d])")


def numbers_in(text: str) -> set[float]:
    return {float(n.replace(".", "").replace(",", ".")) for n in GERMAN_NUMBER.findall(text)}


def known_numbers(kb_path: Path) -> set[float]:
    """Every number stored anywhere in the knowledge base, plus the conversions answers may
    compute from salary rows (÷ 12, × 12, sums over the training years) and an exam's total time."""
    conn = sqlite3.connect(kb_path)
    found: set[float] = set()
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"):
        for row in conn.execute(f"SELECT * FROM {table}"):
            for value in row:
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    found.add(float(value))
                elif isinstance(value, str):
                    found |= numbers_in(value)
    amounts = [v for row in conn.execute("SELECT amount_min, amount_max FROM salary_figures") for v in row if v]
    found |= {float(round(a / 12)) for a in amounts} | {float(a * 12) for a in amounts}
    for column in ("amount_min", "amount_max"):
        total = conn.execute(f"SELECT sum({column}) FROM salary_figures WHERE stage='apprenticeship'").fetchone()[0]
        found.add(float(total * 12))
    found |= {float(total) for (total,) in conn.execute("SELECT sum(duration_minutes) FROM exam_parts GROUP BY exam")}
    return found
