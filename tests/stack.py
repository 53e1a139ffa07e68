"""Starts the real stack (action server, Rasa, optionally the gateway) on spare ports for a test module,
optionally under the supervisor (for fault injection)."""
from __future__ import annotations

import asyncio
import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Coroutine, Iterator

from bot.config import ROOT
from bot.serve import Ports, Service, free_port, services, start, stop
from bot.supervisor import Backoff, Supervisor

MODEL = ROOT / "models" / "berufslotse.tar.gz"


def _prepared(tmp: Path, with_gateway: bool, extra_env: dict[str, str] | None) -> tuple[Ports, list[Service]]:
    """The services on spare ports, with tracker store and gateway sessions in `tmp`."""
    ports = Ports(rasa=free_port(), actions=free_port(), gateway=free_port())
    stack = services(ports, MODEL, with_gateway=with_gateway, tracker_db=tmp / "tracker.db")
    for service in stack:
        service.env.update({"BERUFSLOTSE_SESSIONS": str(tmp / "sessions.sqlite"), **(extra_env or {})})
    return ports, stack


@contextmanager
def _loop_thread() -> Iterator[Callable[[Coroutine[Any, Any, Any], float], Any]]:
    """An event loop on its own thread, so sync and async tests can both use the stack; yields a
    function that runs a coroutine there and waits for it."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield lambda coroutine, timeout: asyncio.run_coroutine_threadsafe(coroutine, loop).result(timeout=timeout)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)


@contextmanager
def running_stack(tmp: Path, with_gateway: bool = False, extra_env: dict[str, str] | None = None) -> Iterator[tuple[Ports, list[Service]]]:
    """Action server, Rasa and (optionally) the gateway, started and stopped around the block."""
    ports, stack = _prepared(tmp, with_gateway, extra_env)
    with _loop_thread() as run:
        try:
            run(start(stack, log=False), 240)
            yield ports, stack
        finally:
            run(stop(stack), 60)


@contextmanager
def supervised_stack(tmp: Path, with_gateway: bool = True, extra_env: dict[str, str] | None = None,
                     backoff: Backoff | None = None) -> Iterator[tuple[Ports, Supervisor]]:
    """Like `running_stack`, but under bot.supervisor: a killed child comes back by itself,
    as under `python -m bot serve`. The stack's tracker store lives in `tmp`."""
    ports, stack = _prepared(tmp, with_gateway, extra_env)
    supervisor = Supervisor(stack, backoff or Backoff(initial=0.5, maximum=5), log=False, say=lambda text: None)
    with _loop_thread() as run:
        try:
            run(supervisor.start(), 240)
            run(_watch(supervisor), 10)
            yield ports, supervisor
        finally:
            run(supervisor.stop(), 60)


async def _watch(supervisor: Supervisor) -> None:
    asyncio.get_running_loop().create_task(supervisor.run())


def kill(supervisor: Supervisor, name: str) -> int:
    """SIGKILLs a child's whole process group (a crash, not a shutdown); returns the old pid."""
    pid = supervisor.service(name).process.pid
    os.killpg(pid, signal.SIGKILL)
    return pid
