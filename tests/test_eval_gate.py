"""The held-out answer evaluation as a gate: a change that makes the bot miss the asked fact more
often cannot land. The cases were written before the changes they measure (eval/README.md)."""
from __future__ import annotations

import asyncio

import pytest

from eval import cases as case_files
from eval.report import scores
from eval.run import run
from tests.stack import MODEL, running_stack

pytestmark = [pytest.mark.rasa, pytest.mark.e2e]

# Every held-out part, each 1.5–2.5 points below what the bot reaches now (eval/results/latest.md, 2026-12-04
# evening: 95.1–98.6 %; blind10 measured 96.2 %, blind11 95.3 %, blind12 95.4 %, blind13 94.7 %, blind14 97.6 %,
# blind15 97.2 %, blind16 97.3 %, blind17 98.1 %, blind18 98.6 %, blind19 98.3 %, blind20 97.9 %, blind21 99.1 %,
# blind22 98.7 %, blind23 98.7 %, blind24 98.7 %, blind25 97.5 %, blind26 97.4 %, blind27 97.5 %, blind28 98.9 %,
# blind29 98.3 %, blind30 97.5 %, blind31 98.4 %, blind32 98.4 %, blind33 97.5 %, blind34 96.2 %, blind35 97.9 %,
# blind36 98.2 %, blind37 95.5 % and blind38 96.9 % when they were written): a change that makes the bot miss more
# asked facts fails here. The target is 97 % in every part.
GATES = {"heldout": 0.96, "blind": 0.96, "blind2": 0.96, "blind3": 0.96, "blind4": 0.95, "blind5": 0.93, "blind6": 0.94,
         "blind7": 0.94, "blind8": 0.95, "blind9": 0.96, "blind10": 0.95, "blind11": 0.94,
         "blind12": 0.94, "blind13": 0.93, "blind14": 0.95, "blind15": 0.95, "blind16": 0.95,
         "blind17": 0.96, "blind18": 0.96, "blind19": 0.96, "blind20": 0.96, "blind21": 0.97, "blind22": 0.97, "blind23": 0.97, "blind24": 0.97,
         "blind25": 0.96, "blind26": 0.96, "blind27": 0.96, "blind28": 0.97, "blind29": 0.96, "blind30": 0.96,
         "blind31": 0.96, "blind32": 0.96, "blind33": 0.96, "blind34": 0.94, "blind35": 0.96, "blind36": 0.96,
         "blind37": 0.94, "blind38": 0.95}


@pytest.fixture(scope="module")
def rasa_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One stack for every part; each part is its own test, so each gets pytest's per-test timeout."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} fehlt – `make test` trainiert es")
    with running_stack(tmp_path_factory.mktemp("gate")) as (ports, _):
        yield f"http://127.0.0.1:{ports.rasa}"


@pytest.mark.parametrize("part", GATES)
def test_heldout_answers_hold_the_asked_fact(part: str, rasa_url: str) -> None:
    cases = case_files.load((part,))
    score = scores(asyncio.run(run(cases, rasa_url)))["parts"][part]
    assert score["turns"] == sum(len(c.turns) for c in cases)
    gate = GATES[part]
    assert score["accuracy"] >= gate, (
        f"Antwortqualität im Teil {part} {score['accuracy']:.1%} < {gate:.0%} "
        f"({score['passed']}/{score['turns']}); Einzelheiten: `make eval`")
