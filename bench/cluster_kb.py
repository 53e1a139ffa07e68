"""`make cluster-test`'s knowledge-base fault and the shared-limit check.

The import: `python -m bot kb set` of one salary figure through the cluster write path (a new
version in PostgreSQL, pointer moved and NOTIFY in one transaction), run as its own process the
way a maintainer runs it. The moment of the commit is taken from the notification itself (this
module LISTENs on the same channel); each node is then asked directly – its own Rasa replica,
with its own action server and knowledge-base file, not through a gateway's routing – until its
answer carries the new figure. Then `kb activate` moves the pointer back (rollback) and the same
is measured for the old figure.

The figure is the median of Betriebswirt/in Callcentermanagement. No script asks for it, but
"Welche Weiterbildungen gibt es?" names it, so an answer given between the import and the end of
the rollback may carry either figure: the comparison with the single-replica run accepts there
exactly the reference answer with the old figure replaced by the new one (bench/cluster_drive.py).
The timing asks each node's action server directly (the request Rasa sends for `action_answer`),
so a busy Rasa's queue does not add to it; then each node's Rasa replica must name the figure too.
"""
from __future__ import annotations

import asyncio
import os
import select
import subprocess
import sys
import threading
import time

import aiohttp

from bot import config

FIGURE = "ea2023_92123_median"
QUESTION = "Was verdient ein Betriebswirt für Callcentermanagement?"
POLL_SECONDS = 10.0


def shown(amount: int) -> tuple[str, ...]:
    """How an amount can appear in an answer (German thousands separator or none)."""
    return (f"{amount:,}".replace(",", "."), str(amount))


class Notifications:
    """LISTEN on the knowledge-base channel in a thread; remembers when each notification came."""

    def __init__(self, url: str) -> None:
        import psycopg2

        from bot.kb.distribution import CHANNEL

        self.conn = psycopg2.connect(url)
        self.conn.autocommit = True
        self.conn.cursor().execute(f"LISTEN {CHANNEL}")
        self.received: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            if select.select([self.conn], [], [], 0.2)[0]:
                self.conn.poll()
                while self.conn.notifies:
                    self.received.append((time.time(), self.conn.notifies.pop(0).payload))

    def wait_for(self, payload: str, seconds: float = 30.0) -> float:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for at, got in self.received:
                if got == payload:
                    return at
            time.sleep(0.005)
        raise RuntimeError(f"Keine Benachrichtigung für Version {payload} innerhalb von {seconds:.0f} s.")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.conn.close()


def kb_command(env: dict[str, str], kb: str, *args: str) -> str:
    """Runs `python -m bot kb --db KB …` as a maintainer would; returns its output or raises."""
    result = subprocess.run([sys.executable, "-m", "bot", "kb", "--db", kb, *args], cwd=config.ROOT,
                            env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"kb {args[0]} fehlgeschlagen: {(result.stdout + result.stderr).strip()[-600:]}")
    return result.stdout.strip()


def current_version(url: str) -> int:
    import psycopg2

    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT version FROM kb_current")
        return int(cursor.fetchone()[0])


def _probe(sender: str) -> dict:
    """The action server's request for one `action_answer` (what Rasa sends after the NLU)."""
    return {"next_action": "action_answer", "sender_id": sender, "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": sender, "slots": {}, "events": [], "paused": False, "followup_action": None,
                        "active_loop": {}, "latest_action_name": "action_listen",
                        "latest_message": {"text": QUESTION, "intent": {"name": "ask_salary", "confidence": 1.0},
                                           "entities": []}}}


async def ask_actions(http: aiohttp.ClientSession, actions_url: str, sender: str) -> str:
    """The node's action server, asked directly (its own knowledge-base file)."""
    async with http.post(f"{actions_url}/webhook", json=_probe(sender),
                         timeout=aiohttp.ClientTimeout(total=10)) as response:
        return " ".join(r.get("text") or "" for r in (await response.json()).get("responses", []))


async def ask_rasa(http: aiohttp.ClientSession, rasa_url: str, sender: str) -> str:
    """The node's Rasa replica, asked directly (NLU, dialogue, its action server)."""
    async with http.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": QUESTION},
                         timeout=aiohttp.ClientTimeout(total=30)) as response:
        return " ".join(m.get("text") or "" for m in await response.json())


