"""Compares candidate NLU pipelines on the held-out set: intent accuracy, occupation F1,
training time and parse latency. Writes docs/nlu-evaluation.md.

    python -m tools.nlu_compare config.yml configs/diet.yml
"""
from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.config import ROOT
from tools.nlu_report import EXTRACTOR

HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
BLIND = ROOT / "tests" / "nlu" / "blind.yml"  # never inspected, never tuned on


def _run(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "rasa", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def _latency(model: Path, texts: list[str]) -> tuple[float, float]:
    import logging

    from rasa.core.agent import Agent

    logging.disable(logging.INFO)
    agent = Agent.load(str(model))
    for text in texts[:10]:  # warm-up
        await agent.parse_message(text)
    times = []
    for text in texts:
        start = time.perf_counter()
        await agent.parse_message(text)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def evaluate(config: Path, workdir: Path) -> dict:
    out = workdir / config.stem
    start = time.perf_counter()
    _run("train", "nlu", "--config", str(config), "--out", str(out), "--fixed-model-name", "model", "--quiet")
    train_seconds = time.perf_counter() - start
    model = out / "model.tar.gz"
    _run("test", "nlu", "--nlu", str(HELDOUT), "--model", str(model), "--out", str(out / "report"), "--no-plot")
    _run("test", "nlu", "--nlu", str(BLIND), "--model", str(model), "--out", str(out / "blind"), "--no-plot")
    blind = json.loads((out / "blind" / "intent_report.json").read_text())
    intents = json.loads((out / "report" / "intent_report.json").read_text())
    entities = json.loads((out / "report" / f"{EXTRACTOR}_report.json").read_text())
    from rasa.shared.nlu.training_data.loading import load_data

    texts = [m.get("text") for m in load_data(str(HELDOUT)).training_examples]
    p50, p95 = asyncio.run(_latency(model, texts))
    return {"config": str(config.relative_to(ROOT)), "intent_accuracy": intents["accuracy"],
            "intent_f1": intents["weighted avg"]["f1-score"], "blind_intent_accuracy": blind["accuracy"],
            "occupation_f1": entities.get("occupation", {}).get("f1-score", 0.0),
            "train_seconds": train_seconds, "parse_p50_ms": p50, "parse_p95_ms": p95}


def main(configs: list[str]) -> None:
    configs = sorted(set(configs), key=configs.index)
    with tempfile.TemporaryDirectory() as tmp:
        rows = [evaluate((ROOT / c).resolve(), Path(tmp)) for c in configs]
    lines = ["| config | held-out intent accuracy | intent F1 (weighted) | occupation F1 | blind intent accuracy "
             "| NLU training (s) | parse p50 (ms) | parse p95 (ms) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| `{r['config']}` | {r['intent_accuracy']:.3f} | {r['intent_f1']:.3f} | {r['occupation_f1']:.3f} | "
                     f"{r['blind_intent_accuracy']:.3f} | "
                     f"{r['train_seconds']:.0f} | {r['parse_p50_ms']:.1f} | {r['parse_p95_ms']:.1f} |")
    table = "\n".join(lines)
    print(table)
    (ROOT / "docs" / "nlu-comparison.json").write_text(json.dumps(rows, indent=2) + "\n")
    print("\nRaw numbers: docs/nlu-comparison.json")


if __name__ == "__main__":
    main(sys.argv[1:] or ["config.yml", "configs/diet.yml"])
