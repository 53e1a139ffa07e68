"""Rasa custom actions. Deliberately thin: they translate between Rasa's tracker and
bot.dialogue, which does the thinking, and bot.answers, which renders from the knowledge base."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import unanswered
from bot.dialogue import Dialogue, Outcome, Turn
from bot.kb.queries import KnowledgeBase

SLOTS = ("occupation", "last_topic", "pending_topic", "failed_turns")


@lru_cache(maxsize=1)
def dialogue() -> Dialogue:
    """One knowledge-base connection per action server; it follows live updates by itself."""
    return Dialogue(KnowledgeBase())


def turn_from(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    return Turn(intent=(message.get("intent") or {}).get("name") or "",
                text=message.get("text") or "",
                entities=list(message.get("entities") or []),
                slots={name: tracker.get_slot(name) for name in SLOTS})


def send(outcome: Outcome, dispatcher: CollectingDispatcher, turn: Turn | None = None) -> List[EventType]:
    if outcome.unanswered and turn is not None:
        unanswered.record(turn.text, reason=turn.intent or "unbekannt")
    for reply in outcome.replies:
        dispatcher.utter_message(text=reply.text, buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons])
        if reply.chart:
            dispatcher.utter_message(json_message={"chart": reply.chart})
    return [SlotSet(name, value) for name, value in outcome.slots.items()]


class ActionAnswer(Action):
    """Answers every knowledge-base topic; the intent says which."""

    def name(self) -> Text:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        turn = turn_from(tracker)
        return send(dialogue().answer(turn), dispatcher, turn)


class ActionGreet(Action):
    def name(self) -> Text:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        return send(dialogue().greet(), dispatcher)


class ActionHelp(Action):
    def name(self) -> Text:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        return send(dialogue().help(), dispatcher)


class ActionOutOfScope(Action):
    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        turn = turn_from(tracker)
        return send(dialogue().out_of_scope(turn), dispatcher, turn)


class ActionFallback(Action):
    """Low-confidence input: ask to rephrase; after repeated failures offer a human adviser."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        turn = turn_from(tracker)
        return send(dialogue().fallback(turn), dispatcher, turn)
