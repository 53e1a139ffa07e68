"""GET /metrics: Prometheus text format with requests by route pattern, latency, upstream errors
per replica, active sessions and the knowledge base's version; who may read it; never a 5xx."""
from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from bot.gateway.app import Settings, create_app
from bot.kb.queries import KnowledgeBase
from tests.test_gateway import DEMO, PORTALS, FakeRasa, fake_rasa  # noqa: F401 – fixture

TOKEN = "metrics-token-0123456789"


def settings(tmp_path: Path, rasa_url: str, **overrides) -> Settings:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "portals.yml").write_text(PORTALS, encoding="utf-8")
    values = dict(port=8080, rasa_url=rasa_url, actions_url=rasa_url, portals_file=tmp_path / "portals.yml",
                  sessions_db=tmp_path / "sessions.sqlite", upstream_timeout=1.0, address_per_minute=1000,
                  session_per_minute=1000, new_sessions_per_minute=1000)
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
async def client(tmp_path: Path, fake_rasa: FakeRasa, kb_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: F811
    monkeypatch.setenv("BERUFSLOTSE_KB", str(kb_path))
    async with TestClient(TestServer(create_app(settings(tmp_path, fake_rasa.url)))) as test_client:
        yield test_client


async def scrape(client: TestClient, headers: dict | None = None) -> dict[tuple[str, tuple], float]:
    """{(sample name, sorted labels): value} of one scrape."""
    response = await client.get("/metrics", headers=headers)
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/plain; version=")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(await response.text()) for sample in family.samples}


def value(samples: dict, name: str, **labels: str) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


async def test_requests_latency_replicas_sessions_and_knowledge_base(client: TestClient, fake_rasa: FakeRasa,  # noqa: F811
                                                                     kb_path: Path) -> None:
    first = await (await client.post("/api/v1/chat", json={"message": "Hallo"}, headers=DEMO)).json()
    await client.post("/api/v1/chat", json={"message": "Weiter", "session_id": first["session_id"]}, headers=DEMO)
    await client.post("/api/v1/chat", json={"message": "Hallo"}, headers={"X-Portal-Key": "nope"})
    await client.delete("/api/v1/sessions/no-such-session", headers=DEMO)
    await client.get("/gibt-es-nicht")
    fake_rasa.mode = "error"
    await client.post("/api/v1/chat", json={"message": "Hallo"}, headers=DEMO)
    samples = await scrape(client)
    requests = "berufslotse_http_requests_total"
    assert value(samples, requests, route="/api/v1/chat", method="POST", status="200") == 2
    assert value(samples, requests, route="/api/v1/chat", method="POST", status="403") == 1
    assert value(samples, requests, route="/api/v1/chat", method="POST", status="503") == 1
    assert value(samples, requests, route="/api/v1/sessions/{session_id}", method="DELETE", status="404") == 1
    assert value(samples, requests, route="unmatched", method="GET", status="404") == 1
    assert not any("no-such-session" in str(key) or "gibt-es-nicht" in str(key) for key in samples)
    assert value(samples, "berufslotse_http_request_duration_seconds_count", route="/api/v1/chat") == 4
    assert value(samples, "berufslotse_upstream_turns_total", replica="rasa-1") == 3
    assert value(samples, "berufslotse_upstream_errors_total", replica="rasa-1", kind="http_status") == 1
    assert value(samples, "berufslotse_upstream_errors_total", replica="rasa-1", kind="connect") == 0
    assert value(samples, "berufslotse_rasa_replica_up", replica="rasa-1") == 1
    # two sessions: the turn that Rasa failed had opened one too
    assert value(samples, "berufslotse_active_sessions") == 2 and value(samples, "berufslotse_session_store_up") == 1
    (info,) = [labels for name, labels in samples if name == "berufslotse_knowledge_base_info"]
    assert dict(info)["content_hash"] == KnowledgeBase(kb_path).content_hash()
    assert value(samples, "berufslotse_knowledge_base_change") == 0 and value(samples, "berufslotse_knowledge_base_up") == 1
    assert value(samples, "berufslotse_gateway_info", state_backend="sqlite", replicas="1") == 1
    assert value(samples, "process_resident_memory_bytes") > 0
    assert value(await scrape(client), requests, route="/metrics", method="GET", status="200") == 1


async def test_each_gateway_app_has_its_own_registry(tmp_path: Path, fake_rasa: FakeRasa, kb_path: Path,  # noqa: F811
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BERUFSLOTSE_KB", str(kb_path))
    async with TestClient(TestServer(create_app(settings(tmp_path / "a", fake_rasa.url)))) as a, \
            TestClient(TestServer(create_app(settings(tmp_path / "b", fake_rasa.url)))) as b:
        await a.post("/api/v1/chat", json={"message": "Hallo"}, headers=DEMO)
        key = ("berufslotse_http_requests_total", (("method", "POST"), ("route", "/api/v1/chat"), ("status", "200")))
        assert (await scrape(a))[key] == 1 and key not in await scrape(b)


async def test_only_this_machine_or_the_token_may_read_it(tmp_path: Path, fake_rasa: FakeRasa,  # noqa: F811
                                                          client: TestClient) -> None:
    proxied = await client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert proxied.status == 403 and (await proxied.json())["error"]["code"] == "metrics_forbidden"
    async with TestClient(TestServer(create_app(settings(tmp_path, fake_rasa.url, metrics_token=TOKEN)))) as locked:
        for headers in ({}, {"Authorization": "Bearer falsch-falsch-falsch"}, {"Authorization": TOKEN}):
            response = await locked.get("/metrics", headers=headers)
            assert response.status == 401 and response.headers["WWW-Authenticate"] == "Bearer"
        assert await scrape(locked, {"Authorization": f"Bearer {TOKEN}", "X-Forwarded-For": "203.0.113.9"})
    with pytest.raises(ValueError, match="zu kurz"):
        create_app(settings(tmp_path, fake_rasa.url, metrics_token="kurz"))


async def test_broken_parts_show_as_down_never_as_a_server_error(tmp_path: Path, fake_rasa: FakeRasa,  # noqa: F811
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BERUFSLOTSE_KB", str(tmp_path / "missing.sqlite"))
    (tmp_path / "sessions.sqlite").mkdir()  # cannot be opened as a database
    async with TestClient(TestServer(create_app(settings(tmp_path, fake_rasa.url)))) as broken:
        samples = await scrape(broken)
    assert value(samples, "berufslotse_session_store_up") == 0 and value(samples, "berufslotse_knowledge_base_up") == 0
    assert value(samples, "berufslotse_active_sessions") != value(samples, "berufslotse_active_sessions")  # NaN
