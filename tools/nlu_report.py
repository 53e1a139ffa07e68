"""Reads the reports of `rasa test nlu` and enforces the quality bar on the held-out set."""
from __future__ import annotations

import json
import sys
from pathlib import Path

MIN_INTENT_ACCURACY = 0.95
MIN_OCCUPATION_F1 = 0.95
EXTRACTOR = "KnowledgeBaseEntityExtractor"


def check(report_dir: Path) -> list[str]:
    """Returns the failures (empty when the bar is met) and prints the measured values."""
    intents = json.loads((report_dir / "intent_report.json").read_text())
    entities = json.loads((report_dir / f"{EXTRACTOR}_report.json").read_text())
    accuracy = intents["accuracy"]
    occupation = entities.get("occupation", {}).get("f1-score", 0.0)
    print(f"Held-out: intent accuracy {accuracy:.3f} (min {MIN_INTENT_ACCURACY}), "
          f"occupation F1 {occupation:.3f} (min {MIN_OCCUPATION_F1})")
    failures = []
    if accuracy < MIN_INTENT_ACCURACY:
        wrong = {k: v for k, v in intents.items() if isinstance(v, dict) and "confused_with" in v and v["confused_with"]}
        failures.append(f"intent accuracy {accuracy:.3f} < {MIN_INTENT_ACCURACY}; confusions: {json.dumps(wrong, ensure_ascii=False)}")
    if occupation < MIN_OCCUPATION_F1:
        failures.append(f"occupation F1 {occupation:.3f} < {MIN_OCCUPATION_F1}")
    return failures


if __name__ == "__main__":
    problems = check(Path(sys.argv[1]))
    for problem in problems:
        print(f"FEHLER: {problem}", file=sys.stderr)
    raise SystemExit(1 if problems else 0)
