"""A real browser (headless Debian Chromium via Playwright) against the full running stack:
keyboard use, a salary question with chart, a quick reply, a new conversation, embedding from
an allowed and from a foreign origin, and no request leaving this machine."""
from __future__ import annotations

import http.server
import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bot import conversations
from bot.answers import format as fmt
from bot.config import ROOT
from bot.kb.queries import KnowledgeBase
from tests.browser import CHROMIUM, serve_site
from tests.stack import MODEL, free_port, running_stack

pytestmark = [pytest.mark.rasa, pytest.mark.e2e]
OUTPUT = ROOT / "test-output" / "browser"


def host_page(port: int, gateway: int, key: str) -> http.server.ThreadingHTTPServer:
    """Another website (another origin) that embeds the widget with the one-line loader."""
    html = (f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Karriereportal</title>'
            f'<style>* {{ color: red !important; font-size: 40px !important; }}</style></head>'
            f'<body><h1>Partnerportal</h1><script src="http://127.0.0.1:{gateway}/embed.js" '
            f'data-portal-key="{key}" async></script></body></html>').encode()

    return serve_site(port, html)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} fehlt – `make test` trainiert es")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium fehlt – `make test` installiert es (Debian-Paket chromium)")
    tmp = tmp_path_factory.mktemp("browser")
    partner_port, foreign_port = free_port(), free_port()
    portals = tmp / "portals.yml"
    portals.write_text((ROOT / "config" / "portals.yml").read_text(encoding="utf-8") +
                       f"  - key: test-partner\n    name: Testportal\n"
                       f"    allowed_origins: [\"http://127.0.0.1:{partner_port}\"]\n", encoding="utf-8")
    with running_stack(tmp, with_gateway=True, extra_env={"BERUFSLOTSE_PORTALS": str(portals)}) as (ports, _):
        partner = host_page(partner_port, ports.gateway, "test-partner")
        foreign = host_page(foreign_port, ports.gateway, "test-partner")
        yield {"gateway": ports.gateway, "partner": partner_port, "foreign": foreign_port, "tmp": tmp}
        partner.shutdown()
        foreign.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.requested_hosts = set()
    page.on("request", lambda request: page.requested_hosts.add(urlparse(request.url).hostname))
    yield page
    context.close()


def active_id(page) -> str | None:
    return page.evaluate("() => { const host = document.querySelector('.berufslotse-host');"
                         " const a = host && host.shadowRoot.activeElement; return a ? (a.id || a.className) : null; }")


def bot_messages(page):
    return page.locator(".msg.bot")


