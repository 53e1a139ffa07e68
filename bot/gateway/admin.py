"""Admin API for maintainers under /api/v1/admin/: export, dry run, import, history, rollback.
Off unless BERUFSLOTSE_ADMIN_TOKEN is set; who may call it is decided in admin_guard.py (token,
no portal key, throttling of wrong tokens, audit log). Imports have their own body limit
(BERUFSLOTSE_ADMIN_MAX_BODY, default 2 MiB), independent of the chat's 16 KiB."""
from __future__ import annotations

import asyncio
import json
import os
import tempfile
from pathlib import Path

from aiohttp import web

from bot import config
from bot.gateway.admin_guard import ADMIN_TOKEN, PREFIX, THROTTLE, FailureThrottle, admin_guard
from bot.gateway.admin_guard import error as _error
from bot.kb import maintenance
from bot.kb.commit import WriteFailed
from bot.kb.history import KnowledgeBaseBusy
from bot.kb.validate import ValidationFailed

MIN_TOKEN_LENGTH = 16


MAX_IMPORT_BYTES = web.AppKey("admin_max_import_bytes", int)
DEFAULT_MAX_IMPORT_BYTES = 2 * 1024 * 1024  # a full salary_figures.csv is ~6 KiB; the chat's limit is 16 KiB


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
    except WriteFailed as exc:
        return _error(500, "write_failed", str(exc))


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
    limit = request.app[MAX_IMPORT_BYTES]
    body = await _read_limited(request, limit)
    if body is None:
        return _error(413, "request_too_large", f"Die Importdatei ist zu groß (höchstens {limit // 1024} KiB).")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _error(400, "invalid_encoding", "Die Importdatei muss UTF-8-kodiert sein.")
    return _result(await _run(_import_text, db, sources, text, fmt, request.query.get("dry_run") in ("1", "true"),
                              _actor(request), request.query.get("comment", "Import über Admin-API")))


def _import_text(db: Path, sources: Path, text: str, fmt: str, dry_run: bool, actor: str, comment: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"admin-import.{fmt}"
        path.write_text(text, encoding="utf-8")
        return maintenance.import_file(db, sources, path, dry_run, actor, comment)


async def _read_limited(request: web.Request, limit: int) -> bytes | None:
    """The request body, or None once it exceeds `limit` bytes (read in chunks, never all at once)."""
    if request.content_length is not None and request.content_length > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


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
    app[THROTTLE] = FailureThrottle(limit=int(os.environ.get("BERUFSLOTSE_ADMIN_MAX_FAILURES", "5")))
    app[MAX_IMPORT_BYTES] = int(os.environ.get("BERUFSLOTSE_ADMIN_MAX_BODY", str(DEFAULT_MAX_IMPORT_BYTES)))
    app.middlewares.append(admin_guard)
    app.router.add_get(PREFIX + "export", export)
    app.router.add_post(PREFIX + "import", import_)
    app.router.add_get(PREFIX + "history", history)
    app.router.add_post(PREFIX + "rollback", rollback)
