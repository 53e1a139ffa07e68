"""Two gateways on one Redis (fakeredis, or a real redis-server with BERUFSLOTSE_TEST_REDIS_URL):
any gateway serves any turn – sessions, quick-reply tokens and deletions are shared – and the
limits hold across both. An unreachable Redis is a 503 with Retry-After on every channel."""
from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import ROOT
from bot.gateway.app import Settings, create_app
from bot.serve import free_port, gateway_service, start, stop
from tests.redis_fixtures import TEST_REDIS_URL, RedisServer, redis_server  # noqa: F401 – fixture
from tests.test_gateway import DEMO, PORTALS, FakeRasa, fake_rasa  # noqa: F401 – fixture

HOOK = "/webhooks/rest/webhook"


def settings(tmp_path: Path, rasa_url: str, redis_url: str, prefix: str = "berufslotse:", **overrides) -> Settings:
    (tmp_path / "portals.yml").write_text(PORTALS, encoding="utf-8")
    values = dict(port=8080, rasa_url=rasa_url, actions_url=rasa_url, portals_file=tmp_path / "portals.yml",
                  sessions_db=tmp_path / "never-used.sqlite", redis_url=redis_url, redis_prefix=prefix,
                  upstream_timeout=2.0, session_per_minute=1000, address_per_minute=1000, new_sessions_per_minute=1000)
    values.update(overrides)
    return Settings(**values)


class Gateways:
    """Two gateway applications on the same Redis."""

    def __init__(self, tmp_path: Path, rasa_url: str, server: RedisServer, **overrides) -> None:
        self.apps = [create_app(settings(tmp_path, rasa_url, "redis://shared:6379/0", server.prefix, **overrides))
                     for _ in range(2)]
        self.clients: list[TestClient] = []

    async def __aenter__(self) -> list[TestClient]:
        for app in self.apps:
            client = TestClient(TestServer(app))
            await client.start_server()
            self.clients.append(client)
        return self.clients

    async def __aexit__(self, *exc) -> None:
        for client in self.clients:
            await client.close()


async def chat(client: TestClient, **body) -> tuple[int, dict]:
    response = await client.post("/api/v1/chat", json=body, headers=DEMO)
    return response.status, await response.json()


async def test_any_gateway_continues_a_conversation_with_its_buttons(tmp_path: Path, fake_rasa: FakeRasa,  # noqa: F811
                                                                     redis_server: RedisServer) -> None:  # noqa: F811
    async with Gateways(tmp_path, fake_rasa.url, redis_server) as (a, b):
        status, first = await chat(a, message="Hallo")
        assert status == 200
        session, token = first["session_id"], first["messages"][0]["buttons"][0]["payload"]
        status, second = await chat(b, session_id=session, button=token)  # a token gateway A issued
        assert status == 200 and second["session_id"] == session
        assert fake_rasa.received[-1] == {"sender": session, "message": "/ask_salary"}
        foreign = await b.post("/api/v1/chat", json={"session_id": session, "message": "x"},
                               headers={"X-Portal-Key": "partner-portal", "Origin": "https://karriere.example.de"})
        assert (await foreign.json())["session_id"] != session  # still the owning portal's only
        response = await b.delete(f"/api/v1/sessions/{session}", headers=DEMO)
        assert response.status == 204
        status, after = await chat(a, session_id=session, message="Noch da?")
        assert status == 200 and after["session_id"] != session  # deleted for every gateway
        rest = await b.post(HOOK, json={"sender": "kunde-1", "message": "Hallo"}, headers=DEMO)
        named = rest.headers["X-Session-Id"]
        rest = await a.post(HOOK, json={"sender": "kunde-1", "message": "Weiter"}, headers=DEMO)
        assert rest.status == 200 and rest.headers["X-Session-Id"] == named
    assert any(key.startswith(f"{redis_server.prefix}session:") for key in await redis_server.keys())


async def test_a_deletion_on_one_gateway_waits_for_a_turn_on_the_other(tmp_path: Path, fake_rasa: FakeRasa,  # noqa: F811
                                                                      redis_server: RedisServer) -> None:  # noqa: F811
    async with Gateways(tmp_path, fake_rasa.url, redis_server, upstream_timeout=1.0) as (a, b):
        session = (await chat(a, message="Hallo"))[1]["session_id"]
        fake_rasa.mode = "slow"  # the next turn holds the session for a second (then times out)
        turn = asyncio.create_task(chat(a, session_id=session, message="Und weiter?"))
        await asyncio.sleep(0.3)
        started = time.monotonic()
        response = await b.delete(f"/api/v1/sessions/{session}", headers=DEMO)
        assert response.status == 204 and time.monotonic() - started > 0.4  # it waited for the turn
        assert (await turn)[0] == 503


