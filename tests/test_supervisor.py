"""The supervisor restarts a crashed child with growing, bounded delays and gives up (exit 1)
when a child keeps crashing; a stop never triggers a restart."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
import time

from bot.serve import Service, free_port
from bot.supervisor import Backoff, Supervisor, exit_reason

# A tiny HTTP child: answers /health, or exits right after its first answer when told to.
CHILD = """
import http.server, os, sys, threading
crash = os.environ.get("CRASH_AFTER_READY") == "1"
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
        if crash:
            threading.Timer(0.05, lambda: os._exit(3)).start()
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
"""


def child(name: str, crash: bool = False) -> Service:
    port = free_port()
    return Service(name, [sys.executable, "-c", CHILD, str(port)], f"http://127.0.0.1:{port}/health",
                   {"CRASH_AFTER_READY": "1" if crash else "0"})


def test_backoff_doubles_up_to_its_bound() -> None:
    policy = Backoff(initial=1, factor=2, maximum=10)
    assert [policy.delay(n) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


def test_exit_reasons_are_readable() -> None:
    assert exit_reason(-signal.SIGKILL) == "Signal SIGKILL" and exit_reason(3) == "Exit-Code 3"


async def test_a_killed_child_is_restarted_and_logged() -> None:
    said: list[str] = []
    supervisor = Supervisor([child("eins"), child("zwei")], Backoff(initial=0.2, stable_after=60), log=False,
                            say=said.append)
    await supervisor.start()
    watching = asyncio.create_task(supervisor.run())
    try:
        first = supervisor.service("eins").process.pid
        os.killpg(first, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while not any("eins läuft wieder" in line for line in said):
            assert time.monotonic() < deadline, said
            await asyncio.sleep(0.05)
        assert supervisor.service("eins").process.pid != first and supervisor.service("eins").ready_after
        assert supervisor.restarts == {"eins": 1, "zwei": 0}
        assert any("eins ist ausgefallen (Signal SIGKILL" in line and "Neustart" in line for line in said)
        assert not watching.done()
    finally:
        await supervisor.stop()
    assert await watching == 0
    assert supervisor.restarts["eins"] == 1  # stopping is not a crash


async def test_a_child_that_keeps_crashing_makes_the_supervisor_give_up() -> None:
    said: list[str] = []
    flappy = child("flappy", crash=True)
    supervisor = Supervisor([flappy], Backoff(initial=0.05, factor=2, maximum=0.2, max_failures=3), log=False,
                            say=said.append)
    await supervisor.start()
    started = time.monotonic()
    code = await asyncio.wait_for(supervisor.run(), 60)
    await supervisor.stop()
    assert code == 1 and supervisor.gave_up == "flappy"
    assert supervisor.restarts["flappy"] == 3
    delays = [line for line in said if "Neustart in" in line]
    assert len(delays) == 3 and "gebe auf" in said[-1]
    assert time.monotonic() - started >= 0.05 + 0.1 + 0.2  # the back-off was actually waited


async def test_serve_keeps_running_through_a_crash_and_stops_cleanly_on_sigterm(monkeypatch, capsys, tmp_path) -> None:
    """`python -m bot serve` itself: a crashed child is restarted (no "beende alles" any more),
    SIGTERM stops everything with exit code 0."""
    from bot import serve as serve_module

    stack = [child("actions"), child("rasa")]
    monkeypatch.setattr(serve_module, "services", lambda ports, model, with_gateway=True: stack)
    monkeypatch.setenv("BERUFSLOTSE_RESTART_INITIAL", "0.2")
    model = tmp_path / "model.tar.gz"
    model.write_bytes(b"")
    running = asyncio.create_task(serve_module.serve(serve_module.Ports(), model, with_gateway=False))
    try:
        deadline = time.monotonic() + 30
        while stack[1].ready_after is None or "Berufslotse läuft" not in capsys.readouterr().out:
            assert time.monotonic() < deadline and not running.done()
            await asyncio.sleep(0.1)
        first = stack[1].process.pid
        os.killpg(first, signal.SIGKILL)
        while stack[1].process.pid == first or stack[1].ready_after is None:
            assert time.monotonic() < deadline and not running.done()
            await asyncio.sleep(0.1)
        os.kill(os.getpid(), signal.SIGTERM)  # handled by serve's loop signal handler
        assert await asyncio.wait_for(running, 30) == 0
    finally:
        if not running.done():
            running.cancel()
        asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)
        asyncio.get_running_loop().remove_signal_handler(signal.SIGINT)
    out = capsys.readouterr().out
    assert "rasa ist ausgefallen (Signal SIGKILL" in out and "rasa läuft wieder" in out and "Beende Berufslotse" in out
    assert all(s.process.returncode is not None for s in stack)
