"""Accuracy per part and category, and the list of failed turns (eval/results/latest.md)."""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from eval.cases import PARTS
from eval.run import TurnResult

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def scores(results: list[TurnResult]) -> dict:
    """{'parts': {part: {...}}, 'categories': {part: {category: {...}}}} over every turn."""
    def tally(rows: list[TurnResult]) -> dict:
        passed = sum(r.passed for r in rows)
        return {"turns": len(rows), "passed": passed, "accuracy": round(passed / len(rows), 4) if rows else None}

    by_part: dict[str, list[TurnResult]] = defaultdict(list)
    by_category: dict[str, dict[str, list[TurnResult]]] = defaultdict(lambda: defaultdict(list))
    for r in results:
        by_part[r.case.part].append(r)
        by_category[r.case.part][r.case.category].append(r)
    return {"parts": {p: tally(rows) for p, rows in by_part.items()},
            "categories": {p: {c: tally(rows) for c, rows in sorted(cats.items())} for p, cats in by_category.items()}}


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def markdown(results: list[TurnResult], summary: dict, show_failures: tuple[str, ...] = PARTS) -> str:
    parts = [p for p in PARTS if p in summary["parts"]]
    lines = [f"# Answer evaluation – {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC", "",
             "| part | turns | passed | accuracy |", "| --- | ---: | ---: | ---: |"]
    for part in parts:
        s = summary["parts"][part]
        lines.append(f"| {part} | {s['turns']} | {s['passed']} | {_pct(s['accuracy'])} |")
    categories = sorted({c for p in parts for c in summary["categories"][p]})
    lines += ["", "| category | " + " | ".join(parts) + " |", "| --- |" + " ---: |" * len(parts)]
    for category in categories:
        cells = []
        for part in parts:
            s = summary["categories"][part].get(category)
            cells.append(f"{_pct(s['accuracy'])} ({s['passed']}/{s['turns']})" if s else "–")
        lines.append(f"| {category} | " + " | ".join(cells) + " |")
    for part in parts:
        failed = [r for r in results if r.case.part == part and not r.passed]
        lines += ["", f"## Failed turns – {part} ({len(failed)})", ""]
        if part not in show_failures:
            lines.append("(not listed)")
            continue
        for r in failed:
            reply = r.reply.replace("\n", " ⏎ ")[:300]
            lines.append(f"- **{r.case.id}** [{r.case.category}] turn {r.index + 1}: „{r.say}“ – "
                         f"{'; '.join(r.problems)}  \n  → {reply or '(leer)'}")
    return "\n".join(lines) + "\n"


def write(results: list[TurnResult], summary: dict, directory: Path = RESULTS_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "latest.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    path = directory / "latest.md"
    path.write_text(markdown(results, summary), encoding="utf-8")
    return path
