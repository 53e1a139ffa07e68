"""Rasa's socket.io protocol on the gateway, with a python-socketio client and a fake Rasa:
session_request/session_confirm, user_uttered/bot_uttered, session persistence, quick-reply
tokens, wrong key, foreign origin, oversized messages and frames, rate limit, Rasa down."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import socketio
from aiohttp.test_utils import TestServer

from bot.gateway.app import Settings, create_app
from tests.test_gateway import PORTALS, SELF, FakeRasa, fake_rasa  # noqa: F401 – the fake Rasa fixture

PARTNER = "https://karriere.example.de"
DEMO_DATA = {"portal_key": "demo"}


@pytest.fixture
async def gateway(fake_rasa: FakeRasa, tmp_path: Path, kb_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("BERUFSLOTSE_KB", str(kb_path))
    (tmp_path / "portals.yml").write_text(PORTALS, encoding="utf-8")
    settings = Settings(port=8080, rasa_url=fake_rasa.url, actions_url=fake_rasa.url,
                        portals_file=tmp_path / "portals.yml", upstream_timeout=1.0, session_per_minute=5,
                        address_per_minute=1000, sessions_db=tmp_path / "sessions.sqlite")
    server = TestServer(create_app(settings), host="127.0.0.1")
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


class Client:
    """A socket.io client that records every event the gateway sends."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        for name in ("session_confirm", "bot_uttered", "error", "connect_error"):
            self.sio.on(name, lambda data, name=name: self.events.put_nowait((name, data)))

    async def connect(self, url: str, origin: str | None = SELF, **kwargs: Any) -> None:
        kwargs.setdefault("transports", ["websocket"])
        await self.sio.connect(url, headers={"Origin": origin} if origin else {}, wait_timeout=5, **kwargs)

    async def next(self, timeout: float = 5) -> tuple[str, Any]:
        return await asyncio.wait_for(self.events.get(), timeout)

    async def session(self, session_id: str | None = None) -> str:
        await self.sio.emit("session_request", {"session_id": session_id})
        name, data = await self.next()
        assert name == "session_confirm" and isinstance(data, str) and data
        return data

    async def say(self, session_id: str, message: Any, custom: dict | None = DEMO_DATA) -> list[tuple[str, Any]]:
        """Sends one message; returns the events of the answer (the fake Rasa's ends with a chart)."""
        await self.sio.emit("user_uttered", {"message": message, "session_id": session_id, "customData": custom})
        events: list[tuple[str, Any]] = []
        while not events or not (events[-1][0] == "bot_uttered" and "custom" in events[-1][1]):
            events.append(await self.next())
            assert events[-1][0] != "error", events[-1]
        return events


@pytest.fixture
async def client():
    client = Client()
    yield client
    if client.sio.connected:
        await client.sio.disconnect()


async def test_protocol_events_quick_reply_and_session_persistence(gateway: str, client: Client,
                                                                   fake_rasa: FakeRasa) -> None:
    await client.connect(gateway)
    session_id = await client.session()
    events = await client.say(session_id, "Hallo")
    assert [name for name, _ in events] == ["bot_uttered", "bot_uttered"]
    text, chart = events[0][1], events[1][1]
    assert text["text"] == "Echo: Hallo"
    (reply,) = text["quick_replies"]
    assert reply["content_type"] == "text" and reply["title"] == "Gehalt"
    assert "ask_salary" not in reply["payload"]  # an opaque token, not the intent
    assert chart == {"custom": {"chart": {"type": "salary_ranges", "bars": []}}}
    assert fake_rasa.received == [{"sender": session_id, "message": "Hallo"}]

    await client.say(session_id, reply["payload"])  # a quick reply comes back as the message
    assert fake_rasa.received[-1] == {"sender": session_id, "message": "/ask_salary"}

    again = Client()  # a reload: the widget asks for its stored session
    await again.connect(gateway)
    try:
        assert await again.session(session_id) == session_id
        await again.say(session_id, "Und weiter?")
        assert fake_rasa.received[-1] == {"sender": session_id, "message": "Und weiter?"}
    finally:
        await again.sio.disconnect()


@pytest.mark.parametrize("origin", [SELF, None])
async def test_long_polling_with_and_without_origin(gateway: str, client: Client, fake_rasa: FakeRasa,
                                                    origin: str | None) -> None:
    await client.connect(gateway, origin=origin, transports=["polling"])
    session_id = await client.session()
    events = await client.say(session_id, "Hallo")
    assert events[0][1]["text"] == "Echo: Hallo"


async def test_session_ids_are_issued_by_the_gateway(gateway: str, client: Client, fake_rasa: FakeRasa) -> None:
    await client.connect(gateway)
    issued = await client.session("someone-elses-session")
    assert issued != "someone-elses-session"
    await client.say(issued, "Hallo")
    assert fake_rasa.received[-1]["sender"] == issued
    other = Client()
    await other.connect(gateway, origin=PARTNER)
    try:  # the same id, named by another portal, is not continued
        partner_session = await other.session(issued)
        events = await other.say(partner_session, "Hallo", {"portal_key": "partner-portal"})
        confirmed = [data for name, data in events if name == "session_confirm"]
        assert fake_rasa.received[-1]["sender"] != issued
        assert confirmed == [fake_rasa.received[-1]["sender"]]
    finally:
        await other.sio.disconnect()


async def test_typed_slash_commands_stay_text(gateway: str, client: Client, fake_rasa: FakeRasa) -> None:
    await client.connect(gateway)
    session_id = await client.session()
    await client.say(session_id, "/restart")
    assert fake_rasa.received[-1]["message"] == "restart"


