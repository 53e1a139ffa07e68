"""`make soak` (not part of `make test`): 50 concurrent conversations against the whole stack
under the supervisor for a bounded time (10 minutes by default), with Rasa killed in the middle.

Reports errors (split into those during the restart window and any others), lost or duplicated
turns – every acknowledged turn (HTTP 200) must be in the tracker store exactly once – and the
memory of each process (after a short warm-up, before the kill, at the end). A 503 counts as
survived only during the restart window and only with a Retry-After header. Settings (environment): SOAK_SECONDS (600),
SOAK_SESSIONS (50), SOAK_THINK_SECONDS (3), SOAK_KILL_AT (0.5 = halfway), SOAK_TURNS (12: each
simulated user starts a new conversation after the 12-turn script; 0 = one endless conversation). The report is printed
and written to var/soak/latest.json."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import string
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path

import aiohttp

from bench.load import CONVERSATION, error_code
from bot.config import ROOT
from bot.serve import Ports, free_port, services
from bot.supervisor import Backoff, Supervisor

MODEL = ROOT / "models" / "berufslotse.tar.gz"
OUT = ROOT / "var" / "soak"


@dataclass
class Turn:
    session: int
    text: str
    status: int  # 0: no HTTP answer (timeout, connection)
    at: float
    ms: float
    sender: str | None = None
    retry_after: bool = False
    code: str | None = None  # the gateway's error code ('upstream_unavailable', …)


@dataclass
class Report:
    seconds: float
    sessions: int
    turns_per_conversation: int = 0
    conversations: int = 0
    turns: int = 0
    acknowledged: int = 0
    errors_during_restart: dict[str, int] = field(default_factory=dict)
    errors_otherwise: dict[str, int] = field(default_factory=dict)
    other_errors: list[dict] = field(default_factory=list)
    lost: int = 0
    duplicated: int = 0
    unacknowledged_but_stored: int = 0
    rasa_down_seconds: float | None = None
    restarts: dict[str, int] = field(default_factory=dict)
    memory_mb_start: dict[str, float] = field(default_factory=dict)
    memory_mb_before_kill: dict[str, float] = field(default_factory=dict)
    memory_mb_end: dict[str, float] = field(default_factory=dict)
    memory_mb_series: list[dict] = field(default_factory=list)
    p50_ms: float | None = None
    p95_ms: float | None = None


def marker(session: int, turn: int) -> str:
    """A letters-only tag that makes each turn's text unique without adding numbers for the NLU."""
    value, letters = session * 100_000 + turn, ""
    while True:
        value, digit = divmod(value, 26)
        letters = string.ascii_lowercase[digit] + letters
        if not value:
            return f"[{letters}]"


def rss_mb(pid: int) -> float:
    """Resident memory of a child's whole process group, in MB."""
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if os.getpgid(int(proc.name)) != pid:
                continue
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ProcessLookupError, ValueError):
            continue
    return round(total / 1024, 1)


async def converse(index: int, http: aiohttp.ClientSession, url: str, until: float, think: float,
                   per_conversation: int, turns: list[Turn]) -> None:
    """One simulated user: a conversation of `per_conversation` turns, then a new one (0: one endless conversation)."""
    sender: str | None = None
    number = 0
    while time.monotonic() < until:
        if per_conversation and number and number % per_conversation == 0:
            sender = None  # the user comes back later: a new conversation
        text = f"{CONVERSATION[(index + number) % len(CONVERSATION)]} {marker(index, number)}"
        number += 1
        body = {"message": text, **({"session_id": sender} if sender else {})}
        started = time.monotonic()
        status, wait, retry_after, code = 0, think, False, None
        try:
            async with http.post(url, json=body, headers={"X-Portal-Key": "demo"},
                                 timeout=aiohttp.ClientTimeout(total=60)) as response:
                status = response.status
                payload = await response.json(content_type=None)
                if status == 200:
                    sender = payload["session_id"]
                else:
                    code = error_code(payload)
                if status != 200 and "Retry-After" in response.headers:
                    retry_after = True
                    wait = max(think, float(response.headers["Retry-After"]))
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            pass
        turns.append(Turn(index, text, status, started, (time.monotonic() - started) * 1000, sender, retry_after, code))
        await asyncio.sleep(wait)


async def _sample_memory(stack, start: float, series: list[dict]) -> None:
    """Memory once a minute, to show its shape rather than two points."""
    while True:
        series.append({"s": round(time.monotonic() - start), **{s.name: rss_mb(s.process.pid) for s in stack}})
        await asyncio.sleep(60)


def stored_user_texts(tracker_db: Path) -> dict[str, Counter]:
    """Per sender: how often each user text is in Rasa's tracker store."""
    found: dict[str, Counter] = {}
    with closing(sqlite3.connect(tracker_db)) as conn:
        for sender, data in conn.execute("SELECT sender_id, data FROM events WHERE type_name = 'user'"):
            found.setdefault(sender, Counter())[json.loads(data).get("text")] += 1
    return found


