"""Routing sessions to several Rasa replicas: rendezvous hashing over the healthy replicas (the
router alone), then through the gateway with two fake Rasa replicas – one stopped, restarted,
both stopped – including /readyz per replica."""
from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.gateway.app import ROUTER, Settings, create_app
from bot.gateway.replicas import RECHECK_SECONDS, ReplicaRouter, score
from bot.serve import free_port
from tests.test_gateway import DEMO, PORTALS, FakeRasa

URLS = ["http://10.0.0.1:5005", "http://10.0.0.2:5005", "http://10.0.0.3:5005"]
SESSIONS = [f"session-{i}" for i in range(3000)]


def owners(router: ReplicaRouter, sessions: list[str] = SESSIONS) -> dict[str, str]:
    return {session: router.choose(session).url for session in sessions}


def test_a_session_goes_to_the_same_replica_every_time_and_on_every_gateway() -> None:
    router = ReplicaRouter(URLS)
    first = owners(router)
    assert all(owners(router) == first for _ in range(3))
    other_gateway = ReplicaRouter([URLS[2], URLS[0] + "/", URLS[1]])  # other order, a trailing slash
    assert owners(other_gateway) == first
    assert [replica.name for replica in other_gateway.replicas] == ["rasa-1", "rasa-2", "rasa-3"]


def test_sessions_spread_evenly_over_the_replicas() -> None:
    counts = Counter(owners(ReplicaRouter(URLS)).values())
    assert set(counts) == set(URLS)
    for url in URLS:
        assert abs(counts[url] / len(SESSIONS) - 1 / 3) < 0.05, counts


def test_a_session_moves_only_when_its_replica_is_down_and_comes_back_when_it_recovers() -> None:
    router = ReplicaRouter(URLS)
    before = owners(router)
    down = router.replicas[1]
    router.mark_down(down, "nicht erreichbar (ClientConnectorError)")
    during = owners(router)
    moved = {session for session in SESSIONS if during[session] != before[session]}
    assert moved == {session for session in SESSIONS if before[session] == down.url}  # only its sessions
    assert all(during[session] != down.url for session in SESSIONS)
    # they move to their second choice, spread over the others rather than piling onto one
    assert len({during[session] for session in moved}) == 2
    router.mark_up(down)
    assert owners(router) == before  # every session back where it was


def test_a_new_replica_takes_only_its_share() -> None:
    before = owners(ReplicaRouter(URLS))
    after = owners(ReplicaRouter([*URLS, "http://10.0.0.4:5005"]))
    moved = [session for session in SESSIONS if after[session] != before[session]]
    assert all(after[session] == "http://10.0.0.4:5005" for session in moved)
    assert 0.18 < len(moved) / len(SESSIONS) < 0.32  # about a quarter


def test_no_healthy_replica_routes_nowhere_and_bad_addresses_are_refused() -> None:
    router = ReplicaRouter(URLS[:2])
    for replica in router.replicas:
        router.mark_down(replica, "HTTP 503")
    assert router.choose("s") is None
    assert score("s", URLS[0]) == score("s", URLS[0]) != score("s", URLS[1])
    with pytest.raises(ValueError, match="Mindestens eine"):
        ReplicaRouter([" ", ""])
    with pytest.raises(ValueError, match="http://"):
        ReplicaRouter(["10.0.0.1:5005"])


# --- through the gateway -------------------------------------------------------------------------

class Replica:
    """A fake Rasa replica on a fixed port, so it can be stopped and started again."""

    def __init__(self) -> None:
        self.fake = FakeRasa()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server: TestServer | None = None

    async def start(self) -> None:
        self.server = TestServer(self.fake.app(), port=self.port)
        await self.server.start_server()

    async def stop(self) -> None:
        await self.server.close()

    def senders(self) -> set[str]:
        return {body["sender"] for body in self.fake.received}


@pytest.fixture
async def replicas():
    pair = [Replica(), Replica()]
    for replica in pair:
        await replica.start()
    yield pair
    for replica in pair:
        await replica.stop()


