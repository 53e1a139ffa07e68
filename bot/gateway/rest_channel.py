"""Rasa's REST channel shape on the gateway, for existing REST clients:
POST /webhooks/rest/webhook with {"sender", "message"} → [{"recipient_id", "text", "buttons"}, …].

The portal key comes as the `X-Portal-Key` header (as on /api/v1/chat) or, for clients that
cannot set headers, as `?portal_key=`. The `sender` names the conversation (as with Rasa); the
gateway keeps each portal's senders apart in its durable session store (bot.gateway.sessions.
named_id), so a conversation continues after a gateway restart. A quick reply is sent back as its
`payload` – an opaque token valid for this sender only. Everything else is the JSON API's turn
(bot.gateway.turns): session lock, limits (a new sender counts as a new session), typed text
never an intent, German errors. The reply's `X-Session-Id` header names the gateway's session, so
the portal can delete the conversation (DELETE /api/v1/sessions/{id})."""
from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.gateway.turns import CHAT, ApiError, check_portal, json_object

PATH = "/webhooks/rest/webhook"
SESSION_HEADER = "X-Session-Id"
FIELDS = {"sender", "message", "metadata"}  # metadata is accepted for compatibility and ignored


def to_rest_messages(recipient: str, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The API's messages as Rasa's REST channel sends them: a chart as a custom payload of its own."""
    out: list[dict[str, Any]] = []
    for message in messages:
        if message.get("text") or message.get("buttons"):
            item: dict[str, Any] = {"recipient_id": recipient, "text": message.get("text", "")}
            if message.get("buttons"):
                item["buttons"] = [{"title": b["title"], "payload": b["payload"]} for b in message["buttons"]]
            out.append(item)
        if message.get("chart"):
            out.append({"recipient_id": recipient, "custom": {"chart": message["chart"]}})
    return out


async def webhook(request: web.Request) -> web.Response:
    """POST /webhooks/rest/webhook: one turn in the sender's conversation."""
    chat = request.app[CHAT]
    key = request.headers.get("X-Portal-Key") or request.query.get("portal_key")
    portal = check_portal(chat.portals, key, request.headers.get("Origin"))
    request["portal_key"] = portal.key
    await chat.check_address(request.remote)
    body = await json_object(request)
    unknown = sorted(set(body) - FIELDS)
    if unknown:
        raise ApiError(400, "invalid_field", f"Unbekanntes Feld: {unknown[0]}", field=unknown[0])
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > 100:
        raise ApiError(400, "invalid_field", "Das Feld 'sender' muss eine Zeichenkette mit 1 bis 100 Zeichen sein.",
                       field="sender")
    text = chat.typed_text(body.get("message"))
    session_id, messages = await chat.send(portal, None, text, request.remote, kind="either", name=sender)
    # Rasa's shape has no place for it: the header names the session for DELETE /api/v1/sessions/{id}
    return web.json_response(to_rest_messages(sender, messages), headers={SESSION_HEADER: session_id})


async def health(request: web.Request) -> web.Response:
    """GET /webhooks/rest/: what Rasa answers there, for clients that check it before chatting."""
    return web.json_response({"status": "ok"})


def install(app: web.Application) -> list[web.AbstractRoute]:
    """Adds the webhook routes; returns the one browsers may call cross-origin."""
    app.router.add_get("/webhooks/rest/", health)
    return [app.router.add_post(PATH, webhook)]
