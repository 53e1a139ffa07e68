"""`make cluster-test`'s checks and report: bench/results/cluster.md and cluster.json."""
from __future__ import annotations

import json
import time
from collections import Counter

from bench import cluster_drive as client
from bot.config import ROOT

RESULTS = ROOT / "bench" / "results"


def redis_memory(url: str) -> int:
    import redis

    return int(redis.Redis.from_url(url).info("memory")["used_memory"])


def redis_per_session(url: str, before: int) -> dict:
    """Redis memory growth over the run divided by the gateway sessions it holds (an average that
    includes their button tokens; limiter buckets and locks expire and are mostly gone)."""
    import redis

    server = redis.Redis.from_url(url)
    sessions = sum(1 for _ in server.scan_iter(match="*session:*", count=1000))
    after = int(server.info("memory")["used_memory"])
    return {"sessions": sessions, "used_memory_before": before, "used_memory_after": after,
            "bytes_per_session": round((after - before) / sessions) if sessions else None}


def _sessions(*records: client.Record) -> set[str]:
    return {a.session for r in records for a in r.attempts if a.session}


def evaluate(figures: dict, url: str, reference: client.Record, two: client.Record, faulty: client.Record,
             moved: set[str], conversations: int, within: float) -> list[str]:
    """Fills `figures` and returns the failed checks, each as a message."""
    failures: list[str] = []
    stored = client.stored_user_texts(url, _sessions(reference, two, faulty))
    expected_turns = conversations * client.TURNS
    for name, record in (("one_replica", reference), ("two_replicas", two), ("faults", faulty)):
        figures[name] = {**client.account(record, stored), "seconds": round(record.seconds, 1),
                         "throughput_msg_s": record.throughput(),
                         "p50_ms": _percentile(record, 50), "p95_ms": _percentile(record, 95)}
        result = figures[name]
        if result["lost"] or result["duplicated"]:
            failures.append(f"{name}: {result['lost']} bestätigte Turns fehlen, {result['duplicated']} doppelt "
                            "in PostgreSQL.")
        answered = {(a.conversation, a.turn) for a in record.acknowledged()}
        missing = expected_turns - len(answered)
        if missing:
            failures.append(f"{name}: {missing} Turns wurden auch nach {client.RETRIES} Wiederholungen nicht "
                            "beantwortet.")
    doubled: dict[tuple, list[int]] = {}
    for a in faulty.attempts:
        if a.duplicate_send:
            doubled.setdefault((a.conversation, a.session, a.text), []).append(a.status)
    figures["doubly_sent_turns"] = [{"conversation": c, "statuses": st, "stored": stored.get(s, {}).get(t, 0)}
                                    for (c, s, t), st in doubled.items()]
    figures["throughput_ratio_two_vs_one"] = round(two.throughput() / reference.throughput(), 2)
    duplicates = {int(c): t for c, t in figures.get("duplicate_sends", {}).items()}
    ref_answers = client.answers(reference)
    kb = figures.get("kb", {})
    window = tuple(kb.pop("_window", ())) or None
    swap = (f"{kb['old']:,} €".replace(",", "."), f"{kb['new']:,} €".replace(",", ".")) if kb else None
    differing_two, _ = client.compare(ref_answers, two, {})
    differing_faults, new_figure = client.compare(ref_answers, faulty, duplicates, window, swap)
    figures["faults"]["errors"] = dict(Counter(f"{a.status} {a.code}" for a in faulty.attempts if a.status != 200))
    session_of = {(a.conversation, a.turn): a.session for a in faulty.acknowledged()}
    stale = [d for d in differing_faults if session_of.get((d["conversation"], d["turn"])) in moved]
    stop_at = figures["_events"]["stop"]
    context_checked = sum(1 for a in faulty.acknowledged() if a.session in moved and a.at >= stop_at
                          and a.text in client.CONTEXT_TURNS and not a.duplicate_send)
    figures["answers"] = {"compared_two_replicas": len(client.answers(two)), "differing_two_replicas": len(differing_two),
                          "compared_faults": len(client.answers(faulty)) - sum(
                              1 for (c, t) in client.answers(faulty) if c in duplicates and t >= duplicates[c]),
                          "differing_faults": len(differing_faults), "stale_answers": len(stale),
                          "answers_with_the_new_figure_in_the_change_window": new_figure,
                          "rerouted_sessions": len(moved), "context_turns_after_reroute": context_checked,
                          "examples": (differing_two + differing_faults)[:5]}
    if differing_two or differing_faults:
        failures.append(f"Antworten weichen vom Lauf mit einem Replikat ab: {len(differing_two)} (zwei Replikate), "
                        f"{len(differing_faults)} (mit Fehlern, davon {len(stale)} in umgeleiteten Sitzungen) – "
                        "Beispiele in bench/results/cluster.json.")
    for label, seconds in {**{f"Import {k}": v for k, v in kb.get("import_to_visible_s", {}).items()},
                           **{f"Rückschalten {k}": v for k, v in kb.get("rollback_to_visible_s", {}).items()}}.items():
        if seconds is None or seconds > within:
            failures.append(f"{label}: die Zahl ist nicht innerhalb von {within:.0f} s sichtbar ({seconds} s).")
    if not kb:
        failures.append("Der Wissensimport wurde nicht gemessen.")
    for key, amount in (("rasa_names_new_figure", "new"), ("rasa_names_old_figure_after_rollback", "old")):
        for node, ok in kb.get(key, {}).items():
            if not ok:
                failures.append(f"{node}: Rasa nennt danach nicht die Zahl {kb[amount]} €.")
    limit = figures.get("limit", {})
    if not limit.get("ok"):
        failures.append(f"Limit über beide Gateways: erwartet genau {limit.get('budget')} × 200, dann 429 – "
                        f"erhalten {limit.get('statuses')}.")
    return failures


