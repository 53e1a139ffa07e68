"""Accessibility of the demo page and the widget in headless Chromium against the full stack:
an axe-core audit (axe-playwright-python) with the widget closed, open, after a salary answer
with a chart and at 320 px width must find no serious or critical violation; the widget works
with the keyboard alone, and new messages land in a polite live region that Chromium exposes
to screen readers."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.answers import format as fmt
from bot.kb.queries import KnowledgeBase
from tests.browser import CHROMIUM
from tests.stack import MODEL, running_stack
from tests.test_browser import OUTPUT

pytestmark = [pytest.mark.rasa, pytest.mark.e2e]
BLOCKING = {"serious", "critical"}
SALARY_QUESTION = "Was verdient man im dritten Lehrjahr als Kauffrau für Dialogmarketing?"


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> str:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} fehlt – `make test` trainiert es")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium fehlt – `make test` installiert es (Debian-Paket chromium)")
    with running_stack(tmp_path_factory.mktemp("a11y"), with_gateway=True) as (ports, _):
        yield f"http://127.0.0.1:{ports.gateway}/"


@pytest.fixture
def page(browser, gateway: str):
    context = browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(gateway)
    page.wait_for_function("() => { const h = document.querySelector('.berufslotse-host');"
                           " return h && !h.shadowRoot.querySelector('button.launcher').disabled; }")
    yield page
    context.close()


def audit(page, state: str) -> list[dict]:
    """Runs axe-core on the whole page (the widget's open shadow root included); writes the full
    result to test-output/ and returns the serious and critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / f"axe-{state}.json").write_text(json.dumps(results.response["violations"], indent=1, ensure_ascii=False),
                                              encoding="utf-8")
    assert results.response["testEngine"]["name"] == "axe-core"
    # the audit reaches into the widget's shadow root (such targets are paths: [host, element])
    assert any(isinstance(target, list) for rule in results.response["passes"] for node in rule["nodes"]
               for target in node["target"]), "axe hat den Shadow-DOM des Widgets nicht geprüft"
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
            for v in results.response["violations"] if v["impact"] in BLOCKING]


def open_and_ask(page, question: str) -> None:
    page.locator("button.launcher").click()
    page.locator("#bl-input").fill(question)
    page.keyboard.press("Enter")
    page.locator(".msg.bot .chart svg").first.wait_for(timeout=45000)


def test_axe_finds_no_serious_violation_closed_open_and_with_a_chart(page) -> None:
    assert audit(page, "closed") == []
    page.locator("button.launcher").click()
    assert page.locator(".panel").is_visible()
    assert audit(page, "open") == []
    page.locator("#bl-input").fill(SALARY_QUESTION)
    page.keyboard.press("Enter")
    page.locator(".msg.bot .chart svg").first.wait_for(timeout=45000)
    assert page.locator(".quick button").count() > 0
    assert audit(page, "chart") == []


def test_axe_finds_no_serious_violation_at_320px(page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    assert audit(page, "320px-closed") == []
    open_and_ask(page, SALARY_QUESTION)
    assert audit(page, "320px-chart") == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320  # no sideways scrolling
    page.screenshot(path=str(OUTPUT / "a11y-320px-chart.png"))


def active(page) -> dict:
    """The focused element inside the widget, and whether it shows a focus outline."""
    return page.evaluate("""() => {
        const root = document.querySelector('.berufslotse-host').shadowRoot, a = root.activeElement;
        if (!a) { return {}; }
        const style = getComputedStyle(a);
        return {id: a.id, cls: a.className, text: a.textContent.trim(), tag: a.tagName,
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
    }""")


def test_keyboard_only(page) -> None:
    kb = KnowledgeBase()
    page.keyboard.press("Tab")
    assert active(page)["cls"] == "launcher" and active(page)["outline"]
    page.keyboard.press("Enter")
    assert active(page)["id"] == "bl-input" and active(page)["outline"]
    page.keyboard.type(SALARY_QUESTION)
    page.keyboard.press("Enter")
    page.locator(".msg.bot", has_text="Ausbildungsvergütung").first.wait_for(timeout=45000)
    assert active(page)["id"] == "bl-input"  # focus stays where the person types

    for _ in range(30):  # backwards from the input through the answer's quick replies
        page.keyboard.press("Shift+Tab")
        if active(page)["text"] == "Gehalt":
            break
    focused = active(page)
    assert focused["tag"] == "BUTTON" and focused["text"] == "Gehalt" and focused["outline"]
    page.keyboard.press("Enter")
    entry = kb.salary_figures("kfd", ["entry"])[0]
    page.locator(".msg.bot", has_text=fmt.figure(entry)).first.wait_for(timeout=45000)

    page.keyboard.press("Escape")
    assert page.locator(".panel").is_hidden() and active(page)["cls"] == "launcher"
    page.keyboard.press("Enter")  # reopened: the conversation is still there
    assert active(page)["id"] == "bl-input"
    assert page.locator(".msg.bot", has_text=fmt.figure(entry)).count() >= 1


def ax_path_to_live_region(page, text: str) -> list[dict]:
    """Chromium's accessibility tree (what screen readers get): the ancestors of the node with
    `text`, nearest first, with their role and live-region properties."""
    cdp = page.context.new_cdp_session(page)
    nodes = {n["nodeId"]: n for n in cdp.send("Accessibility.getFullAXTree")["nodes"]}
    parents = {child: n["nodeId"] for n in nodes.values() for child in n.get("childIds", [])}
    start = next(n for n in nodes.values() if text in str((n.get("name") or {}).get("value", ""))
                 and (n.get("role") or {}).get("value") == "StaticText")
    path, node_id = [], parents.get(start["nodeId"])
    while node_id in nodes:
        node = nodes[node_id]
        path.append({"role": (node.get("role") or {}).get("value"),
                     **{p["name"]: p["value"].get("value") for p in node.get("properties", [])}})
        node_id = parents.get(node_id)
    return path


def test_new_messages_are_announced_in_a_polite_live_region(page) -> None:
    kb = KnowledgeBase()
    open_and_ask(page, SALARY_QUESTION)
    (third,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    live = [node for node in ax_path_to_live_region(page, fmt.figure(third)) if "live" in node]
    assert live and live[0]["role"] == "log" and live[0]["live"] == "polite"
    assert live[0]["relevant"] == "additions" and live[0]["atomic"] is False  # only the new message is read
    # every message is appended inside the live region, never replacing what was announced before
    counts = page.evaluate("""() => { const log = document.querySelector('.berufslotse-host').shadowRoot
        .querySelector('.log[aria-live=polite]');
        return {inside: log.querySelectorAll('.msg').length,
                all: document.querySelector('.berufslotse-host').shadowRoot.querySelectorAll('.msg').length}; }""")
    assert counts["inside"] == counts["all"] >= 3  # greeting, question, answer
    user_path = ax_path_to_live_region(page, "dritten Lehrjahr als Kauffrau")
    assert any(node.get("live") == "polite" for node in user_path)
    typing = page.locator(".typing")
    assert typing.get_attribute("role") == "status"  # "Berufslotse schreibt …" is announced as status
