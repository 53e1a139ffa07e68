"""Existing Rasa widgets through the gateway's public port, against the real stack:
the published rasa-webchat (installed from npm into the test's temp folder, never into the
runtime) on a portal page of another loopback origin has a conversation with follow-up and a
quick reply over socket.io; the same page on an unlisted origin is refused; and a python-socketio
client speaks the protocol with a real answer."""
from __future__ import annotations

import http.server
import queue
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.answers import format as fmt
from bot.config import ROOT
from bot.kb.queries import KnowledgeBase
from tests.browser import serve_site
from tests.stack import MODEL, free_port, running_stack
from tests.test_browser import OUTPUT

pytestmark = [pytest.mark.rasa, pytest.mark.e2e]
WEBCHAT_VERSION = "1.0.1"


@pytest.fixture(scope="module")
def webchat_js(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """rasa-webchat's standalone bundle, installed with npm into a temporary folder."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm fehlt – `make test` installiert es (Debian-Paket npm)")
    folder = tmp_path_factory.mktemp("rasa-webchat")
    result = subprocess.run([npm, "install", f"rasa-webchat@{WEBCHAT_VERSION}", "--prefix", str(folder), "--no-save",
                             "--ignore-scripts", "--no-audit", "--no-fund", "--legacy-peer-deps", "--omit=dev"],
                            capture_output=True, text=True, timeout=600, cwd=folder)
    bundle = folder / "node_modules" / "rasa-webchat" / "lib" / "index.js"
    if result.returncode != 0 or not bundle.exists():
        pytest.fail(f"npm install rasa-webchat@{WEBCHAT_VERSION} ist fehlgeschlagen:\n{result.stderr[-2000:]}")
    return bundle


def portal_page(port: int, gateway: int, key: str, bundle: Path) -> http.server.ThreadingHTTPServer:
    """A portal's page that runs rasa-webchat unchanged, configured only with socketUrl,
    socketPath and the portal key in customData (the README's snippet)."""
    html = (f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Karriereportal</title></head>'
            f'<body><h1>Karriereportal mit rasa-webchat</h1><script src="/webchat.js"></script><script>'
            f'WebChat.default({{socketUrl: "http://127.0.0.1:{gateway}", socketPath: "/socket.io/",'
            f' customData: {{portal_key: "{key}"}}, title: "Berufslotse", params: {{storage: "session"}}}}, null);'
            f'</script></body></html>').encode()
    script = bundle.read_bytes()

    return serve_site(port, html, {"/webchat.js": (script, "text/javascript")})


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, webchat_js: Path):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} fehlt – `make test` trainiert es")
    tmp = tmp_path_factory.mktemp("webchat-stack")
    partner_port, foreign_port = free_port(), free_port()
    portals = tmp / "portals.yml"
    portals.write_text((ROOT / "config" / "portals.yml").read_text(encoding="utf-8") +
                       f"  - key: webchat-portal\n    name: Portal mit rasa-webchat\n"
                       f"    allowed_origins: [\"http://127.0.0.1:{partner_port}\"]\n", encoding="utf-8")
    with running_stack(tmp, with_gateway=True, extra_env={"BERUFSLOTSE_PORTALS": str(portals)}) as (ports, _):
        pages = [portal_page(port, ports.gateway, "webchat-portal", webchat_js) for port in (partner_port, foreign_port)]
        yield {"gateway": ports.gateway, "partner": partner_port, "foreign": foreign_port}
        for page in pages:
            page.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.console_lines = []
    page.on("console", lambda message: page.console_lines.append(message.text))
    yield page
    context.close()


def ask(page, question: str, expected: str) -> str:
    """Types a question into rasa-webchat and returns the first new answer containing `expected`."""
    page.locator(".rw-new-message").fill(question)
    page.keyboard.press("Enter")
    answer = page.locator(".rw-response", has_text=expected)
    answer.first.wait_for(timeout=45000)
    return "\n".join(answer.all_inner_texts())


