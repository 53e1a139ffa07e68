"""`make cluster-test` (opt-in, not part of `make test`): the cluster on one machine, loopback only.

PostgreSQL + Redis, two nodes (kb sync agent, action server, Rasa replica on endpoints.cluster.yml
each), two gateways. Phases, all with the same CLUSTER_CONVERSATIONS (150) scripts × 12 turns,
CLUSTER_CONCURRENCY (12) at a time, each turn through a gateway chosen at random:

1. reference: only node 1's Rasa runs – the single-replica answers and throughput;
2. two replicas, no faults – throughput with two replicas (answers compared too);
3. faults at fixed points: node 2's Rasa is stopped (SIGTERM) after 20 % of the turns and started
   again after 45 %; turn 6 of three conversations is sent through both gateways at once; once
   node 2 is back, a knowledge-base figure is imported and then rolled back (bench/cluster_kb.py).
Then the limit check (one address, two gateways, one shared budget).

It fails with a message unless: no acknowledged turn lost or duplicated (PostgreSQL vs the
client's record), every answer equals the reference (stale answers = 0), the import is served by
every node within 1 s, the limit holds across gateways. Figures: bench/results/cluster.md/.json.
The whole run is bounded by CLUSTER_TEST_DEADLINE (900 s); every process and both services are
ended at the end, also on failure or Ctrl-C.
"""
from __future__ import annotations

import asyncio
import os
import signal
import sys
import time

from bench import cluster_drive as client
from bench import cluster_kb, cluster_report
from bench.cluster_stack import MODEL, NEW_SESSIONS_PER_MINUTE, Cluster

VISIBLE_WITHIN = 1.0
STOP_AT, RESTART_AT = 0.20, 0.45


async def wait_replicas(ports: list[int], up: int, seconds: float = 60.0) -> None:
    """Until every gateway's /readyz shows `up` replicas up (it checks them when called)."""
    import aiohttp

    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            counts = []
            for port in ports:
                async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                    body = await response.json(content_type=None)
                counts.append(sum(r.get("state") == "up" for r in body.get("rasa_replicas", [])))
            if all(c == up for c in counts):
                return
            await asyncio.sleep(0.5)
    raise RuntimeError(f"Die Gateways sehen nach {seconds:.0f} s nicht {up} Rasa-Replikate.")


def moved_sessions(record: client.Record, urls: list[str], stopped: str) -> set[str]:
    """Sessions whose first choice is the stopped replica (rendezvous hashing, as the gateways do)."""
    from bot.gateway.replicas import score

    return {a.session for a in record.attempts
            if a.session and max(urls, key=lambda u: score(a.session, u)) == stopped}


async def faults(cluster: Cluster, conversations: int, concurrency: int, figures: dict) -> client.Record:
    node2, total = cluster.nodes[1], conversations * client.TURNS
    events: dict[str, float] = {}
    stopping, restarting = asyncio.Event(), asyncio.Event()

    def progress(done: int) -> None:
        if done >= total * STOP_AT:
            stopping.set()
        if done >= total * RESTART_AT:
            restarting.set()

    async def operator() -> None:
        await stopping.wait()
        events["stop"] = time.monotonic()
        print(f"  Fehler 1: Rasa von node2 wird beendet (SIGTERM) nach {STOP_AT:.0%} der Turns", flush=True)
        await cluster.stop_replica(node2)
        await restarting.wait()
        print(f"  Fehler 2: Rasa von node2 startet wieder nach {RESTART_AT:.0%} der Turns", flush=True)
        events["restart"] = time.monotonic()
        await cluster.start([node2.rasa])
        events["ready"] = time.monotonic()
        await wait_replicas(cluster.gateway_ports, 2)
        print(f"  node2 wieder bereit nach {events['ready'] - events['restart']:.1f} s; Fehler 3: Wissensimport",
              flush=True)
        figures["kb"] = await cluster_kb.figure_change(
            cluster.env(), cluster.svc.postgres_url, str(cluster.work / "publish" / "kb.sqlite"),
            {n.name: (f"http://127.0.0.1:{n.actions_port}", n.rasa_url) for n in cluster.nodes},
            new_amount=3999, old_amount=3841)

    duplicates = {conversations - 30: 6, conversations - 20: 6, conversations - 10: 6}
    figures["duplicate_sends"] = {str(c): t for c, t in duplicates.items()}
    ops = asyncio.create_task(operator())
    record = await client.drive(cluster.gateway_ports, conversations, 3, concurrency, seed=3,
                                duplicates=duplicates, progress=progress)
    await ops  # the import may come after the last turn when the restart took long
    figures["replica_restart_seconds"] = round(events["ready"] - events["restart"], 1)
    figures["_events"] = events
    return record


