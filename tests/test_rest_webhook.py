"""Rasa's REST webhook shape on the gateway (POST /webhooks/rest/webhook) with a fake Rasa:
the reply shape, key by header or query, senders kept apart per portal, quick-reply tokens,
every refusal, CORS for it, and its entry in the OpenAPI document."""
from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.gateway.app import Settings, create_app
from tests.test_gateway import PORTALS, SELF, FakeRasa, fake_rasa  # noqa: F401 – the fake Rasa fixture

HOOK = "/webhooks/rest/webhook"
DEMO = {"X-Portal-Key": "demo", "Origin": SELF}
PARTNER = {"X-Portal-Key": "partner-portal", "Origin": "https://karriere.example.de"}


@pytest.fixture
async def client(fake_rasa: FakeRasa, tmp_path: Path, kb_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BERUFSLOTSE_KB", str(kb_path))
    (tmp_path / "portals.yml").write_text(PORTALS, encoding="utf-8")
    settings = Settings(port=8080, rasa_url=fake_rasa.url, actions_url=fake_rasa.url,
                        portals_file=tmp_path / "portals.yml", upstream_timeout=1.0, session_per_minute=5,
                        address_per_minute=1000, sessions_db=tmp_path / "sessions.sqlite")
    async with TestClient(TestServer(create_app(settings))) as test_client:
        yield test_client


async def test_reply_in_rasas_rest_shape(client: TestClient, fake_rasa: FakeRasa) -> None:
    response = await client.post(HOOK, json={"sender": "nutzer-1", "message": "Hallo"}, headers=DEMO)
    assert response.status == 200
    text, chart = await response.json()
    assert text["recipient_id"] == "nutzer-1" and text["text"] == "Echo: Hallo"
    (button,) = text["buttons"]
    assert button["title"] == "Gehalt" and "ask_salary" not in button["payload"]
    assert chart == {"recipient_id": "nutzer-1", "custom": {"chart": {"type": "salary_ranges", "bars": []}}}
    assert response.headers["Access-Control-Allow-Origin"] == SELF
    rasa_sender = fake_rasa.received[0]["sender"]
    assert rasa_sender != "nutzer-1"  # the gateway names the conversation towards Rasa

    token = button["payload"]
    clicked = await client.post(HOOK, json={"sender": "nutzer-1", "message": token}, headers=DEMO)
    assert clicked.status == 200
    assert fake_rasa.received[-1] == {"sender": rasa_sender, "message": "/ask_salary"}
    other = await client.post(HOOK, json={"sender": "nutzer-2", "message": token}, headers=DEMO)
    assert other.status == 200  # another sender's token is just text
    assert fake_rasa.received[-1]["message"] == token and fake_rasa.received[-1]["sender"] != rasa_sender


async def test_key_as_query_parameter_and_senders_per_portal(client: TestClient, fake_rasa: FakeRasa) -> None:
    await client.post(HOOK, json={"sender": "s", "message": "a"}, headers=DEMO)
    await client.post(f"{HOOK}?portal_key=demo", json={"sender": "s", "message": "b"}, headers={"Origin": SELF})
    await client.post(HOOK, json={"sender": "s", "message": "c"}, headers=PARTNER)
    first, second, third = (r["sender"] for r in fake_rasa.received)
    assert first == second and third != first


async def test_typed_intents_stay_text(client: TestClient, fake_rasa: FakeRasa) -> None:
    response = await client.post(HOOK, json={"sender": "s", "message": '/ask_salary{"occupation":"omm"}'}, headers=DEMO)
    assert response.status == 200
    assert fake_rasa.received[-1]["message"] == 'ask_salary{"occupation":"omm"}'


@pytest.mark.parametrize("path, headers, code", [
    (HOOK, {}, "unknown_portal"),
    (f"{HOOK}?portal_key=nope", {}, "unknown_portal"),
    (HOOK, {"X-Portal-Key": "demo", "Origin": "https://evil.example"}, "origin_not_allowed"),
    (f"{HOOK}?portal_key=partner-portal", {"Origin": SELF}, "origin_not_allowed"),
])
async def test_portal_checks(client: TestClient, fake_rasa: FakeRasa, path: str, headers: dict, code: str) -> None:
    response = await client.post(path, json={"sender": "s", "message": "Hallo"}, headers=headers)
    assert response.status == 403
    assert (await response.json())["error"]["code"] == code
    assert fake_rasa.received == []


@pytest.mark.parametrize("body, status, field", [
    ({"sender": "s", "message": "x" * 1001}, 413, "message"),
    ({"sender": "s", "message": ""}, 400, "message"),
    ({"sender": "s"}, 400, "message"),
    ({"message": "Hallo"}, 400, "sender"),
    ({"sender": "", "message": "Hallo"}, 400, "sender"),
    ({"sender": 7, "message": "Hallo"}, 400, "sender"),
    ({"sender": "s" * 101, "message": "Hallo"}, 400, "sender"),
    ({"sender": "s", "message": "Hallo", "input_channel": "x"}, 400, "input_channel"),
])
async def test_bad_requests_name_the_field(client: TestClient, fake_rasa: FakeRasa, body: dict, status: int,
                                           field: str) -> None:
    response = await client.post(HOOK, json=body, headers=DEMO)
    assert response.status == status
    error = (await response.json())["error"]
    assert error["field"] == field and error["message"]
    assert fake_rasa.received == []


async def test_metadata_is_accepted_but_not_passed_on(client: TestClient, fake_rasa: FakeRasa) -> None:
    response = await client.post(HOOK, json={"sender": "s", "message": "Hallo", "metadata": {"x": 1}}, headers=DEMO)
    assert response.status == 200
    assert set(fake_rasa.received[-1]) == {"sender", "message"}


async def test_rasa_down_and_rate_limit(client: TestClient, fake_rasa: FakeRasa) -> None:
    fake_rasa.mode = "error"
    response = await client.post(HOOK, json={"sender": "s", "message": "Hallo"}, headers=DEMO)
    assert response.status == 503 and response.headers["Retry-After"] == "5"
    assert (await response.json())["error"]["code"] == "upstream_unavailable"
    fake_rasa.mode = "ok"
    statuses = [(await client.post(HOOK, json={"sender": "t", "message": "hi"}, headers=DEMO)).status for _ in range(7)]
    assert statuses == [200] * 5 + [429, 429]


async def test_cors_preflight_for_the_webhook_and_health(client: TestClient) -> None:
    allowed = await client.options(HOOK, headers={"Origin": "https://karriere.example.de",
                                                  "Access-Control-Request-Method": "POST",
                                                  "Access-Control-Request-Headers": "Content-Type, X-Portal-Key"})
    assert allowed.status == 204
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://karriere.example.de"
    refused = await client.options(HOOK, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert refused.status == 403 and "Access-Control-Allow-Origin" not in refused.headers
    assert (await refused.json())["error"]["code"] == "origin_not_allowed"
    odd_header = await client.options(HOOK, headers={"Origin": "https://karriere.example.de",
                                                     "Access-Control-Request-Method": "POST",
                                                     "Access-Control-Request-Headers": "X-Secret"})
    assert odd_header.status == 403 and (await odd_header.json())["error"]["code"] == "preflight_refused"
    assert await (await client.get("/webhooks/rest/")).json() == {"status": "ok"}


async def test_openapi_describes_the_webhook(client: TestClient) -> None:
    spec = await (await client.get("/api/v1/openapi.json")).json()
    hook = spec["paths"][HOOK]["post"]
    schema = hook["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["sender", "message"]
    assert {"portalKeyQuery": []} in hook["security"] and {"portalKey": []} in hook["security"]
    assert {"400", "403", "413", "429", "503"} <= set(hook["responses"])
