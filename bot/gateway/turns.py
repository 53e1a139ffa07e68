"""One chat turn, shared by every public channel – the JSON API (/api/v1/chat), socket.io and
Rasa's REST webhook shape: portal key and origin, typed text versus quick-reply token, the
gateway's durable sessions (bot.gateway.sessions) under their per-session lock, rate limits
(per client address, per session, new sessions per client address), the call to Rasa and the
opaque button tokens in its answer. Every refusal is an ApiError with a German message; each
channel renders it its own way."""
from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import dataclass
from typing import Any, AsyncIterator, Literal

from aiohttp import web

from bot.gateway.portals import Portal
from bot.gateway.ratelimit import Limiter
from bot.gateway.sessions import STORE_ERRORS, Locks, SessionStore, named_id
from bot.gateway.upstream import RasaClient, UpstreamError

log = logging.getLogger("berufslotse.gateway")


class ApiError(Exception):
    """A refusal with HTTP status, machine-readable code and a German message for people."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(message)
        self.status, self.code, self.message, self.headers, self.extra = status, code, message, headers or {}, extra

    def body(self) -> dict[str, Any]:
        """The error object every channel sends: code, message and extras such as field or retry_after."""
        return {"code": self.code, "message": self.message, **self.extra}


async def json_object(request: web.Request) -> dict[str, Any]:
    """An HTTP request's body as a JSON object, or a 400 naming the problem."""
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ApiError(400, "invalid_json", "Die Anfrage ist kein gültiges JSON.") from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", "Erwartet wird ein JSON-Objekt.")
    return body


def check_portal(portals: dict[str, Portal], key: Any, origin: str | None) -> Portal:
    """The key must be known, and a browser's origin must be allowed for that key.

    Args:
        portals: The configured portals by key.
        key: The portal key the client sent (any type; only a known string passes).
        origin: The browser's Origin header, None for clients that send none (servers, apps).

    Raises:
        ApiError: 403 ``unknown_portal`` or ``origin_not_allowed``.
    """
    portal = portals.get(key) if isinstance(key, str) else None
    if portal is None:
        raise ApiError(403, "unknown_portal", "Unbekannter oder fehlender Portal-Schlüssel.")
    if origin is not None and origin.lower() not in portal.allowed_origins:
        raise ApiError(403, "origin_not_allowed", "Diese Website darf den Berufslotsen nicht einbinden.")
    return portal


async def take(limiter: Limiter, key: str, what: str) -> None:
    """Counts one request against a token bucket; raises 429 with Retry-After when it is empty.

    Args:
        limiter: The bucket set (per address, per session or new sessions per address).
        key: The bucket's key.
        what: What was too much, in German ("Nachrichten in diesem Gespräch").

    Raises:
        ApiError: 429 ``rate_limited``.
        StoreUnavailable: the shared limiter (Redis) cannot be reached.
    """
    wait = await limiter.take(key)
    if wait:
        raise ApiError(429, "rate_limited", f"Zu viele {what}. Bitte warte {int(wait)} Sekunden.",
                       headers={"Retry-After": str(int(wait))}, retry_after=int(wait))


def typed_text(message: Any, max_chars: int) -> str:
    """What a person typed, always as text: a leading '/' would make Rasa read it as an intent
    ('/restart', '/ask_salary{…}'), so it is dropped – quick replies come as tokens instead."""
    if not isinstance(message, str) or not message.strip():
        raise ApiError(400, "invalid_field", "Das Feld 'message' fehlt oder ist leer.", field="message")
    if len(message) > max_chars:
        raise ApiError(413, "message_too_long", f"Die Nachricht ist zu lang (höchstens {max_chars} Zeichen).",
                       field="message")
    text = message.strip().lstrip("/").strip()
    if not text:
        raise ApiError(400, "invalid_field", "Das Feld 'message' enthält keinen Text.", field="message")
    return text


# How the text of a turn came: typed (checked text), a quick-reply token (the JSON API's
# 'button'), or either (socket.io and REST clients send a quick reply's payload as the message).
Kind = Literal["text", "button", "either"]


