"""socket.io and the REST webhook on the durable session store: their conversations and quick-reply
tokens survive a gateway restart, new sessions are limited per client address (behind a trusted
proxy: the real client's), their conversations can be deleted like the JSON API's, and a broken
session store is a retryable 503 on every channel."""
from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any, AsyncIterator

import pytest
import socketio
from aiohttp.test_utils import TestClient, TestServer

from bot import conversations
from bot.gateway.app import create_app
from bot.gateway.sessions import named_id
from tests.test_gateway import DEMO, SELF, FakeRasa, fake_rasa  # noqa: F401 – fixture
from tests.test_gateway_privacy import settings, state, store_turn  # noqa: F401 – fixture

HOOK = "/webhooks/rest/webhook"
DEMO_DATA = {"portal_key": "demo"}


class Socket:
    """A python-socketio client that records the gateway's events."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        for name in ("session_confirm", "bot_uttered", "error"):
            self.sio.on(name, lambda data, name=name: self.events.put_nowait((name, data)))

    async def connect(self, url: str, **headers: str) -> None:
        await self.sio.connect(url, headers={"Origin": SELF, **headers}, transports=["websocket"], wait_timeout=5)

    async def next(self) -> tuple[str, Any]:
        return await asyncio.wait_for(self.events.get(), 5)

    async def session(self, session_id: str | None = None, custom: dict | None = DEMO_DATA) -> tuple[str, Any]:
        """Asks for a session; returns the first event of the answer (session_confirm or error)."""
        await self.sio.emit("session_request", {"session_id": session_id, "customData": custom})
        event = await self.next()
        if event[0] == "error":
            assert (await self.next())[0] == "bot_uttered"  # the German text for unchanged widgets
        return event

    async def say(self, session_id: str, message: str) -> list[tuple[str, Any]]:
        """Sends one message; returns the events up to the fake Rasa's chart (or the error)."""
        await self.sio.emit("user_uttered", {"message": message, "session_id": session_id, "customData": DEMO_DATA})
        events = [await self.next()]
        while events[-1][0] != "error" and not (isinstance(events[-1][1], dict) and "custom" in events[-1][1]):
            events.append(await self.next())
        return events


class Gateways:
    """Gateway servers and socket clients of one test; sockets leave before their server stops
    (an open WebSocket would hold the server's shutdown for its whole timeout)."""

    def __init__(self, state: Path, rasa_url: str) -> None:
        self.state, self.rasa_url = state, rasa_url
        self.servers: list[TestServer] = []
        self.sockets: list[Socket] = []

    async def start(self, **overrides: Any) -> TestServer:
        server = TestServer(create_app(settings(self.state, self.rasa_url, **overrides)), host="127.0.0.1")
        await server.start_server()
        self.servers.append(server)
        return server

    async def socket(self, server: TestServer, **headers: str) -> Socket:
        socket = Socket()
        self.sockets.append(socket)
        await socket.connect(str(server.make_url("")).rstrip("/"), **headers)
        return socket

    async def stop(self) -> None:
        """Disconnects every socket, then stops every server (a restart, or the end of the test)."""
        for socket in self.sockets:
            if socket.sio.connected:
                await socket.sio.disconnect()
        for server in self.servers:
            await server.close()
        self.sockets, self.servers = [], []


@pytest.fixture
async def gateways(state: Path, fake_rasa: FakeRasa) -> AsyncIterator[Gateways]:  # noqa: F811
    running = Gateways(state, fake_rasa.url)
    yield running
    await running.stop()


async def test_a_socket_conversation_continues_after_a_gateway_restart(gateways: Gateways,
                                                                       fake_rasa: FakeRasa) -> None:  # noqa: F811
    first = await gateways.socket(await gateways.start())
    name, session_id = await first.session()
    assert name == "session_confirm"
    answer = await first.say(session_id, "Hallo")
    token = answer[0][1]["quick_replies"][0]["payload"]
    await gateways.stop()

    again = await gateways.socket(await gateways.start())
    assert await again.session(session_id) == ("session_confirm", session_id)
    await again.say(session_id, token)  # the token was stored durably
    assert fake_rasa.received[-1] == {"sender": session_id, "message": "/ask_salary"}