@pytest.mark.parametrize("limit, budget", [("session_per_minute", 5), ("address_per_minute", 4),
                                           ("new_sessions_per_minute", 3)])
async def test_limits_hold_across_both_gateways(tmp_path: Path, fake_rasa: FakeRasa,  # noqa: F811
                                                redis_server: RedisServer, limit: str, budget: int) -> None:  # noqa: F811
    async with Gateways(tmp_path, fake_rasa.url, redis_server, **{limit: budget}) as gateways:
        session = None
        statuses = []
        for i in range(budget + 3):
            body = {"message": "Hallo", **({"session_id": session} if session and limit != "new_sessions_per_minute"
                                           else {})}
            status, reply = await chat(gateways[i % 2], **body)
            statuses.append(status)
            session = reply.get("session_id", session)
        assert statuses == [200] * budget + [429] * 3, statuses


async def test_an_unreachable_redis_is_a_503_on_every_channel(tmp_path: Path, fake_rasa: FakeRasa) -> None:  # noqa: F811
    gone = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    async with TestClient(TestServer(create_app(settings(tmp_path, fake_rasa.url, gone)))) as client:
        for path, body in (("/api/v1/chat", {"message": "Hallo"}), (HOOK, {"sender": "s", "message": "Hallo"})):
            response = await client.post(path, json=body, headers=DEMO)
            assert response.status == 503 and response.headers["Retry-After"] == "5"
            assert (await response.json())["error"]["code"] == "storage_unavailable"
        response = await client.delete("/api/v1/sessions/abc", headers=DEMO)
        assert response.status == 503
        ready = await client.get("/readyz")
        assert ready.status == 503 and "sessions" in (await ready.json())["down"]
    assert fake_rasa.received == []


async def test_a_gateway_process_started_for_a_cluster(tmp_path: Path, kb_path: Path) -> None:
    """`python -m bot gateway` as the cluster test starts it (bot.serve.gateway_service): two
    replicas, no action server on the node, Redis when BERUFSLOTSE_TEST_REDIS_URL names one."""
    replicas = [FakeRasa(), FakeRasa()]
    servers = [TestServer(replica.app()) for replica in replicas]
    for server in servers:
        await server.start_server()
    (tmp_path / "portals.yml").write_text(PORTALS, encoding="utf-8")
    env = {"BERUFSLOTSE_KB": str(kb_path), "BERUFSLOTSE_PORTALS": str(tmp_path / "portals.yml"),
           "BERUFSLOTSE_SESSIONS": str(tmp_path / "sessions.sqlite"), "PYTHONPATH": str(ROOT)}
    redis = RedisServer()
    if TEST_REDIS_URL:
        env.update({"BERUFSLOTSE_REDIS_URL": TEST_REDIS_URL, "BERUFSLOTSE_REDIS_PREFIX": redis.prefix})
    port = free_port()
    gateway = gateway_service("gateway-1", "127.0.0.1", port, [str(s.make_url("")).rstrip("/") for s in servers], "", env)
    try:
        await start([gateway], log=False)
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
            sessions = []
            for _ in range(12):
                async with http.post("/api/v1/chat", json={"message": "Hallo"}, headers={"X-Portal-Key": "demo"}) as reply:
                    assert reply.status == 200
                    sessions.append((await reply.json())["session_id"])
            assert all(replica.received for replica in replicas)  # both replicas got sessions
            async with http.get("/readyz") as reply:
                ready = await reply.json()
            assert reply.status == 200 and "actions" not in ready["checks"]
            assert [r["name"] for r in ready["rasa_replicas"]] == ["rasa-1", "rasa-2"]
            async with http.get("/metrics") as reply:
                text = await reply.text()
            backend = "redis" if TEST_REDIS_URL else "sqlite"
            assert f'berufslotse_gateway_info{{replicas="2",state_backend="{backend}"}} 1.0' in text
        if TEST_REDIS_URL:
            assert len([key for key in await redis.keys() if key.startswith(redis.prefix + "session:")]) == len(sessions)
    finally:
        await stop([gateway])
        for server in servers:
            await server.close()
        await redis.cleanup()
