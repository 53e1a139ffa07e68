"""Pages that read, never write the knowledge base: gaps (questions the bot could not answer)
and the portal overview for career advisers (aggregates only)."""
from __future__ import annotations

from aiohttp import web

from bot import config, unanswered
from bot.gateway.console import stats
from bot.gateway.console.common import audit, editor, page, read_form, see_other, to_thread

PERIODS = (7, 14, 30)


async def gaps(request: web.Request) -> web.Response:
    try:
        days = int(request.query.get("tage", "30"))
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    found = await to_thread(lambda: unanswered.gaps(config.unanswered_path(), limit=100, days=days))
    return page(request, "luecken.html", {"title": "Offene Fragen", "gaps": found, "days": days, "periods": PERIODS,
                                          "done": request.query.get("erledigt", "")})


@editor
async def mark_handled(request: web.Request) -> web.Response:
    form = await read_form(request)
    key = str(form.get("key", ""))
    try:
        up_to = int(str(form.get("up_to", "")))
    except ValueError:
        return page(request, "fehler.html", {"title": "Ungültig", "message": "Diese Frage gibt es nicht (mehr)."}, 400)
    if not key or len(key) > 400:
        return page(request, "fehler.html", {"title": "Ungültig", "message": "Diese Frage gibt es nicht (mehr)."}, 400)
    await to_thread(unanswered.mark_handled, key, up_to, config.unanswered_path())
    audit(request, "gap_handled", "ok", group=key)
    return see_other("/admin/luecken?erledigt=1")


async def portals(request: web.Request) -> web.Response:
    from bot.gateway.app import SETTINGS  # the gateway imports the console, not the other way round

    settings = request.config_dict[SETTINGS]
    try:
        days = int(request.query.get("tage", "14"))
    except ValueError:
        days = 14
    days = days if days in PERIODS else 14
    account = request["console_session"].account
    found = await to_thread(lambda: stats.portal_stats(settings.tracker_db, settings.sessions_db, days,
                                                       portals=account.portals))
    return page(request, "portale.html", {"title": "Portale im Überblick", "portals": found, "days": days,
                                          "periods": PERIODS, "bars": stats.bars})
