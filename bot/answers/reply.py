"""What an answer consists of, independent of Rasa: the actions turn it into bot messages."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass
class Reply:
    text: str
    buttons: list[Button] = field(default_factory=list)
    chart: dict[str, Any] | None = None


def intent_payload(intent: str, **entities: Any) -> str:
    """A Rasa payload that triggers an intent with entities, e.g. /ask_salary{"occupation":"omm"}."""
    values = {k: str(v) for k, v in entities.items() if v is not None}
    return f"/{intent}" + (json.dumps(values, ensure_ascii=False, separators=(",", ":")) if values else "")
