"""Rasa custom actions. Deliberately thin: they translate between Rasa's tracker and
bot.dialogue, which does the thinking, and bot.answers, which renders from the knowledge base."""
from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted, SlotSet
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
    intent = message.get("intent") or {}
    return Turn(intent=intent.get("name") or "", confidence=float(intent.get("confidence") or 0.0),
                text=message.get("text") or "",
                entities=list(message.get("entities") or []),
                slots={name: tracker.get_slot(name) for name in SLOTS},
                language=message.get("language"),
                ranking=tuple((r.get("name") or "", float(r.get("confidence") or 0.0))
                              for r in message.get("intent_ranking") or []))


def respond(action_name: str, turn: Turn) -> Outcome:
    """One dialogue step, including the SQLite reads and the unanswered-question log write.
    Blocking, so the actions run it in a worker thread (the knowledge base is thread-safe)."""
    outcome = dialogue().respond(action_name, turn)
    if outcome.unanswered:
        unanswered.record(turn.text, reason=outcome.reason or turn.intent or "unbekannt")
    return outcome


def send(outcome: Outcome, dispatcher: CollectingDispatcher, turn: Turn) -> List[EventType]:
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

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        turn = turn_from(tracker)
        outcome = await asyncio.to_thread(respond, self.action_name, turn)  # keeps the action server's loop free
        return send(outcome, dispatcher, turn)


class ActionAnswer(DialogueAction):
    """Answers every knowledge-base topic: the intent says which, the question which fact of it."""

    action_name = "action_answer"


class ActionGreet(DialogueAction):
    """Says hello and what the bot knows."""

    action_name = "action_greet"


class ActionHelp(DialogueAction):
    """Lists what the bot can answer, with examples."""

    action_name = "action_help"


class ActionOutOfScope(DialogueAction):
    """Another occupation or subject: says so honestly, unless the question still names a fact."""

    action_name = "action_out_of_scope"


class ActionFallback(DialogueAction):
    """Low-confidence input: a clearly named fact is still answered; otherwise ask to rephrase, and
    after repeated failures offer a human adviser."""

    action_name = "action_fallback"


class ActionAffirm(DialogueAction):
    """'Ja': accepts the offer of a human adviser, or invites the next question."""

    action_name = "action_affirm"


class ActionBotChallenge(DialogueAction):
    """'Wer bist du?': who answers here – unless the message still names a fact."""

    action_name = "action_bot_challenge"


class ActionCalm(DialogueAction):
    """An insult: a calm reply – unless it also asks about a fact, which is answered."""

    action_name = "action_calm"


class ActionThank(DialogueAction):
    """'Danke': you're welcome – unless the message asks about a fact after all ('was hilft da konkret')."""

    action_name = "action_thank"


class ActionGoodbye(DialogueAction):
    """'Tschüss': goodbye – unless the message asks about a fact after all, or insults."""

    action_name = "action_goodbye"


class ActionRestart(DialogueAction):
    """Rasa's restart (a typed '/restart' too): forgets the conversation and says so."""

    action_name = "action_restart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        await super().run(dispatcher, tracker, domain)
        return [Restarted()]