@pytest.fixture
async def gateway(replicas: list[Replica], tmp_path: Path, kb_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BERUFSLOTSE_KB", str(kb_path))
    (tmp_path / "portals.yml").write_text(PORTALS, encoding="utf-8")
    settings = Settings(port=8080, rasa_urls=tuple(r.url for r in replicas), actions_url="", rasa_check_seconds=0.1,
                        portals_file=tmp_path / "portals.yml", sessions_db=tmp_path / "sessions.sqlite",
                        upstream_timeout=2.0, address_per_minute=10_000, new_sessions_per_minute=10_000,
                        session_per_minute=10_000)
    async with TestClient(TestServer(create_app(settings))) as client:
        yield client


async def turn(client: TestClient, session: str | None = None) -> tuple[int, dict]:
    body = {"message": "Hallo", **({"session_id": session} if session else {})}
    response = await client.post("/api/v1/chat", json=body, headers=DEMO)
    return response.status, await response.json()


async def replica_states(client: TestClient) -> tuple[int, list[dict]]:
    response = await client.get("/readyz")
    return response.status, (await response.json())["rasa_replicas"]


async def test_the_gateway_keeps_sessions_on_their_replica_and_fails_over(gateway: TestClient,
                                                                          replicas: list[Replica]) -> None:
    a, b = replicas
    sessions = [(await turn(gateway))[1]["session_id"] for _ in range(30)]
    on_a = [s for s in sessions if s in a.senders()]
    on_b = [s for s in sessions if s in b.senders()]
    assert on_a and on_b and sorted(on_a + on_b) == sorted(sessions)  # each on exactly one
    for session in sessions:  # the next turns stay where the first went
        assert (await turn(gateway, session))[0] == 200
    assert {body["sender"] for body in b.fake.received} == set(on_b)

    await a.stop()
    received_by_b = len(b.fake.received)
    for session in on_a:  # refused connection: the turn goes to the other replica at once
        status, body = await turn(gateway, session)
        assert status == 200 and body["session_id"] == session
    assert [body["sender"] for body in b.fake.received[received_by_b:]] == on_a
    status, states = await replica_states(gateway)
    assert status == 200 and [s["state"] for s in states] == ["down", "up"]
    assert states[0]["last_error"].startswith("nicht erreichbar") and "127.0.0.1" not in str(states)

    await a.start()  # recovered: the background check brings it back, and its sessions with it
    deadline = time.monotonic() + 5
    while (await replica_states(gateway))[1][0]["state"] != "up":
        assert time.monotonic() < deadline, "rasa-1 nicht wieder als gesund erkannt"
        await asyncio.sleep(0.1)
    received_by_a = len(a.fake.received)
    for session in on_a + on_b:
        assert (await turn(gateway, session))[0] == 200
    assert [body["sender"] for body in a.fake.received[received_by_a:]] == on_a


async def test_no_replica_up_is_a_503_with_retry_after(gateway: TestClient, replicas: list[Replica]) -> None:
    for replica in replicas:
        await replica.stop()
    status, body = await turn(gateway)
    assert status == 503 and body["error"]["code"] == "upstream_unavailable" and body["error"]["retry_after"] == 5
    response = await gateway.get("/readyz")
    ready = await response.json()
    assert response.status == 503 and response.headers["Retry-After"] == "5"
    assert "rasa" in ready["down"] and [s["state"] for s in ready["rasa_replicas"]] == ["down", "down"]
    for replica in replicas:
        await replica.start()


async def test_a_single_replica_is_checked_again_by_the_next_turn(replicas: list[Replica], tmp_path: Path,
                                                                  kb_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`make run`: one Rasa, no background checks – a turn after a restart finds it again by itself."""
    monkeypatch.setenv("BERUFSLOTSE_KB", str(kb_path))
    monkeypatch.delenv("BERUFSLOTSE_RASA_URLS", raising=False)
    (tmp_path / "portals.yml").write_text(PORTALS, encoding="utf-8")
    rasa = replicas[0]
    settings = Settings(port=8080, rasa_url=rasa.url, portals_file=tmp_path / "portals.yml",
                        sessions_db=tmp_path / "sessions.sqlite", upstream_timeout=2.0)
    async with TestClient(TestServer(create_app(settings))) as client:
        assert client.app[ROUTER]._task is None  # nothing polls a single Rasa
        status, body = await turn(client)
        assert status == 200
        await rasa.stop()
        assert (await turn(client, body["session_id"]))[0] == 503
        await rasa.start()
        await asyncio.sleep(RECHECK_SECONDS)
        status, again = await turn(client, body["session_id"])
        assert status == 200 and again["session_id"] == body["session_id"]
