"""Rasa's socket.io channel protocol on the gateway's public port, so rasa-webchat and widgets
like it work unchanged with `socketUrl` pointing at the gateway (`socketPath` /socket.io/).

Protocol (as Rasa 3.6's channel with `session_persistence: true`): the client emits
`session_request` {session_id}, the server answers `session_confirm` <session id>; the client
emits `user_uttered` {message, session_id, customData}, the server answers with one
`bot_uttered` per message ({text} or {text, quick_replies}; a chart as {custom: {chart}}).

The gateway's rules apply as on /api/v1/chat (bot.gateway.turns): the portal key comes from
`customData.portal_key` (or the connection's auth data `{"portal_key": …}`, or `?portal_key=`
in the socket URL), a browser's origin must be listed for that portal, session ids are issued by
the gateway only and kept in its durable session store (a conversation continues after a gateway
restart), quick-reply payloads are opaque per-session tokens, messages, rates and new sessions
per client address are limited. A refusal is sent as an `error` event ({status, code, message, …}, like the API's error
object) and, for widgets that know no such event, as a `bot_uttered` with the German text."""
from __future__ import annotations

import json
import logging
import time
from typing import Any
from urllib.parse import parse_qs

import socketio
from aiohttp import web

from bot.gateway.cors import allowed_origins
from bot.gateway.turns import CHAT, ApiError, Chat, check_portal

access_log = logging.getLogger("berufslotse.access")
SOCKET_PATH = "socket.io"


