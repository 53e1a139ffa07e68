"""How a reply is checked: normalised as in ../shared/eval/README.md, then matched."""
from __future__ import annotations

import re

from eval.cases import Turn

_THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}\b)")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def reply_text(messages: list[dict]) -> str:
    """Texts and button titles of one bot reply, joined."""
    parts = []
    for message in messages:
        parts.append(message.get("text") or "")
        parts += [b.get("title") or "" for b in message.get("buttons") or []]
    return "\n".join(p for p in parts if p)


def normalise(text: str) -> str:
    """Lower case, '1.900' → '1900', every dash → '-'."""
    return _DASHES.sub("-", _THOUSANDS.sub("", text.lower()))


def problems(turn: Turn, reply: str) -> list[str]:
    """Why a reply misses what the turn asks for; empty when it holds it."""
    if not reply.strip():
        return ["keine Antwort"]
    text = normalise(reply)
    found = lambda pattern: re.search(pattern, text, re.IGNORECASE) is not None  # noqa: E731
    out = [f"fehlt: {p}" for p in turn.all if not found(p)]
    if turn.any and not any(found(p) for p in turn.any):
        out.append("fehlt eins von: " + " | ".join(turn.any))
    out += [f"unerwünscht: {p}" for p in turn.none if found(p)]
    return out
