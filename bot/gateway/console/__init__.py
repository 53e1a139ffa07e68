"""The maintainers' console at /admin: figures, upload, history, gaps and a portal overview.

Server-rendered (aiohttp-jinja2). Its routes live under /admin/ and its guard and strict
Content-Security-Policy act on those paths only, so the public widget and API are untouched (a
sub-application would be tidier, but aiohttp 3.9.5's prefix matching breaks with the installed
yarl, so the routes are registered on the gateway itself). Off unless an
accounts file exists (see :mod:`bot.gateway.console.auth`). Every change goes through the same
library functions as ``python -m bot kb …`` and the admin API and is audited with the name of
the person who made it.
"""
from __future__ import annotations

import logging
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.gateway.console import auth, common, figures, insights, records, upload

HERE = Path(__file__).parent
log = logging.getLogger("berufslotse.gateway")


class _Prefixed:
    """Adds the /admin prefix to every route."""

    def __init__(self, router: web.UrlDispatcher):
        self.router = router

    def add_get(self, path: str, handler) -> None:
        self.router.add_get("/admin" + path, handler)

    def add_post(self, path: str, handler) -> None:
        self.router.add_post("/admin" + path, handler)

    def add_static(self, path: str, folder: Path) -> None:
        self.router.add_static("/admin" + path, folder)


def _routes(app: web.Application) -> None:
    r = _Prefixed(app.router)
    app.router.add_get("/admin", common.home)
    r.add_get("/", common.home)
    r.add_get("/anmelden", common.sign_in_form)
    r.add_post("/anmelden", common.sign_in)
    r.add_post("/abmelden", common.sign_out)
    r.add_get("/zahlen", figures.table)
    r.add_get("/zahlen/bearbeiten", figures.edit_form)
    r.add_post("/zahlen/vorschau", figures.preview)
    r.add_post("/zahlen/uebernehmen", figures.apply)
    r.add_get("/export", figures.export)
    r.add_get("/hochladen", upload.form)
    r.add_post("/hochladen", upload.preview)
    r.add_post("/hochladen/uebernehmen", upload.apply)
    r.add_post("/hochladen/verwerfen", upload.cancel)
    r.add_get("/verlauf", records.history)
    r.add_get("/verlauf/{change:\\d+}", records.confirm_rollback)
    r.add_post("/verlauf/{change:\\d+}/zuruecknehmen", records.rollback)
    r.add_get("/luecken", insights.gaps)
    r.add_post("/luecken/erledigt", insights.mark_handled)
    r.add_get("/portale", insights.portals)
    r.add_static("/static/", HERE / "static")


def setup(app: web.Application, accounts_file: Path | None = None) -> bool:
    """Mounts the console under /admin if accounts are configured; returns whether it is on.

    Args:
        app: the gateway application.
        accounts_file: the YAML file with the accounts (default: ``auth.accounts_file()``).

    Raises:
        auth.AccountsError: the file exists but cannot be used (the gateway must not start half-configured).
    """
    path = accounts_file or auth.accounts_file()
    if not path.is_file():
        return False
    accounts = auth.load_accounts(path)
    if not accounts:
        return False
    app[common.ACCOUNTS] = accounts
    app[common.SESSIONS] = auth.SessionTable()
    app[common.THROTTLE] = auth.SignInThrottle()
    app.middlewares.append(common.guard)
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                         undefined=jinja2.StrictUndefined)
    app.on_response_prepare.append(common.security_headers)
    _routes(app)
    log.info("Pflege-Konsole unter /admin eingeschaltet (%d Konten aus %s)", len(accounts), path)
    return True
