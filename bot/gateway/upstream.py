"""Talks to Rasa's REST channel and turns its messages into the API's shape. With several Rasa
replicas each session goes to the one bot.gateway.replicas.ReplicaRouter picks for it."""
from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from bot.gateway.replicas import Replica, ReplicaRouter, describe


class UpstreamError(RuntimeError):
    """Rasa or the action server is down, slow or gave no answer."""


class RasaClient:
    """Sends a turn to the session's replica.

    A replica that refuses the connection never saw the turn, so the turn goes to the next
    healthy replica at once (the session moves with it); a replica that drops the connection may
    have processed it, so that turn fails (503, the client asks again) rather than risk it twice.

    Args:
        router: the replicas and their health.
        timeout: seconds a turn may take.
        session: the gateway's HTTP client.
    """

    def __init__(self, router: ReplicaRouter, timeout: float, session: aiohttp.ClientSession):
        self.router = router
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session = session

    async def send(self, sender: str, text: str) -> list[dict[str, Any]]:
        """The replica's answer to one turn in the API's shape.

        Raises:
            UpstreamError: no healthy replica, or the chosen one failed, was too slow or said nothing.
        """
        tried: list[Replica] = []
        while True:
            replica = await self.router.route(sender, exclude=tried)
            if replica is None:
                raise UpstreamError("kein Rasa-Replikat erreichbar" + (f" ({tried[-1].last_error})" if tried else ""))
            tried.append(replica)
            try:
                return await self._send(replica, sender, text)
            except aiohttp.ClientConnectorError as exc:  # never reached Rasa: safe to ask the next replica
                replica.errors["connect"] += 1
                self.router.mark_down(replica, describe(exc))

    async def _send(self, replica: Replica, sender: str, text: str) -> list[dict[str, Any]]:
        replica.turns += 1
        url = replica.url + "/webhooks/rest/webhook"
        try:
            async with self._session.post(url, json={"sender": sender, "message": text},
                                          timeout=self._timeout) as response:
                if response.status != 200:
                    replica.errors["http_status"] += 1
                    raise UpstreamError(f"Rasa ({replica.name}) antwortete mit HTTP {response.status}")
                payload = await response.json(content_type=None)
        except aiohttp.ClientConnectorError:
            raise
        except asyncio.TimeoutError as exc:
            replica.errors["timeout"] += 1
            raise UpstreamError(f"Rasa ({replica.name}) antwortet nicht: {type(exc).__name__}") from exc
        except aiohttp.ClientConnectionError as exc:  # dropped mid-turn: it may have been processed
            replica.errors["disconnect"] += 1
            self.router.mark_down(replica, describe(exc))
            raise UpstreamError(f"Rasa ({replica.name}) nicht erreichbar: {type(exc).__name__}") from exc
        except (aiohttp.ClientError, ValueError) as exc:
            replica.errors["invalid_response"] += 1
            raise UpstreamError(f"Rasa ({replica.name}) nicht erreichbar: {type(exc).__name__}") from exc
        self.router.mark_up(replica)
        messages = to_messages(payload if isinstance(payload, list) else [])
        if not messages:
            # Every intent has an answer; silence means the action server failed.
            replica.errors["empty"] += 1
            raise UpstreamError(f"keine Antwort von {replica.name} (Action-Server nicht erreichbar?)")
        return messages


def to_messages(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rasa sends text (with buttons) and custom payloads separately; a chart belongs to the
    text before it."""
    messages: list[dict[str, Any]] = []
    for item in raw:
        chart = (item.get("custom") or {}).get("chart") if isinstance(item.get("custom"), dict) else None
        if item.get("text"):
            message: dict[str, Any] = {"text": str(item["text"])}
            buttons = [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                       for b in item.get("buttons") or [] if b.get("payload")]
            if buttons:
                message["buttons"] = buttons
            messages.append(message)
        if chart:
            if messages and "chart" not in messages[-1]:
                messages[-1]["chart"] = chart
            else:
                messages.append({"text": "", "chart": chart})
    return messages
