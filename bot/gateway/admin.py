"""Admin API for maintainers under /api/v1/admin/: export, dry run, import, history, rollback.
Off unless BERUFSLOTSE_ADMIN_TOKEN is set; the bearer token is compared in constant time; a
request carrying a portal key is always refused; every call is audited."""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
import tempfile
from pathlib import Path

from aiohttp import web

from bot import config
from bot.kb import maintenance
from bot.kb.history import KnowledgeBaseBusy
from bot.kb.validate import ValidationFailed

audit = logging.getLogger("berufslotse.audit")
PREFIX = "/api/v1/admin/"
MIN_TOKEN_LENGTH = 16


def _error(status: int, code: str, message: str, **extra) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message, **extra}}, status=status,
                             headers={"WWW-Authenticate": "Bearer"} if status == 401 else None)


@web.middleware
async def admin_guard(request: web.Request, handler) -> web.StreamResponse:
    if not request.path.startswith(PREFIX):
        return await handler(request)
    token = request.app.get(ADMIN_TOKEN)
    outcome = "denied"
    try:
        if not token:
            return _error(404, "admin_disabled", "Die Admin-Schnittstelle ist nicht eingeschaltet.")
        if "X-Portal-Key" in request.headers:
            return _error(403, "portal_key_not_allowed", "Mit einem Portal-Schlüssel ist die Admin-Schnittstelle gesperrt.")
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
            return _error(401, "unauthorized", "Admin-Token fehlt oder ist falsch.")
        response = await handler(request)
        outcome = str(response.status)
        return response
    finally:
        audit.info(json.dumps({"event": "admin", "method": request.method, "path": request.path,
                               "query": dict(request.query), "outcome": outcome}, ensure_ascii=False))


ADMIN_TOKEN = web.AppKey("admin_token", str)


def _paths() -> tuple[Path, Path]:
    return config.kb_path(), config.kb_source_dir()


def _actor(request: web.Request) -> str:
    return "admin-api" + (f":{request.headers['X-Actor']}" if request.headers.get("X-Actor") else "")


async def _run(func, *args):
    """The maintenance functions do file and SQLite work; keep them off the event loop."""
    try:
        return await asyncio.to_thread(func, *args)
    except ValidationFailed as exc:
        return _error(422, "validation_failed", "Nichts wurde geändert: die Daten enthalten Fehler.",
                      problems=[str(p) for p in exc.problems])
    except KnowledgeBaseBusy as exc:
        return _error(409, "busy", str(exc))


def _result(result) -> web.Response:
    if isinstance(result, web.Response):
        return result
    return web.json_response({"applied": result.applied, "batch": result.batch, "unchanged": result.unchanged,
                              "changes": [{"key": c.key, "action": c.action, "old": c.old, "new": c.new,
                                           "description": c.describe()} for c in result.changes],
                              "report": result.report()})


async def export(request: web.Request) -> web.Response:
    db, _ = _paths()
    fmt = request.query.get("format", "csv")
    if fmt not in ("csv", "yaml"):
        return _error(400, "invalid_field", "format muss csv oder yaml sein.", field="format")
    try:
        text = await asyncio.to_thread(maintenance.export, db, request.query.get("table", "salary_figures"), fmt)
    except ValueError as exc:
        return _error(400, "invalid_field", str(exc), field="table")
    return web.Response(text=text, content_type="text/csv" if fmt == "csv" else "application/yaml", charset="utf-8")


async def import_(request: web.Request) -> web.Response:
    db, sources = _paths()
    fmt = request.query.get("format", "csv")
    if fmt not in ("csv", "yaml"):
        return _error(400, "invalid_field", "format muss csv oder yaml sein.", field="format")
    body = await request.text()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"admin-import.{fmt}"
        path.write_text(body, encoding="utf-8")
        result = await _run(maintenance.import_file, db, sources, path, request.query.get("dry_run") in ("1", "true"),
                            _actor(request), request.query.get("comment", "Import über Admin-API"))
    return _result(result)


async def history(request: web.Request) -> web.Response:
    db, _ = _paths()
    try:
        limit = max(1, min(500, int(request.query.get("limit", "20"))))
    except ValueError:
        return _error(400, "invalid_field", "limit muss eine Zahl sein.", field="limit")
    entries = await asyncio.to_thread(maintenance.history, db, limit)
    return web.json_response([{**e.__dict__, "description": e.describe()} for e in entries])


async def rollback(request: web.Request) -> web.Response:
    db, sources = _paths()
    try:
        body = await request.json()
        to = int(body["to"])
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        return _error(400, "invalid_field", "Erwartet wird {\"to\": CHANGE_ID}.", field="to")
    return _result(await _run(maintenance.rollback, db, sources, to, _actor(request), str(body.get("comment") or "")))


def install(app: web.Application, token: str | None) -> None:
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise ValueError(f"BERUFSLOTSE_ADMIN_TOKEN ist zu kurz (mindestens {MIN_TOKEN_LENGTH} Zeichen).")
    if token:
        app[ADMIN_TOKEN] = token
    app.middlewares.append(admin_guard)
    app.router.add_get(PREFIX + "export", export)
    app.router.add_post(PREFIX + "import", import_)
    app.router.add_get(PREFIX + "history", history)
    app.router.add_post(PREFIX + "rollback", rollback)
