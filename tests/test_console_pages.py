"""The console's pages against a private knowledge base: an invalid value changes nothing and is
named beside its field; preview → apply → history → rollback; upload with rejected rows, then
apply or cancel; gaps marked as handled; the portal overview counts without personal data."""
from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import pytest

from bot import unanswered
from bot.gateway.console import stats
from bot.kb.maintenance import current_rows, export
from tests.console_helpers import client, csrf, page_csrf, sign_in, token, write_accounts

FIGURE = "kfd_azubi_j3"


@pytest.fixture
def live(live: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The private knowledge base (tests/conftest.py) with maintainer accounts and an own gaps log."""
    monkeypatch.setenv("BERUFSLOTSE_MAINTAINERS", str(write_accounts(tmp_path / "maintainers.yml")))
    monkeypatch.setenv("BERUFSLOTSE_UNANSWERED", str(tmp_path / "unanswered.sqlite"))
    return live


@pytest.fixture
async def console(live, tmp_path: Path):
    test_client = await client(tmp_path)
    assert (await sign_in(test_client)).status == 303
    yield test_client
    await test_client.close()


def edit_form(csrf_token: str, amount_min: str, amount_max: str, comment: str = "Tarif 2026") -> dict[str, str]:
    return {"csrf": csrf_token, "id": FIGURE, f"{FIGURE}.amount_min": amount_min, f"{FIGURE}.amount_max": amount_max,
            f"{FIGURE}.period": "month", f"{FIGURE}.training_year": "3", f"{FIGURE}.cohort_start_year": "",
            f"{FIGURE}.population": "Auszubildende", f"{FIGURE}.note": "Höhe abhängig von Unternehmen, Branche und Tarifvertrag",
            f"{FIGURE}.source": "seed_kfd", "comment": comment}


async def test_figures_table_filters_by_role_source_stage_and_year(console) -> None:
    everything = await (await console.get("/admin/zahlen")).text()
    assert "mav_2025_j1" in everything and "omm_einstieg" in everything
    minimum = await (await console.get("/admin/zahlen?stufe=minimum_training_pay&jahr=2025")).text()
    assert "mav_2025_j1" in minimum and "mav_2026_j1" not in minimum and "omm_einstieg" not in minimum
    omm = await (await console.get("/admin/zahlen?beruf=omm&quelle=seed_omm")).text()
    assert "omm_einstieg" in omm and FIGURE not in omm


async def test_invalid_value_is_named_beside_its_field_and_changes_nothing(console, live) -> None:
    before, csv_before = current_rows(live[0]), (live[1] / "salary_figures.csv").read_text(encoding="utf-8")
    form_page = await (await console.get(f"/admin/zahlen/bearbeiten?id={FIGURE}")).text()
    response = await console.post("/admin/zahlen/vorschau", data=edit_form(csrf(form_page), "1850", "1030", comment=""))
    assert response.status == 422
    text = await response.text()
    assert f'id="{FIGURE}.amount_min-fehler"' in text and "1850 ist größer als Maximum 1030" in text
    assert f'aria-describedby="{FIGURE}.amount_min-fehler"' in text and 'aria-invalid="true"' in text
    assert 'id="comment-fehler"' in text and 'value="1850"' in text  # what was typed stays in the field
    response = await console.post("/admin/zahlen/vorschau", data=edit_form(csrf(form_page), "viel", "1030"))
    assert response.status == 422 and f'id="{FIGURE}.amount_min-fehler"' in await response.text()
    assert current_rows(live[0]) == before
    assert (live[1] / "salary_figures.csv").read_text(encoding="utf-8") == csv_before


async def test_preview_apply_history_rollback(console, live, caplog) -> None:
    caplog.set_level(logging.INFO, logger="berufslotse.audit")
    form_page = await (await console.get(f"/admin/zahlen/bearbeiten?id={FIGURE}")).text()
    preview = await console.post("/admin/zahlen/vorschau", data=edit_form(csrf(form_page), "880", "1060"))
    text = await preview.text()
    assert preview.status == 200 and "Noch ist nichts gespeichert" in text
    assert ">850<" in text and ">880<" in text and ">1030<" in text and ">1060<" in text
    assert current_rows(live[0])[FIGURE]["amount_min"] == 850  # a preview saves nothing

    applied = await console.post("/admin/zahlen/uebernehmen", data={"csrf": csrf(text), "token": token(text)},
                                 allow_redirects=False)
    assert applied.status == 303 and applied.headers["Location"].startswith("/admin/verlauf?batch=")
    assert current_rows(live[0])[FIGURE]["amount_min"] == 880
    assert ";880;1060;" in (live[1] / "salary_figures.csv").read_text(encoding="utf-8")
    again = await console.post("/admin/zahlen/uebernehmen", data={"csrf": csrf(text), "token": token(text)})
    assert again.status == 409  # the preview is used up

    history = await (await console.get(applied.headers["Location"])).text()
    assert "Übernommen" in history and "konsole:maria" in history and "Tarif 2026" in history
    change = int(history.split('href="/admin/verlauf/')[1].split('"')[0])
    confirm = await (await console.get(f"/admin/verlauf/{change}")).text()
    assert "Ja, ich will den Stand vor Änderung" in confirm
    unconfirmed = await console.post(f"/admin/verlauf/{change}/zuruecknehmen", data={"csrf": csrf(confirm), "comment": "x"})
    assert unconfirmed.status == 422 and current_rows(live[0])[FIGURE]["amount_min"] == 880
    back = await console.post(f"/admin/verlauf/{change}/zuruecknehmen",
                              data={"csrf": csrf(confirm), "bestaetigt": "ja", "comment": "doch nicht"}, allow_redirects=False)
    assert back.status == 303 and current_rows(live[0])[FIGURE]["amount_min"] == 850
    after = await (await console.get(back.headers["Location"])).text()
    assert "wiederhergestellt" in after and "Rücknahme" in after
    audited = [r.getMessage() for r in caplog.records if r.name == "berufslotse.audit"]
    assert any('"action": "figures_apply"' in a and '"maintainer": "maria"' in a for a in audited)
    assert any('"action": "rollback"' in a and '"maintainer": "maria"' in a for a in audited)


async def test_several_figures_at_once(console, live) -> None:
    form_page = await (await console.get("/admin/zahlen/bearbeiten?id=mav_2026_j1&id=mav_2026_j2")).text()
    assert "mav_2026_j1" in form_page and "mav_2026_j2" in form_page
    data = {"csrf": csrf(form_page), "id": ["mav_2026_j1", "mav_2026_j2"], "comment": "BGBl. 2025"}
    rows = current_rows(live[0])
    fields = {}
    for fid, amount in (("mav_2026_j1", "730"), ("mav_2026_j2", "860")):
        row = rows[fid]
        fields.update({f"{fid}.amount_min": amount, f"{fid}.amount_max": amount, f"{fid}.period": "month",
                       f"{fid}.training_year": str(row["training_year"]), f"{fid}.cohort_start_year": "2026",
                       f"{fid}.population": row["population"], f"{fid}.note": row["note"], f"{fid}.source": row["source"]})
    form = [("csrf", data["csrf"]), ("id", "mav_2026_j1"), ("id", "mav_2026_j2"), ("comment", "BGBl. 2025"), *fields.items()]
    preview = await (await console.post("/admin/zahlen/vorschau", data=form)).text()
    assert preview.count('<section class="change">') == 2
    await console.post("/admin/zahlen/uebernehmen", data={"csrf": csrf(preview), "token": token(preview)})
    rows = current_rows(live[0])
    assert (rows["mav_2026_j1"]["amount_min"], rows["mav_2026_j2"]["amount_max"]) == (730, 860)


async def upload(console, name: str, content: str):
    csrf_token = await page_csrf(console, "/admin/hochladen")
    from aiohttp import FormData

    form = FormData()
    form.add_field("datei", content.encode(), filename=name, content_type="text/csv")
    return await console.post(f"/admin/hochladen?csrf={csrf_token}", data=form)


async def test_upload_preview_rejects_rows_then_apply(console, live) -> None:
    text = export(live[0], "salary_figures", "csv")
    bad = text.replace(";850;1030;", ";880;1060;", 1).replace(";1900;2700;", ";2900;2700;", 1)
    response = await upload(console, "tarif.csv", bad)
    page = await response.text()
    assert response.status == 422 and "Abgelehnt" in page and "kfd_einstieg_monat" in page
    line = next(n for n, row in enumerate(bad.splitlines(), 1) if row.startswith("kfd_einstieg_monat;"))
    assert f"<td>{line}</td><td>kfd_einstieg_monat</td>" in page and "Minimum 2900 ist größer als Maximum 2700" in page
    assert "1 geändert" in page and "Übernehmen" not in page
    assert current_rows(live[0])[FIGURE]["amount_min"] == 850

    good = await upload(console, "tarif.csv", text.replace(";850;1030;", ";880;1060;", 1))
    page = await good.text()
    assert good.status == 200 and "0 neu, 1 geändert" in page and "abgelehnt" in page
    no_comment = await console.post("/admin/hochladen/uebernehmen", data={"csrf": csrf(page), "token": token(page)})
    assert no_comment.status == 422 and current_rows(live[0])[FIGURE]["amount_min"] == 850
    done = await console.post("/admin/hochladen/uebernehmen",
                              data={"csrf": csrf(page), "token": token(page), "comment": "Tarif 2026"}, allow_redirects=False)
    assert done.status == 303 and current_rows(live[0])[FIGURE]["amount_min"] == 880


async def test_upload_cancel_and_wrong_files(console, live) -> None:
    before = current_rows(live[0])
    text = export(live[0], "salary_figures", "csv").replace(";850;1030;", ";880;1060;", 1)
    page = await (await upload(console, "tarif.csv", text)).text()
    cancelled = await console.post("/admin/hochladen/verwerfen", data={"csrf": csrf(page)})
    assert "verworfen" in await cancelled.text()
    late = await console.post("/admin/hochladen/uebernehmen", data={"csrf": csrf(page), "token": token(page), "comment": "x"})
    assert late.status == 409
    assert (await upload(console, "tarif.xlsx", "x")).status == 422
    garbage = await upload(console, "tarif.yml", "salary_figures: [nicht: [geschlossen")
    assert garbage.status == 422 and "tarif.yml" in await garbage.text()
    assert current_rows(live[0]) == before


async def test_gaps_grouped_with_counts_and_dates_then_handled(console, live) -> None:
    log = Path(live[0]).parent / "unanswered.sqlite"
    for text in ("Was verdient ein Pilot?", "Pilot: was verdient der eigentlich?", "Wie wird das Wetter?", "Mail an max@example.de bitte"):
        unanswered.record(text, "out_of_scope", path=log)
    page = await (await console.get("/admin/luecken")).text()
    assert "Pilot" in page and "max@example.de" not in page and "[E-Mail]" in page
    today = time.strftime("%Y-%m-%d", time.gmtime())
    assert page.count(today) >= 2
    first = page.split('<td class="num">')[1].split("<")[0]
    assert first == "2"  # the two pilot questions are one group (same content words, any order)
    key = page.split('name="key" value="')[1].split('"')[0]
    up_to = page.split('name="up_to" value="')[1].split('"')[0]
    done = await console.post("/admin/luecken/erledigt", data={"csrf": csrf(page), "key": key, "up_to": up_to})
    assert "Als erledigt markiert" in (after := await done.text()) and "Pilot" not in after
    unanswered.record("Was verdient ein Pilot?", "out_of_scope", path=log)
    assert "Pilot" in await (await console.get("/admin/luecken")).text()  # asked again: back on the list


def test_portal_stats_count_turns_answers_and_topics(tmp_path: Path) -> None:
    now = time.time()
    sessions = sqlite3.connect(tmp_path / "sessions.sqlite")
    sessions.execute("CREATE TABLE sessions (id TEXT PRIMARY KEY, portal TEXT, created REAL, last_seen REAL)")
    sessions.executemany("INSERT INTO sessions VALUES (?, ?, ?, ?)", [("s1", "demo", now, now), ("s2", "partner", now, now)])
    sessions.commit()
    tracker = sqlite3.connect(tmp_path / "tracker.db")
    tracker.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp REAL, "
                    "intent_name TEXT, action_name TEXT, data TEXT)")
    events = [("s1", "user", now - 60, "ask_salary", None), ("s1", "action", now - 59, None, "action_answer"),
              ("s1", "user", now - 50, "ask_salary", None), ("s1", "action", now - 49, None, "action_answer"),
              ("s1", "user", now - 40, "greet", None), ("s1", "action", now - 39, None, "action_fallback"),
              ("s2", "user", now - 30, "out_of_scope", None), ("s2", "user", now - 86400 * 40, "ask_exam", None)]
    tracker.executemany("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name) VALUES (?, ?, ?, ?, ?)",
                        events)
    tracker.commit()
    found = {s.portal: s for s in stats.portal_stats(tmp_path / "tracker.db", tmp_path / "sessions.sqlite", 7, now)}
    assert set(found) == {"demo", "partner"}
    assert (found["demo"].conversations, found["demo"].turns) == (1, 3)
    assert found["demo"].answered_share == pytest.approx(2 / 3)
    assert found["demo"].topics == [("Gehalt", 2)]
    assert found["partner"].turns == 1 and found["partner"].answered_share == 0
    assert len(found["demo"].days) == 7 and found["demo"].days[-1].turns == 3
    only = stats.portal_stats(tmp_path / "tracker.db", tmp_path / "sessions.sqlite", 7, now, portals=("demo",))
    assert [s.portal for s in only] == ["demo"]
    assert stats.portal_stats(tmp_path / "fehlt.db", tmp_path / "fehlt.sqlite", 7, now) == []


async def test_portal_page_shows_chart_and_table(console) -> None:
    page = await (await console.get("/admin/portale?tage=7")).text()
    assert "Portale im Überblick" in page and ("<svg" in page or "noch keine Gespräche" in page)
