"""The figures pages: a filterable table of all salary figures, editing one or several, a
preview of exactly what changes, and applying it with a comment (live at the bot's next answer)."""
from __future__ import annotations

import secrets
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

from bot.gateway.console.common import actor, audit, editor, kb_paths, page, read_form, see_other, to_thread
from bot.kb import maintenance
from bot.kb.history import KnowledgeBaseBusy
from bot.kb.loader import Origin, Row
from bot.kb.validate import ValidationFailed

EDITABLE = ("amount_min", "amount_max", "period", "training_year", "cohort_start_year", "population", "note", "keywords",
            "source")
LABELS = {"amount_min": "Betrag von", "amount_max": "Betrag bis", "period": "Zeitraum", "training_year": "Ausbildungsjahr",
          "cohort_start_year": "Ausbildungsbeginn (Jahr)", "population": "Personenkreis", "note": "Hinweis",
          "keywords": "Suchwörter zum Hinweis",
          "source": "Quelle", "years_experience": "Berufsjahre", "stage": "Stufe", "occupation": "Beruf"}
STAGE_LABELS = {"apprenticeship": "Ausbildungsvergütung", "minimum_training_pay": "Mindestausbildungsvergütung",
                "trainee": "Trainee", "entry": "Einstieg", "entry_experienced": "Einstieg mit Erfahrung",
                "experienced": "mit Berufserfahrung", "top_earners": "Spitzenverdienst", "quartile_25": "25 %-Quartil",
                "median": "Median", "quartile_75": "75 %-Quartil"}
MAX_SELECTED = 30


def catalogue(db: Path) -> dict[str, Any]:
    """Occupations and sources (with data year) for filters and select boxes."""
    with closing(sqlite3.connect(db)) as conn:
        occupations = dict(conn.execute("SELECT id, name_neutral FROM occupations ORDER BY name_neutral"))
        sources = {r[0]: {"label": r[1], "data_year": r[2]} for r in
                   conn.execute("SELECT id, label, data_year FROM sources ORDER BY id")}
    return {"occupations": occupations, "sources": sources, "stages": STAGE_LABELS}


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return str(value)


def change_rows(change: maintenance.Change) -> list[tuple[str, str, str]]:
    """(column, before, after) for each column a planned change touches (all columns of a new row)."""
    old, new = change.old or {}, change.new or {}
    return [(c, _shown(old.get(c)), _shown(new.get(c))) for c in maintenance.COLUMNS
            if c != "id" and old.get(c) != new.get(c)]


@editor
async def table(request: web.Request) -> web.Response:
    db, _ = kb_paths()
    rows, cat = await to_thread(maintenance.current_rows, db), await to_thread(catalogue, db)
    wanted = {k: request.query.get(k, "") for k in ("beruf", "quelle", "stufe", "jahr")}
    shown = [r for r in rows.values()
             if (not wanted["beruf"] or r["occupation"] == wanted["beruf"])
             and (not wanted["quelle"] or r["source"] == wanted["quelle"])
             and (not wanted["stufe"] or r["stage"] == wanted["stufe"])
             and (not wanted["jahr"] or str(cat["sources"].get(r["source"], {}).get("data_year") or "") == wanted["jahr"])]
    years = sorted({str(s["data_year"]) for s in cat["sources"].values() if s["data_year"]}, reverse=True)
    return page(request, "zahlen.html", {"title": "Gehaltszahlen", "rows": shown, "total": len(rows), "wanted": wanted,
                                         "years": years, "cat": cat, "shown": _shown, "max_selected": MAX_SELECTED})


def _selected(ids: list[str], live: dict[str, dict]) -> list[str]:
    unknown = [i for i in ids if i not in live]
    if not ids or unknown:
        raise web.HTTPSeeOther("/admin/zahlen")
    return list(dict.fromkeys(ids))[:MAX_SELECTED]


def _form_values(ids: list[str], live: dict[str, dict], form: Any = None) -> dict[str, dict[str, str]]:
    """What each field shows: the submitted text, else the live value."""
    return {i: {c: (str(form.get(f"{i}.{c}", "")) if form is not None else _shown(live[i][c])) for c in EDITABLE}
            for i in ids}


async def _edit_page(request: web.Request, ids: list[str], live: dict, form: Any = None, errors: dict | None = None,
                     general: list[str] | None = None, comment: str = "", status: int = 200) -> web.Response:
    db, _ = kb_paths()
    return page(request, "bearbeiten.html", {
        "title": "Gehaltszahlen bearbeiten", "ids": ids, "live": live, "values": _form_values(ids, live, form),
        "fields": EDITABLE, "labels": LABELS, "errors": errors or {}, "general": general or [], "comment": comment,
        "cat": await to_thread(catalogue, db)}, status=status)


