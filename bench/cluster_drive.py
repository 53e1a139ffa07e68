"""The client side of `make cluster-test`: scripted conversations through the gateways, the
client's record of every attempt, and the checks against it – lost or duplicated turns in
PostgreSQL's `events` table (the idea of bench/soak.py, on PostgreSQL) and answers equal to a
single-replica reference run of the same scripts."""
from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import aiohttp

from bench.load import CONVERSATION, error_code

TURNS = len(CONVERSATION)
CONTEXT_TURNS = {"Und nach zehn Jahren?", "Wie viel im dritten Lehrjahr?", "Wer verdient mehr beim Einstieg?"}
RETRIES = 5


def script(conversation: int) -> list[str]:
    """The 12 turns of scripted conversation `conversation` (the bench's mix, rotated)."""
    return [CONVERSATION[(conversation + turn) % TURNS] for turn in range(TURNS)]


def address(phase: int, conversation: int) -> str:
    """Each conversation's own client address (sent as X-Forwarded-For by the trusted loopback proxy)."""
    return f"10.{phase}.{conversation // 250}.{conversation % 250 + 1}"


def normalised(messages: list[dict]) -> tuple:
    """An answer without its per-session parts (the opaque button tokens)."""
    return tuple((m.get("text"), tuple(b.get("title") for b in m.get("buttons") or []),
                  json.dumps(m.get("chart"), sort_keys=True) if m.get("chart") else None) for m in messages)


@dataclass
class Attempt:
    conversation: int
    turn: int
    text: str
    gateway: int
    status: int  # 0: no HTTP answer
    at: float
    ms: float
    session: str | None
    answer: tuple = ()
    duplicate_send: bool = False
    code: str | None = None  # the gateway's error code ('upstream_disconnected', …)


@dataclass
class Record:
    attempts: list[Attempt] = field(default_factory=list)
    seconds: float = 0.0

    def acknowledged(self) -> list[Attempt]:
        return [a for a in self.attempts if a.status == 200]

    def throughput(self) -> float:
        return round(len(self.acknowledged()) / self.seconds, 2) if self.seconds else 0.0


async def post(http: aiohttp.ClientSession, port: int, text: str, session: str | None,
               client: str) -> tuple[int, dict, float]:
    body = {"message": text, **({"session_id": session} if session else {})}
    try:
        async with http.post(f"http://127.0.0.1:{port}/api/v1/chat", json=body,
                             headers={"X-Portal-Key": "demo", "X-Forwarded-For": client},
                             timeout=aiohttp.ClientTimeout(total=60)) as response:
            payload = await response.json(content_type=None)
            retry = float(response.headers.get("Retry-After", "0") or 0)
            return response.status, payload if isinstance(payload, dict) else {}, retry
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
        return 0, {}, 1.0


async def drive(ports: list[int], conversations: int, phase: int, concurrency: int, seed: int,
                duplicates: dict[int, int] | None = None,
                progress: Callable[[int], None] | None = None) -> Record:
    """Runs the scripts 0 … conversations-1, `concurrency` at a time, each turn through a gateway
    chosen at random (seeded). A turn answered 503 or not at all is sent again (at most RETRIES
    times) after its Retry-After (capped at 1 s). `duplicates[c] = t`: turn t of conversation c is
    sent through every gateway at once (the same text, the same session)."""
    duplicates = duplicates or {}
    record, rng, gate = Record(), random.Random(seed), asyncio.Semaphore(concurrency)
    done = 0

    async def one(http: aiohttp.ClientSession, conversation: int) -> None:
        nonlocal done
        session, client = None, address(phase, conversation)
        async with gate:
            for turn, text in enumerate(script(conversation)):
                if duplicates.get(conversation) == turn and session:
                    started = time.monotonic()
                    results = await asyncio.gather(*(post(http, port, text, session, client) for port in ports))
                    for gateway, (status, payload, _) in enumerate(results):
                        record.attempts.append(Attempt(conversation, turn, text, gateway, status, started,
                                                       (time.monotonic() - started) * 1000, session,
                                                       normalised(payload.get("messages", [])), True))
                    done += 1
                    continue
                for _ in range(RETRIES + 1):
                    gateway = rng.randrange(len(ports))
                    started = time.monotonic()
                    status, payload, retry = await post(http, ports[gateway], text, session, client)
                    if status == 200:
                        session = payload["session_id"]
                    record.attempts.append(Attempt(conversation, turn, text, gateway, status, started,
                                                   (time.monotonic() - started) * 1000, session,
                                                   normalised(payload.get("messages", [])) if status == 200 else (),
                                                   code=error_code(payload) if status != 200 else None))
                    if status not in (0, 503):
                        break
                    await asyncio.sleep(min(max(retry, 0.2), 1.0))
                done += 1
                if progress:
                    progress(done)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency * 2 + 4)) as http:
        started = time.monotonic()
        await asyncio.gather(*(one(http, c) for c in range(conversations)))
        record.seconds = time.monotonic() - started
    return record


