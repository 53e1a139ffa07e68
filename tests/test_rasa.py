"""The Rasa project itself: data validation, held-out NLU quality, conversation tests.
These use the model `make test` trains (models/berufslotse.tar.gz)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ROOT
from tools.nlu_report import check
from tools.project_check import check as check_project

MODEL = ROOT / "models" / "berufslotse.tar.gz"
pytestmark = pytest.mark.rasa


def rasa(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "TQDM_DISABLE": "1",
           "RASA_TELEMETRY_ENABLED": "false"}
    return subprocess.run([sys.executable, "-m", "rasa", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def model() -> Path:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} fehlt – `make test` trainiert es (make train)")
    return MODEL


def test_data_validate_is_clean_and_fails_on_warnings() -> None:
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_no_unused_intents_responses_or_actions() -> None:
    assert check_project(ROOT / "domain.yml", ROOT / "data") == []


@pytest.mark.parametrize("edit, expected", [
    (("actions:\n", "responses:\n  utter_unused:\n    - text: \"nie benutzt\"\n\nactions:\n"), "Response 'utter_unused'"),
    (("  - out_of_scope\n", "  - out_of_scope\n  - ask_weather\n"), "Intent 'ask_weather'"),
    (("  - action_fallback\n", "  - action_fallback\n  - action_unused\n"), "Aktion 'action_unused'"),
])
def test_project_check_fails_on_unused_parts(tmp_path: Path, edit: tuple[str, str], expected: str) -> None:
    """Rasa 3.6's --fail-on-warnings lets these pass; our check must not."""
    domain = (ROOT / "domain.yml").read_text(encoding="utf-8")
    assert edit[0] in domain
    (tmp_path / "domain.yml").write_text(domain.replace(edit[0], edit[1], 1), encoding="utf-8")
    assert any(expected in p for p in check_project(tmp_path / "domain.yml", ROOT / "data"))


def test_heldout_nlu_quality(model: Path, tmp_path: Path) -> None:
    result = rasa("test", "nlu", "--nlu", "tests/nlu/heldout.yml", "--model", str(model), "--out", str(tmp_path), "--no-plot")
    assert result.returncode == 0, result.stderr[-3000:]
    assert check(tmp_path) == []


def test_conversation_stories(model: Path, tmp_path: Path) -> None:
    result = rasa("test", "core", "--stories", "tests/stories", "--model", str(model), "--out", str(tmp_path),
                  "--fail-on-prediction-errors", "--no-plot")
    failed = (tmp_path / "failed_test_stories.yml")
    assert result.returncode == 0, (failed.read_text() if failed.exists() else "") + result.stderr[-3000:]


def test_training_data_has_no_near_copies_of_test_sentences() -> None:
    """Keeps the NLU test sets honest: no test sentence may (almost) stand in the training data.
    A test line that is only a job title is exempt – bare names recur by nature."""
    import difflib
    import re

    import yaml

    def lines(path: Path) -> list[str]:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]
        return [line[2:].strip() for item in items if "examples" in item
                for line in item["examples"].splitlines() if line.startswith("- ")]

    def norm(text: str) -> str:
        return " ".join(re.findall(r"[\wäöüß]+", re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text).lower()))

    training = [norm(e) for path in sorted((ROOT / "data" / "nlu").glob("*.yml")) for e in lines(path)]
    close = []
    for test_file in ("heldout.yml", "blind.yml"):
        for sentence in lines(ROOT / "tests" / "nlu" / test_file):
            if re.fullmatch(r"\[[^\]]+\]\([^)]+\)", sentence):
                continue
            for example in training:
                matcher = difflib.SequenceMatcher(None, norm(sentence), example, autojunk=False)
                if matcher.real_quick_ratio() >= 0.95 and matcher.quick_ratio() >= 0.95 and matcher.ratio() >= 0.95:
                    close.append((test_file, sentence, example))
    assert not close, close
