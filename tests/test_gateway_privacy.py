"""Gateway sessions across restarts, the client address behind proxies, the new-session limit
and deleting a conversation – with aiohttp's test client and a fake Rasa."""
from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot import conversations
from bot.gateway.app import Settings, create_app
from bot.gateway.proxies import TrustedProxies
from tests.test_gateway import DEMO, PORTALS, FakeRasa, fake_rasa  # noqa: F401 – fixture

PARTNER = {"X-Portal-Key": "partner-portal", "Origin": "https://karriere.example.de"}


@pytest.fixture
def state(tmp_path: Path) -> Path:
    (tmp_path / "portals.yml").write_text(PORTALS, encoding="utf-8")
    with sqlite3.connect(tmp_path / "tracker.db") as db:  # Rasa's table, as SQLTrackerStore creates it
        db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name "
                   "VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)")
    return tmp_path


def settings(state: Path, rasa_url: str, **overrides) -> Settings:
    values = dict(port=8080, rasa_url=rasa_url, actions_url=rasa_url, portals_file=state / "portals.yml",
                  sessions_db=state / "sessions.sqlite", tracker_db=state / "tracker.db", upstream_timeout=2.0,
                  address_per_minute=1000, new_sessions_per_minute=1000, trusted_proxies=())
    values.update(overrides)
    return Settings(**values)


def store_turn(state: Path, sender: str, text: str) -> None:
    """What Rasa does on a turn: append the user's message to the tracker store."""
    with sqlite3.connect(state / "tracker.db") as db:
        db.execute("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, ?)",
                   (sender, time.time(), json.dumps({"event": "user", "text": text})))


async def chat(client: TestClient, headers: dict | None = None, **body) -> tuple[int, dict]:
    response = await client.post("/api/v1/chat", json=body, headers=headers or DEMO)
    return response.status, await response.json()


async def test_a_conversation_continues_after_a_gateway_restart(state: Path, fake_rasa: FakeRasa) -> None:
    async with TestClient(TestServer(create_app(settings(state, fake_rasa.url)))) as first:
        status, body = await chat(first, message="Hallo")
        assert status == 200
        session, token = body["session_id"], body["messages"][0]["buttons"][0]["payload"]
    async with TestClient(TestServer(create_app(settings(state, fake_rasa.url)))) as restarted:
        status, body = await chat(restarted, session_id=session, message="Und weiter?")
        assert status == 200 and body["session_id"] == session
        status, body = await chat(restarted, session_id=session, button=token)
        assert status == 200 and body["session_id"] == session
        assert fake_rasa.received[-1] == {"sender": session, "message": "/ask_salary"}
        fresh_token = body["messages"][0]["buttons"][0]["payload"]
    with sqlite3.connect(state / "sessions.sqlite") as db:  # a day and a minute without a message
        db.execute("UPDATE sessions SET last_seen = last_seen - 86460 WHERE id = ?", (session,))
    async with TestClient(TestServer(create_app(settings(state, fake_rasa.url)))) as later:
        status, body = await chat(later, session_id=session, button=fresh_token)
        assert status == 400 and body["error"]["code"] == "unknown_button"
        status, body = await chat(later, session_id=session, message="Hallo?")
        assert status == 200 and body["session_id"] != session  # expired: a new conversation


