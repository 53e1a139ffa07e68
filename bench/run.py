"""Runs the whole benchmark once, bounded in time and on loopback only:

1. training time: our `rasa train` vs. a stock `rasa init --no-prompt` assistant's `rasa train`
2. our stack (action server, Rasa, gateway) and the stock Rasa: cold start of each, then load
   from 1/10/50 concurrent sessions in ROUNDS alternating rounds (median per figure), peak
   memory of every process
3. in-process: Rasa NLU parse latency, knowledge-base query latency, import → visible delay
4. ratios ours/stock against the targets → bench/results/latest.{json,md} and latency.png
"""
from __future__ import annotations

import asyncio
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import load, measure
from bot import config
from bot.serve import Ports, Service, free_port, services, start, stop

RESULTS = config.ROOT / "bench" / "results"
CONCURRENCY = (1, 10, 50)
TURNS = 24
ROUNDS = 3
BUDGET_SECONDS = 15 * 60
RASA_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TQDM_DISABLE": "1", "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


async def _import_visible_ms(gateway_port: int, sources: Path) -> dict:
    """Time from a committed `kb set` to the first answer that shows the new figure."""
    import aiohttp

    from bot.kb.maintenance import set_value
    from bot.kb.queries import KnowledgeBase

    question = "Wie viel verdient man im dritten Lehrjahr als Kaufmann für Dialogmarketing?"
    (third,) = KnowledgeBase().salary_figures("kfd", ["apprenticeship"], training_year=3)
    new_max = int(third.amount_max) + 7
    await asyncio.to_thread(set_value, config.kb_path(), sources, third.id, {"amount_max": str(new_max)}, "bench", "bench")
    committed = time.perf_counter()
    polls = 0
    async with aiohttp.ClientSession() as http:
        while time.perf_counter() - committed < 10:
            polls += 1
            body = {"message": question}
            async with http.post(f"http://127.0.0.1:{gateway_port}/api/v1/chat", json=body,
                                 headers={"X-Portal-Key": "demo"}) as r:
                text = " ".join(m["text"] for m in (await r.json())["messages"])
            if f"{new_max:,}".replace(",", ".") in text:
                return {"ms": round((time.perf_counter() - committed) * 1000, 1), "polls": polls}
    return {"ms": None, "polls": polls}


def _median(summaries: list[dict]) -> dict:
    """One concurrency's figures over the rounds: medians of the timings, sums of the counts."""
    out = {"rounds": len(summaries), "sessions": summaries[0]["sessions"],
           "requests": sum(s["requests"] for s in summaries), "errors": sum(s["errors"] for s in summaries)}
    for key in ("p50_ms", "p95_ms", "p99_ms", "mean_ms", "throughput_msg_s"):
        values = [s[key] for s in summaries if s[key] is not None]
        out[key] = round(statistics.median(values), 2) if values else None
    out["per_round"] = {key: [s[key] for s in summaries] for key in ("p50_ms", "p95_ms", "throughput_msg_s")}
    return out


async def _load_rounds(senders: dict[str, load.Send], deadline: float) -> dict[str, dict]:
    """Drives both stacks in alternating rounds and keeps the median of every figure.

    Each round loads every concurrency on both stacks, one after the other, and the order
    flips from round to round, so a machine that gets faster or slower during the run
    shifts both sides alike instead of one side's ratio.
    """
    for send in senders.values():
        await load.drive(send, 2, 4, tag="-warm")  # first requests load lazy parts
    rounds: dict[str, dict[str, list[dict]]] = {label: {} for label in senders}
    for number in range(ROUNDS):
        if number and time.monotonic() > deadline:
            log(f"Zeitbudget erreicht: {number} von {ROUNDS} Runden")
            break
        order = list(senders) if number % 2 == 0 else list(reversed(senders))
        for n in CONCURRENCY:
            for label in order:
                result = (await load.drive(senders[label], n, TURNS, tag=f"-r{number}")).summary()
                rounds[label].setdefault(str(n), []).append(result)
                log(f"Runde {number + 1}/{ROUNDS} {label} N={n}: p50 {result['p50_ms']} ms, "
                    f"{result['throughput_msg_s']} msg/s, Fehler {result['errors']}")
    return {label: {n: _median(v) for n, v in by_n.items()} for label, by_n in rounds.items()}


async def _run_stacks(stacks: dict[str, list[Service]], senders: dict[str, load.Send], deadline: float,
                      extra) -> dict[str, dict]:
    """Starts the stacks one after another (cold start each), loads them alternately, stops both."""
    results: dict[str, dict] = {}
    try:
        for label, stack in stacks.items():
            started = time.perf_counter()
            await start(stack, log=False)
            cold = {s.name: round(s.ready_after, 2) for s in stack}
            cold["stack"] = round(time.perf_counter() - started, 2)
            results[label] = {"cold_start_s": cold}
            log(f"{label}: bereit {cold}")
        for label, figures in (await _load_rounds(senders, deadline)).items():
            results[label]["load"] = figures
        results["ours"].update(await extra())
        for label, stack in stacks.items():
            peak = {s.name: measure.peak_rss_mb(s.process.pid) for s in stack}
            results[label]["peak_rss_mb"] = {**peak, "total": round(sum(peak.values()), 1)}
    finally:
        for stack in stacks.values():
            await stop(stack)
    return results


