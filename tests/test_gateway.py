"""The gateway with aiohttp's test client and a fake Rasa: happy path, every error status,
rate limits, CORS, upstream down or slow."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.gateway.app import Settings, create_app
from bot.gateway.portals import PortalConfigError, load_portals

PORTALS = """
portals:
  - key: demo
    name: Demo
    allowed_origins: [self]
    theme: {primary: "#0b5cad", on_primary: "#ffffff"}
    greeting: Hallo!
  - key: partner-portal
    name: Partner
    allowed_origins: ["https://karriere.example.de"]
"""
SELF = "http://localhost:8080"
DEMO = {"X-Portal-Key": "demo", "Origin": SELF}


class FakeRasa:
    """Answers like Rasa's REST channel; `mode` switches to failure behaviours."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.received: list[dict] = []

    async def webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        if self.mode == "slow":
            await asyncio.sleep(5)
        if self.mode == "error":
            return web.Response(status=500, text="boom")
        if self.mode == "silent":
            return web.json_response([])
        return web.json_response([
            {"recipient_id": body["sender"], "text": f"Echo: {body['message']}",
             "buttons": [{"title": "Gehalt", "payload": "/ask_salary"}]},
            {"recipient_id": body["sender"], "custom": {"chart": {"type": "salary_ranges", "bars": []}}},
        ])

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self.webhook)
        app.router.add_get("/webhooks/rest/", lambda r: web.json_response({"status": "ok"}))
        app.router.add_get("/health", lambda r: web.json_response({"status": "ok"}))
        return app


@pytest.fixture
async def fake_rasa():
    fake = FakeRasa()
    server = TestServer(fake.app())
    await server.start_server()
    fake.url = str(server.make_url("")).rstrip("/")
    yield fake
    await server.close()


@pytest.fixture
def portals_file(tmp_path: Path) -> Path:
    path = tmp_path / "portals.yml"
    path.write_text(PORTALS, encoding="utf-8")
    return path


