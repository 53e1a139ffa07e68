"""The console's gate: off without accounts, sign-in with hashed passwords, session cookie flags,
throttled failed sign-ins, CSRF on every form, a strict CSP, and every URL refused when signed out."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.cli import main
from bot.gateway.console.auth import load_accounts, verify_password
from bot.kb.maintenance import current_rows
from tests.console_helpers import PASSWORD, client, csrf, page_csrf, sign_in, write_accounts

GET_PAGES = ["/admin/", "/admin/zahlen", "/admin/zahlen/bearbeiten?id=kfd_azubi_j3", "/admin/export", "/admin/hochladen",
             "/admin/verlauf", "/admin/verlauf/1", "/admin/luecken", "/admin/portale"]
POST_ACTIONS = ["/admin/abmelden", "/admin/zahlen/vorschau", "/admin/zahlen/uebernehmen", "/admin/hochladen",
                "/admin/hochladen/uebernehmen", "/admin/hochladen/verwerfen", "/admin/verlauf/1/zuruecknehmen",
                "/admin/luecken/erledigt"]


@pytest.fixture
def live(live: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The private knowledge base (tests/conftest.py) with two maintainer accounts."""
    monkeypatch.setenv("BERUFSLOTSE_MAINTAINERS", str(write_accounts(tmp_path / "maintainers.yml")))
    return live


@pytest.fixture
async def console(live, tmp_path: Path):
    test_client = await client(tmp_path)
    yield test_client
    await test_client.close()


async def test_off_without_accounts_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BERUFSLOTSE_MAINTAINERS", str(tmp_path / "fehlt.yml"))
    test_client = await client(tmp_path)
    try:
        assert (await test_client.get("/admin/anmelden")).status == 404
        assert (await test_client.get("/admin/zahlen", allow_redirects=False)).status == 404
    finally:
        await test_client.close()


def test_cli_writes_a_salted_scrypt_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    path = tmp_path / "m.yml"
    for name in ("anna", "ben"):
        monkeypatch.setattr("sys.stdin", __import__("io").StringIO("gleiches-passwort-1\n"))
        assert main(["console", "add-user", name, "--file", str(path), "--password-stdin"]) == 0
    text = path.read_text(encoding="utf-8")
    assert "gleiches-passwort-1" not in text
    accounts = load_accounts(path)
    assert accounts["anna"].password_hash != accounts["ben"].password_hash  # per-user salt
    assert verify_password("gleiches-passwort-1", accounts["anna"].password_hash)
    assert not verify_password("gleiches-passwort-2", accounts["anna"].password_hash)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("kurz\n"))
    assert main(["console", "add-user", "carl", "--file", str(path), "--password-stdin"]) == 1
    assert "zu kurz" in capsys.readouterr().err and "carl" not in load_accounts(path)


async def test_sign_in_sets_a_strict_cookie_and_audits_the_name(console, caplog) -> None:
    caplog.set_level(logging.INFO, logger="berufslotse.audit")
    wrong = await sign_in(console, password="falsch-falsch-falsch")
    assert wrong.status == 401 and "Name oder Passwort stimmt nicht" in await wrong.text()
    ok = await sign_in(console)
    assert ok.status == 303 and ok.headers["Location"] == "/admin/"
    cookie = next(v for k, v in ok.headers.items() if k == "Set-Cookie" and v.startswith("berufslotse_konsole="))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/admin" in cookie
    home = await console.get("/admin/zahlen")
    assert home.status == 200 and "kfd_azubi_j3" in await home.text()
    csp = home.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and home.headers["Cache-Control"] == "no-store"
    audited = [r.getMessage() for r in caplog.records if r.name == "berufslotse.audit"]
    assert any('"maintainer": "maria"' in line and '"outcome": "ok"' in line for line in audited)
    assert any('"outcome": "failed"' in line for line in audited)

    signed_out = await console.post("/admin/abmelden", data={"csrf": csrf(await home.text())}, allow_redirects=False)
    assert signed_out.status == 303
    again = await console.get("/admin/zahlen", allow_redirects=False)
    assert again.status == 303 and again.headers["Location"] == "/admin/anmelden"