def ratio(ours: float | None, stock: float | None) -> float | None:
    return round(ours / stock, 3) if ours is not None and stock else None


def paired_ratio(ours: dict, stock: dict, key: str) -> float | None:
    """The median over the rounds of ours/stock within each round: within a round both sides ran back
    to back, so the machine's drift over the whole run cancels out."""
    pairs = [ratio(o, s) for o, s in zip(ours["per_round"][key], stock["per_round"][key])]
    pairs = [p for p in pairs if p is not None]
    return round(statistics.median(pairs), 3) if pairs else None


def compare(ours: dict, stock: dict, training: dict) -> list[dict]:
    rows = []
    for n in map(str, CONCURRENCY):
        o, s = ours["load"].get(n), stock["load"].get(n)
        if not o or not s:
            continue
        for metric, key, target in (("latency p50", "p50_ms", "≤ 1.0"), ("latency p95", "p95_ms", None),
                                    ("throughput msg/s", "throughput_msg_s", "≥ 2.0" if n in ("10", "50") else None)):
            rows.append({"metric": f"{metric}, N={n}", "ours": o[key], "stock": s[key],
                         "ratio": paired_ratio(o, s, key), "target": target})
    rows.append({"metric": "cold start s (whole stack vs stock Rasa)", "ours": ours["cold_start_s"]["stack"],
                 "stock": stock["cold_start_s"]["stack"], "ratio": ratio(ours["cold_start_s"]["stack"],
                                                                       stock["cold_start_s"]["stack"]), "target": "≤ 0.5"})
    rows.append({"metric": "training s", "ours": training["ours_s"], "stock": training["stock_s"],
                 "ratio": ratio(training["ours_s"], training["stock_s"]), "target": "≤ 2.0"})
    rows.append({"metric": "peak memory MB (all processes)", "ours": ours["peak_rss_mb"]["total"],
                 "stock": stock["peak_rss_mb"]["total"], "ratio": ratio(ours["peak_rss_mb"]["total"],
                                                                       stock["peak_rss_mb"]["total"]), "target": None})
    for row in rows:
        target, value = row["target"], row["ratio"]
        row["met"] = None if not target or value is None else (
            value <= float(target.split()[1]) if target.startswith("≤") else value >= float(target.split()[1]))
    return rows


