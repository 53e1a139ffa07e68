"""`python -m bench.tracker_growth`: how much PostgreSQL the tracker store needs per conversation.

Starts the private PostgreSQL and Redis (bot/cluster/services.py), one action server and one Rasa
replica with endpoints.cluster.yml (CachedSQLTrackerStore on PostgreSQL, RedisLockStore), drives
TRACKER_GROWTH_CONVERSATIONS (40) scripted conversations of 12 turns each through Rasa's REST
channel (the bench's realistic mix, bench/load.py), 8 at a time, then measures the `events`
table in PostgreSQL after VACUUM: rows, JSON bytes, heap and index size per conversation and
per turn. Writes bench/results/tracker-growth.md and .json; docs/deploy.md uses the figures.
Bounded: loopback only, a fixed number of messages, and an overall deadline of 15 minutes.
"""
from __future__ import annotations

import asyncio
import json
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

from bench import load
from bot.cluster import services as cluster
from bot.config import ROOT
from bot.serve import Ports, free_port, services, start, stop

TURNS = 12
CONCURRENCY = 8
DEADLINE_SECONDS = 900
RESULTS = ROOT / "bench" / "results"


def _database(server_url: str, name: str, create: bool) -> None:
    import psycopg2
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    conn = psycopg2.connect(host=url.host, port=url.port, user=url.username, password=url.password, dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"' if create else f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        conn.close()


def measure(url: str) -> dict:
    """Sizes of the events table after VACUUM (what the retention job's deletes make reusable)."""
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE events")
            cursor.execute("SELECT count(*), count(DISTINCT sender_id), sum(octet_length(data)), "
                           "count(*) FILTER (WHERE type_name = 'user') FROM events")
            rows, conversations, json_bytes, user_turns = cursor.fetchone()
            cursor.execute("SELECT pg_relation_size('events'), pg_indexes_size('events'), "
                           "pg_total_relation_size('events')")
            heap, indexes, total = cursor.fetchone()
            cursor.execute("SELECT indexname, pg_relation_size(quote_ident(indexname)::regclass) FROM pg_indexes "
                           "WHERE tablename = 'events' ORDER BY indexname")
            per_index = dict(cursor.fetchall())
            cursor.execute("SELECT type_name, count(*) FROM events GROUP BY type_name ORDER BY 2 DESC")
            types = dict(cursor.fetchall())
    finally:
        conn.close()
    turns = user_turns or 1
    return {"conversations": conversations, "user_turns": user_turns, "rows": rows, "rows_per_turn": round(rows / turns, 2),
            "event_types": types, "json_bytes": int(json_bytes or 0), "heap_bytes": heap, "index_bytes": indexes,
            "indexes": per_index, "total_bytes": total,
            "bytes_per_turn": round(total / turns), "bytes_per_conversation": round(total / max(conversations, 1))}


async def drive(port: int, conversations: int) -> load.LoadResult:
    send = load.rasa_rest_sender(port)
    results = []
    for first in range(0, conversations, CONCURRENCY):  # waves of CONCURRENCY conversations × TURNS
        results.append(await load.drive(_offset(send, first), min(CONCURRENCY, conversations - first), TURNS))
    return load.LoadResult(conversations, sum(r.requests for r in results), sum(r.errors for r in results),
                           sum(r.seconds for r in results), [x for r in results for x in r.latencies_ms])


def _offset(send: load.Send, first: int) -> load.Send:
    async def shifted(http, index, text, state):
        state["sender"] = f"growth-{first + index}"
        return await send(http, index, text, state)
    return shifted


def main() -> int:
    conversations = int(os.environ.get("TRACKER_GROWTH_CONVERSATIONS", "40"))
    model = ROOT / "models" / "berufslotse.tar.gz"
    if not model.exists():
        print(f"Fehler: Modell {model} fehlt – bitte `make train` ausführen.", file=sys.stderr)
        return 1
    svc = cluster.start()
    name = "growth_" + secrets.token_hex(4)
    _database(svc.postgres_url, name, create=True)
    url = svc.postgres_url.rsplit("/", 1)[0] + "/" + name
    try:
        with tempfile.TemporaryDirectory(prefix="growth-") as tmp:
            ports = Ports(rasa=free_port(), actions=free_port(), gateway=free_port())
            stack = services(ports, model, with_gateway=False, tracker_db=Path(tmp) / "unused.db")
            rasa = next(s for s in stack if s.name == "rasa")
            rasa.command[rasa.command.index("endpoints.yml")] = "endpoints.cluster.yml"
            for service in stack:
                service.env.update({**svc.env(), "BERUFSLOTSE_DATABASE_URL": url})
            started = time.monotonic()

            async def run() -> load.LoadResult:
                await start(stack, log=False)
                try:
                    return await asyncio.wait_for(drive(ports.rasa, conversations), DEADLINE_SECONDS)
                finally:
                    await stop(stack)

            result = asyncio.run(run())
        figures = measure(url)
        figures.update(messages=result.requests, errors=result.errors, seconds=round(time.monotonic() - started, 1),
                       turns_per_conversation=TURNS)
    finally:
        _database(svc.postgres_url, name, create=False)
    write(figures)
    print(json.dumps(figures, indent=2))
    return 0 if figures["errors"] == 0 and figures["conversations"] == conversations else 1


def write(figures: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tracker-growth.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    kib = lambda b: f"{b / 1024:.1f} KiB"  # noqa: E731
    lines = [
        f"# Tracker store growth on PostgreSQL ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})", "",
        f"`python -m bench.tracker_growth`: {figures['conversations']} conversations × {TURNS} turns "
        f"({figures['messages']} messages, {figures['errors']} errors) through one Rasa replica with "
        "endpoints.cluster.yml; sizes after VACUUM.", "",
        "| measure | value |", "| --- | --- |",
        f"| rows per turn | {figures['rows_per_turn']} |",
        f"| event JSON per turn | {kib(figures['json_bytes'] / max(figures['user_turns'], 1))} |",
        f"| table + indexes per turn | {kib(figures['bytes_per_turn'])} |",
        f"| table + indexes per {TURNS}-turn conversation | {kib(figures['bytes_per_conversation'])} |",
        f"| heap / indexes (all) | {kib(figures['heap_bytes'])} / {kib(figures['index_bytes'])} |",
        "", "Indexes: " + ", ".join(f"{k} {kib(v)}" for k, v in figures["indexes"].items()),
        "", "Events by type: " + ", ".join(f"{k} {v}" for k, v in figures["event_types"].items()), "",
    ]
    (RESULTS / "tracker-growth.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
