"""`python -m bot serve`: starts the action server, Rasa and the web gateway as one stack,
waits until each is ready, prints the chat URL, prefixes their logs, restarts a crashed child
with back-off (bot/supervisor.py), and stops all of them cleanly on Ctrl-C or SIGTERM. Rasa and
the action server listen on 127.0.0.1 only."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import aiohttp

from bot import config

READY_TIMEOUT = 180.0


@dataclass
class Service:
    name: str
    command: list[str]
    ready_url: str
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path = config.ROOT
    process: asyncio.subprocess.Process | None = None
    started_at: float = 0.0
    ready_after: float | None = None


@dataclass(frozen=True)
class Ports:
    rasa: int = 5005
    actions: int = 5055
    gateway: int = 8080
    gateway_host: str = "127.0.0.1"


def free_port() -> int:
    """An unused loopback port (tests and benchmarks run the stack beside a running one)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def services(ports: Ports, model: Path, with_gateway: bool = True, tracker_db: Path | None = None) -> list[Service]:
    python = sys.executable
    base = {"BERUFSLOTSE_KB": str(config.kb_path()), "PYTHONPATH": str(config.ROOT),
            "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false", "TQDM_DISABLE": "1",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    tracker_db = tracker_db or config.tracker_db_path()
    base["BERUFSLOTSE_TRACKER_DB"] = str(tracker_db)  # Rasa writes it; the gateway deletes from it (retention)
    tracker_db.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(tracker_db) as conn:  # WAL persists in the file: appends instead of a journal per turn
        conn.execute("PRAGMA journal_mode=WAL")
    stack = [
        Service("actions", [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(ports.actions)],
                f"http://127.0.0.1:{ports.actions}/health", {**base, "SANIC_HOST": "127.0.0.1"}),
        Service("rasa", [python, "-m", "bot.rasa.runtime", "run", "--model", str(model), "--interface", "127.0.0.1",
                         "--port", str(ports.rasa), "--credentials", "credentials.yml", "--endpoints", "endpoints.yml"],
                f"http://127.0.0.1:{ports.rasa}/webhooks/rest/",
                {**base, "BERUFSLOTSE_ACTION_URL": f"http://127.0.0.1:{ports.actions}/webhook"}),
    ]
    if with_gateway:
        stack.append(gateway_service("gateway", ports.gateway_host, ports.gateway, [f"http://127.0.0.1:{ports.rasa}"],
                                     f"http://127.0.0.1:{ports.actions}", base))
    return stack


def gateway_service(name: str, host: str, port: int, rasa_urls: Sequence[str], actions_url: str,
                    env: dict[str, str]) -> Service:
    """One gateway process (`python -m bot gateway`); with several `rasa_urls` it routes the
    sessions over those replicas, with `BERUFSLOTSE_REDIS_URL` in `env` it keeps its state in Redis
    (docs/cluster-gateway.md). An empty `actions_url` leaves the action server out of /readyz."""
    command = [sys.executable, "-m", "bot", "gateway", "--host", host, "--port", str(port),
               "--rasa-url", ",".join(rasa_urls), "--actions-url", actions_url]
    return Service(name, command, f"http://{host}:{port}/healthz", dict(env))


async def _pipe(name: str, stream: asyncio.StreamReader) -> None:
    while line := await stream.readline():
        text = line.decode(errors="replace").rstrip()
        if text:
            print(f"[{name:8}] {text}", flush=True)


async def wait_ready(service: Service, session: aiohttp.ClientSession, deadline: float) -> None:
    while time.monotonic() < deadline:
        if service.process and service.process.returncode is not None:
            raise RuntimeError(f"{service.name} hat sich beim Start beendet (Exit-Code {service.process.returncode}).")
        try:
            async with session.get(service.ready_url, timeout=aiohttp.ClientTimeout(total=2)) as response:
                if response.status < 500:
                    service.ready_after = time.monotonic() - service.started_at
                    return
        except (aiohttp.ClientError, asyncio.TimeoutError):
            pass
        await asyncio.sleep(0.25)
    raise RuntimeError(f"{service.name} ist nach {READY_TIMEOUT:.0f} s nicht bereit ({service.ready_url}).")


async def spawn(service: Service, log: bool = True) -> asyncio.Task:
    """Starts one service in its own process group; returns the task that forwards its output."""
    service.started_at = time.monotonic()
    service.ready_after = None
    service.process = await asyncio.create_subprocess_exec(
        *service.command, cwd=service.cwd, env={**os.environ, **service.env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, start_new_session=True)
    return asyncio.create_task(_pipe(service.name, service.process.stdout) if log else _drain(service.process.stdout))


async def start(stack: list[Service], log: bool = True) -> list[asyncio.Task]:
    """Starts every service at once (they become ready in parallel) and waits for all."""
    pipes = [await spawn(service, log) for service in stack]
    deadline = time.monotonic() + READY_TIMEOUT
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(wait_ready(s, session, deadline) for s in stack))
    return pipes


async def _drain(stream: asyncio.StreamReader) -> None:
    while await stream.read(65536):
        pass


async def stop(stack: list[Service], grace: float = 10.0) -> None:
    for service in reversed(stack):
        if service.process and service.process.returncode is None:
            try:
                os.killpg(service.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for service in stack:
        if service.process is None:
            continue
        try:
            await asyncio.wait_for(service.process.wait(), grace)
        except asyncio.TimeoutError:
            try:
                os.killpg(service.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            await service.process.wait()


async def serve(ports: Ports, model: Path, with_gateway: bool = True) -> int:
    """Runs the stack under the supervisor until Ctrl-C/SIGTERM (0) or until a child keeps crashing (1)."""
    from bot.supervisor import Backoff, Supervisor

    if not model.exists():
        print(f"Fehler: Modell {model} fehlt – bitte `make train` ausführen.", file=sys.stderr)
        return 1
    _recover_knowledge_base()
    stack = services(ports, model, with_gateway)
    supervisor = Supervisor(stack, Backoff.from_env())
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    print("Starte Berufslotse: " + ", ".join(s.name for s in stack) + " …", flush=True)
    try:
        await supervisor.start()
    except RuntimeError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        await supervisor.stop()
        return 1
    for service in stack:
        print(f"✓ {service.name} bereit nach {service.ready_after:.1f} s", flush=True)
    url = (f"http://{'localhost' if ports.gateway_host in ('127.0.0.1', '0.0.0.0') else ports.gateway_host}:{ports.gateway}/"
           if with_gateway else f"http://127.0.0.1:{ports.rasa}/webhooks/rest/webhook")
    print(f"\nBerufslotse läuft: {url}\nBeenden mit Strg+C.\n", flush=True)
    watching = asyncio.create_task(supervisor.run())
    await asyncio.wait([watching, asyncio.create_task(stopping.wait())], return_when=asyncio.FIRST_COMPLETED)
    if stopping.is_set():
        print("\nBeende Berufslotse …", flush=True)
    await supervisor.stop()
    return 1 if supervisor.gave_up else 0


def _recover_knowledge_base() -> None:
    """Finishes or undoes a knowledge-base write that a crash interrupted (see bot.kb.maintenance)."""
    from bot.kb.commit import recover

    message = recover(config.kb_path(), config.kb_source_dir())
    if message:
        print(message, flush=True)