async def test_a_reserved_socket_session_survives_a_restart_and_belongs_to_its_first_portal(
        gateways: Gateways, state: Path, fake_rasa: FakeRasa) -> None:  # noqa: F811
    socket = await gateways.socket(await gateways.start())
    _, reserved = await socket.session(custom=None)  # rasa-webchat: the key comes with the first message
    await gateways.stop()
    with sqlite3.connect(state / "sessions.sqlite") as db:
        assert db.execute("SELECT portal FROM sessions WHERE id = ?", (reserved,)).fetchone() == ("",)

    socket = await gateways.socket(await gateways.start())
    assert await socket.session(reserved, custom=None) == ("session_confirm", reserved)
    await socket.say(reserved, "Hallo")
    assert fake_rasa.received[-1]["sender"] == reserved
    async with TestClient(TestServer(create_app(settings(state, fake_rasa.url)))) as api:
        partner = {"X-Portal-Key": "partner-portal", "Origin": "https://karriere.example.de"}
        response = await api.post("/api/v1/chat", json={"session_id": reserved, "message": "x"}, headers=partner)
        assert (await response.json())["session_id"] != reserved  # now the demo portal's
        assert (await api.delete(f"/api/v1/sessions/{reserved}", headers=DEMO)).status == 204


async def test_a_rest_sender_continues_after_a_restart(state: Path, fake_rasa: FakeRasa) -> None:  # noqa: F811
    async with TestClient(TestServer(create_app(settings(state, fake_rasa.url)))) as first:
        response = await first.post(HOOK, json={"sender": "nutzer-7", "message": "Hallo"}, headers=DEMO)
        assert response.status == 200 and response.headers["X-Session-Id"] == named_id("demo", "nutzer-7")
        token = (await response.json())[0]["buttons"][0]["payload"]
    async with TestClient(TestServer(create_app(settings(state, fake_rasa.url)))) as restarted:
        response = await restarted.post(HOOK, json={"sender": "nutzer-7", "message": token}, headers=DEMO)
        assert response.status == 200
    assert fake_rasa.received[-1] == {"sender": named_id("demo", "nutzer-7"), "message": "/ask_salary"}
    with sqlite3.connect(state / "sessions.sqlite") as db:  # expired: the same sender starts afresh
        db.execute("UPDATE sessions SET last_seen = last_seen - 86460")
    async with TestClient(TestServer(create_app(settings(state, fake_rasa.url)))) as later:
        response = await later.post(HOOK, json={"sender": "nutzer-7", "message": token}, headers=DEMO)
        assert response.status == 200
    assert fake_rasa.received[-1]["message"] == token  # the old token is only text now