async def run(figures: dict) -> list[str]:
    conversations = int(os.environ.get("CLUSTER_CONVERSATIONS", "150"))
    concurrency = int(os.environ.get("CLUSTER_CONCURRENCY", "12"))
    cluster = Cluster.create()
    figures["_cluster"] = cluster  # main() ends what is left if the event loop could not (Ctrl-C)
    failures: list[str] = []
    try:
        print("Starte PostgreSQL und Redis …", flush=True)
        await cluster.start_services()
        print(f"Wissensdatenbank: Version {await cluster.publish_first_version()} veröffentlicht.", flush=True)
        cluster.build_nodes()
        cluster.build_gateways()
        await cluster.start_sync_agents()
        node1, node2 = cluster.nodes
        print("Starte node1 (Aktionen, Rasa), node2 (Aktionen) und zwei Gateways …", flush=True)
        await cluster.start([node1.actions, node1.rasa, node2.actions, *cluster.gateways])
        await wait_replicas(cluster.gateway_ports, 1)
        redis_before = cluster_report.redis_memory(cluster.svc.redis_url)

        print(f"Phase 1: {conversations} Gespräche × {client.TURNS} Turns, ein Rasa-Replikat …", flush=True)
        reference = await client.drive(cluster.gateway_ports, conversations, 1, concurrency, seed=1)
        print(f"  {len(reference.acknowledged())} Antworten, {reference.throughput()} msg/s", flush=True)
        print("Starte Rasa auf node2 …", flush=True)
        await cluster.start([node2.rasa])
        await wait_replicas(cluster.gateway_ports, 2)

        print("Phase 2: dieselben Gespräche, zwei Rasa-Replikate …", flush=True)
        two = await client.drive(cluster.gateway_ports, conversations, 2, concurrency, seed=2)
        print(f"  {len(two.acknowledged())} Antworten, {two.throughput()} msg/s", flush=True)

        print("Phase 3: dieselben Gespräche mit Fehlern …", flush=True)
        faulty = await faults(cluster, conversations, concurrency, figures)
        print("Limit über beide Gateways …", flush=True)
        figures["limit"] = await cluster_kb.shared_limit(cluster.gateway_ports, NEW_SESSIONS_PER_MINUTE)
        figures["redis"] = cluster_report.redis_per_session(cluster.svc.redis_url, redis_before)
        print("Gateway-Anteil je Nachricht (ein Nutzer, direkt vs. über das Gateway) …", flush=True)
        figures["gateway_overhead"] = await client.overhead(cluster.gateway_ports[0], node1.rasa_url)

        failures += cluster_report.evaluate(figures, cluster.svc.postgres_url, reference, two, faulty,
                                            moved_sessions(faulty, [n.rasa_url for n in cluster.nodes], node2.rasa_url),
                                            conversations, VISIBLE_WITHIN)
    finally:
        print("Beende alle Prozesse und die Dienste …", flush=True)
        await cluster.close()
    return failures


def main() -> int:
    if not MODEL.exists():
        print(f"Fehler: Modell {MODEL} fehlt – bitte `make train` ausführen.", file=sys.stderr)
        return 1
    deadline = float(os.environ.get("CLUSTER_TEST_DEADLINE", "900"))
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    figures: dict = {}
    started = time.monotonic()
    try:
        failures = asyncio.run(asyncio.wait_for(run(figures), deadline))
    except asyncio.TimeoutError:
        failures = [f"Zeitlimit: der Lauf hat länger als {deadline:.0f} s gedauert (CLUSTER_TEST_DEADLINE)."]
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 – a setup error is a failed run with its message
        failures = [f"{type(exc).__name__}: {exc}"]
    finally:
        leftover = figures.get("_cluster")
        if leftover is not None:  # idempotent: after a normal close nothing is left to end
            leftover.kill_leftovers()
            leftover.stop_services()
    figures["seconds"] = round(time.monotonic() - started, 1)
    cluster_report.write(figures, failures)
    print(cluster_report.summary(figures))
    if failures:
        print("\ncluster-test NICHT bestanden:\n- " + "\n- ".join(failures))
        return 1
    print("\ncluster-test bestanden.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