def test_rasa_webchat_on_a_listed_origin_has_a_conversation(stack, page) -> None:
    kb = KnowledgeBase()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.goto(f"http://127.0.0.1:{stack['partner']}/")
    page.locator(".rw-launcher").click()
    page.wait_for_function("() => { const s = sessionStorage.getItem('chat_session');"
                           " return s && JSON.parse(s).session_id; }", timeout=15000)

    (third,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    first = ask(page, "Was verdient man im dritten Lehrjahr als Kauffrau für Dialogmarketing?", fmt.figure(third))
    assert fmt.figure(third) in first

    replies = page.locator(".rw-reply", has_text="Gehalt")
    assert replies.count() >= 1, "keine Schnellantwort „Gehalt“ angezeigt"
    replies.last.click()  # sends the opaque token the gateway issued for this session
    entry = kb.salary_figures("kfd", ["entry"])[0]
    page.locator(".rw-response", has_text=fmt.figure(entry)).first.wait_for(timeout=45000)

    (ten,) = kb.salary_figures("omm", ["experienced"])
    ask(page, "Was verdient eine Online-Marketing-Managerin?", "Online Marketing")
    follow_up = ask(page, "Und nach zehn Jahren?", fmt.figure(ten))
    assert fmt.figure(ten) in follow_up
    page.screenshot(path=str(OUTPUT / "rasa-webchat-portal.png"))

    # session persistence: after a reload the stored session is confirmed again and the conversation goes on
    session_id = page.evaluate("() => JSON.parse(sessionStorage.getItem('chat_session')).session_id")
    page.console_lines.clear()
    page.reload()
    page.wait_for_function("() => [...document.querySelectorAll('.rw-response')].length > 0", timeout=15000)
    for _ in range(100):
        if any(line.startswith("session_confirm:") for line in page.console_lines):
            break
        page.wait_for_timeout(100)
    assert any(line.startswith("session_confirm:") and line.endswith(f"session_id:{session_id}")
               for line in page.console_lines), page.console_lines
    other_role = ask(page, "Und als Kaufmann für Dialogmarketing?", "keine Zahl")  # still about the 10-year salary
    assert "Kaufmann/Kauffrau für Dialogmarketing" in other_role


def handshake_status(gateway: int, origin: str) -> int:
    """What the gateway answers to socket.io's first request (the polling handshake) from an origin."""
    request = urllib.request.Request(f"http://127.0.0.1:{gateway}/socket.io/?EIO=4&transport=polling",
                                     headers={"Origin": origin})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_rasa_webchat_on_an_unlisted_origin_is_refused(stack, page) -> None:
    page.goto(f"http://127.0.0.1:{stack['foreign']}/")
    page.locator("h1").wait_for()
    page.wait_for_timeout(5000)  # socket.io retries meanwhile
    blocked = [line for line in page.console_lines if "/socket.io/" in line and "blocked by CORS policy" in line]
    assert blocked, page.console_lines
    assert not any(line.startswith(("connect:", "session_confirm")) for line in page.console_lines)
    assert handshake_status(stack["gateway"], f"http://127.0.0.1:{stack['foreign']}") == 400
    assert handshake_status(stack["gateway"], f"http://127.0.0.1:{stack['partner']}") == 200


def test_python_socketio_client_gets_real_answers_over_polling(stack) -> None:
    """The synchronous python-socketio client (HTTP long-polling, no websocket) with a follow-up."""
    import socketio

    kb = KnowledgeBase()
    client = socketio.Client(reconnection=False)
    confirmed: queue.Queue = queue.Queue()
    answers: queue.Queue = queue.Queue()
    client.on("session_confirm", confirmed.put)
    client.on("bot_uttered", answers.put)
    client.connect(f"http://127.0.0.1:{stack['gateway']}", auth={"portal_key": "demo"}, transports=["polling"])
    try:
        client.emit("session_request", {"session_id": None})
        session_id = confirmed.get(timeout=10)

        def until(figure: str) -> list[str]:
            texts: list[str] = []
            while not any(figure in text for text in texts):
                texts.append(answers.get(timeout=45).get("text") or "")
            return texts

        client.emit("user_uttered", {"message": "Was verdient ein OMM?", "session_id": session_id})
        until(fmt.figure(kb.salary_figures("omm", ["entry"])[0]))
        client.emit("user_uttered", {"message": "Und nach zehn Jahren?", "session_id": session_id})
        (ten,) = kb.salary_figures("omm", ["experienced"])
        until(fmt.figure(ten))
    finally:
        client.disconnect()
