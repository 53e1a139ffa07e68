"""The console in a real browser (headless Debian Chromium via Playwright) against the full stack
on a private copy of the knowledge base: sign in; an invalid value shows its error and changes
nothing; a changed figure is the bot's next answer; upload → preview → apply; the history shows
it; rollback brings the old answer back; signed out or from a forged form nothing happens.
The screenshots (test-output/console/) illustrate docs/maintainers.md; axe-core audits every page."""
from __future__ import annotations

import json
import shutil
import urllib.request

import pytest

from bot import config
from bot.answers import format as fmt
from bot.config import ROOT
from bot.gateway.console.auth import add_account
from bot.kb.build import build
from bot.kb.maintenance import current_rows, export
from bot.kb.queries import KnowledgeBase
from tests.browser import serve_site
from tests.stack import MODEL, free_port, running_stack

pytestmark = [pytest.mark.rasa, pytest.mark.e2e]
OUTPUT = ROOT / "test-output" / "console"
PASSWORD = "jahresupdate-2026!"
QUESTION = "Wie viel verdient man im dritten Lehrjahr als Kaufmann für Dialogmarketing?"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} fehlt – `make test` trainiert es")
    tmp = tmp_path_factory.mktemp("console")
    sources = tmp / "kb-sources"
    shutil.copytree(config.kb_source_dir(), sources)
    build(sources, tmp / "kb.sqlite")
    accounts = tmp / "maintainers.yml"
    add_account(accounts, "maria", PASSWORD)
    env = {"BERUFSLOTSE_KB": str(tmp / "kb.sqlite"), "BERUFSLOTSE_KB_SOURCES": str(sources),
           "BERUFSLOTSE_MAINTAINERS": str(accounts)}
    with running_stack(tmp, with_gateway=True, extra_env=env) as (ports, _):
        yield {"gateway": ports.gateway, "db": tmp / "kb.sqlite", "sources": sources, "tmp": tmp}


