"""The held-out answer evaluation as a gate: a change that makes the bot miss the asked fact more
often cannot land. The cases were written before the changes they measure (eval/README.md)."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from eval import cases as case_files
from eval.report import scores
from eval.run import run
from tests.stack import MODEL, running_stack

pytestmark = [pytest.mark.rasa, pytest.mark.e2e]

# Every held-out part, each 1.5–2.5 points below what the bot reaches now (eval/results/latest.md, 2026-12-04
# evening: 95.1–98.6 %; blind10 measured 96.2 %, blind11 95.3 %, blind12 95.4 %, blind13 94.7 %, blind14 97.6 %, blind15
# 97.2 %, blind16 97.3 %, blind17 98.1 %, blind18 98.6 %, blind19 98.3 %, blind20 97.9 %, blind21 99.1 %, blind22 98.7 %, blind23 98.7 %, blind24 98.7 % and blind25 97.5 % when they were written): a change that makes the bot miss more asked facts fails here. The
# target is 97 % in every part.
GATES = {"heldout": 0.96, "blind": 0.96, "blind2": 0.96, "blind3": 0.96, "blind4": 0.95, "blind5": 0.93, "blind6": 0.94,
         "blind7": 0.94, "blind8": 0.95, "blind9": 0.96, "blind10": 0.95, "blind11": 0.94,
         "blind12": 0.94, "blind13": 0.93, "blind14": 0.95, "blind15": 0.95, "blind16": 0.95,
         "blind17": 0.96, "blind18": 0.96, "blind19": 0.96, "blind20": 0.96, "blind21": 0.97, "blind22": 0.97, "blind23": 0.97, "blind24": 0.97,
         "blind25": 0.96}


def test_heldout_answers_hold_the_asked_fact(tmp_path: Path) -> None:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} fehlt – `make test` trainiert es")
    heldout = case_files.load(tuple(GATES))
    with running_stack(tmp_path) as (ports, _):
        results = asyncio.run(run(heldout, f"http://127.0.0.1:{ports.rasa}"))
    parts = scores(results)["parts"]
    assert sum(p["turns"] for p in parts.values()) == sum(len(c.turns) for c in heldout)
    for name, gate in GATES.items():
        part = parts[name]
        assert part["accuracy"] >= gate, (
            f"Antwortqualität im Teil {name} {part['accuracy']:.1%} < {gate:.0%} "
            f"({part['passed']}/{part['turns']}); Einzelheiten: `make eval`")