async def soak(seconds: float, sessions: int, think: float, kill_at: float, per_conversation: int) -> Report:
    work = Path(tempfile.mkdtemp(prefix="soak-", dir=OUT))
    ports = Ports(rasa=free_port(), actions=free_port(), gateway=free_port())
    stack = services(ports, MODEL, with_gateway=True, tracker_db=work / "tracker.db")
    for service in stack:  # every session comes from 127.0.0.1; the per-session limit stays as in production
        service.env["BERUFSLOTSE_RATE_PER_ADDRESS"] = "1000000"
        service.env["BERUFSLOTSE_RATE_NEW_SESSIONS"] = "1000000"  # every new conversation comes from 127.0.0.1 too
        service.env["BERUFSLOTSE_UNANSWERED"] = str(work / "unanswered.sqlite")
        service.env["BERUFSLOTSE_SESSIONS"] = str(work / "sessions.sqlite")
    supervisor = Supervisor(stack, Backoff(initial=1, maximum=10), log=os.environ.get("SOAK_LOG") == "1")
    report = Report(seconds, sessions, turns_per_conversation=per_conversation)
    print(f"Starte Stack in {work} …", flush=True)
    await supervisor.start()
    watching = asyncio.create_task(supervisor.run())
    turns: list[Turn] = []
    try:
        url = f"http://127.0.0.1:{ports.gateway}/api/v1/chat"
        start = time.monotonic()
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=sessions + 10)) as http:
            clients = [asyncio.create_task(converse(i, http, url, start + seconds, think, per_conversation, turns)) for i in range(sessions)]
            sampling = asyncio.create_task(_sample_memory(stack, start, report.memory_mb_series))
            warm_up = min(15.0, seconds * 0.1)  # the first answers build caches (search index, trackers)
            await asyncio.sleep(warm_up)
            report.memory_mb_start = {s.name: rss_mb(s.process.pid) for s in stack}
            await asyncio.sleep(max(0.0, seconds * kill_at - warm_up))
            report.memory_mb_before_kill = {s.name: rss_mb(s.process.pid) for s in stack}
            print(f"{time.monotonic() - start:.0f} s: Rasa wird hart beendet (SIGKILL) …", flush=True)
            killed = time.monotonic()
            os.killpg(supervisor.service("rasa").process.pid, signal.SIGKILL)
            while supervisor.restarts["rasa"] == 0 or supervisor.service("rasa").ready_after is None:
                await asyncio.sleep(0.2)
            report.rasa_down_seconds = round(time.monotonic() - killed, 1)
            print(f"Rasa nach {report.rasa_down_seconds} s wieder bereit.", flush=True)
            await asyncio.gather(*clients)
            sampling.cancel()
        report.memory_mb_end = {s.name: rss_mb(s.process.pid) for s in stack}
        report.restarts = dict(supervisor.restarts)
    finally:
        await supervisor.stop()
        watching.cancel()
    window = (killed, killed + report.rasa_down_seconds + 5)
    _account(report, turns, window, stored_user_texts(work / "tracker.db"))
    return report


def _account(report: Report, turns: list[Turn], window: tuple[float, float], stored: dict[str, Counter]) -> None:
    report.turns = len(turns)
    report.conversations = len({t.sender for t in turns if t.sender})
    latencies = sorted(t.ms for t in turns if t.status == 200)
    report.acknowledged = len(latencies)
    if latencies:
        report.p50_ms = round(latencies[len(latencies) // 2], 1)
        report.p95_ms = round(latencies[int(len(latencies) * 0.95)], 1)
    during, otherwise = Counter(), Counter()
    for turn in turns:
        if turn.status != 200:
            label = str(turn.status or "keine Antwort") + ("" if turn.retry_after or turn.status != 503 else " ohne Retry-After")
            answered = turn.at + turn.ms / 1000  # a request in flight when Rasa died fails at the kill, not at its start
            (during if window[0] <= answered <= window[1] and turn.retry_after else otherwise)[label] += 1
            if not (window[0] <= answered <= window[1]):
                report.other_errors.append({"status": turn.status, "seconds_after_kill": round(answered - window[0], 1),
                                            "ms": round(turn.ms), "retry_after": turn.retry_after, "code": turn.code})
        count = stored.get(turn.sender or "", Counter())[turn.text]
        if turn.status == 200:
            report.lost += count == 0
            report.duplicated += count > 1
        else:
            report.unacknowledged_but_stored += count > 0
    report.errors_during_restart, report.errors_otherwise = dict(during), dict(otherwise)


def main() -> int:
    if not MODEL.exists():
        print(f"Fehler: {MODEL} fehlt – bitte `make train`.", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    report = asyncio.run(soak(float(os.environ.get("SOAK_SECONDS", "600")), int(os.environ.get("SOAK_SESSIONS", "50")),
                              float(os.environ.get("SOAK_THINK_SECONDS", "3")), float(os.environ.get("SOAK_KILL_AT", "0.5")),
                              int(os.environ.get("SOAK_TURNS", str(len(CONVERSATION))))))
    text = json.dumps(asdict(report), ensure_ascii=False, indent=2)
    (OUT / "latest.json").write_text(text + "\n", encoding="utf-8")
    print(text)
    ok = not report.lost and not report.duplicated and not report.errors_otherwise
    print("Soak bestanden." if ok else "Soak NICHT bestanden: siehe lost/duplicated/errors_otherwise.")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