def stored_user_texts(url: str, sessions: set[str]) -> dict[str, Counter]:
    """Per session: how often each user text is in PostgreSQL's events table."""
    import psycopg2

    found: dict[str, Counter] = {}
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT sender_id, data FROM events WHERE type_name = 'user' AND sender_id = ANY(%s)",
                       (list(sessions),))
        for sender, data in cursor.fetchall():
            found.setdefault(sender, Counter())[json.loads(data).get("text")] += 1
    return found


def account(record: Record, stored: dict[str, Counter]) -> dict:
    """Lost: a (session, text) stored fewer times than it was acknowledged. Duplicated: stored more
    often than it was sent at all (a turn sent through both gateways at once is sent – and
    acknowledged – twice, so two stored copies are expected; see docs/cluster-gateway.md)."""
    sent, acked = Counter(), Counter()
    for attempt in record.attempts:
        if attempt.session:
            sent[(attempt.session, attempt.text)] += 1
            acked[(attempt.session, attempt.text)] += attempt.status == 200
    lost = duplicated = unacknowledged_stored = 0
    for key, count in sent.items():
        have = stored.get(key[0], Counter())[key[1]]
        lost += max(0, acked[key] - have)
        duplicated += max(0, have - count)
        unacknowledged_stored += max(0, min(have, count) - acked[key])
    statuses = Counter(a.status for a in record.attempts)
    return {"turns_sent": len(record.attempts), "acknowledged": len(record.acknowledged()),
            "statuses": {str(k): v for k, v in sorted(statuses.items())}, "lost": lost, "duplicated": duplicated,
            "unacknowledged_but_stored": unacknowledged_stored}


def answers(record: Record) -> dict[tuple[int, int], tuple]:
    """(conversation, turn) → the acknowledged answer (the last one if a turn was retried)."""
    return {(a.conversation, a.turn): a.answer for a in record.acknowledged() if not a.duplicate_send}


def swapped(answer: tuple, old: str, new: str) -> tuple:
    """The answer with a figure's text replaced (the knowledge-base change, bench/cluster_kb.py)."""
    return tuple((text.replace(old, new) if text else text, buttons, chart) for text, buttons, chart in answer)


def compare(reference: dict[tuple[int, int], tuple], record: Record, duplicates: dict[int, int],
            window: tuple[float, float] | None = None, swap: tuple[str, str] | None = None) -> tuple[list[dict], int]:
    """Turns whose answer differs from the single-replica run, and how many answers carried the
    changed figure. Excluded: a conversation's turns from its doubly-sent turn on (its history then
    holds that turn twice, so the answers may differ). A turn in flight during the knowledge-base
    `window` may equal the reference with `swap` applied (the new figure instead of the old)."""
    differing, new_figure = [], 0
    last = {(a.conversation, a.turn): a for a in record.acknowledged() if not a.duplicate_send}
    for (conversation, turn), attempt in last.items():
        if conversation in duplicates and turn >= duplicates[conversation]:
            continue
        expected = reference.get((conversation, turn))
        if expected == attempt.answer:
            continue
        if (window and swap and expected is not None and window[0] <= attempt.at + attempt.ms / 1000
                and attempt.at <= window[1] and swapped(expected, *swap) == attempt.answer):
            new_figure += 1
            continue
        differing.append({"conversation": conversation, "turn": turn, "text": script(conversation)[turn],
                          "expected": expected, "got": attempt.answer})
    return differing, new_figure


async def overhead(gateway_port: int, rasa_url: str, conversations: int = 3) -> dict:
    """One user at a time: the same scripted turns directly to a Rasa replica and through a gateway
    (Redis session, limits, lock, routing), alternating turn by turn; the gateway's share per message."""
    direct, gateway = [], []
    async with aiohttp.ClientSession() as http:
        for conversation in range(conversations):
            session = None
            for text in script(conversation):
                started = time.perf_counter()
                async with http.post(f"{rasa_url}/webhooks/rest/webhook",
                                     json={"sender": f"overhead-{conversation}", "message": text}) as response:
                    await response.read()
                direct.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                status, payload, _ = await post(http, gateway_port, text, session, f"10.251.0.{conversation + 1}")
                gateway.append((time.perf_counter() - started) * 1000)
                session = payload.get("session_id", session) if status == 200 else session
    pick = lambda values, p: round(sorted(values)[min(len(values) - 1, int(len(values) * p / 100))], 1)  # noqa: E731
    return {"turns": len(direct), "direct_p50_ms": pick(direct, 50), "direct_p95_ms": pick(direct, 95),
            "gateway_p50_ms": pick(gateway, 50), "gateway_p95_ms": pick(gateway, 95),
            "overhead_p50_ms": round(pick(gateway, 50) - pick(direct, 50), 1),
            "overhead_p95_ms": round(pick(gateway, 95) - pick(direct, 95), 1)}
