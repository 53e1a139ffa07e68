"""What every console page shares: the guard (signed in? CSRF?), security headers, rendering,
auditing, and the sign-in and sign-out pages."""
from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import secrets
from functools import wraps
from pathlib import Path
from typing import Any, Awaitable, Callable

import aiohttp_jinja2
from aiohttp import web
from multidict import MultiDictProxy

from bot import config
from bot.gateway.console.auth import Account, Session, SessionTable, SignInThrottle, check_credentials, same_token

ACCOUNTS = web.AppKey("console_accounts", dict)
SESSIONS = web.AppKey("console_sessions", SessionTable)
THROTTLE = web.AppKey("console_throttle", SignInThrottle)
COOKIE = "berufslotse_konsole"
PRE_COOKIE = "berufslotse_konsole_anmeldung"
PUBLIC = ("/admin/anmelden", "/admin/static/")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
audit_log = logging.getLogger("berufslotse.audit")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def kb_paths() -> tuple[Path, Path]:
    """The live database and the curated sources (read at each request, so tests can point elsewhere)."""
    return config.kb_path(), config.kb_source_dir()


def client(request: web.Request) -> str:
    """The client's network (last octet / 80 bits dropped), as the access log keeps it."""
    try:
        ip = ipaddress.ip_address(request.remote or "")
    except ValueError:
        return "-"
    return str(ipaddress.ip_network(f"{ip}/{24 if ip.version == 4 else 48}", strict=False).network_address)


def audit(request: web.Request, action: str, outcome: str, **details: Any) -> None:
    """One JSON line per console action, with the maintainer's name."""
    session: Session | None = request.get("console_session")
    audit_log.info(json.dumps({"event": "console", "maintainer": session.account.name if session else details.pop("name", None),
                               "action": action, "method": request.method, "path": request.path, "outcome": outcome,
                               "client": client(request), **details}, ensure_ascii=False))


def actor(request: web.Request) -> str:
    """How the change log names a console change."""
    return f"konsole:{request['console_session'].account.name}"


async def read_form(request: web.Request) -> MultiDictProxy:
    """The posted form (read once and cached by aiohttp; the gateway's body limit applies)."""
    return await request.post()


def see_other(location: str) -> web.Response:
    """A redirect after a POST (303), so reloading the result page never repeats an action."""
    return web.Response(status=303, headers={"Location": location})


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Signed-out requests never reach a page or an action; every POST carries the session's CSRF token."""
    if not (request.path == "/admin" or request.path.startswith("/admin/")) or request.path.startswith(PUBLIC):
        return await handler(request)
    session = request.app[SESSIONS].get(request.cookies.get(COOKIE))
    if session is None:
        if request.method in ("GET", "HEAD"):
            raise web.HTTPSeeOther("/admin/anmelden")
        audit(request, "refused", "signed_out")
        return _refusal(request, 403, "Bitte melde dich zuerst an.")
    request["console_session"] = session
    if request.method == "POST":
        # a file upload (multipart) carries the token in its action URL; every other form in a field
        form = await read_form(request) if request.content_type != "multipart/form-data" else None
        given = form.get("csrf") if form is not None else request.query.get("csrf")
        if not same_token(given if isinstance(given, str) else None, session.csrf):
            audit(request, "refused", "csrf")
            return _refusal(request, 403, "Das Formular ist abgelaufen oder stammt nicht von dieser Konsole. "
                                          "Lade die Seite neu und versuche es noch einmal.")
    return await handler(request)


def _refusal(request: web.Request, status: int, message: str) -> web.Response:
    return page(request, "fehler.html", {"title": "Nicht erlaubt", "message": message}, status=status)


def editor(handler: Handler) -> Handler:
    """Only maintainers change or look at the figures; advisers see the overview pages."""
    @wraps(handler)
    async def wrapped(request: web.Request) -> web.StreamResponse:
        if not request["console_session"].account.can_edit:
            return _refusal(request, 403, "Diese Seite ist der Datenpflege vorbehalten.")
        return await handler(request)
    return wrapped


def context(request: web.Request) -> dict[str, Any]:
    """What the page frame needs: who is signed in, the CSRF token, the current path."""
    session: Session | None = request.get("console_session")
    return {"me": session.account if session else None, "csrf": session.csrf if session else "",
            "path": request.path}


def page(request: web.Request, template: str, values: dict[str, Any], status: int = 200) -> web.Response:
    """A rendered console page."""
    return aiohttp_jinja2.render_template(template, request, {**context(request), **values}, status=status)


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    if not (request.path == "/admin" or request.path.startswith("/admin/")):
        return
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    if not request.path.startswith("/admin/static/"):
        response.headers["Cache-Control"] = "no-store"


async def to_thread(func: Callable, *args: Any) -> Any:
    """File and SQLite work stays off the event loop."""
    return await asyncio.to_thread(func, *args)


async def home(request: web.Request) -> web.Response:
    raise web.HTTPSeeOther("/admin/zahlen" if request["console_session"].account.can_edit else "/admin/portale")


def _cookie(response: web.StreamResponse, request: web.Request, name: str, value: str) -> None:
    response.set_cookie(name, value, path="/admin", httponly=True, samesite="Strict", secure=request.secure)


async def sign_in_form(request: web.Request, error: str | None = None, status: int = 200, name: str = "") -> web.Response:
    token = secrets.token_urlsafe(24)
    response = page(request, "anmelden.html", {"title": "Anmelden", "error": error, "login_token": token, "name": name},
                    status=status)
    _cookie(response, request, PRE_COOKIE, token)
    return response


async def sign_in(request: web.Request) -> web.Response:
    form = await read_form(request)
    if not same_token(form.get("csrf"), request.cookies.get(PRE_COOKIE)):
        audit(request, "sign_in", "csrf")
        return await sign_in_form(request, "Das Anmeldeformular ist abgelaufen. Bitte versuche es noch einmal.", 403)
    name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
    throttle, keys = request.app[THROTTLE], (f"addr:{client(request)}", f"name:{name.lower()}")
    wait = throttle.wait_seconds(*keys)
    if wait:
        audit(request, "sign_in", "throttled", name=name)
        response = await sign_in_form(request, f"Zu viele Fehlversuche. Bitte warte {wait // 60 + 1} Minuten.", 429, name)
        response.headers["Retry-After"] = str(wait)
        return response
    account: Account | None = await to_thread(check_credentials, request.app[ACCOUNTS], name, password)
    if account is None:
        throttle.failed(*keys)
        audit(request, "sign_in", "failed", name=name)
        return await sign_in_form(request, "Name oder Passwort stimmt nicht.", 401, name)
    throttle.succeeded(*keys)
    sid, session = request.app[SESSIONS].create(account)
    request["console_session"] = session
    audit(request, "sign_in", "ok")
    response = see_other("/admin/")
    _cookie(response, request, COOKIE, sid)
    response.del_cookie(PRE_COOKIE, path="/admin")
    return response


async def sign_out(request: web.Request) -> web.Response:
    request.app[SESSIONS].drop(request.cookies.get(COOKIE))
    audit(request, "sign_out", "ok")
    response = see_other("/admin/anmelden")
    response.del_cookie(COOKIE, path="/admin")
    return response
