"""Talks to Rasa's REST channel on loopback and turns its messages into the API's shape."""
from __future__ import annotations

import asyncio
from typing import Any

import aiohttp


class UpstreamError(RuntimeError):
    """Rasa or the action server is down, slow or gave no answer."""


class RasaClient:
    def __init__(self, base_url: str, timeout: float, session: aiohttp.ClientSession):
        self._url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session = session

    async def send(self, sender: str, text: str) -> list[dict[str, Any]]:
        try:
            async with self._session.post(self._url, json={"sender": sender, "message": text},
                                          timeout=self._timeout) as response:
                if response.status != 200:
                    raise UpstreamError(f"Rasa antwortete mit HTTP {response.status}")
                payload = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise UpstreamError(f"Rasa nicht erreichbar: {type(exc).__name__}") from exc
        messages = to_messages(payload if isinstance(payload, list) else [])
        if not messages:
            # Every intent has an answer; silence means the action server failed.
            raise UpstreamError("keine Antwort (Action-Server nicht erreichbar?)")
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
