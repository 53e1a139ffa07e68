"""Starts the real stack (action server, Rasa, optionally the gateway) on spare ports for a test module,
optionally under the supervisor (for fault injection)."""
from __future__ import annotations

import asyncio
import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from bot.config import ROOT
from bot.serve import Ports, Service, free_port, services, start, stop
from bot.supervisor import Backoff, Supervisor

MODEL = ROOT / "models" / "berufslotse.tar.gz"


@contextmanager
def running_stack(tmp: Path, with_gateway: bool = False, extra_env: dict[str, str] | None = None) -> Iterator[tuple[Ports, list[Service]]]:
    """The stack runs on its own event loop thread so sync and async tests can both use it."""
    ports = Ports(rasa=free_port(), actions=free_port(), gateway=free_port())
    stack = services(ports, MODEL, with_gateway=with_gateway, tracker_db=tmp / "tracker.db")
    for service in stack:
        service.env.update({"BERUFSLOTSE_SESSIONS": str(tmp / "sessions.sqlite"), **(extra_env or {})})
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(start(stack, log=False), loop).result(timeout=240)
        yield ports, stack
    finally:
        asyncio.run_coroutine_threadsafe(stop(stack), loop).result(timeout=60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)


@contextmanager
def supervised_stack(tmp: Path, with_gateway: bool = True, extra_env: dict[str, str] | None = None,
                     backoff: Backoff | None = None) -> Iterator[tuple[Ports, Supervisor]]:
    """Like `running_stack`, but under bot.supervisor: a killed child comes back by itself,
    as under `python -m bot serve`. The stack's tracker store lives in `tmp`."""
    ports = Ports(rasa=free_port(), actions=free_port(), gateway=free_port())
    stack = services(ports, MODEL, with_gateway=with_gateway, tracker_db=tmp / "tracker.db")
    for service in stack:
        service.env.update({"BERUFSLOTSE_SESSIONS": str(tmp / "sessions.sqlite"), **(extra_env or {})})
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    supervisor = Supervisor(stack, backoff or Backoff(initial=0.5, maximum=5), log=False, say=lambda text: None)
    try:
        asyncio.run_coroutine_threadsafe(supervisor.start(), loop).result(timeout=240)
        asyncio.run_coroutine_threadsafe(_watch(supervisor), loop).result(timeout=10)
        yield ports, supervisor
    finally:
        asyncio.run_coroutine_threadsafe(supervisor.stop(), loop).result(timeout=60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)


async def _watch(supervisor: Supervisor) -> None:
    asyncio.get_running_loop().create_task(supervisor.run())


def kill(supervisor: Supervisor, name: str) -> int:
    """SIGKILLs a child's whole process group (a crash, not a shutdown); returns the old pid."""
    pid = supervisor.service(name).process.pid
    os.killpg(pid, signal.SIGKILL)
    return pid
