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


def send(outcome: Outcome, dispatcher: CollectingDispatcher, turn: Turn) -> List[EventType]:
    if outcome.unanswered:
        unanswered.record(turn.text, reason=turn.intent or "unbekannt")
    for reply in outcome.replies:
        dispatcher.utter_message(text=reply.text, buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons],
                                 json_message={"chart": reply.chart} if reply.chart else None)
    # only real changes: every event is stored and re-read by Rasa on each later turn
    return [SlotSet(name, value) for name, value in outcome.slots.items() if turn.slots.get(name) != value]


class DialogueAction(Action):
    """Runs one bot.dialogue step for the latest user turn."""

    action_name = ""

    def name(self) -> Text:
        return self.action_name

    def outcome(self, turn: Turn) -> Outcome:
        raise NotImplementedError

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        turn = turn_from(tracker)
        return send(self.outcome(turn), dispatcher, turn)


class ActionAnswer(DialogueAction):
    """Answers every knowledge-base topic; the intent says which."""

    action_name = "action_answer"

    def outcome(self, turn: Turn) -> Outcome:
        return dialogue().answer(turn)


class ActionGreet(DialogueAction):
    action_name = "action_greet"

    def outcome(self, turn: Turn) -> Outcome:
        return dialogue().greet()


class ActionHelp(DialogueAction):
    action_name = "action_help"

    def outcome(self, turn: Turn) -> Outcome:
        return dialogue().help()


class ActionOutOfScope(DialogueAction):
    action_name = "action_out_of_scope"

    def outcome(self, turn: Turn) -> Outcome:
        return dialogue().out_of_scope(turn)


class ActionFallback(DialogueAction):
    """Low-confidence input: ask to rephrase; after repeated failures offer a human adviser."""

    action_name = "action_fallback"

    def outcome(self, turn: Turn) -> Outcome:
        return dialogue().fallback(turn)
