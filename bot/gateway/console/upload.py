"""Upload of a CSV or YAML file with salary figures: a preview of added, changed, unchanged and
rejected rows (with line and reason), then apply or cancel. All or nothing, as `kb import`."""
from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from bot.gateway.console.common import actor, audit, editor, kb_paths, page, read_form, see_other, to_thread
from bot.gateway.console.figures import LABELS, change_rows
from bot.kb import maintenance
from bot.kb.history import KnowledgeBaseBusy
from bot.kb.validate import ValidationFailed

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
SUFFIXES = (".csv", ".yml", ".yaml")


@dataclass
class UploadPreview:
    """What an uploaded file would do, row by row."""

    filename: str
    added: list[maintenance.Change] = field(default_factory=list)
    changed: list[maintenance.Change] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # line, figure id, reason
    file_errors: list[str] = field(default_factory=list)

    @property
    def applicable(self) -> bool:
        return not self.rejected and not self.file_errors and bool(self.added or self.changed)


def analyse(db: Path, sources: Path, path: Path, filename: str) -> UploadPreview:
    """Reads and validates the file; rejected rows are listed, the rest is planned without them."""
    result = UploadPreview(filename)
    try:
        incoming = maintenance.read_import_file(path)
    except ValidationFailed as exc:
        result.file_errors = [p.message for p in exc.problems]
        return result
    by_line = {row.origin.line: str(row.values.get("id") or "") for row in incoming}
    try:
        changes, _ = maintenance.plan(db, sources, incoming)
    except ValidationFailed as exc:
        bad_lines = set()
        for problem in exc.problems:
            if problem.origin.file == path.name and problem.origin.line in by_line:
                bad_lines.add(problem.origin.line)
                reason = (f"Spalte '{problem.column}': " if problem.column else "") + problem.message
                result.rejected.append((problem.origin.line, by_line[problem.origin.line], reason))
            else:
                result.file_errors.append(str(problem))
        rest = [row for row in incoming if row.origin.line not in bad_lines]
        try:
            changes = maintenance.plan(db, sources, rest)[0] if rest and not result.file_errors else []
        except ValidationFailed:
            changes = []
        incoming = rest
    result.added = [c for c in changes if c.action == "add"]
    result.changed = [c for c in changes if c.action == "update"]
    touched = {c.key for c in changes}
    result.unchanged = sorted({str(r.values.get("id")) for r in incoming} - touched)
    result.rejected.sort()
    return result


def _import(db: Path, sources: Path, data: bytes, suffix: str, who: str, comment: str, dry_run: bool):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        return maintenance.import_file(db, sources, path, dry_run, who, comment)


def _analyse_bytes(db: Path, sources: Path, data: bytes, suffix: str, filename: str) -> UploadPreview:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        preview = analyse(db, sources, path, filename)
    # messages name the temporary file; show the maintainer's file name instead
    preview.file_errors = [e.replace(path.name, filename) for e in preview.file_errors]
    return preview


@editor
async def form(request: web.Request) -> web.Response:
    return page(request, "hochladen.html", {"title": "Datei hochladen", "error": None,
                                            "cancelled": bool(request.query.get("verworfen"))})


async def _read_upload(request: web.Request) -> tuple[str, bytes]:
    """The file, read from the multipart stream with its own size limit (the CSRF token came in
    the form's action URL and was checked by the guard before this runs)."""
    filename, data = "", b""
    reader = await request.multipart()
    async for part in reader:
        if part.name == "datei":
            filename = Path(part.filename or "").name
            while chunk := await part.read_chunk():
                data += chunk
                if len(data) > MAX_UPLOAD_BYTES:
                    raise ValueError("Die Datei ist zu groß (höchstens 2 MB).")
    return filename, data


@editor
async def preview(request: web.Request) -> web.Response:
    session = request["console_session"]
    try:
        filename, data = await _read_upload(request)
    except ValueError as exc:
        return page(request, "hochladen.html", {"title": "Datei hochladen", "error": str(exc)}, 413)
    suffix = Path(filename).suffix.lower()
    if not data or suffix not in SUFFIXES:
        return page(request, "hochladen.html", {"title": "Datei hochladen", "error":
                    "Bitte wähle eine CSV-Datei (Semikolon-getrennt) oder eine YAML-Datei (.yml) aus."}, 422)
    db, sources = kb_paths()
    result = await to_thread(_analyse_bytes, db, sources, data, suffix, filename)
    token = secrets.token_urlsafe(16)
    session.pending["upload"] = {"token": token, "data": data, "suffix": suffix, "filename": filename,
                                 "changes": [(c.key, c.new) for c in result.added + result.changed]}
    audit(request, "upload_preview", "ok" if result.applicable else "rejected", file=filename,
          rejected=len(result.rejected) + len(result.file_errors))
    return page(request, "upload_vorschau.html", {"title": "Vorschau des Uploads", "p": result, "token": token,
                                                  "change_rows": change_rows, "labels": LABELS},
                status=200 if result.applicable or not (result.rejected or result.file_errors) else 422)


@editor
async def apply(request: web.Request) -> web.Response:
    db, sources = kb_paths()
    form_data = await read_form(request)
    session = request["console_session"]
    pending = session.pending.get("upload")
    comment = str(form_data.get("comment", "")).strip()
    if not pending or form_data.get("token") != pending["token"]:
        return page(request, "fehler.html", {"title": "Keine Vorschau", "message":
                    "Zu diesem Upload gibt es keine Vorschau (mehr). Bitte lade die Datei noch einmal hoch."}, 409)
    if not comment:
        return page(request, "fehler.html", {"title": "Kommentar fehlt", "message":
                    "Bitte gib einen Kommentar an (z. B. die neue Quelle) und versuch es noch einmal."}, 422)
    try:
        dry = await to_thread(_import, db, sources, pending["data"], pending["suffix"], actor(request), comment, True)
        if [(c.key, c.new) for c in dry.changes] != pending["changes"]:
            raise ValidationFailed([])
        result = await to_thread(_import, db, sources, pending["data"], pending["suffix"], actor(request), comment, False)
    except (ValidationFailed, KnowledgeBaseBusy) as exc:
        audit(request, "upload_apply", "conflict", file=pending["filename"])
        message = str(exc) if isinstance(exc, KnowledgeBaseBusy) else (
            "Die Zahlen wurden inzwischen anders geändert. Nichts wurde übernommen – bitte lade die Datei neu hoch.")
        return page(request, "fehler.html", {"title": "Nicht übernommen", "message": message}, 409)
    session.pending.pop("upload", None)
    audit(request, "upload_apply", "ok", file=pending["filename"], figures=[c.key for c in result.changes],
          batch=result.batch, comment=comment)
    return see_other(f"/admin/verlauf?batch={result.batch or ''}")


@editor
async def cancel(request: web.Request) -> web.Response:
    request["console_session"].pending.pop("upload", None)
    audit(request, "upload_cancel", "ok")
    return see_other("/admin/hochladen?verworfen=1")