def test_demo_page_salary_question_quick_reply_and_new_conversation(stack, page) -> None:
    kb = KnowledgeBase()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.goto(f"http://127.0.0.1:{stack['gateway']}/")
    launcher = page.locator("button.launcher")
    launcher.wait_for()
    page.wait_for_function("() => !document.querySelector('.berufslotse-host').shadowRoot"
                           ".querySelector('button.launcher').disabled")

    page.keyboard.press("Tab")
    assert active_id(page) == "launcher"
    page.keyboard.press("Enter")
    assert active_id(page) == "bl-input"
    assert page.locator(".panel").get_attribute("role") == "dialog"
    assert page.locator(".log").get_attribute("role") == "log"
    assert page.locator(".log").get_attribute("aria-live") == "polite"

    page.keyboard.type("Was verdient man im dritten Lehrjahr als Kauffrau für Dialogmarketing?")
    page.keyboard.press("Enter")
    answer = bot_messages(page).filter(has_text="Ausbildungsvergütung")
    answer.first.wait_for(timeout=30000)
    (third,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    assert fmt.figure(third) in answer.first.inner_text()
    chart = answer.first.locator(".chart svg")
    assert chart.get_attribute("role") == "img"
    assert fmt.span(third.amount_min, third.amount_max) in chart.get_attribute("aria-label")
    page.screenshot(path=str(OUTPUT / "demo-salary-chart.png"))

    page.locator(".quick button", has_text="Gehalt").last.click()
    salary = bot_messages(page).filter(has_text="Gehalt als")
    salary.first.wait_for(timeout=30000)
    entry = kb.salary_figures("kfd", ["entry"])[0]
    assert fmt.figure(entry) in salary.first.inner_text()
    assert "Gehalt" in page.locator(".msg.user").last.inner_text()
    page.screenshot(path=str(OUTPUT / "demo-chat.png"))

    stored = page.evaluate("() => sessionStorage.getItem('berufslotse:demo')")
    assert stored and "session" in stored
    page.locator("button.restart").click()
    assert page.evaluate("() => sessionStorage.getItem('berufslotse:demo')") is None
    assert page.locator(".msg.user").count() == 0

    page.keyboard.press("Escape")
    assert page.locator(".panel").is_hidden()
    assert active_id(page) == "launcher"
    assert page.requested_hosts <= {"127.0.0.1", "localhost"}, page.requested_hosts


def test_html_in_messages_is_shown_as_text(stack, page) -> None:
    page.goto(f"http://127.0.0.1:{stack['gateway']}/")
    page.locator("button.launcher").click()
    page.locator("#bl-input").fill("<img src=x onerror=alert(1)> Hallo")
    page.keyboard.press("Enter")
    user = page.locator(".msg.user").first
    user.wait_for()
    assert "<img src=x onerror=alert(1)>" in user.inner_text()
    assert page.locator(".msg img").count() == 0


def test_small_screen_320px(stack, browser) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{stack['gateway']}/")
    page.locator("button.launcher").click()
    box = page.locator(".panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    page.screenshot(path=str(OUTPUT / "demo-320px.png"))
    context.close()


def test_allowed_second_origin_can_chat_and_host_css_does_not_leak_in(stack, page) -> None:
    page.goto(f"http://127.0.0.1:{stack['partner']}/")
    page.wait_for_function("() => { const h = document.querySelector('.berufslotse-host');"
                           " return h && !h.shadowRoot.querySelector('button.launcher').disabled; }")
    page.locator("button.launcher").click()
    assert page.locator("header h2").inner_text() == "Testportal"
    font_size = page.evaluate("() => getComputedStyle(document.querySelector('.berufslotse-host').shadowRoot"
                              ".querySelector('#bl-input')).fontSize")
    assert font_size != "40px"
    page.locator("#bl-input").fill("Hallo")
    page.keyboard.press("Enter")
    bot_messages(page).filter(has_text="Berufslotse").first.wait_for(timeout=30000)
    page.screenshot(path=str(OUTPUT / "partner-portal.png"))
    assert page.requested_hosts <= {"127.0.0.1", "localhost"}


def test_foreign_origin_is_refused(stack, page) -> None:
    page.goto(f"http://127.0.0.1:{stack['foreign']}/")
    page.wait_for_function("() => { const h = document.querySelector('.berufslotse-host');"
                           " return h && h.shadowRoot.querySelector('button.launcher').disabled; }", timeout=15000)
    result = page.evaluate(f"""() => fetch('http://127.0.0.1:{stack["gateway"]}/api/v1/chat', {{method: 'POST',
        headers: {{'Content-Type': 'application/json', 'X-Portal-Key': 'test-partner'}},
        body: JSON.stringify({{message: 'Hallo'}})}}).then(r => 'status ' + r.status).catch(e => 'blocked')""")
    assert result == "blocked"
    # what the browser's preflight got (Playwright does not report failed preflights as responses)
    request = urllib.request.Request(f"http://127.0.0.1:{stack['gateway']}/api/v1/chat", method="OPTIONS",
                                     headers={"Origin": f"http://127.0.0.1:{stack['foreign']}",
                                              "Access-Control-Request-Method": "POST"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    assert json.load(refused.value)["error"]["code"] == "origin_not_allowed"


def test_privacy_notice_and_deleting_the_history(stack, page) -> None:
    """From another origin (CORS preflight for DELETE): confirm first, then gone on the server too."""
    page.goto(f"http://127.0.0.1:{stack['partner']}/")
    page.wait_for_function("() => { const h = document.querySelector('.berufslotse-host');"
                           " return h && !h.shadowRoot.querySelector('button.launcher').disabled; }")
    page.locator("button.launcher").click()
    from playwright.sync_api import expect  # imported where used, as conftest does

    notice = page.locator(".notice")
    # the retention comes with the portal's settings, after the widget opened: waited for, not read at once
    expect(notice).to_contain_text("30 Tage gespeichert", timeout=30000)
    assert page.locator(".privacy-link").is_hidden()  # this portal has no privacy_url
    page.locator("#bl-input").fill("Was verdient eine Online-Marketing-Managerin?")
    page.keyboard.press("Enter")
    bot_messages(page).filter(has_text="Online").first.wait_for(timeout=30000)
    session = json.loads(page.evaluate("() => sessionStorage.getItem('berufslotse:test-partner')"))["session"]
    tracker = stack["tmp"] / "tracker.db"
    assert conversations.count_events(tracker, session) > 0

    page.locator("button.erase").click()
    dialog = page.locator(".confirm")
    assert dialog.is_visible() and dialog.get_attribute("role") == "alertdialog"
    assert active_id(page) == "erase-no"
    page.keyboard.press("Escape")  # cancels the question, keeps the chat open
    assert dialog.is_hidden() and page.locator(".panel").is_visible()
    assert conversations.count_events(tracker, session) > 0

    page.locator("button.erase").click()
    page.locator("button.erase-yes").click()
    bot_messages(page).filter(has_text="Dein Verlauf wurde gelöscht").wait_for(timeout=10000)
    page.screenshot(path=str(OUTPUT / "history-deleted.png"))
    assert page.locator(".msg.user").count() == 0
    assert page.evaluate("() => sessionStorage.getItem('berufslotse:test-partner')") is None
    assert conversations.count_events(tracker, session) == 0


def test_demo_portal_links_its_privacy_notice(stack, page) -> None:
    page.goto(f"http://127.0.0.1:{stack['gateway']}/")
    page.wait_for_function("() => !document.querySelector('.berufslotse-host').shadowRoot"
                           ".querySelector('button.launcher').disabled")
    page.locator("button.launcher").click()
    link = page.locator(".privacy-link")
    link.wait_for()
    href = link.get_attribute("href")
    assert href == f"http://127.0.0.1:{stack['gateway']}/static/datenschutz.html"
    with urllib.request.urlopen(href, timeout=10) as response:
        assert "Verlauf löschen" in response.read().decode()
