"""Intent of every evaluation turn against its case's category (dev and held-out parts only).

    PYTHONPATH=. .venv/bin/python -m tools.intent_check [--part dev] [--part heldout] [--wrong]

A category that names one topic maps to one intent (`CATEGORY_INTENTS`); other categories are
skipped. A different intent is not necessarily a wrong answer – the actions search the knowledge
base – so read the list next to the failures in eval/results/latest.md. The blind parts are never
parsed here: their turns must not steer the training data.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
from collections import Counter
from dataclasses import dataclass

from bot.config import ROOT
from eval import cases as case_files

MODEL = ROOT / "models" / "berufslotse.tar.gz"
ALLOWED_PARTS = ("dev", "heldout")
CATEGORY_INTENTS: dict[str, tuple[str, ...]] = {
    "salary": ("ask_salary",), "training_pay": ("ask_training_pay",), "exam": ("ask_exam",),
    "training": ("ask_training",), "requirements": ("ask_requirements",), "tasks": ("ask_tasks",),
    "skills": ("ask_skills",), "career": ("ask_career",), "study": ("ask_study",),
    "lateral_entry": ("ask_lateral_entry",), "working_hours": ("ask_working_hours",),
    "overview": ("ask_overview",), "glossary": ("ask_glossary",),
    "official": ("ask_salary", "ask_training_pay"),
}


@dataclass(frozen=True)
class Parsed:
    """One checked turn with the classifier's top intent and confidence."""
    part: str
    case_id: str
    category: str
    turn: int
    text: str
    intent: str
    confidence: float

    @property
    def expected(self) -> tuple[str, ...]:
        return CATEGORY_INTENTS[self.category]

    @property
    def correct(self) -> bool:
        return self.intent in self.expected


async def parse_turns(parts: tuple[str, ...]) -> list[Parsed]:
    """Parses every checked turn of the mapped categories with the trained model.

    Args:
        parts: evaluation parts to read; only dev and heldout are allowed.

    Returns:
        One `Parsed` per checked turn, in case order.
    """
    import structlog
    from rasa.core.agent import Agent

    logging.disable(logging.INFO)
    # Rasa logs every parse at debug level through structlog
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    agent = Agent.load(str(MODEL))
    rows: list[Parsed] = []
    for case in case_files.load(parts):
        if case.category not in CATEGORY_INTENTS:
            continue
        for index, turn in enumerate(case.turns):
            if not turn.checked:
                continue
            result = await agent.parse_message(turn.say)
            intent = result.get("intent") or {}
            rows.append(Parsed(case.part, case.id, case.category, index + 1, turn.say,
                               intent.get("name") or "", float(intent.get("confidence") or 0.0)))
    return rows


def summary(rows: list[Parsed]) -> list[str]:
    """Report lines: accuracy per part and the confusion counts (category → intent)."""
    lines = []
    for part in sorted({r.part for r in rows}):
        mine = [r for r in rows if r.part == part]
        right = sum(r.correct for r in mine)
        lines.append(f"{part:8} {right}/{len(mine)} intent = category ({right / len(mine) * 100:.1f} %)")
    confusions = Counter((r.category, r.intent) for r in rows if not r.correct)
    lines.append(f"confusions ({sum(confusions.values())}):")
    lines += [f"  {n:3}  {category:14} -> {intent}" for (category, intent), n in confusions.most_common()]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", action="append", choices=ALLOWED_PARTS, help="only this part (repeatable)")
    parser.add_argument("--wrong", action="store_true", help="list every turn whose intent differs")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    rows = asyncio.run(parse_turns(tuple(args.part or ALLOWED_PARTS)))
    if args.wrong:
        for r in rows:
            if not r.correct:
                print(f"{r.part:7} [{r.category}] {r.intent} {r.confidence:.2f}  {r.case_id}#{r.turn}: {r.text}")
    print("\n".join(summary(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
