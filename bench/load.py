"""A small, bounded load client: N concurrent sessions, a fixed number of turns each."""
from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from typing import Awaitable, Callable

import aiohttp

# A realistic mix: salary, training, follow-ups, glossary, out of scope.
CONVERSATION = [
    "Hallo",
    "Was verdient ein Online Marketing Manager?",
    "Und nach zehn Jahren?",
    "Wie lange dauert die Ausbildung zum Kaufmann für Dialogmarketing?",
    "Wie viel im dritten Lehrjahr?",
    "Wie läuft die Abschlussprüfung ab?",
    "Was sind die 8 Ps?",
    "Welche Weiterbildungen gibt es?",
    "Wer verdient mehr beim Einstieg?",
    "Was verdient ein Pilot?",
    "Woher hast du die Zahlen?",
    "Danke, tschüss",
]

Send = Callable[[aiohttp.ClientSession, int, str, dict], Awaitable[bool]]


@dataclass
class LoadResult:
    sessions: int
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float] = field(repr=False, default_factory=list)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] if ordered else float("nan")

    def summary(self) -> dict:
        return {"sessions": self.sessions, "requests": self.requests, "errors": self.errors,
                "p50_ms": round(self.percentile(50), 1), "p95_ms": round(self.percentile(95), 1),
                "p99_ms": round(self.percentile(99), 1),
                "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else None,
                "throughput_msg_s": round(self.requests / self.seconds, 2) if self.seconds else None}


async def drive(send: Send, sessions: int, turns: int, timeout: float = 60.0, tag: str = "") -> LoadResult:
    """Every session sends `turns` messages one after another; sessions run concurrently.

    `tag` keeps the sender ids of repeated rounds apart, so no round continues an earlier
    round's (longer, slower) conversation.
    """
    latencies: list[float] = []
    errors = 0

    async def session(index: int, http: aiohttp.ClientSession) -> None:
        nonlocal errors
        state: dict = {"sender": f"bench{tag}-{sessions}-{index}"}
        for turn in range(turns):
            text = CONVERSATION[(index + turn) % len(CONVERSATION)]
            start = time.perf_counter()
            try:
                ok = await asyncio.wait_for(send(http, index, text, state), timeout)
            except Exception:  # noqa: BLE001 – a failed request is counted, not fatal
                ok = False
            latencies.append((time.perf_counter() - start) * 1000)
            errors += 0 if ok else 1

    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        start = time.perf_counter()
        await asyncio.gather(*(session(i, http) for i in range(sessions)))
        seconds = time.perf_counter() - start
    return LoadResult(sessions, sessions * turns, errors, seconds, latencies)


def error_code(payload: object) -> str | None:
    """The gateway's error code in a failed answer ('upstream_unavailable', …), if it sent one."""
    error = payload.get("error") if isinstance(payload, dict) else None
    return error.get("code") if isinstance(error, dict) else None


def gateway_sender(port: int) -> Send:
    async def send(http: aiohttp.ClientSession, index: int, text: str, state: dict) -> bool:
        body = {"message": text, **({"session_id": state["session"]} if "session" in state else {})}
        async with http.post(f"http://127.0.0.1:{port}/api/v1/chat", json=body, headers={"X-Portal-Key": "demo"}) as r:
            if r.status != 200:
                return False
            state["session"] = (await r.json())["session_id"]
            return True
    return send


def rasa_rest_sender(port: int) -> Send:
    async def send(http: aiohttp.ClientSession, index: int, text: str, state: dict) -> bool:
        async with http.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                             json={"sender": state["sender"], "message": text}) as r:
            return r.status == 200 and isinstance(await r.json(), list)
    return send