@dataclass
class Chat:
    """Everything a turn needs; one instance per gateway application (``app[CHAT]``)."""

    portals: dict[str, Portal]
    sessions: SessionStore
    locks: Locks
    per_session: Limiter
    per_address: Limiter
    new_sessions: Limiter
    max_message_chars: int
    retry_after_seconds: int
    rasa: RasaClient | None = None  # set when the application starts (it needs the HTTP client session)

    async def check_address(self, address: str | None) -> None:
        """The per-address rate limit, counted once per incoming message."""
        async with self._storage():
            await take(self.per_address, address or "-", "Nachrichten von deiner Adresse")

    def typed_text(self, message: Any) -> str:
        """Typed text within the size limit, never an intent."""
        return typed_text(message, self.max_message_chars)

    def _unavailable(self, code: str, message: str) -> ApiError:
        return ApiError(503, code, message, headers={"Retry-After": str(self.retry_after_seconds)},
                        retry_after=self.retry_after_seconds)

    @contextlib.asynccontextmanager
    async def _storage(self) -> AsyncIterator[None]:
        """A busy, unreadable or unreachable session store is a retryable 503, on every channel."""
        try:
            yield
        except STORE_ERRORS as exc:
            log.warning("Sitzungsdatenbank: %s", exc)
            raise self._unavailable("storage_unavailable", "Der Berufslotse ist gerade nicht erreichbar. Bitte "
                                    "versuche es gleich noch einmal.") from None

    async def _new_session(self, address: str | None) -> None:
        # leaving out (or forging) a session id bypasses no limit: new sessions are counted per client
        await take(self.new_sessions, address or "-", "neue Gespräche von deiner Adresse")

    async def _text(self, portal_key: str, session_id: str | None, text: Any, kind: Kind) -> str:
        if kind == "text":
            return text
        token = text if isinstance(text, str) and session_id else None
        payload = await self.sessions.button_payload(portal_key, session_id, token) if token else None
        if payload is None and kind == "button":
            raise ApiError(400, "unknown_button", "Diese Schnellantwort gehört nicht zu deinem Gespräch. Tippe deine "
                           "Frage einfach ein.", field="button")
        return payload or text

    async def confirm(self, portal: Portal, session_id: str | None, address: str | None) -> str:
        """A session for a client that asks for one before its first message (socket.io): the
        sent id if this gateway issued it for this portal and it is live, else a new one."""
        async with self._storage(), self.locks(session_id):
            if session_id and await self.sessions.touch(portal.key, session_id):
                return session_id
            await self._new_session(address)
            return await self.sessions.create(portal.key)

    async def reserve(self, session_id: str | None, address: str | None) -> str:
        """Like `confirm` for a client that names its portal only with its first message: a live
        id this gateway issued is kept, anything else gets a new id the first portal to use it owns."""
        async with self._storage(), self.locks(session_id):
            if session_id and await self.sessions.renew(session_id):
                return session_id
            await self._new_session(address)
            return await self.sessions.reserve()

    async def send(self, portal: Portal, session_id: str | None, text: Any, address: str | None, *,
                   kind: Kind = "text", name: str | None = None) -> tuple[str, list[dict[str, Any]]]:
        """One turn in the portal's session, under the session's lock (a deletion waits for it).

        Args:
            portal: The checked portal.
            session_id: The id the client sent; only honoured if this gateway issued it for this
                portal and it is live. Ignored when `name` is given.
            text: Checked typed text (kind "text" or "either", see ``typed_text``) or the raw
                quick-reply token (kind "button").
            address: The client's address (behind trusted proxies: the real client's) for the
                new-session limit.
            kind: "text", "button" (only a token of this session is accepted) or "either" (a token
                of this session stands for its payload, anything else is typed text).
            name: The conversation's name for clients that name it themselves (REST `sender`);
                the session is then ``named_id(portal.key, name)`` and kept across restarts.

        Returns:
            The session id (new when the sent one was not honoured) and the bot's messages in the
            API's shape (``text``, ``buttons`` with opaque token payloads, ``chart``).

        Raises:
            ApiError: 400 for an unknown quick-reply token, 429 when the session or the client's
                new sessions come too fast, 503 when Rasa, the action server or the session store fail.
        """
        if name is not None:
            session_id = named_id(portal.key, name)
        async with self._storage(), self.locks(session_id):
            live = bool(session_id) and await self.sessions.touch(portal.key, session_id)
            text = await self._text(portal.key, session_id if live else None, text, kind)
            if not live:
                await self._new_session(address)
                session_id = await (self.sessions.named(portal.key, name) if name is not None
                                    else self.sessions.create(portal.key))
            await take(self.per_session, session_id, "Nachrichten in diesem Gespräch")
            messages = await self._ask_rasa(session_id, text)
            buttons = [button for message in messages for button in message.get("buttons", [])]
            tokens = await self.sessions.issue_buttons(session_id, [button["payload"] for button in buttons])
            for button, token in zip(buttons, tokens):
                button["payload"] = token
        return session_id, messages

    async def _ask_rasa(self, session_id: str, text: str) -> list[dict[str, Any]]:
        if self.rasa is None:
            raise self._unavailable("upstream_unavailable", "Der Berufslotse startet gerade. Bitte versuche es gleich "
                                    "noch einmal.")
        try:
            return await self.rasa.send(session_id, text)
        except UpstreamError as exc:
            log.warning("Upstream-Fehler: %s", exc)
            raise self._unavailable("upstream_unavailable", "Der Berufslotse ist gerade nicht erreichbar. Bitte "
                                    "versuche es gleich noch einmal.") from exc


CHAT = web.AppKey("chat", Chat)