async def refused(client: Client, session_id: str, message: Any, custom: dict | None = DEMO_DATA) -> dict:
    await client.sio.emit("user_uttered", {"message": message, "session_id": session_id, "customData": custom})
    name, error = await client.next()
    assert name == "error"
    name, shown = await client.next()
    assert name == "bot_uttered" and shown == {"text": error["message"]}  # what an unchanged widget shows
    return error


@pytest.mark.parametrize("custom", [{"portal_key": "nope"}, None, {"language": "de"}, "kaputt"])
async def test_wrong_or_missing_key(gateway: str, client: Client, fake_rasa: FakeRasa, custom: Any) -> None:
    await client.connect(gateway)
    session_id = await client.session()
    error = await refused(client, session_id, "Hallo", custom)
    assert error["status"] == 403 and error["code"] == "unknown_portal" and "Portal-Schlüssel" in error["message"]
    assert fake_rasa.received == []


async def test_wrong_key_in_the_connection_auth_is_refused(gateway: str, client: Client) -> None:
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(gateway, auth={"portal_key": "nope"})
    name, error = await client.next()
    assert name == "connect_error" and "Portal-Schlüssel" in error["message"]
    assert error["data"]["status"] == 403 and error["data"]["code"] == "unknown_portal"


async def test_key_in_the_connection_auth(gateway: str, client: Client, fake_rasa: FakeRasa) -> None:
    await client.connect(gateway, auth={"portal_key": "demo"})
    session_id = await client.session()
    await client.say(session_id, "Hallo", custom=None)
    assert fake_rasa.received[-1] == {"sender": session_id, "message": "Hallo"}


async def test_origins(gateway: str, client: Client, fake_rasa: FakeRasa) -> None:
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(gateway, origin="https://evil.example")
    partner = Client()
    await partner.connect(gateway, origin=PARTNER)  # listed, but for another portal than the key's
    try:
        session_id = await partner.session()
        error = await refused(partner, session_id, "Hallo")
        assert error["code"] == "origin_not_allowed"
    finally:
        await partner.sio.disconnect()
    assert fake_rasa.received == []


async def test_oversized_message_and_frame(gateway: str, client: Client, fake_rasa: FakeRasa) -> None:
    await client.connect(gateway)
    session_id = await client.session()
    error = await refused(client, session_id, "x" * 1001)
    assert error["status"] == 413 and error["code"] == "message_too_long" and error["field"] == "message"
    for message in ("", "   ", 42, "/"):
        assert (await refused(client, session_id, message))["code"] == "invalid_field"
    await client.sio.emit("user_uttered", {"message": "x" * 40000, "session_id": session_id, "customData": DEMO_DATA})
    for _ in range(50):  # a frame above the gateway's limit closes the connection
        if not client.sio.connected:
            break
        await asyncio.sleep(0.1)
    assert not client.sio.connected
    assert fake_rasa.received == []


async def test_a_null_message_is_ignored(gateway: str, client: Client, fake_rasa: FakeRasa) -> None:
    """rasa-webchat without an initPayload sends `message: null` when the chat opens: no reply, no error."""
    await client.connect(gateway)
    session_id = await client.session()
    await client.sio.emit("user_uttered", {"message": None, "session_id": session_id, "customData": DEMO_DATA})
    with pytest.raises(asyncio.TimeoutError):
        await client.next(timeout=1)
    assert fake_rasa.received == []


async def test_message_without_confirmed_session(gateway: str, client: Client, fake_rasa: FakeRasa) -> None:
    await client.connect(gateway)
    error = await refused(client, "ausgedacht", "Hallo")
    assert error["code"] == "invalid_session" and error["field"] == "session_id"
    assert fake_rasa.received == []


async def test_rate_limit_per_session(gateway: str, client: Client) -> None:
    await client.connect(gateway)
    session_id = await client.session()
    for _ in range(5):
        await client.say(session_id, "hi")
    error = await refused(client, session_id, "hi")
    assert error["status"] == 429 and error["retry_after"] >= 1


@pytest.mark.parametrize("mode", ["error", "silent", "slow"])
async def test_rasa_down_is_a_503_error_event(gateway: str, client: Client, fake_rasa: FakeRasa, mode: str) -> None:
    fake_rasa.mode = mode
    await client.connect(gateway)
    session_id = await client.session()
    error = await refused(client, session_id, "Hallo")
    assert error == {"status": 503, "code": "upstream_unavailable", "retry_after": 5,
                     "message": "Der Berufslotse ist gerade nicht erreichbar. Bitte versuche es gleich noch einmal."}
    fake_rasa.mode = "ok"  # back up: the same session goes on
    events = await client.say(session_id, "Hallo")
    assert events[0][1]["text"] == "Echo: Hallo"


async def test_socket_events_are_logged_without_text_or_foreign_keys(gateway: str, client: Client,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="berufslotse.access")
    await client.connect(gateway)
    session_id = await client.session()
    await client.say(session_id, "geheimer Text 0176 1234567")
    await refused(client, session_id, "Hallo", {"portal_key": "erfundener-schluessel-0176"})
    lines = [r.getMessage() for r in caplog.records if r.name == "berufslotse.access" and '"socketio"' in r.getMessage()]
    assert any('"user_uttered"' in line and '"status": 200' in line for line in lines)
    assert any('"status": 403' in line for line in lines)
    assert all("geheimer" not in line and "0176" not in line for line in lines)
