"""Fails on unused intents, responses and actions. `rasa data validate --fail-on-warnings`
only warns about these in Rasa 3.6 (its validator ORs the warning away), so this closes the gap.

    python -m tools.project_check [--domain domain.yml]
"""
from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path
from typing import Iterable

import yaml

from bot.config import ROOT

RASA_DEFAULT_INTENTS = {"nlu_fallback", "restart", "back", "out_of_scope", "session_start"}
# Rasa's own actions that a project may replace; Rasa runs them without a story or rule.
RASA_DEFAULT_ACTIONS = {"action_restart", "action_session_start", "action_default_fallback", "action_back"}


def _steps(paths: Iterable[Path]) -> Iterable[dict]:
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in (data.get("stories") or []) + (data.get("rules") or []):
            for step in block.get("steps") or []:
                yield from (step.get("or") or [step])


def _nlu_intents(paths: Iterable[Path]) -> set[str]:
    found = set()
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found |= {item["intent"] for item in data.get("nlu") or [] if "intent" in item}
    return found


def implemented_actions() -> set[str]:
    from rasa_sdk import Action

    from actions import actions as module

    return {cls().name() for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, Action) and cls.__module__ == module.__name__ and getattr(cls, "action_name", True)}


def check(domain_path: Path, data_dir: Path) -> list[str]:
    domain = yaml.safe_load(domain_path.read_text(encoding="utf-8"))
    dialogue_files = sorted((data_dir / "stories").glob("*.yml")) + sorted((data_dir / "rules").glob("*.yml"))
    steps = list(_steps(dialogue_files))
    used_intents = {s["intent"] for s in steps if "intent" in s}
    used_actions = {s["action"] for s in steps if "action" in s}
    intents = set(domain.get("intents") or [])
    responses = set(domain.get("responses") or {})
    actions = set(domain.get("actions") or [])
    trained = _nlu_intents(sorted((data_dir / "nlu").glob("*.yml")))
    problems = [f"Intent '{i}' wird in keiner Story/Regel benutzt" for i in sorted(intents - used_intents)]
    problems += [f"Intent '{i}' hat keine Trainingsbeispiele" for i in sorted(intents - trained)]
    problems += [f"Intent '{i}' hat Beispiele, fehlt aber in der Domain" for i in sorted(trained - intents)]
    problems += [f"Response '{r}' wird in keiner Story/Regel benutzt" for r in sorted(responses - used_actions)]
    problems += [f"Aktion '{a}' wird in keiner Story/Regel benutzt"
                 for a in sorted(actions - used_actions - RASA_DEFAULT_ACTIONS)]
    problems += [f"Aktion '{a}' ist in der Domain, aber nicht in actions/ implementiert"
                 for a in sorted(actions - implemented_actions())]
    unknown = used_actions - actions - responses
    problems += [f"Story/Regel benutzt unbekannte Aktion '{a}'" for a in sorted(unknown)]
    problems += [f"Story/Regel benutzt unbekannten Intent '{i}'" for i in sorted(used_intents - intents - RASA_DEFAULT_INTENTS)]
    return problems


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--domain", type=Path, default=ROOT / "domain.yml")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args()
    found = check(args.domain, args.data)
    for problem in found:
        print(f"FEHLER: {problem}", file=sys.stderr)
    print("Rasa-Projekt: keine unbenutzten Intents, Responses oder Aktionen." if not found else "", end="\n" if not found else "")
    raise SystemExit(1 if found else 0)
