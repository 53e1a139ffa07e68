"""Shared set-up for the console tests: a private knowledge base, an accounts file, a signed-in client."""
from __future__ import annotations

import html
import re
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.gateway.app import Settings, create_app
from bot.gateway.console.auth import add_account

PASSWORD = "ein-langes-passwort"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_TOKEN = re.compile(r'name="token" value="([^"]+)"')


def write_accounts(path: Path) -> Path:
    add_account(path, "maria", PASSWORD)
    add_account(path, "ali", PASSWORD, role="adviser", portals=["demo"])
    return path


async def client(tmp: Path) -> TestClient:
    settings = Settings(rasa_url="http://127.0.0.1:9", sessions_db=tmp / "sessions.sqlite", tracker_db=tmp / "tracker.db")
    test_client = TestClient(TestServer(create_app(settings)))
    await test_client.start_server()
    return test_client


def csrf(text: str) -> str:
    found = _CSRF.search(text)
    assert found, "kein CSRF-Feld auf der Seite"
    return html.unescape(found.group(1))


def token(text: str) -> str:
    return html.unescape(_TOKEN.search(text).group(1))


async def sign_in(test_client: TestClient, name: str = "maria", password: str = PASSWORD):
    form = await (await test_client.get("/admin/anmelden")).text()
    return await test_client.post("/admin/anmelden", data={"csrf": csrf(form), "name": name, "password": password},
                                  allow_redirects=False)


async def page_csrf(test_client: TestClient, path: str = "/admin/zahlen") -> str:
    response = await test_client.get(path)
    assert response.status == 200, (path, response.status)
    return csrf(await response.text())
