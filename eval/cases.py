"""Evaluation cases: loading, validation and fact coverage (see eval/README.md)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from eval.rows import fact_rows

CASES_DIR = Path(__file__).resolve().parent / "cases"
PARTS = ("dev", "heldout", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12", "blind13", "blind14", "blind15", "blind16", "blind17", "blind18", "blind19", "blind20", "blind21", "blind22", "blind23", "blind24", "blind25", "blind26", "blind27", "blind28", "blind29", "blind30", "blind31", "blind32", "blind33", "blind34", "blind35", "blind36", "blind37", "blind38")
CATEGORIES = ("salary", "training_pay", "official", "exam", "training", "requirements", "tasks", "skills",
              "career", "study", "lateral_entry", "working_hours", "overview", "glossary", "field_only",
              "followup", "correction", "compare", "out_of_scope", "unanswerable", "abuse", "non_german",
              "smalltalk")
MIN_PHRASINGS = 3


class CaseError(ValueError):
    """A case file that does not follow the format; the message names file and case."""


@dataclass(frozen=True)
class Turn:
    say: str
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()

    @property
    def checked(self) -> bool:
        return bool(self.all or self.any or self.none)


@dataclass(frozen=True)
class Case:
    id: str
    part: str
    category: str
    turns: tuple[Turn, ...]
    facts: tuple[str, ...] = field(default=())
    file: str = ""


def _patterns(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise CaseError(f"{where}: Muster müssen eine Liste von Zeichenketten sein")
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise CaseError(f"{where}: ungültiger regulärer Ausdruck {pattern!r}: {exc}") from None
    return tuple(value)


def _case(raw: dict, part: str, file: str) -> Case:
    where = f"{file}: {raw.get('id', '?')}"
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("turns"):
        raise CaseError(f"{where}: jeder Fall braucht id und turns")
    category = raw.get("category")
    if category not in CATEGORIES:
        raise CaseError(f"{where}: unbekannte Kategorie {category!r}")
    turns = []
    for number, turn in enumerate(raw["turns"], start=1):
        if not isinstance(turn, dict) or not isinstance(turn.get("say"), str):
            raise CaseError(f"{where}, Zug {number}: 'say' fehlt")
        unknown = set(turn) - {"say", "all", "any", "none"}
        if unknown:
            raise CaseError(f"{where}, Zug {number}: unbekannte Schlüssel {sorted(unknown)}")
        turns.append(Turn(turn["say"], *(_patterns(turn.get(k), f"{where}, Zug {number}") for k in ("all", "any", "none"))))
    if not any(t.checked for t in turns):
        raise CaseError(f"{where}: kein Zug prüft etwas")
    return Case(str(raw["id"]), part, category, tuple(turns), tuple(raw.get("facts") or ()), file)


def load(parts: tuple[str, ...] = PARTS, cases_dir: Path = CASES_DIR) -> list[Case]:
    """All cases of the given parts, validated; ids are unique across both parts."""
    cases: list[Case] = []
    for part in parts:
        for path in sorted((cases_dir / part).glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            if not isinstance(data, list):
                raise CaseError(f"{part}/{path.name}: erwartet eine Liste von Fällen")
            cases += [_case(raw, part, f"{part}/{path.name}") for raw in data]
    duplicates = [i for i, n in Counter(c.id for c in cases).items() if n > 1]
    if duplicates:
        raise CaseError(f"doppelte Fall-ids: {', '.join(sorted(duplicates))}")
    return cases


def coverage(cases: list[Case]) -> tuple[dict[str, int], list[str]]:
    """Phrasings per knowledge-base fact row, and the cited references that name no row."""
    rows = fact_rows()
    counts = {ref: 0 for ref in rows}
    unknown = []
    for case in cases:
        for ref in case.facts:
            if ref in counts:
                counts[ref] += 1
            else:
                unknown.append(f"{case.file}: {case.id}: {ref}")
    return counts, unknown
