"""Starts the real stack (action server, Rasa, optionally the gateway) on spare ports for a test module."""
from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from bot.config import ROOT
from bot.serve import Ports, Service, free_port, services, start, stop

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