def _names(text: str, amount: int) -> bool:
    return any(f"{s} €" in text for s in shown(amount))


async def visible_after(actions_url: str, amount: int, since: float, tag: str) -> float | None:
    """Seconds from `since` (wall clock, the commit) until this node's action server answers with
    `amount`; None if not within POLL_SECONDS. Taken at the answer's arrival: an upper bound."""
    async with aiohttp.ClientSession() as http:
        deadline = time.monotonic() + POLL_SECONDS
        number = 0
        while time.monotonic() < deadline:
            number += 1
            if _names(await ask_actions(http, actions_url, f"kb-probe-{tag}-{number}"), amount):
                return round(time.time() - since, 3)
    return None


async def _served_end_to_end(nodes: dict[str, tuple[str, str]], amount: int, tag: str) -> dict[str, bool]:
    async with aiohttp.ClientSession() as http:
        return {name: _names(await ask_rasa(http, rasa_url, f"kb-rasa-{tag}-{name}"), amount)
                for name, (_, rasa_url) in nodes.items()}


async def figure_change(env: dict[str, str], url: str, maintainer_kb: str, nodes: dict[str, tuple[str, str]],
                        new_amount: int, old_amount: int) -> dict:
    """Import → visible per node, then rollback → old figure visible per node. `nodes`: name →
    (action server URL, Rasa URL). Besides the timing, each node's Rasa replica must name the
    figure afterwards (end to end)."""
    async with aiohttp.ClientSession() as http:
        for name, (actions_url, _) in nodes.items():
            before = await ask_actions(http, actions_url, f"kb-probe-before-{name}")
            if not _names(before, old_amount):
                raise RuntimeError(f"{name} nennt vor dem Import nicht {old_amount} €: {before[:300]}")
    previous = current_version(url)
    listener = Notifications(url)
    window = [time.monotonic()]
    try:
        started = time.time()
        output = await asyncio.to_thread(kb_command, env, maintainer_kb, "set", FIGURE, f"amount_min={new_amount}",
                                         f"amount_max={new_amount}", "--actor", "cluster-test",
                                         "--comment", "cluster-test: Import")
        new_version = current_version(url)
        committed = listener.wait_for(str(new_version))
        import_visible = dict(zip(nodes, await asyncio.gather(
            *(visible_after(a, new_amount, committed, f"new-{n}") for n, (a, _) in nodes.items()))))
        new_end_to_end = await _served_end_to_end(nodes, new_amount, "new")
        rolled = time.time()
        await asyncio.to_thread(kb_command, env, maintainer_kb, "activate", str(previous), "--actor", "cluster-test")
        rollback_committed = listener.wait_for(str(previous))
        rollback_visible = dict(zip(nodes, await asyncio.gather(
            *(visible_after(a, old_amount, rollback_committed, f"old-{n}") for n, (a, _) in nodes.items()))))
        old_end_to_end = await _served_end_to_end(nodes, old_amount, "old")
    finally:
        listener.close()
        window.append(time.monotonic())
    return {"figure": FIGURE, "old": old_amount, "new": new_amount, "versions": [previous, new_version],
            "import_seconds": round(committed - started, 2), "rollback_command_seconds": round(rollback_committed - rolled, 2),
            "import_to_visible_s": import_visible, "rollback_to_visible_s": rollback_visible,
            "rasa_names_new_figure": new_end_to_end, "rasa_names_old_figure_after_rollback": old_end_to_end,
            "kb_set_output": output, "_window": window}


async def shared_limit(ports: list[int], budget: int, attempts: int = 12) -> dict:
    """New conversations from one client address, alternating between the gateways: together they
    must allow exactly `budget` (the new-session limit), then answer 429 with Retry-After."""
    from bench.cluster_drive import post

    statuses, retry_after = [], []
    async with aiohttp.ClientSession() as http:
        for number in range(attempts):
            status, _, retry = await post(http, ports[number % len(ports)], "Hallo", None, "10.250.0.1")
            statuses.append(status)
            if status == 429:
                retry_after.append(retry)
    allowed = statuses.count(200)
    ok = statuses[:budget] == [200] * budget and all(s == 429 for s in statuses[budget:]) and all(retry_after)
    return {"budget": budget, "attempts": attempts, "allowed": allowed, "statuses": statuses, "ok": ok}