@pytest.fixture
async def client(fake_rasa: FakeRasa, portals_file: Path, kb_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BERUFSLOTSE_KB", str(kb_path))
    settings = Settings(port=8080, rasa_url=fake_rasa.url, actions_url=fake_rasa.url, portals_file=portals_file,
                        upstream_timeout=1.0, session_per_minute=5, address_per_minute=1000)
    async with TestClient(TestServer(create_app(settings))) as test_client:
        yield test_client


async def test_happy_path_merges_chart_into_the_text_message(client: TestClient, fake_rasa: FakeRasa) -> None:
    response = await client.post("/api/v1/chat", json={"message": "Hallo"}, headers=DEMO)
    assert response.status == 200
    body = await response.json()
    (message,) = body["messages"]
    assert message["text"] == "Echo: Hallo" and message["chart"] == {"type": "salary_ranges", "bars": []}
    (button,) = message["buttons"]
    assert button["title"] == "Gehalt" and "ask_salary" not in button["payload"]  # an opaque token, not the intent
    assert response.headers["Access-Control-Allow-Origin"] == SELF
    assert fake_rasa.received[0] == {"sender": body["session_id"], "message": "Hallo"}  # nothing else passed through


async def test_a_quick_reply_token_is_mapped_back_to_its_payload(client: TestClient, fake_rasa: FakeRasa) -> None:
    first = await (await client.post("/api/v1/chat", json={"message": "Hallo"}, headers=DEMO)).json()
    token = first["messages"][0]["buttons"][0]["payload"]
    response = await client.post("/api/v1/chat", json={"session_id": first["session_id"], "button": token}, headers=DEMO)
    assert response.status == 200
    assert fake_rasa.received[-1] == {"sender": first["session_id"], "message": "/ask_salary"}


@pytest.mark.parametrize("button", ["/ask_salary", "b_forged", 7, None])
async def test_a_button_not_issued_for_this_session_is_refused(client: TestClient, fake_rasa: FakeRasa, button) -> None:
    first = await (await client.post("/api/v1/chat", json={"message": "Hallo"}, headers=DEMO)).json()
    other = await (await client.post("/api/v1/chat", json={"message": "Hallo"}, headers=DEMO)).json()
    foreign_token = other["messages"][0]["buttons"][0]["payload"]
    for value in (button, foreign_token):
        received = len(fake_rasa.received)
        response = await client.post("/api/v1/chat", json={"session_id": first["session_id"], "button": value},
                                     headers=DEMO)
        assert response.status == 400
        error = (await response.json())["error"]
        assert error["code"] == "unknown_button" and error["field"] == "button" and error["message"]
        assert len(fake_rasa.received) == received


@pytest.mark.parametrize("typed, sent", [
    ("/restart", "restart"),
    ('/ask_salary{"occupation":"kfd","training_year":9999999999999999999999999}',
     'ask_salary{"occupation":"kfd","training_year":9999999999999999999999999}'),
    ("  //session_start ", "session_start"),
])
async def test_typed_text_never_reaches_rasa_as_an_intent(client: TestClient, fake_rasa: FakeRasa, typed: str,
                                                          sent: str) -> None:
    response = await client.post("/api/v1/chat", json={"message": typed}, headers=DEMO)
    assert response.status == 200
    assert fake_rasa.received[-1]["message"] == sent


async def test_session_ids_are_issued_by_the_gateway_only(client: TestClient, fake_rasa: FakeRasa) -> None:
    first = await (await client.post("/api/v1/chat", json={"message": "a"}, headers=DEMO)).json()
    second = await (await client.post("/api/v1/chat", json={"message": "b", "session_id": first["session_id"]},
                                      headers=DEMO)).json()
    assert second["session_id"] == first["session_id"]
    forged = await (await client.post("/api/v1/chat", json={"message": "c", "session_id": "someone-else"},
                                      headers=DEMO)).json()
    assert forged["session_id"] not in ("someone-else", first["session_id"])
    other_portal = await client.post("/api/v1/chat", json={"message": "d", "session_id": first["session_id"]},
                                     headers={"X-Portal-Key": "partner-portal", "Origin": "https://karriere.example.de"})
    assert (await other_portal.json())["session_id"] != first["session_id"]


@pytest.mark.parametrize("headers, code", [
    ({}, "unknown_portal"),
    ({"X-Portal-Key": "nope", "Origin": SELF}, "unknown_portal"),
    ({"X-Portal-Key": "demo", "Origin": "https://evil.example"}, "origin_not_allowed"),
    ({"X-Portal-Key": "partner-portal", "Origin": SELF}, "origin_not_allowed"),
])
async def test_portal_key_and_origin_are_enforced(client: TestClient, fake_rasa: FakeRasa, headers: dict, code: str) -> None:
    response = await client.post("/api/v1/chat", json={"message": "Hallo"}, headers=headers)
    assert response.status == 403
    error = (await response.json())["error"]
    assert error["code"] == code and error["message"]
    assert fake_rasa.received == []


@pytest.mark.parametrize("body, status, field", [
    ({"message": "x" * 1001}, 413, "message"),
    ({"message": ""}, 400, "message"),
    ({"message": 42}, 400, "message"),
    ({}, 400, "message"),
    ({"message": "/"}, 400, "message"),
    ({"message": "hi", "button": "b_x"}, 400, "message"),
    ({"message": "hi", "session_id": 7}, 400, "session_id"),
    ({"message": "hi", "metadata": {"x": 1}}, 400, "metadata"),
])
async def test_bad_requests_name_the_field(client: TestClient, fake_rasa: FakeRasa, body: dict, status: int, field: str) -> None:
    response = await client.post("/api/v1/chat", json=body, headers=DEMO)
    assert response.status == status
    assert (await response.json())["error"]["field"] == field
    assert fake_rasa.received == []


async def test_invalid_json_and_oversized_body(client: TestClient) -> None:
    response = await client.post("/api/v1/chat", data="{kaputt", headers={**DEMO, "Content-Type": "application/json"})
    assert response.status == 400 and (await response.json())["error"]["code"] == "invalid_json"
    response = await client.post("/api/v1/chat", data=json.dumps({"message": "x" * 40000}),
                                 headers={**DEMO, "Content-Type": "application/json"})
    assert response.status == 413


async def test_rate_limit_per_session(client: TestClient) -> None:
    session = None
    statuses = []
    for _ in range(7):
        payload = {"message": "hi", **({"session_id": session} if session else {})}
        response = await client.post("/api/v1/chat", json=payload, headers=DEMO)
        statuses.append(response.status)
        if response.status == 200:
            session = (await response.json())["session_id"]
        else:
            assert int(response.headers["Retry-After"]) >= 1
            assert (await response.json())["error"]["code"] == "rate_limited"
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]