@pytest.fixture(scope="module")
def console(stack, browser):
    """One signed-in maintainer's tab, used by the tests in order (the yearly update, step by step)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{stack['gateway']}/admin/zahlen")
    assert page.url.endswith("/admin/anmelden")  # signed out: sent to the sign-in page
    page.get_by_label("Name").fill("maria")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.screenshot(path=str(OUTPUT / "01-anmelden.png"))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Gehaltszahlen").wait_for()
    yield page
    context.close()


def ask(port: int, text: str) -> str:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/chat", data=json.dumps({"message": text}).encode(),
                                     headers={"Content-Type": "application/json", "X-Portal-Key": "demo"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return "\n".join(m["text"] for m in json.load(response)["messages"])


def old_figure(stack) -> str:
    (third,) = KnowledgeBase(stack["db"]).salary_figures("kfd", ["apprenticeship"], training_year=3)
    return fmt.figure(third)


def test_figures_table_filtered_by_stage_and_year(stack, console) -> None:
    console.get_by_label("Stufe").select_option("minimum_training_pay")
    console.get_by_label("Datenjahr").select_option("2026")
    console.get_by_role("button", name="Filtern").click()
    rows = console.locator("table.figures tbody tr")
    assert rows.count() == 4 and "mav_2026_j1" in rows.first.inner_text()
    console.screenshot(path=str(OUTPUT / "02-zahlen-gefiltert.png"), full_page=True)


def test_invalid_value_shows_its_error_and_changes_nothing(stack, console) -> None:
    before, answer_before = current_rows(stack["db"]), ask(stack["gateway"], QUESTION)
    console.goto(f"http://127.0.0.1:{stack['gateway']}/admin/zahlen/bearbeiten?id=kfd_azubi_j3")
    console.get_by_label("Betrag von").fill("1850")
    console.get_by_label("Kommentar für den Verlauf").fill("Tippfehler-Test")
    console.get_by_role("button", name="Vorschau anzeigen").click()
    alert = console.get_by_role("alert")
    alert.wait_for()
    assert "Nichts wurde gespeichert" in alert.inner_text()
    assert console.evaluate("document.activeElement.id") == "meldung"  # focus moves to the message
    field = console.get_by_label("Betrag von")
    assert field.get_attribute("aria-invalid") == "true" and field.input_value() == "1850"
    assert "Minimum 1850 ist größer als Maximum 1030" in console.locator("#kfd_azubi_j3\\.amount_min-fehler").inner_text()
    console.screenshot(path=str(OUTPUT / "03-fehler-am-feld.png"), full_page=True)
    assert current_rows(stack["db"]) == before
    assert old_figure(stack) in ask(stack["gateway"], QUESTION) and old_figure(stack) in answer_before


def test_change_a_figure_and_the_next_answer_shows_it(stack, console) -> None:
    console.goto(f"http://127.0.0.1:{stack['gateway']}/admin/zahlen/bearbeiten?id=kfd_azubi_j3")
    console.get_by_label("Betrag von").fill("999")
    console.get_by_label("Betrag bis").fill("1111")
    console.get_by_label("Kommentar für den Verlauf").fill("Tarifvertrag 2026")
    console.keyboard.press("Enter")  # the form is sent from the keyboard
    console.get_by_role("heading", name="Vorschau der Änderung").wait_for()
    assert "850" in console.locator("td.old").first.inner_text() and "999" in console.locator("td.new").first.inner_text()
    console.screenshot(path=str(OUTPUT / "04-vorschau.png"), full_page=True)
    assert "999–1.111 €" not in ask(stack["gateway"], QUESTION)  # the preview changed nothing
    console.get_by_role("button", name="Übernehmen").click()
    console.get_by_role("heading", name="Verlauf").wait_for()
    assert "Übernommen" in console.get_by_role("status").inner_text()
    assert "999–1.111 €" in ask(stack["gateway"], QUESTION)  # live at the very next answer


def test_upload_preview_apply(stack, console) -> None:
    text = export(stack["db"], "salary_figures", "csv")
    upload = stack["tmp"] / "mindestverguetung-2026.csv"
    upload.write_text(text.replace(";724;724;", ";730;730;", 1), encoding="utf-8")
    console.goto(f"http://127.0.0.1:{stack['gateway']}/admin/hochladen")
    console.get_by_label("Datei").set_input_files(str(upload))
    console.get_by_role("button", name="Vorschau anzeigen").click()
    status = console.get_by_role("status")
    status.wait_for()
    assert "0 neu, 1 geändert" in status.inner_text() and "0 abgelehnt" in status.inner_text()
    assert "mav_2026_j1" in console.locator("details").first.inner_text()
    console.screenshot(path=str(OUTPUT / "05-upload-vorschau.png"), full_page=True)
    console.get_by_label("Kommentar für den Verlauf").fill("BGBl. 2025 I Nr. 999")
    console.get_by_role("button", name="Übernehmen").click()
    console.get_by_role("heading", name="Verlauf").wait_for()
    assert current_rows(stack["db"])["mav_2026_j1"]["amount_min"] == 730
    newest = console.locator("section.entry").first
    assert "mav_2026_j1" in newest.inner_text() and "BGBl. 2025 I Nr. 999" in newest.inner_text()
    assert "konsole:maria" in newest.inner_text()
    console.screenshot(path=str(OUTPUT / "06-verlauf.png"), full_page=True)


def test_history_rollback_restores_the_old_answer(stack, console) -> None:
    console.goto(f"http://127.0.0.1:{stack['gateway']}/admin/verlauf")
    entry = console.locator("section.entry", has_text="kfd_azubi_j3").first
    assert "Tarifvertrag 2026" in entry.inner_text()
    entry.get_by_role("link", name="Zurücknehmen").click()
    console.get_by_role("heading", name="wiederherstellen").wait_for()
    console.get_by_label("Ja, ich will").check()
    console.get_by_label("Kommentar für den Verlauf").fill("Tarif gilt erst ab August")
    console.screenshot(path=str(OUTPUT / "07-zuruecknehmen.png"), full_page=True)
    console.get_by_role("button", name="Zurücknehmen").click()
    console.get_by_role("status").wait_for()
    assert "wiederhergestellt" in console.get_by_role("status").inner_text()
    answer = ask(stack["gateway"], QUESTION)
    assert "999–1.111 €" not in answer and old_figure(stack) in answer and "850" in old_figure(stack)


def test_signed_out_every_action_is_refused(stack, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    for path in ("/admin/", "/admin/zahlen", "/admin/verlauf", "/admin/hochladen", "/admin/luecken", "/admin/portale"):
        page.goto(f"http://127.0.0.1:{stack['gateway']}{path}")
        assert page.url.endswith("/admin/anmelden"), path
    before = current_rows(stack["db"])
    for path in ("/admin/zahlen/uebernehmen", "/admin/verlauf/1/zuruecknehmen", "/admin/hochladen/uebernehmen"):
        response = context.request.post(f"http://127.0.0.1:{stack['gateway']}{path}",
                                        form={"csrf": "x", "token": "x", "bestaetigt": "ja", "comment": "x"})
        assert response.status == 403, path
    assert current_rows(stack["db"]) == before
    context.close()


def test_forged_form_from_another_site_is_refused(stack, console) -> None:
    """A page elsewhere posts a form to the console while the maintainer is signed in."""
    gateway = stack["gateway"]
    html = (f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Falle</title></head><body>'
            f'<form method="post" action="http://127.0.0.1:{gateway}/admin/verlauf/1/zuruecknehmen">'
            f'<input name="bestaetigt" value="ja"><input name="comment" value="gefälscht">'
            f'<button type="submit">Gewinn abholen</button></form></body></html>').encode()

    port = free_port()
    server = serve_site(port, html)
    before = current_rows(stack["db"])
    try:
        trap = console.context.new_page()
        trap.goto(f"http://127.0.0.1:{port}/")
        with trap.expect_navigation():
            trap.get_by_role("button", name="Gewinn abholen").click()
        # another port on 127.0.0.1 is the same *site*, so SameSite=Strict still sends the cookie here:
        # the missing CSRF token is what stops it
        assert "Nicht erlaubt" in trap.content() and "Formular ist abgelaufen" in trap.content()
        response = console.context.request.post(f"http://127.0.0.1:{gateway}/admin/verlauf/1/zuruecknehmen",
                                                form={"bestaetigt": "ja", "comment": "gefälscht"})
        assert response.status == 403 and "Formular ist abgelaufen" in response.text()
        trap.close()
    finally:
        server.shutdown()
    assert current_rows(stack["db"]) == before
    console.goto(f"http://127.0.0.1:{gateway}/admin/zahlen")
    console.get_by_role("heading", name="Gehaltszahlen").wait_for()  # still signed in


def test_portal_overview_counts_the_conversations_of_this_run(stack, console) -> None:
    ask(stack["gateway"], "Was kostet ein Flug zum Mond?")  # something the bot cannot answer
    console.goto(f"http://127.0.0.1:{stack['gateway']}/admin/portale?tage=7")
    console.keyboard.press("Tab")
    assert console.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    demo = console.locator("section.portal", has_text="Portal demo")
    summary = demo.locator("p").first.inner_text()
    turns = int(summary.split(" Züge")[0].split(", ")[-1])
    assert turns >= 6 and "beantwortet" in summary  # every question this module asked went through portal demo
    chart = demo.locator("svg.chart")
    assert chart.get_attribute("role") == "img" and chart.locator("rect").count() == 14
    assert "Ausbildungsvergütung" in demo.locator("ol").inner_text()  # the question this module asks most
    assert "Flug" not in console.content()  # aggregates only: no message text
    console.screenshot(path=str(OUTPUT / "08-portale.png"), full_page=True)
    console.goto(f"http://127.0.0.1:{stack['gateway']}/admin/luecken")
    console.get_by_role("heading", name="Offene Fragen").wait_for()
    console.screenshot(path=str(OUTPUT / "09-offene-fragen.png"), full_page=True)


CONSOLE_PAGES = {"zahlen": "Gehaltszahlen", "hochladen": "Hochladen", "verlauf": "Verlauf", "luecken": "Offene Fragen",
                 "portale": "Portale"}


def test_axe_finds_no_serious_violation_on_the_console_pages(console, stack) -> None:
    """The widget's accessibility audit (tests/test_accessibility.py) also covers the console."""
    from axe_playwright_python.sync_playwright import Axe

    found = {}
    for path in CONSOLE_PAGES:
        console.goto(f"http://127.0.0.1:{stack['gateway']}/admin/{path}")
        results = Axe().run(console, options={"resultTypes": ["violations"]})
        assert results.response["testEngine"]["name"] == "axe-core"
        blocking = [(v["id"], v["help"]) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        if blocking:
            found[path] = blocking
    assert not found, found
