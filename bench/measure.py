"""In-process measurements and process memory."""
from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.load import CONVERSATION


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and all its descendants."""
    total = 0
    for p in [pid, *_descendants(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return round(total / 1024, 1)


def _descendants(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
                continue
            if ppid == pid:
                children += [int(entry.name), *_descendants(int(entry.name))]
    return children


def percentiles(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    pick = lambda p: ordered[min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1)]
    return {"n": len(ordered), "p50_ms": round(pick(50), 4), "p99_ms": round(pick(99), 4),
            "mean_ms": round(statistics.fmean(ordered), 4)}


def kb_query_latency(iterations: int = 5000) -> dict:
    """The queries an answer makes, over and over, on the live database file."""
    from bot.kb.queries import KnowledgeBase

    kb = KnowledgeBase()
    calls = [
        lambda: kb.salary_figures("omm"),
        lambda: kb.salary_figures("kfd", ["apprenticeship"], training_year=3),
        lambda: kb.resolve_occupation("Was verdient eine Online-Marketing-Managerin?"),
        lambda: kb.exams("kfd"),
        lambda: kb.training("kfd"),
        lambda: kb.career_steps("omm"),
        lambda: kb.glossary_topic("acht_ps"),
    ]
    for call in calls:
        call()
    samples = []
    for i in range(iterations):
        start = time.perf_counter_ns()
        calls[i % len(calls)]()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return percentiles(samples)


def nlu_parse_latency(model: Path, rounds: int = 20) -> dict:
    """Rasa NLU parse time for the message mix, in a separate process (TensorFlow stays out of ours)."""
    code = f"""
import asyncio, json, logging, time
logging.disable(logging.WARNING)
from rasa.core.agent import Agent
texts = {CONVERSATION!r}
async def main():
    agent = Agent.load({str(model)!r})
    for t in texts: await agent.parse_message(t)
    out = []
    for _ in range({rounds}):
        for t in texts:
            s = time.perf_counter(); await agent.parse_message(t); out.append((time.perf_counter() - s) * 1000)
    print(json.dumps(out))
asyncio.run(main())
"""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TQDM_DISABLE": "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    import json

    return percentiles(json.loads(result.stdout.strip().splitlines()[-1]))


def timed(command: list[str], cwd: Path, timeout: int = 900) -> float:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TQDM_DISABLE": "1", "RASA_TELEMETRY_ENABLED": "false"}
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, env=env, timeout=timeout,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def run(coro):
    return asyncio.get_event_loop().run_until_complete(coro)
