"""History of changes (who, when, why, before and after) and rollback with confirmation."""
from __future__ import annotations

from aiohttp import web

from bot.gateway.console.common import actor, audit, editor, kb_paths, page, read_form, see_other, to_thread
from bot.gateway.console.figures import LABELS, _shown
from bot.kb import maintenance
from bot.kb.history import KnowledgeBaseBusy
from bot.kb.validate import ValidationFailed

HISTORY_LIMIT = 200


def diff(entry: maintenance.HistoryEntry) -> list[tuple[str, str, str]]:
    """(column, before, after) for each column this change touched."""
    old, new = entry.old or {}, entry.new or {}
    return [(c, _shown(old.get(c)), _shown(new.get(c))) for c in maintenance.COLUMNS
            if entry.old is None or entry.new is None or old.get(c) != new.get(c)]


@editor
async def history(request: web.Request) -> web.Response:
    db, _ = kb_paths()
    entries = await to_thread(maintenance.history, db, HISTORY_LIMIT)
    return page(request, "verlauf.html", {"title": "Verlauf", "entries": entries, "diff": diff, "labels": LABELS,
                                          "batch": request.query.get("batch", ""),
                                          "done": request.query.get("zurueck", "")})


@editor
async def confirm_rollback(request: web.Request) -> web.Response:
    db, _ = kb_paths()
    change = int(request.match_info["change"])
    entries = [e for e in await to_thread(maintenance.history, db, HISTORY_LIMIT) if e.id >= change]
    if not any(e.id == change for e in entries):
        return page(request, "fehler.html", {"title": "Unbekannt", "message": f"Änderung #{change} gibt es nicht."}, 404)
    return page(request, "zuruecknehmen.html", {"title": f"Stand vor Änderung #{change} wiederherstellen",
                                                "change": change, "entries": entries, "diff": diff, "labels": LABELS,
                                                "error": None})


@editor
async def rollback(request: web.Request) -> web.Response:
    db, sources = kb_paths()
    change = int(request.match_info["change"])
    form = await read_form(request)
    comment = str(form.get("comment", "")).strip()
    if form.get("bestaetigt") != "ja" or not comment:
        entries = [e for e in await to_thread(maintenance.history, db, HISTORY_LIMIT) if e.id >= change]
        return page(request, "zuruecknehmen.html", {
            "title": f"Stand vor Änderung #{change} wiederherstellen", "change": change, "entries": entries, "diff": diff,
            "labels": LABELS, "error": "Bitte bestätige die Rücknahme und schreib kurz, warum."}, 422)
    try:
        result = await to_thread(maintenance.rollback, db, sources, change, actor(request), comment)
    except (ValidationFailed, KnowledgeBaseBusy) as exc:
        audit(request, "rollback", "failed", to=change)
        return page(request, "fehler.html", {"title": "Nicht zurückgenommen", "message": str(exc)}, 409)
    audit(request, "rollback", "ok" if result.applied else "nothing_to_do", to=change, batch=result.batch,
          figures=[c.key for c in result.changes], comment=comment)
    return see_other(f"/admin/verlauf?batch={result.batch or ''}&zurueck={change}")
