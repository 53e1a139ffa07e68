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

HELDOUT_GATE = 0.82


def test_heldout_answers_hold_the_asked_fact(tmp_path: Path) -> None:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} fehlt – `make test` trainiert es")
    heldout = case_files.load(("heldout",))
    with running_stack(tmp_path) as (ports, _):
        results = asyncio.run(run(heldout, f"http://127.0.0.1:{ports.rasa}"))
    part = scores(results)["parts"]["heldout"]
    assert part["turns"] == sum(len(c.turns) for c in heldout)
    assert part["accuracy"] >= HELDOUT_GATE, (
        f"Held-out-Antwortqualität {part['accuracy']:.1%} < {HELDOUT_GATE:.0%} "
        f"({part['passed']}/{part['turns']}); Einzelheiten: `make eval`")