async def test_failed_sign_ins_are_throttled_even_for_the_right_password(console) -> None:
    for _ in range(5):
        assert (await sign_in(console, password="falsch-falsch-falsch")).status == 401
    blocked = await sign_in(console)
    assert blocked.status == 429 and "Zu viele Fehlversuche" in await blocked.text()
    assert int(blocked.headers["Retry-After"]) > 0
    assert (await console.get("/admin/zahlen", allow_redirects=False)).status == 303


async def test_sign_in_without_its_form_token_is_refused(console) -> None:
    response = await console.post("/admin/anmelden", data={"name": "maria", "password": PASSWORD}, allow_redirects=False)
    assert response.status == 403
    assert (await console.get("/admin/zahlen", allow_redirects=False)).status == 303


@pytest.mark.parametrize("path", GET_PAGES)
async def test_signed_out_every_page_sends_to_sign_in(console, path: str) -> None:
    response = await console.get(path, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/admin/anmelden"


async def test_signed_out_every_action_is_refused_and_changes_nothing(console, live) -> None:
    before = current_rows(live[0])
    for path in POST_ACTIONS:
        response = await console.post(path, data={"csrf": "x", "id": "kfd_azubi_j3", "kfd_azubi_j3.amount_min": "1",
                                                   "comment": "x", "bestaetigt": "ja"}, allow_redirects=False)
        assert response.status == 403, path
        assert "Bitte melde dich zuerst an" in await response.text()
    assert current_rows(live[0]) == before


async def test_forged_forms_without_the_csrf_token_are_refused(console, live) -> None:
    await sign_in(console)
    real = await page_csrf(console)
    before = current_rows(live[0])
    form = {"id": "kfd_azubi_j3", "kfd_azubi_j3.amount_min": "860", "kfd_azubi_j3.amount_max": "1030",
            "kfd_azubi_j3.period": "month", "kfd_azubi_j3.source": "seed_kfd", "comment": "gefälscht"}
    for forged in ({}, {"csrf": ""}, {"csrf": real[:-2] + "xx"}):
        for path in POST_ACTIONS[1:]:
            response = await console.post(path, data={**form, **forged}, allow_redirects=False)
            assert response.status == 403, (path, forged)
            assert "Formular ist abgelaufen" in await response.text()
    assert current_rows(live[0]) == before
    assert (await console.get("/admin/zahlen")).status == 200  # still signed in: a forged form signs nobody out


async def test_advisers_see_their_portal_overview_but_not_the_figures(console) -> None:
    await sign_in(console, "ali")
    assert (await console.get("/admin/zahlen")).status == 403
    overview = await console.get("/admin/portale")
    assert overview.status == 200 and "Portale im Überblick" in await overview.text()
    assert "Gehaltszahlen</a>" not in await overview.text()


async def test_cookie_is_secure_behind_a_tls_proxy(live, tmp_path: Path) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from bot.gateway.app import Settings, create_app

    app = create_app(Settings(rasa_url="http://127.0.0.1:9", trusted_proxies=("127.0.0.1",),
                              sessions_db=tmp_path / "s.sqlite", tracker_db=tmp_path / "t.db"))
    test_client = TestClient(TestServer(app))
    await test_client.start_server()
    try:
        via_tls = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
        form = await test_client.get("/admin/anmelden", headers=via_tls)
        assert "Secure" in form.headers["Set-Cookie"]
        plain = await test_client.get("/admin/anmelden")
        assert "Secure" not in plain.headers["Set-Cookie"]
    finally:
        await test_client.close()


def test_a_broken_accounts_file_stops_the_gateway(live, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.gateway.app import Settings, create_app
    from bot.gateway.console.auth import AccountsError

    broken = tmp_path / "kaputt.yml"
    broken.write_text("maintainers:\n  maria:\n    password: klartext\n", encoding="utf-8")
    monkeypatch.setenv("BERUFSLOTSE_MAINTAINERS", str(broken))
    with pytest.raises(AccountsError, match="keinen Passwort-Hash"):
        create_app(Settings(sessions_db=tmp_path / "s.sqlite"))


def test_every_stage_has_a_german_label() -> None:
    from bot.gateway.console.figures import STAGE_LABELS
    from bot.kb.schema import STAGES

    assert set(STAGE_LABELS) == set(STAGES)