async def test_new_sessions_are_limited_per_client(state: Path, fake_rasa: FakeRasa) -> None:
    app = create_app(settings(state, fake_rasa.url, new_sessions_per_minute=3))
    async with TestClient(TestServer(app)) as client:
        results = [await chat(client, message="Hallo") for _ in range(5)]
        assert [status for status, _ in results] == [200, 200, 200, 429, 429]
        refused = await client.post("/api/v1/chat", json={"message": "Hallo"}, headers=DEMO)
        assert refused.status == 429 and int(refused.headers["Retry-After"]) >= 1
        error = (await refused.json())["error"]
        assert error["code"] == "rate_limited" and "neue Gespräche" in error["message"]
        status, _ = await chat(client, session_id=results[0][1]["session_id"], message="Weiter")
        assert status == 200  # an existing conversation goes on
    assert len(fake_rasa.received) == 4
    with sqlite3.connect(state / "sessions.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 3  # a refused request created none


async def test_forged_forwarded_for_from_an_untrusted_peer_is_ignored(state: Path, fake_rasa: FakeRasa) -> None:
    app = create_app(settings(state, fake_rasa.url, new_sessions_per_minute=2, trusted_proxies=("10.20.30.40",)))
    async with TestClient(TestServer(app)) as client:
        statuses = [(await chat(client, {**DEMO, "X-Forwarded-For": f"203.0.113.{i}"}, message="x"))[0]
                    for i in range(3)]
    assert statuses == [200, 200, 429]  # the test client (127.0.0.1) is no proxy: one bucket


async def test_forwarded_for_from_a_trusted_proxy_names_the_client(state: Path, fake_rasa: FakeRasa,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="berufslotse.access")
    app = create_app(settings(state, fake_rasa.url, new_sessions_per_minute=2, trusted_proxies=("127.0.0.0/8",)))
    async with TestClient(TestServer(app)) as client:
        different = [(await chat(client, {**DEMO, "X-Forwarded-For": f"203.0.113.{i}"}, message="x"))[0]
                     for i in range(3)]
        same = [(await chat(client, {**DEMO, "X-Forwarded-For": "198.51.100.7, 127.0.0.5"}, message="x"))[0]
                for _ in range(3)]
        broken = await client.post("/api/v1/chat", json={"message": "x"}, headers={**DEMO, "X-Forwarded-For": "kaputt"})
        assert broken.status == 400 and (await broken.json())["error"]["code"] == "invalid_forwarded_for"
    assert different == [200, 200, 200] and same == [200, 200, 429]
    clients = [json.loads(r.getMessage())["client"] for r in caplog.records if r.name == "berufslotse.access"]
    assert "203.0.113.0" in clients and "198.51.100.0" in clients  # anonymised, but the real client's


def test_trusted_proxy_list_is_checked() -> None:
    with pytest.raises(ValueError, match="BERUFSLOTSE_TRUSTED_PROXIES"):
        TrustedProxies(["proxy.example"])


async def _client(state: Path, fake_rasa: FakeRasa) -> TestClient:
    return TestClient(TestServer(create_app(settings(state, fake_rasa.url))))


async def test_delete_removes_the_conversation_from_tracker_store_and_gateway(state: Path, fake_rasa: FakeRasa) -> None:
    async with await _client(state, fake_rasa) as client:
        _, body = await chat(client, message="Was verdient man?")
        session = body["session_id"]
        token = body["messages"][0]["buttons"][0]["payload"]
        _, other = await chat(client, message="Hallo")
        store_turn(state, session, "Was verdient man?")
        store_turn(state, other["session_id"], "Hallo")
        preflight = await client.options(f"/api/v1/sessions/{session}",
                                         headers={"Origin": "http://localhost:8080", "Access-Control-Request-Method": "DELETE"})
        assert preflight.status == 204 and "DELETE" in preflight.headers["Access-Control-Allow-Methods"]
        response = await client.delete(f"/api/v1/sessions/{session}", headers=DEMO)
        assert response.status == 204 and response.headers["Access-Control-Allow-Origin"] == "http://localhost:8080"
        assert conversations.count_events(state / "tracker.db", session) == 0
        assert conversations.count_events(state / "tracker.db", other["session_id"]) == 1  # only this one
        status, body = await chat(client, session_id=session, button=token)
        assert status == 400
        status, body = await chat(client, session_id=session, message="Und jetzt?")
        assert status == 200 and body["session_id"] != session
        again = await client.delete(f"/api/v1/sessions/{session}", headers=DEMO)
        assert again.status == 404 and (await again.json())["error"]["code"] == "unknown_session"


@pytest.mark.parametrize("headers, target, status, code", [
    ({"Origin": "http://localhost:8080"}, "own", 403, "unknown_portal"),
    ({"X-Portal-Key": "nope"}, "own", 403, "unknown_portal"),
    ({"X-Portal-Key": "demo", "Origin": "https://evil.example"}, "own", 403, "origin_not_allowed"),
    (PARTNER, "own", 404, "unknown_session"),  # another portal's conversation: not even its existence is told
    (DEMO, "unknown", 404, "unknown_session"),
    (DEMO, "x" * 150, 404, "unknown_session"),
])
async def test_a_delete_that_is_not_the_owners_deletes_nothing(state: Path, fake_rasa: FakeRasa, headers: dict,
                                                               target: str, status: int, code: str) -> None:
    async with await _client(state, fake_rasa) as client:
        _, body = await chat(client, message="Hallo")
        session = body["session_id"]
        store_turn(state, session, "Hallo")
        path = session if target == "own" else target
        response = await client.delete(f"/api/v1/sessions/{path}", headers=headers)
        assert response.status == status
        error = (await response.json())["error"]
        assert error["code"] == code and error["message"]
        assert conversations.count_events(state / "tracker.db", session) == 1
        status_after, after = await chat(client, session_id=session, message="Noch da?")
        assert status_after == 200 and after["session_id"] == session


async def test_delete_waits_for_a_turn_in_flight(state: Path) -> None:
    """Rasa stores a turn before it answers; a deletion during that turn must not leave it behind."""
    async def slow_webhook(request: web.Request) -> web.Response:
        body = await request.json()
        await asyncio.sleep(0.3)
        store_turn(state, body["sender"], body["message"])
        return web.json_response([{"recipient_id": body["sender"], "text": "ok"}])

    rasa = web.Application()
    rasa.router.add_post("/webhooks/rest/webhook", slow_webhook)
    async with TestServer(rasa) as server:
        url = str(server.make_url("")).rstrip("/")
        async with TestClient(TestServer(create_app(settings(state, url)))) as client:
            _, body = await chat(client, message="Hallo")
            session = body["session_id"]
            turn = asyncio.create_task(chat(client, session_id=session, message="Noch eine Frage"))
            await asyncio.sleep(0.1)
            response = await client.delete(f"/api/v1/sessions/{session}", headers=DEMO)
            assert response.status == 204
            assert (await turn)[0] == 200
    assert conversations.count_events(state / "tracker.db", session) == 0


async def test_openapi_describes_the_delete(state: Path, fake_rasa: FakeRasa) -> None:
    async with await _client(state, fake_rasa) as client:
        spec = await (await client.get("/api/v1/openapi.json")).json()
    operation = spec["paths"]["/api/v1/sessions/{session_id}"]["delete"]
    assert {"204", "403", "404", "429", "503"} <= set(operation["responses"])
    assert operation["parameters"][0]["name"] == "session_id"


async def test_an_unusable_session_store_is_a_retryable_503(state: Path, fake_rasa: FakeRasa) -> None:
    (state / "sessions.sqlite").mkdir()  # cannot be opened as a database
    async with await _client(state, fake_rasa) as client:
        response = await client.post("/api/v1/chat", json={"message": "Hallo"}, headers=DEMO)
        assert response.status == 503 and response.headers["Retry-After"] == "5"
        assert (await response.json())["error"]["code"] == "storage_unavailable"
    assert fake_rasa.received == []
