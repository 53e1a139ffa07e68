"""Decides what to answer in one turn: which topic, which occupation (from this message,
from memory, or by asking back with buttons), and what to remember. Rasa-agnostic, so the
actions stay thin and this logic is tested without a Rasa server."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from bot.answers import topics
from bot.answers.reply import Button, Reply, intent_payload
from bot.answers.topics import NEEDS_OCCUPATION, TOPICS, Ask, render
from bot.kb.models import Occupation
from bot.kb.queries import KnowledgeBase

TOPIC_BY_INTENT = {intent: topic for topic, (intent, _) in TOPICS.items()}
INFORM_OCCUPATION = "inform_occupation"
FAILED_TURNS_BEFORE_HUMAN = 2
# Words that look like a job title ("Bäcker", "Ärztin", "Pflegekraft"): a question about
# another occupation gets an honest "not covered", never the remembered occupation's figures.
_OTHER_ROLE = re.compile(
    r"\b(?:als|ein|eine|einer|einen|einem|zum|zur|beim|bei|der|die|den|das)\s+"
    r"([A-ZÄÖÜ][a-zäöüß]+(?:er|erin|in|mann|frau|kraft|ist|istin|eur|eurin|ent|entin|ant|antin|arzt|ärztin|loge|login|or|orin))\b")


@dataclass
class Turn:
    intent: str
    text: str = ""
    entities: list[dict[str, Any]] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    replies: list[Reply]
    slots: dict[str, Any] = field(default_factory=dict)
    unanswered: bool = False


def _values(entities: list[dict[str, Any]], name: str) -> list[str]:
    return [str(e["value"]) for e in entities if e.get("entity") == name and e.get("value") not in (None, "")]


def _int(values: list[str]) -> int | None:
    for value in values:
        digits = re.sub(r"\D", "", value)
        if digits:
            return int(digits)
    return None


def _question(topic: str, entities: list[dict[str, Any]]) -> str:
    """A question kept in a slot: its topic and details, without the occupation."""
    details = [{"entity": e["entity"], "value": e["value"]} for e in entities if e.get("entity") != "occupation"]
    return json.dumps({"topic": topic, "entities": details}, ensure_ascii=False)


def _load(value: str | None) -> dict[str, Any] | None:
    try:
        loaded = json.loads(value) if value else None
    except json.JSONDecodeError:
        return None
    return loaded if isinstance(loaded, dict) else None


class Dialogue:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb

    # -- occupation handling -------------------------------------------------------
    def _occupation(self, value: str) -> Occupation | None:
        found = self.kb.occupation(value) or self.kb.resolve_occupation(value)
        return found if found and found.in_scope else None

    def mentioned_occupations(self, turn: Turn) -> list[Occupation]:
        found: dict[str, Occupation] = {}
        for value in _values(turn.entities, "occupation"):
            occupation = self._occupation(value)
            if occupation:
                found.setdefault(occupation.id, occupation)
        return list(found.values())

    def _other_role(self, turn: Turn) -> str | None:
        spans = [(e.get("start"), e.get("end")) for e in turn.entities if e.get("start") is not None]
        for match in _OTHER_ROLE.finditer(turn.text):
            start, end = match.span(1)
            if any(s is not None and s < end and start < e for s, e in spans):
                continue
            word = match.group(1)
            known = self.kb.resolve_occupation(word) or self.kb.resolve_topic(word)
            if not known:
                return word
        return None

    def ask_for_occupation(self, topic: str, ask_entities: list[dict[str, Any]]) -> Outcome:
        occupations = self.kb.occupations(in_scope=True)
        names = " oder ".join(f"„{o.name_neutral}“" for o in occupations)
        buttons = [Button(o.name_neutral, intent_payload(INFORM_OCCUPATION, occupation=o.id)) for o in occupations]
        return Outcome([Reply(f"Gern! Um welchen Beruf geht es dir – {names}?", buttons)],
                       {"pending_topic": _question(topic, ask_entities)})

    # -- turns -------------------------------------------------------------------
    def answer(self, turn: Turn) -> Outcome:
        with self.kb.snapshot():
            return self._answer(turn)

    def _answer(self, turn: Turn) -> Outcome:
        entities = list(turn.entities)
        if turn.intent == INFORM_OCCUPATION:
            # the question asked before (pending) or the last one answered, now for this occupation
            earlier = _load(turn.slots.get("pending_topic")) or _load(turn.slots.get("last_topic")) or {}
            topic = earlier.get("topic") or "overview"
            entities += earlier.get("entities", [])
        else:
            topic = TOPIC_BY_INTENT[turn.intent]
        mentioned = self.mentioned_occupations(turn)
        if topic in NEEDS_OCCUPATION and not mentioned:
            other = self._other_role(turn)
            if other and turn.intent != INFORM_OCCUPATION:
                return self.out_of_scope(turn, other)
        occupation = mentioned[0] if mentioned else self._occupation(turn.slots.get("occupation") or "")
        if topic in NEEDS_OCCUPATION and occupation is None:
            return self.ask_for_occupation(topic, entities)
        ask = Ask(
            occupation=occupation,
            training_year=_int(_values(entities, "training_year")),
            years_experience=_int(_values(entities, "years_experience")),
            stages=set(_values(entities, "career_stage")),
            period=next(iter(_values(entities, "period")), None),
            start_year=_int(_values(entities, "start_year")),
            topic_id=next(iter(_values(entities, "glossary_topic")), None),
            text=turn.text,
        )
        reply = render(self.kb, topic, ask)
        slots: dict[str, Any] = {"last_topic": _question(topic, entities), "pending_topic": None, "failed_turns": 0}
        if occupation is not None:
            slots["occupation"] = occupation.id
        return Outcome([reply], slots)

    def greet(self) -> Outcome:
        occupations = self.kb.occupations(in_scope=True)
        names = " und ".join(o.name_neutral for o in occupations)
        text = (f"Hallo! Ich bin der Berufslotse. Ich beantworte deine Fragen zu den Berufen {names}: "
                "Aufgaben, Ausbildung, Prüfungen, Gehalt und Karriere – immer mit Quelle. Was möchtest du wissen?")
        buttons = [topics.button("overview", o, title=f"Was macht man als {o.name_neutral}?") for o in occupations]
        buttons.append(topics.button("compare"))
        return Outcome([Reply(text, buttons)])

    def help(self) -> Outcome:
        occupations = self.kb.occupations(in_scope=True)
        names = " und ".join(o.name_neutral for o in occupations)
        text = (f"Ich kenne mich mit {names} aus. Frag mich zum Beispiel:\n"
                "• Was verdient man als Berufseinsteiger?\n• Wie viel gibt es im dritten Lehrjahr?\n"
                "• Wie läuft die Abschlussprüfung ab?\n• Welche Weiterbildungen gibt es?\n"
                "• Was ist Beziehungsmarketing?\nDu kannst auch einfach nachfragen, z. B. „Und nach zehn Jahren?“")
        buttons = [topics.button("compare"), topics.button("glossary"), topics.button("sources")]
        return Outcome([Reply(text, buttons)])

    def out_of_scope(self, turn: Turn, other_role: str | None = None) -> Outcome:
        occupations = self.kb.occupations(in_scope=True)
        names = " und ".join(o.name_neutral for o in occupations)
        subject = f"Zum Beruf „{other_role}“ habe ich" if other_role else "Dazu habe ich"
        text = (f"{subject} leider keine geprüften Informationen – und ich rate lieber nicht. "
                f"Ich kenne mich mit {names} aus und erkläre Begriffe aus dem Dialog- und Beziehungsmarketing. "
                "Für andere Berufe hilft dir die Berufsberatung der Agentur für Arbeit weiter.")
        buttons = [topics.button("overview", o, title=f"Was macht man als {o.name_neutral}?") for o in occupations]
        buttons.append(topics.button("glossary"))
        return Outcome([Reply(text, buttons)], unanswered=True)

    def fallback(self, turn: Turn) -> Outcome:
        failed = int(turn.slots.get("failed_turns") or 0) + 1
        if failed >= FAILED_TURNS_BEFORE_HUMAN:
            text = ("Tut mir leid, das verstehe ich leider immer noch nicht. Möchtest du lieber mit einem Menschen "
                    "sprechen? Die Berufsberatung der Agentur für Arbeit berät dich persönlich. "
                    "Oder probier eine dieser Fragen:")
        else:
            text = "Das habe ich leider nicht verstanden. Magst du es anders formulieren? Zum Beispiel:"
        occupation = self._occupation(turn.slots.get("occupation") or "")
        buttons = [topics.button("salary", occupation, title="Was verdient man?"),
                   topics.button("training", occupation, title="Wie läuft die Ausbildung?"),
                   topics.button("compare")]
        return Outcome([Reply(text, buttons)], {"failed_turns": failed}, unanswered=True)