async def test_rate_limit_per_address(fake_rasa: FakeRasa, portals_file: Path) -> None:
    settings = Settings(rasa_url=fake_rasa.url, portals_file=portals_file, address_per_minute=3)
    async with TestClient(TestServer(create_app(settings))) as test_client:
        statuses = [(await test_client.post("/api/v1/chat", json={"message": "x"}, headers=DEMO)).status for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.parametrize("mode", ["slow", "error", "silent"])
async def test_upstream_faults_become_503_with_retry_hint(client: TestClient, fake_rasa: FakeRasa, mode: str) -> None:
    fake_rasa.mode = mode
    response = await asyncio.wait_for(client.post("/api/v1/chat", json={"message": "Hallo"}, headers=DEMO), 4)
    assert response.status == 503
    assert response.headers["Retry-After"] == "5"
    assert (await response.json())["error"]["code"] == "upstream_unavailable"


async def test_upstream_down(portals_file: Path) -> None:
    settings = Settings(rasa_url="http://127.0.0.1:9", portals_file=portals_file)
    async with TestClient(TestServer(create_app(settings))) as test_client:
        response = await test_client.post("/api/v1/chat", json={"message": "Hallo"}, headers=DEMO)
        assert response.status == 503
        ready = await test_client.get("/readyz")
        assert ready.status == 503 and (await ready.json())["checks"]["rasa"].startswith("nicht erreichbar")


async def test_cors_preflight(client: TestClient) -> None:
    allowed = await client.options("/api/v1/chat", headers={"Origin": "https://karriere.example.de",
                                                              "Access-Control-Request-Method": "POST",
                                                              "Access-Control-Request-Headers": "content-type,x-portal-key"})
    assert allowed.status == 204
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://karriere.example.de"
    assert "X-Portal-Key" in allowed.headers["Access-Control-Allow-Headers"]
    refused = await client.options("/api/v1/chat", headers={"Origin": "https://evil.example",
                                                              "Access-Control-Request-Method": "POST"})
    assert refused.status == 403 and "Access-Control-Allow-Origin" not in refused.headers


async def test_health_ready_openapi_and_static(client: TestClient) -> None:
    assert (await client.get("/healthz")).status == 200
    ready = await client.get("/readyz")
    assert ready.status == 200, await ready.text()
    spec = await (await client.get("/api/v1/openapi.json")).json()
    assert "/api/v1/chat" in spec["paths"]
    page = await client.get("/")
    assert page.status == 200 and 'data-portal-key="demo"' in await page.text()
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    widget = await client.get("/static/widget.js")
    assert widget.status == 200 and "max-age" in widget.headers["Cache-Control"]
    assert (await client.get("/embed.js")).status == 200


async def test_portal_info_never_reveals_origins(client: TestClient) -> None:
    info = await (await client.get("/api/v1/portal", headers=DEMO)).json()
    assert info == {"name": "Demo", "theme": {"primary": "#0b5cad", "on_primary": "#ffffff"}, "greeting": "Hallo!",
                    "privacy_url": "", "retention_days": 30}


async def test_access_log_has_no_message_text(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="berufslotse.access")
    await client.post("/api/v1/chat", json={"message": "geheimer Text 0176 1234567"}, headers=DEMO)
    lines = [r.getMessage() for r in caplog.records if r.name == "berufslotse.access"]
    assert lines and all("geheimer" not in line and "0176" not in line for line in lines)
    assert json.loads(lines[-1])["status"] == 200


@pytest.mark.parametrize("text, problem", [
    ("portals: [{key: x, allowed_origins: [self]}]", "key"),
    ("portals: [{key: abc, allowed_origins: [not-a-url]}]", "Origin"),
    ("portals: [{key: abc, theme: {primary: '#ffffff', on_primary: '#eeeeee'}}]", "Kontrast"),
    ("portals: [{key: abc, privacy_url: 'javascript:alert(1)'}]", "privacy_url"),
])
def test_bad_portal_config_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "p.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PortalConfigError, match=problem):
        load_portals(path, set())
