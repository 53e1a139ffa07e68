"""Sends every case to Rasa's REST channel (a fresh sender per conversation) and scores the replies."""
from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

import aiohttp

from eval.cases import Case
from eval.check import problems, reply_text

CONCURRENCY = 8
TIMEOUT = aiohttp.ClientTimeout(total=60)


@dataclass
class TurnResult:
    case: Case
    index: int
    say: str
    reply: str
    problems: list[str]

    @property
    def checked(self) -> bool:
        return self.case.turns[self.index].checked

    @property
    def passed(self) -> bool:
        return not self.problems


async def _conversation(session: aiohttp.ClientSession, url: str, case: Case) -> list[TurnResult]:
    sender = f"eval-{case.id}-{uuid.uuid4().hex[:8]}"
    results = []
    for index, turn in enumerate(case.turns):
        try:
            async with session.post(url, json={"sender": sender, "message": turn.say}) as response:
                messages = await response.json() if response.status == 200 else []
                error = [] if response.status == 200 else [f"HTTP {response.status}"]
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            messages, error = [], [f"Fehler: {type(exc).__name__}"]
        reply = reply_text(messages)
        found = error or (problems(turn, reply) if turn.checked else ([] if reply.strip() else ["keine Antwort"]))
        results.append(TurnResult(case, index, turn.say, reply, found))
    return results


async def run(cases: list[Case], rasa_url: str) -> list[TurnResult]:
    """All turns of all cases, conversations in parallel, turns of one conversation in order."""
    url = rasa_url.rstrip("/") + "/webhooks/rest/webhook"
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one(session: aiohttp.ClientSession, case: Case) -> list[TurnResult]:
        async with limit:
            return await _conversation(session, url, case)

    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        done = await asyncio.gather(*(one(session, c) for c in cases))
    return [r for results in done for r in results]