def _percentile(record: client.Record, p: float) -> float | None:
    ordered = sorted(a.ms for a in record.acknowledged())
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))], 1) if ordered else None


def summary(figures: dict) -> str:
    lines = []
    for name, label in (("one_replica", "1 Replikat"), ("two_replicas", "2 Replikate"), ("faults", "mit Fehlern")):
        if name in figures:
            r = figures[name]
            lines.append(f"{label:12} gesendet {r['turns_sent']}, bestätigt {r['acknowledged']}, verloren {r['lost']}, "
                         f"doppelt {r['duplicated']}, unbestätigt-aber-gespeichert {r['unacknowledged_but_stored']}, "
                         f"Status {r['statuses']}, {r['throughput_msg_s']} msg/s, p50 {r['p50_ms']} ms, "
                         f"p95 {r['p95_ms']} ms" + (f", Fehler {r['errors']}" if r.get("errors") else ""))
    if "throughput_ratio_two_vs_one" in figures:
        lines.append(f"Durchsatz 2 vs. 1 Replikat: × {figures['throughput_ratio_two_vs_one']}")
    if "answers" in figures:
        a = figures["answers"]
        lines.append(f"Antworten verglichen: {a['compared_two_replicas']} + {a['compared_faults']}, abweichend "
                     f"{a['differing_two_replicas']} + {a['differing_faults']}, veraltete Antworten (stale) "
                     f"{a['stale_answers']} in {a['rerouted_sessions']} umgeleiteten Sitzungen "
                     f"({a['context_turns_after_reroute']} Kontext-Turns nach dem Umleiten); im Importfenster "
                     f"mit der neuen Zahl: {a['answers_with_the_new_figure_in_the_change_window']}")
    if "kb" in figures:
        kb = figures["kb"]
        lines.append(f"Import → sichtbar: {kb['import_to_visible_s']} s; Rückschalten → sichtbar: "
                     f"{kb['rollback_to_visible_s']} s (kb set dauerte {kb['import_seconds']} s bis COMMIT)")
    if "replica_restart_seconds" in figures:
        lines.append(f"Rasa-Neustart bis bereit: {figures['replica_restart_seconds']} s; doppelt gesendet: "
                     f"{figures.get('duplicate_sends')}")
    if figures.get("doubly_sent_turns"):
        lines.append("Gleicher Turn über beide Gateways zugleich: " + ", ".join(
            f"Gespräch {d['conversation']}: {d['statuses']} → {d['stored']}× gespeichert" for d in figures["doubly_sent_turns"]))
    if "limit" in figures:
        lines.append(f"Limit (neue Sitzungen, Budget {figures['limit']['budget']}) über 2 Gateways: "
                     f"{figures['limit']['statuses']}")
    if "redis" in figures:
        lines.append(f"Redis: {figures['redis']['sessions']} Sitzungen, ≈ {figures['redis']['bytes_per_session']} "
                     "Bytes je Sitzung")
    if "gateway_overhead" in figures:
        g = figures["gateway_overhead"]
        lines.append(f"Gateway-Anteil (ein Nutzer, {g['turns']} Turns): direkt p50 {g['direct_p50_ms']} / p95 "
                     f"{g['direct_p95_ms']} ms, über das Gateway p50 {g['gateway_p50_ms']} / p95 {g['gateway_p95_ms']} ms "
                     f"→ + {g['overhead_p50_ms']} / {g['overhead_p95_ms']} ms")
    lines.append(f"Dauer: {figures.get('seconds')} s")
    return "\n".join(lines)


def write(figures: dict, failures: list[str]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {k: v for k, v in figures.items() if not k.startswith("_")}
    data.update(passed=not failures, failures=failures, at=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
    (RESULTS / "cluster.json").write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n",
                                          encoding="utf-8")
    text = [f"# Cluster test ({data['at']})", "",
            "`make cluster-test` on one 2-core machine shared with other work: PostgreSQL, Redis, two nodes "
            "(kb sync agent, action server, Rasa replica each), two gateways, all on loopback. Throughput "
            "figures are indicative only – both replicas, both gateways, the action servers, the databases "
            "and the load client share the same two cores, so a second replica cannot add CPU here; on two "
            "machines it would.", "",
            f"Result: **{'passed' if not failures else 'FAILED'}**", "", "```", summary(figures), "```", ""]
    if failures:
        text += ["Failures:", "", *[f"- {f}" for f in failures], ""]
    (RESULTS / "cluster.md").write_text("\n".join(text), encoding="utf-8")