def to_socket_messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The API's messages in the shape Rasa's socket.io output sends: text split at blank lines,
    the quick replies on the last part, a chart as a custom payload of its own."""
    out: list[dict[str, Any]] = []
    for message in messages:
        parts = [part for part in (message.get("text") or "").strip().split("\n\n") if part.strip()]
        if message.get("buttons") and not parts:
            parts = [""]
        sent = [{"text": part} for part in parts]
        if message.get("buttons"):
            sent[-1]["quick_replies"] = [{"content_type": "text", "title": b["title"], "payload": b["payload"]}
                                         for b in message["buttons"]]
        out.extend(sent)
        if message.get("chart"):
            out.append({"custom": {"chart": message["chart"]}})
    return out


def _key_in(data: Any) -> Any:
    """`customData.portal_key` of an event (rasa-webchat sends customData with each message)."""
    if not isinstance(data, dict):
        return None
    custom = data.get("customData")
    if isinstance(custom, str):
        try:
            custom = json.loads(custom)
        except ValueError:
            return None
    return custom.get("portal_key") if isinstance(custom, dict) else None


def _session_field(data: dict[str, Any]) -> str | None:
    value = data.get("session_id")
    return value if isinstance(value, str) and 0 < len(value) <= 100 else None


class SocketChannel:
    """The socket.io server and its event handlers for one gateway application."""

    def __init__(self, app: web.Application, max_frame_bytes: int):
        self.app = app
        origins = allowed_origins(app[CHAT].portals)
        self.sio = socketio.AsyncServer(
            async_mode="aiohttp", cors_allowed_origins=lambda origin: bool(origin) and origin.lower() in origins,
            cors_credentials=False, max_http_buffer_size=max_frame_bytes, logger=False, engineio_logger=False)
        self.sio.on("connect", self.connect)
        self.sio.on("session_request", self.session_request)
        self.sio.on("user_uttered", self.user_uttered)
        self.sio.attach(app, socketio_path=SOCKET_PATH)

    @property
    def chat(self) -> Chat:
        return self.app[CHAT]

    async def connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        """Remembers origin and address; a key given with the connection is checked right away."""
        request = environ.get("aiohttp.request")
        origin = environ.get("HTTP_ORIGIN")
        key = auth.get("portal_key") if isinstance(auth, dict) else None
        if key is None:
            key = (parse_qs(environ.get("QUERY_STRING", "")).get("portal_key") or [None])[0]
        if key is not None:
            try:
                key = check_portal(self.chat.portals, key, origin).key
            except ApiError as error:
                self._log("connect", error.status, 0.0, None)
                raise socketio.exceptions.ConnectionRefusedError(error.message, {"status": error.status, **error.body()}) \
                    from None
        await self.sio.save_session(sid, {"origin": origin, "address": request.remote if request else None,
                                          "portal": key, "session": None})

    async def session_request(self, sid: str, data: Any = None) -> None:
        """Confirms a session: the sent id if this gateway issued it (for this portal), else a new one."""
        start = time.perf_counter()
        data = data if isinstance(data, dict) else {}
        async with self.sio.session(sid) as state:
            key = _key_in(data) or state["portal"]
            try:
                await self.chat.check_address(state["address"])
                if key is not None:
                    portal = check_portal(self.chat.portals, key, state["origin"])
                    session_id = await self.chat.confirm(portal, _session_field(data), state["address"])
                    state["portal"] = portal.key
                else:
                    session_id = await self.chat.reserve(_session_field(data), state["address"])
            except ApiError as error:
                await self._refuse(sid, error)
                self._log("session_request", error.status, start, self._known(key))
                return
            self._join(sid, state, session_id)
        await self.sio.emit("session_confirm", session_id, to=sid)
        self._log("session_request", 200, start, state["portal"])

    async def user_uttered(self, sid: str, data: Any = None) -> None:
        """One turn: checks as on /api/v1/chat, then one `bot_uttered` per message to the session's room."""
        start = time.perf_counter()
        data = data if isinstance(data, dict) else {}
        state = await self.sio.get_session(sid)
        if data.get("message") is None:  # rasa-webchat sends its initPayload even when none is set: null
            self._log("user_uttered", 204, start, state["portal"])
            return
        key = _key_in(data) or state["portal"]
        try:
            portal = check_portal(self.chat.portals, key, state["origin"])
            await self.chat.check_address(state["address"])
            session_id = data.get("session_id")
            if state["session"] is None or session_id != state["session"]:
                raise ApiError(400, "invalid_session", "Dieses Gespräch ist nicht bestätigt. Lade die Seite bitte neu.",
                               field="session_id")
            text = self.chat.typed_text(data.get("message"))
            new_id, messages = await self.chat.send(portal, session_id, text, state["address"], kind="either")
        except ApiError as error:
            await self._refuse(sid, error)
            self._log("user_uttered", error.status, start, self._known(key))
            return
        async with self.sio.session(sid) as state:
            state["portal"] = portal.key
            if new_id != session_id:  # the session had expired or belonged to another portal
                self._join(sid, state, new_id)
        if new_id != session_id:
            await self.sio.emit("session_confirm", new_id, to=sid)
        for message in to_socket_messages(messages):
            await self.sio.emit("bot_uttered", message, room=new_id)
        self._log("user_uttered", 200, start, portal.key)

    def _join(self, sid: str, state: dict[str, Any], session_id: str) -> None:
        if state["session"] and state["session"] != session_id:
            self.sio.leave_room(sid, state["session"])
        self.sio.enter_room(sid, session_id)  # python-socketio 5.9: synchronous (see requirements.in)
        state["session"] = session_id

    async def _refuse(self, sid: str, error: ApiError) -> None:
        await self.sio.emit("error", {"status": error.status, **error.body()}, to=sid)
        await self.sio.emit("bot_uttered", {"text": error.message}, to=sid)

    def _known(self, key: Any) -> str | None:
        """A key for the log only if it is a configured one (never arbitrary client text)."""
        return key if isinstance(key, str) and key in self.chat.portals else None

    @staticmethod
    def _log(event: str, status: int, start: float, portal: str | None) -> None:
        """One JSON line per event, like the HTTP access log: never the message text."""
        ms = round((time.perf_counter() - start) * 1000, 1) if start else 0.0
        access_log.info(json.dumps({"event": "socketio", "name": event, "status": status, "ms": ms, "portal": portal}))


SOCKET = web.AppKey("socketio", SocketChannel)


def install(app: web.Application, max_frame_bytes: int) -> SocketChannel:
    """Mounts the socket.io server at /socket.io/ of the gateway application (after app[CHAT] is set)."""
    channel = SocketChannel(app, max_frame_bytes)
    app[SOCKET] = channel
    return channel