@editor
async def edit_form(request: web.Request) -> web.Response:
    db, _ = kb_paths()
    live = await to_thread(maintenance.current_rows, db)
    return await _edit_page(request, _selected(request.query.getall("id", []), live), live)


def _plan(db: Path, sources: Path, rows: list[Row]) -> list[maintenance.Change]:
    return maintenance.plan(db, sources, rows)[0]


@editor
async def preview(request: web.Request) -> web.Response:
    """Validates every edited figure against the whole knowledge base; nothing is saved here."""
    db, sources = kb_paths()
    form = await read_form(request)
    live = await to_thread(maintenance.current_rows, db)
    ids = _selected(form.getall("id", []), live)
    comment = str(form.get("comment", "")).strip()
    rows = [Row(maintenance.TABLE, {**live[i], **{c: str(form.get(f"{i}.{c}", "")).strip() for c in EDITABLE}},
                Origin(i, 0)) for i in ids]
    errors: dict[tuple[str, str], str] = {}
    general: list[str] = []
    if not comment:
        errors[("", "comment")] = "Bitte schreib kurz, warum sich die Zahl ändert (z. B. die neue Quelle)."
    try:
        changes = await to_thread(_plan, db, sources, rows)
    except ValidationFailed as exc:
        changes = []
        for problem in exc.problems:
            if problem.origin.file in ids and problem.column in EDITABLE:
                errors.setdefault((problem.origin.file, problem.column), problem.message)
            else:
                general.append(str(problem))
    if errors or general:
        audit(request, "figures_preview", "invalid", figures=ids)
        return await _edit_page(request, ids, live, form, errors, general, comment, status=422)
    token = secrets.token_urlsafe(16)
    request["console_session"].pending["figures"] = {"token": token, "rows": [dict(r.values) for r in rows],
                                                     "changes": [(c.key, c.new) for c in changes], "comment": comment}
    return page(request, "vorschau.html", {"title": "Vorschau der Änderung", "changes": changes, "token": token,
                                           "comment": comment, "labels": LABELS, "change_rows": change_rows,
                                           "ids": ids})


def _write_and_import(db: Path, sources: Path, rows: list[dict], who: str, comment: str) -> maintenance.ImportResult:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "konsole.yml"
        path.write_text(yaml.safe_dump({maintenance.TABLE: rows}, allow_unicode=True), encoding="utf-8")
        return maintenance.import_file(db, sources, path, False, who, comment)


@editor
async def apply(request: web.Request) -> web.Response:
    """Applies exactly the previewed change, or nothing if the figures changed in between."""
    db, sources = kb_paths()
    form = await read_form(request)
    pending = request["console_session"].pending.get("figures")
    if not pending or form.get("token") != pending["token"]:
        return page(request, "fehler.html", {"title": "Keine Vorschau", "message":
                    "Zu dieser Änderung gibt es keine Vorschau (mehr). Bitte bearbeite die Zahlen noch einmal."}, 409)
    rows = [Row(maintenance.TABLE, dict(values), Origin(values["id"], 0)) for values in pending["rows"]]
    try:
        if [(c.key, c.new) for c in await to_thread(_plan, db, sources, rows)] != pending["changes"]:
            raise ValidationFailed([])
        result = await to_thread(_write_and_import, db, sources, pending["rows"], actor(request), pending["comment"])
    except (ValidationFailed, KnowledgeBaseBusy) as exc:
        audit(request, "figures_apply", "conflict")
        message = str(exc) if isinstance(exc, KnowledgeBaseBusy) else (
            "Die Zahlen wurden inzwischen anders geändert. Nichts wurde übernommen – bitte prüf die Vorschau neu.")
        return page(request, "fehler.html", {"title": "Nicht übernommen", "message": message}, 409)
    request["console_session"].pending.pop("figures", None)
    audit(request, "figures_apply", "ok", figures=[c.key for c in result.changes], batch=result.batch,
          comment=pending["comment"])
    return see_other(f"/admin/verlauf?batch={result.batch or ''}")


@editor
async def export(request: web.Request) -> web.Response:
    db, _ = kb_paths()
    fmt = "yaml" if request.query.get("format") == "yaml" else "csv"
    text = await to_thread(maintenance.export, db, maintenance.TABLE, fmt)
    audit(request, "export", "ok", format=fmt)
    return web.Response(text=text, content_type="text/csv" if fmt == "csv" else "application/yaml", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="salary_figures.{fmt if fmt == "csv" else "yml"}"'})