def write_outputs(result: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    rows = result["comparison"]
    lines = [f"# Benchmark {result['started']}", "",
             f"Machine: {result['machine']}. One run; ratios compare numbers from this run only: "
             f"{result['ours']['load']['1']['rounds']} rounds that alternate between the two stacks; load figures are "
             "medians over the rounds, their ratio is the median of the ratios within each round.", "",
             "| metric | ours | stock `rasa init` | ours / stock | target | met |", "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        met = "" if r["met"] is None else ("yes" if r["met"] else "**no**")
        lines.append(f"| {r['metric']} | {r['ours']} | {r['stock']} | {r['ratio']} | {r['target'] or ''} | {met} |")
    absolute = result["absolute"]
    lines += ["", "| absolute target | value | target | met |", "| --- | --- | --- | --- |",
              f"| total peak memory, our stack (MB) | {result['ours']['peak_rss_mb']['total']} | ≤ 1536 | "
              f"{'yes' if result['ours']['peak_rss_mb']['total'] <= 1536 else '**no**'} |",
              f"| knowledge-base query p99 (ms) | {absolute['kb_query']['p99_ms']} | < 1 | "
              f"{'yes' if absolute['kb_query']['p99_ms'] < 1 else '**no**'} |",
              f"| import → next answer shows it (ms) | {absolute['import_visible']['ms']} | ≤ 1000 | "
              f"{'yes' if (absolute['import_visible']['ms'] or 1e9) <= 1000 else '**no**'} |",
              "", f"Rasa NLU parse latency (ours, in-process): p50 {absolute['nlu_parse']['p50_ms']} ms, "
                  f"p99 {absolute['nlu_parse']['p99_ms']} ms over {absolute['nlu_parse']['n']} parses.",
              f"Knowledge-base queries: p50 {absolute['kb_query']['p50_ms']} ms, p99 {absolute['kb_query']['p99_ms']} ms "
              f"over {absolute['kb_query']['n']} queries.",
              f"Peak memory per process (MB): ours {result['ours']['peak_rss_mb']}, stock {result['stock']['peak_rss_mb']}.",
              f"Cold start per process (s): ours {result['ours']['cold_start_s']}, stock {result['stock']['cold_start_s']}.",
              "Throughput per round (msg/s, N=1/10/50): " + "; ".join(
                  f"{key} {[v['per_round']['throughput_msg_s'] for v in result[key]['load'].values()]}"
                  for key in ("ours", "stock")) + ".",
              f"Errors: ours {[v['errors'] for v in result['ours']['load'].values()]}, "
              f"stock {[v['errors'] for v in result['stock']['load'].values()]}.",
              f"Total benchmark time: {result['seconds']} s.", "", "![latency vs concurrency](latency.png)"]
    (RESULTS / "latest.md").write_text("\n".join(lines) + "\n")
    _chart(result)


def _chart(result: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for label, key, style in (("Berufslotse (Gateway)", "ours", "-"), ("stock rasa init (REST)", "stock", "--")):
        loads = result[key]["load"]
        ns = [int(n) for n in loads]
        ax.plot(ns, [loads[str(n)]["p50_ms"] for n in ns], style, marker="o", label=f"{label} p50")
        ax.plot(ns, [loads[str(n)]["p95_ms"] for n in ns], style, marker="^", label=f"{label} p95")
    ax.set_xscale("log")
    ax.set_xticks(list(CONCURRENCY))
    ax.set_xticklabels([str(n) for n in CONCURRENCY])
    ax.set_xlabel("gleichzeitige Sitzungen")
    ax.set_ylabel("Latenz (ms)")
    ax.set_title("Antwortzeit je Nachricht")
    ax.grid(True, alpha=.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(RESULTS / "latency.png", dpi=120)


def main() -> int:
    began = time.monotonic()
    deadline = began + BUDGET_SECONDS - 120
    tmp = Path(tempfile.mkdtemp(prefix="berufslotse-bench-"))
    result: dict = {"started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                    "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"}
    try:
        # private copies: the benchmark changes a figure and must not touch data/kb or var/
        sources = tmp / "kb-sources"
        shutil.copytree(config.kb_source_dir(), sources)
        shutil.copy(config.kb_path(), tmp / "kb.sqlite")
        os.environ.update(BERUFSLOTSE_KB=str(tmp / "kb.sqlite"), BERUFSLOTSE_KB_SOURCES=str(sources),
                          BERUFSLOTSE_UNANSWERED=str(tmp / "unanswered.sqlite"),
                          BERUFSLOTSE_RATE_PER_SESSION="100000", BERUFSLOTSE_RATE_PER_ADDRESS="1000000",
                          BERUFSLOTSE_RATE_NEW_SESSIONS="1000000", BERUFSLOTSE_SESSIONS=str(tmp / "sessions.sqlite"),
                          **RASA_ENV)
        python = sys.executable
        log("Training (unser Modell) …")
        ours_train = measure.timed([python, "-m", "rasa", "train", "--force", "--out", str(tmp / "ours-model"),
                                    "--fixed-model-name", "model"], config.ROOT)
        log(f"Training unser Modell: {ours_train:.1f} s; stock-Assistent anlegen (rasa init --no-prompt) …")
        stock_dir = tmp / "stock"
        stock_dir.mkdir()
        measure.timed([python, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(stock_dir)], tmp)
        stock_train = measure.timed([python, "-m", "rasa", "train", "--force"], stock_dir)
        log(f"Training stock: {stock_train:.1f} s")
        training = {"ours_s": round(ours_train, 1), "stock_s": round(stock_train, 1)}

        ports = Ports(rasa=free_port(), actions=free_port(), gateway=free_port())
        ours_stack = services(ports, tmp / "ours-model" / "model.tar.gz", with_gateway=True, tracker_db=tmp / "tracker.db")

        async def import_visible() -> dict:
            return {"import_visible": await _import_visible_ms(ports.gateway, sources)}

        stock_port = free_port()
        stock_model = sorted((stock_dir / "models").glob("*.tar.gz"))[-1]
        stock_stack = [Service("rasa", [python, "-m", "rasa", "run", "--model", str(stock_model), "--interface", "127.0.0.1",
                                        "--port", str(stock_port)], f"http://127.0.0.1:{stock_port}/webhooks/rest/",
                               dict(RASA_ENV), cwd=stock_dir)]
        stacks = measure.run(_run_stacks({"ours": ours_stack, "stock": stock_stack},
                                         {"ours": load.gateway_sender(ports.gateway),
                                          "stock": load.rasa_rest_sender(stock_port)}, deadline, import_visible))
        ours, stock = stacks["ours"], stacks["stock"]

        log("NLU-Parse- und Wissensdatenbank-Latenz …")
        absolute = {"nlu_parse": measure.nlu_parse_latency(tmp / "ours-model" / "model.tar.gz"),
                    "kb_query": measure.kb_query_latency(),
                    "import_visible": ours.pop("import_visible")}
        result.update(training=training, ours=ours, stock=stock, absolute=absolute,
                      comparison=compare(ours, stock, training), seconds=round(time.monotonic() - began, 1))
        write_outputs(result)
        log(f"fertig nach {result['seconds']} s → {RESULTS / 'latest.md'}")
        print((RESULTS / "latest.md").read_text())
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
