"""Keeps the stack alive: a child (action server, Rasa, gateway) that dies is restarted with
exponential back-off instead of taking the whole service down.

The delay doubles with each crash in a row (1 s, 2 s, 4 s … at most `Backoff.maximum`); a child
that stayed up for `Backoff.stable_after` seconds counts as healthy again, so its next crash
starts at the shortest delay. After `Backoff.max_failures` quick crashes in a row the supervisor
gives up and exits non-zero, so systemd's `Restart=on-failure` (deploy/) takes over with a clean
start. Every restart is logged with the reason (exit code or signal) and the delay."""
from __future__ import annotations

import asyncio
import os
import signal
import time
from dataclasses import dataclass
from typing import Callable

import aiohttp

from bot.serve import READY_TIMEOUT, Service, spawn, start, stop, wait_ready


@dataclass(frozen=True)
class Backoff:
    """How quickly a crashed child is restarted.

    Attributes:
        initial: delay before the first restart after a crash, in seconds.
        factor: multiplier for each further crash in a row.
        maximum: upper bound of the delay.
        stable_after: seconds of uptime after which the crash count is reset.
        max_failures: quick crashes in a row after which the supervisor gives up.
    """

    initial: float = 1.0
    factor: float = 2.0
    maximum: float = 30.0
    stable_after: float = 60.0
    max_failures: int = 8

    @classmethod
    def from_env(cls) -> "Backoff":
        """Reads BERUFSLOTSE_RESTART_{INITIAL,MAX,STABLE,LIMIT}; unset values keep the defaults."""
        env = os.environ
        return cls(initial=float(env.get("BERUFSLOTSE_RESTART_INITIAL", cls.initial)),
                   maximum=float(env.get("BERUFSLOTSE_RESTART_MAX", cls.maximum)),
                   stable_after=float(env.get("BERUFSLOTSE_RESTART_STABLE", cls.stable_after)),
                   max_failures=int(env.get("BERUFSLOTSE_RESTART_LIMIT", cls.max_failures)))

    def delay(self, failures: int) -> float:
        """Seconds to wait before restart number `failures` (1-based) of a crash streak."""
        return min(self.maximum, self.initial * self.factor ** max(0, failures - 1))


def exit_reason(returncode: int | None) -> str:
    """'Exit-Code 3' or 'Signal SIGKILL' – why a child ended, for the log."""
    if returncode is None:
        return "läuft noch"
    if returncode < 0:
        try:
            return f"Signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"Signal {-returncode}"
    return f"Exit-Code {returncode}"


class Supervisor:
    """Starts a stack, restarts crashed children with back-off, and stops everything on request.

    Args:
        stack: the services to run (from `bot.serve.services`).
        backoff: the restart policy.
        log: forward the children's output with a name prefix (else it is drained silently).
        say: where the supervisor's own messages go (default: print).
    """

    def __init__(self, stack: list[Service], backoff: Backoff | None = None, log: bool = True,
                 say: Callable[[str], None] | None = None) -> None:
        self.stack = stack
        self.backoff = backoff or Backoff()
        self.log = log
        self.say = say or (lambda text: print(f"[{'supervisor':8}] {text}", flush=True))
        self.restarts: dict[str, int] = {s.name: 0 for s in stack}
        self.gave_up: str | None = None
        self._stopping = asyncio.Event()
        self._pipes: list[asyncio.Task] = []
        self._watchers: list[asyncio.Task] = []

    def service(self, name: str) -> Service:
        """The service called `name` (e.g. to read its current process id)."""
        return next(s for s in self.stack if s.name == name)

    async def start(self) -> None:
        """Starts every child and waits until all are ready (raises RuntimeError if one is not)."""
        self._pipes = await start(self.stack, self.log)

    async def run(self) -> int:
        """Watches the children until `stop()` is called (0) or one keeps crashing (1)."""
        self._watchers = [asyncio.create_task(self._keep_alive(s)) for s in self.stack]
        stopping = asyncio.create_task(self._stopping.wait())
        await asyncio.wait([*self._watchers, stopping], return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        return 0 if self._stopping.is_set() else 1

    async def stop(self) -> None:
        """Stops restarting and terminates every child (SIGTERM, then SIGKILL after a grace period)."""
        self._stopping.set()
        for task in self._watchers:  # first: no watcher may start a child after this point
            task.cancel()
        await asyncio.gather(*self._watchers, return_exceptions=True)
        await stop(self.stack)

    async def _keep_alive(self, service: Service) -> None:
        failures = 0
        while True:
            assert service.process is not None
            code = await service.process.wait()
            if self._stopping.is_set():
                return
            uptime = time.monotonic() - service.started_at
            failures = 1 if uptime >= self.backoff.stable_after else failures + 1
            if failures > self.backoff.max_failures:
                self.gave_up = service.name
                self.say(f"{service.name} ist {failures - 1}-mal kurz nacheinander ausgefallen ({exit_reason(code)}) "
                         "– gebe auf und beende alles.")
                return
            delay = self.backoff.delay(failures)
            self.say(f"{service.name} ist ausgefallen ({exit_reason(code)}, lief {uptime:.0f} s) – "
                     f"Neustart in {delay:.0f} s (Versuch {failures}).")
            try:
                await asyncio.wait_for(self._stopping.wait(), delay)
                return
            except asyncio.TimeoutError:
                pass
            self.restarts[service.name] += 1
            self._pipes.append(await spawn(service, self.log))
            await self._await_ready(service)

    async def _await_ready(self, service: Service) -> None:
        """Waits for the restarted child; one that never becomes ready is killed (counts as a crash)."""
        try:
            async with aiohttp.ClientSession() as session:
                await wait_ready(service, session, time.monotonic() + READY_TIMEOUT)
        except RuntimeError as exc:
            self.say(f"{service.name}: {exc}")
            if service.process and service.process.returncode is None:
                try:
                    os.killpg(service.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            return
        self.say(f"{service.name} läuft wieder (bereit nach {service.ready_after:.1f} s).")