async def test_new_rest_senders_are_limited_per_client_behind_a_trusted_proxy(state: Path,  # noqa: F811
                                                                              fake_rasa: FakeRasa) -> None:
    app = create_app(settings(state, fake_rasa.url, new_sessions_per_minute=2, trusted_proxies=("127.0.0.0/8",)))
    async with TestClient(TestServer(app)) as client:
        async def post(sender: str, client_ip: str) -> int:
            response = await client.post(HOOK, json={"sender": sender, "message": "Hallo"},
                                         headers={**DEMO, "X-Forwarded-For": client_ip})
            return response.status

        assert [await post(f"s{i}", "203.0.113.9") for i in range(3)] == [200, 200, 429]
        assert await post("s0", "203.0.113.9") == 200  # a known sender goes on
        assert await post("s9", "198.51.100.1") == 200  # another client has its own bucket
        refused = await client.post(HOOK, json={"sender": "s5", "message": "x"},
                                    headers={**DEMO, "X-Forwarded-For": "203.0.113.9"})
        assert "neue Gespräche" in (await refused.json())["error"]["message"]
    with sqlite3.connect(state / "sessions.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 3  # refused senders stored nothing


async def test_new_socket_sessions_are_limited_per_client_behind_a_trusted_proxy(gateways: Gateways) -> None:
    server = await gateways.start(new_sessions_per_minute=2, trusted_proxies=("127.0.0.0/8",))
    socket = await gateways.socket(server, **{"X-Forwarded-For": "203.0.113.9"})
    results = [await socket.session(custom=custom) for custom in (DEMO_DATA, None, DEMO_DATA)]
    assert [name for name, _ in results] == ["session_confirm", "session_confirm", "error"]
    assert results[2][1]["status"] == 429 and "neue Gespräche" in results[2][1]["message"]
    assert await socket.session(results[0][1]) == ("session_confirm", results[0][1])  # a known one goes on
    other = await gateways.socket(server, **{"X-Forwarded-For": "198.51.100.1"})
    assert (await other.session())[0] == "session_confirm"  # another client has its own bucket


async def test_deleting_a_socket_or_rest_conversation(gateways: Gateways, state: Path,  # noqa: F811
                                                      fake_rasa: FakeRasa) -> None:  # noqa: F811
    socket = await gateways.socket(await gateways.start())
    _, session_id = await socket.session()
    await socket.say(session_id, "Hallo")
    store_turn(state, session_id, "Hallo")
    async with TestClient(TestServer(create_app(settings(state, fake_rasa.url)))) as api:
        response = await api.post(HOOK, json={"sender": "nutzer-8", "message": "Hallo"}, headers=DEMO)
        rest_session = response.headers["X-Session-Id"]
        store_turn(state, rest_session, "Hallo")
        for deleted in (session_id, rest_session):
            assert (await api.delete(f"/api/v1/sessions/{deleted}", headers=DEMO)).status == 204
            assert conversations.count_events(state / "tracker.db", deleted) == 0
    events = await socket.say(session_id, "Noch da?")  # a deleted session is not continued
    assert events[0][0] == "session_confirm" and events[0][1] != session_id
    assert fake_rasa.received[-1]["sender"] == events[0][1]


async def test_delete_preflight_from_a_partner_origin(state: Path, fake_rasa: FakeRasa) -> None:  # noqa: F811
    async with TestClient(TestServer(create_app(settings(state, fake_rasa.url)))) as client:
        preflight = await client.options("/api/v1/sessions/abc", headers={
            "Origin": "https://karriere.example.de", "Access-Control-Request-Method": "DELETE",
            "Access-Control-Request-Headers": "x-portal-key"})
        assert preflight.status == 204
        assert preflight.headers["Access-Control-Allow-Origin"] == "https://karriere.example.de"
        assert "DELETE" in preflight.headers["Access-Control-Allow-Methods"]
        assert preflight.headers["Access-Control-Allow-Headers"] == "X-Portal-Key"
        foreign = await client.options("/api/v1/sessions/abc", headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "DELETE"})
        assert foreign.status == 403 and (await foreign.json())["error"]["code"] == "origin_not_allowed"


async def test_a_broken_session_store_is_a_503_on_every_channel(gateways: Gateways, state: Path,  # noqa: F811
                                                                 fake_rasa: FakeRasa) -> None:  # noqa: F811
    (state / "sessions.sqlite").mkdir()  # cannot be opened as a database
    socket = await gateways.socket(await gateways.start())
    name, error = await socket.session()
    assert name == "error" and error["status"] == 503 and error["code"] == "storage_unavailable"
    async with TestClient(TestServer(create_app(settings(state, fake_rasa.url)))) as api:
        response = await api.post(HOOK, json={"sender": "s", "message": "Hallo"}, headers=DEMO)
        assert response.status == 503 and response.headers["Retry-After"] == "5"
        assert (await response.json())["error"]["code"] == "storage_unavailable"
    assert fake_rasa.received == []
