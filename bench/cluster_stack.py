"""The processes of `make cluster-test` on one machine (loopback only, free ports).

A private PostgreSQL and Redis (bot/cluster/services.py, under var/cluster/cluster-test-<hex>,
removed at the end), and two "nodes", each with its own folder and knowledge-base file, its own
`python -m bot kb sync` agent, action server and Rasa replica (endpoints.cluster.yml: tracker store
on PostgreSQL, lock store on Redis), plus two gateways (Redis state, both replicas listed,
BERUFSLOTSE_DATABASE_URL for deletion and retention). Every child runs in its own process group;
`Cluster.close()` ends them all and the services, also after a failure or Ctrl-C.
"""
from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bot import config
from bot.cluster import services as cluster_services
from bot.serve import Ports, Service, free_port, gateway_service, services, spawn, stop, wait_ready

MODEL = config.ROOT / "models" / "berufslotse.tar.gz"
READY_SECONDS = 240.0
# Limits: every scripted conversation comes from its own address (X-Forwarded-For from the trusted
# loopback proxy), so only the limit check's one address runs into these budgets.
NEW_SESSIONS_PER_MINUTE = 5
PER_ADDRESS_PER_MINUTE = 60


@dataclass
class Node:
    """One machine: a KB file kept current by its sync agent, an action server, a Rasa replica."""

    name: str
    folder: Path
    sync: Service
    actions: Service
    rasa: Service
    rasa_port: int
    actions_port: int

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def kb(self) -> Path:
        return self.folder / "kb.sqlite"


@dataclass
class Cluster:
    root: Path
    work: Path
    svc: cluster_services.ClusterServices | None = None
    nodes: list[Node] = field(default_factory=list)
    gateways: list[Service] = field(default_factory=list)
    gateway_ports: list[int] = field(default_factory=list)
    pipes: list[asyncio.Task] = field(default_factory=list)

    @classmethod
    def create(cls) -> "Cluster":
        tag = secrets.token_hex(4)
        return cls(config.ROOT / "var" / "cluster" / f"cluster-test-{tag}",
                   config.ROOT / "var" / "cluster-test" / tag)

    def env(self) -> dict[str, str]:
        assert self.svc is not None
        return {**self.svc.env(), "BERUFSLOTSE_LOCK_WAIT": "30"}

    def all_services(self) -> list[Service]:
        return [s for n in self.nodes for s in (n.sync, n.actions, n.rasa)] + self.gateways

    async def start_services(self) -> None:
        """PostgreSQL and Redis (installed from Debian's packages if missing)."""
        self.svc = await asyncio.to_thread(cluster_services.start, self.root)

    async def publish_first_version(self) -> int:
        """Version 1 of the knowledge base from data/kb/ (what `kb publish` does on a fresh cluster)."""
        from bot.kb import versions

        first = self.work / "publish" / "kb.sqlite"
        return await asyncio.to_thread(versions.publish, self.svc.postgres_url, first, config.kb_source_dir(),
                                       "cluster-test", "cluster-test: erste Version")

    def build_nodes(self, count: int = 2) -> None:
        base_model = MODEL
        for number in range(1, count + 1):
            folder = self.work / f"node{number}"
            folder.mkdir(parents=True, exist_ok=True)
            ports = Ports(rasa=free_port(), actions=free_port(), gateway=0)
            actions, rasa = services(ports, base_model, with_gateway=False, tracker_db=folder / "unused-tracker.db")
            rasa.command[rasa.command.index("endpoints.yml")] = "endpoints.cluster.yml"
            node_env = {**self.env(), "BERUFSLOTSE_KB": str(folder / "kb.sqlite"),
                        "BERUFSLOTSE_UNANSWERED": str(folder / "unanswered.sqlite")}
            for service in (actions, rasa):
                service.env.update(node_env)
                service.name = f"{service.name}{number}"
            sync = Service(f"sync{number}", [sys.executable, "-m", "bot", "kb", "--db", str(folder / "kb.sqlite"),
                                             "sync", "--interval", "5"], "", {**actions.env})
            self.nodes.append(Node(f"node{number}", folder, sync, actions, rasa, ports.rasa, ports.actions))

    def build_gateways(self, count: int = 2) -> None:
        for number in range(1, count + 1):
            node = self.nodes[(number - 1) % len(self.nodes)]
            port = free_port()
            env = {**node.actions.env, "BERUFSLOTSE_SESSIONS": str(self.work / f"gateway{number}-sessions.sqlite"),
                   "BERUFSLOTSE_UNANSWERED": str(self.work / f"gateway{number}-unanswered.sqlite"),
                   "BERUFSLOTSE_TRUSTED_PROXIES": "127.0.0.1",
                   "BERUFSLOTSE_RATE_NEW_SESSIONS": str(NEW_SESSIONS_PER_MINUTE),
                   "BERUFSLOTSE_RATE_PER_ADDRESS": str(PER_ADDRESS_PER_MINUTE)}
            self.gateways.append(gateway_service(f"gateway{number}", "127.0.0.1", port,
                                                 [n.rasa_url for n in self.nodes],
                                                 f"http://127.0.0.1:{node.actions_port}", env))
            self.gateway_ports.append(port)

    async def start_sync_agents(self) -> None:
        """Each node's agent fetches the current version before its action server starts."""
        for node in self.nodes:
            self.pipes.append(await spawn(node.sync, log=False))
        deadline = time.monotonic() + 60
        while not all(n.kb.exists() for n in self.nodes):
            for node in self.nodes:
                if node.sync.process.returncode is not None:
                    raise RuntimeError(f"{node.sync.name} hat sich beendet (Exit-Code {node.sync.process.returncode}).")
            if time.monotonic() > deadline:
                raise RuntimeError("Die Abgleich-Dienste haben die Wissensdatenbank nicht in 60 s geholt.")
            await asyncio.sleep(0.1)

    async def start(self, wanted: list[Service]) -> None:
        """Starts services at once and waits until all are ready."""
        for service in wanted:
            self.pipes.append(await spawn(service, log=os.environ.get("CLUSTER_TEST_LOG") == "1"))
        deadline = time.monotonic() + READY_SECONDS
        async with aiohttp.ClientSession() as session:
            await asyncio.gather(*(wait_ready(s, session, deadline) for s in wanted))

    async def stop_replica(self, node: Node, sig: int = signal.SIGTERM) -> None:
        """Stops a node's Rasa replica (its process group; SIGTERM by default). Turns in flight on it
        may still be dropped – the gateway answers them 503 with Retry-After (docs/deploy.md)."""
        os.killpg(node.rasa.process.pid, sig)
        await asyncio.wait_for(node.rasa.process.wait(), 60)

    async def close(self) -> None:
        """Ends every child (SIGTERM, then SIGKILL after 10 s) and the services; removes their data."""
        try:
            await stop([s for s in self.all_services() if s.process is not None])
        finally:
            for pipe in self.pipes:
                pipe.cancel()
            self.kill_leftovers()
            await asyncio.to_thread(self.stop_services)

    def kill_leftovers(self) -> None:
        """Synchronous last resort (e.g. after Ctrl-C): SIGKILL to any child process group still alive."""
        for service in self.all_services():
            if service.process is not None and service.process.returncode is None:
                try:
                    os.killpg(service.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def stop_services(self) -> None:
        if self.root.exists():
            cluster_services.stop(self.root, remove=True)
        shutil.rmtree(self.work, ignore_errors=True)
