"""The admin API: off without a token, constant-time bearer check, never with a portal key,
and export / dry run / import / history / rollback doing what the CLI does."""
from __future__ import annotations

import json
import logging

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.gateway.app import Settings, create_app
from bot.kb.maintenance import current_rows

TOKEN = "s3cret-admin-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


async def client_for(token: str | None) -> TestClient:
    client = TestClient(TestServer(create_app(Settings(admin_token=token, rasa_url="http://127.0.0.1:9"))))
    await client.start_server()
    return client


@pytest.fixture
async def admin(live):
    client = await client_for(TOKEN)
    yield client
    await client.close()


async def test_disabled_without_token(live) -> None:
    client = await client_for(None)
    try:
        response = await client.get("/api/v1/admin/history", headers=AUTH)
        assert response.status == 404 and (await response.json())["error"]["code"] == "admin_disabled"
    finally:
        await client.close()


def test_too_short_token_is_refused_at_start(live) -> None:
    with pytest.raises(ValueError, match="zu kurz"):
        create_app(Settings(admin_token="kurz"))


@pytest.mark.parametrize("headers, status, code", [
    ({}, 401, "unauthorized"),
    ({"Authorization": "Bearer falsch"}, 401, "unauthorized"),
    ({"Authorization": f"Basic {TOKEN}"}, 401, "unauthorized"),
    ({**AUTH, "X-Portal-Key": "demo"}, 403, "portal_key_not_allowed"),
    ({"X-Portal-Key": "demo", "Origin": "http://localhost:8080"}, 403, "portal_key_not_allowed"),
])
async def test_refuses_missing_or_wrong_tokens_and_portal_keys(admin: TestClient, live, headers, status, code) -> None:
    before = current_rows(live[0])
    response = await admin.post("/api/v1/admin/rollback", json={"to": 1}, headers=headers)
    assert response.status == status
    assert (await response.json())["error"]["code"] == code
    assert current_rows(live[0]) == before


async def test_export_dry_run_import_history_rollback(admin: TestClient, live, caplog) -> None:
    caplog.set_level(logging.INFO, logger="berufslotse.audit")
    csv_text = await (await admin.get("/api/v1/admin/export", headers=AUTH)).text()
    changed = csv_text.replace(";850;1030;", ";880;1060;", 1)

    dry = await (await admin.post("/api/v1/admin/import?dry_run=1", data=changed, headers=AUTH)).json()
    assert dry["applied"] is False and dry["changes"][0]["key"] == "kfd_azubi_j3"
    assert current_rows(live[0])["kfd_azubi_j3"]["amount_min"] == 850

    done = await (await admin.post("/api/v1/admin/import", data=changed, headers={**AUTH, "X-Actor": "maria"})).json()
    assert done["applied"] is True
    assert current_rows(live[0])["kfd_azubi_j3"]["amount_min"] == 880
    assert ";880;1060;" in (live[1] / "salary_figures.csv").read_text(encoding="utf-8")

    history = await (await admin.get("/api/v1/admin/history?limit=5", headers=AUTH)).json()
    assert history[0]["actor"] == "admin-api:maria" and history[0]["old"]["amount_min"] == 850
    back = await (await admin.post("/api/v1/admin/rollback", json={"to": history[0]["id"]}, headers=AUTH)).json()
    assert back["applied"] is True and current_rows(live[0])["kfd_azubi_j3"]["amount_min"] == 850

    audited = [r.getMessage() for r in caplog.records if r.name == "berufslotse.audit"]
    assert len(audited) == 5 and all('"event": "admin"' in line for line in audited)


async def test_bad_import_names_rows_and_changes_nothing(admin: TestClient, live) -> None:
    csv_text = await (await admin.get("/api/v1/admin/export", headers=AUTH)).text()
    before = current_rows(live[0])
    response = await admin.post("/api/v1/admin/import", data=csv_text.replace(";850;1030;", ";1850;1030;", 1), headers=AUTH)
    assert response.status == 422
    problems = (await response.json())["error"]["problems"]
    assert any("Minimum 1850 ist größer als Maximum 1030" in p for p in problems)
    assert current_rows(live[0]) == before


async def test_wrong_tokens_are_throttled_per_address_and_audited(admin: TestClient, live, caplog) -> None:
    caplog.set_level(logging.INFO, logger="berufslotse.audit")
    wrong = {"Authorization": "Bearer falsch-falsch-falsch"}
    statuses = [(await admin.get("/api/v1/admin/history", headers=wrong)).status for _ in range(5)]
    assert statuses == [401] * 5
    blocked = await admin.get("/api/v1/admin/history", headers=AUTH)  # even the right token waits now
    assert blocked.status == 429 and int(blocked.headers["Retry-After"]) > 0
    error = (await blocked.json())["error"]
    assert error["code"] == "too_many_attempts" and error["retry_after"] == int(blocked.headers["Retry-After"])
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "berufslotse.audit"]
    assert [line["outcome"] for line in lines] == ["denied"] * 5 + ["throttled"]
    assert all(line["client"] == "127.0.0.0" for line in lines)  # anonymised like the access log


async def test_imports_have_their_own_body_limit(live, monkeypatch) -> None:
    monkeypatch.setenv("BERUFSLOTSE_ADMIN_MAX_BODY", str(64 * 1024))
    client = await client_for(TOKEN)
    try:
        csv_text = await (await client.get("/api/v1/admin/export", headers=AUTH)).text()
        padded = csv_text + "\n" * (32 * 1024)  # larger than the chat's 16 KiB; blank lines are no rows
        accepted = await client.post("/api/v1/admin/import?dry_run=1", data=padded, headers=AUTH)
        assert accepted.status == 200, await accepted.text()
        assert (await accepted.json())["unchanged"] == len(current_rows(live[0]))
        too_big = await client.post("/api/v1/admin/import", data=csv_text + "\n" * (65 * 1024), headers=AUTH)
        assert too_big.status == 413 and (await too_big.json())["error"]["code"] == "request_too_large"
        chat = await client.post("/api/v1/chat", data="x" * (20 * 1024),
                                 headers={"Content-Type": "application/json", "X-Portal-Key": "demo"})
        assert chat.status == 413  # the chat keeps its 16 KiB
    finally:
        await client.close()
