"""The Rasa actions with rasa-sdk's Tracker and CollectingDispatcher against a test database."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import actions
from bot.answers import format as fmt
from bot.kb.queries import KnowledgeBase


@pytest.fixture(autouse=True)
def test_database(kb_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BERUFSLOTSE_KB", str(kb_path))
    actions.dialogue.cache_clear()
    yield
    actions.dialogue.cache_clear()


def tracker(intent: str, text: str = "", entities: list | None = None, **slots) -> Tracker:
    return Tracker("test-user", {"occupation": None, "last_topic": None, "pending_topic": None, "failed_turns": 0, **slots},
                   {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or [], "text": text},
                   [], False, None, {}, "action_listen")


async def run(action, track: Tracker) -> tuple[list[dict], list]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, track, {})
    return dispatcher.messages, events


async def test_salary_action_renders_the_database_rows(kb: KnowledgeBase) -> None:
    messages, events = await run(actions.ActionAnswer(), tracker(
        "ask_training_pay", "Was verdient man im ersten Lehrjahr als KfD?",
        [{"entity": "occupation", "value": "kfd"}, {"entity": "training_year", "value": "1"}]))
    (first,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    assert fmt.figure(first) in messages[0]["text"]
    assert SlotSet("occupation", "kfd") in events
    assert all(b["payload"].startswith("/") for b in messages[0]["buttons"])


async def test_chart_is_sent_as_custom_payload(kb: KnowledgeBase) -> None:
    messages, _ = await run(actions.ActionAnswer(), tracker("ask_training_pay", "Azubi Gehalt", occupation="kfd"))
    charts = [m["custom"]["chart"] for m in messages if m.get("custom")]
    assert len(charts) == 1
    assert [b["max"] for b in charts[0]["bars"]] == [f.amount_max for f in kb.salary_figures("kfd", ["apprenticeship"])]


async def test_missing_occupation_asks_with_buttons() -> None:
    messages, events = await run(actions.ActionAnswer(), tracker("ask_salary", "Was verdient man?"))
    assert len(messages[0]["buttons"]) == 2
    assert any(isinstance(e, dict) and e.get("name") == "pending_topic" for e in events) or \
        any(getattr(e, "get", lambda k: None)("name") == "pending_topic" for e in events)


async def test_greet_help_out_of_scope_and_fallback_actions() -> None:
    for action, intent in ((actions.ActionGreet(), "greet"), (actions.ActionHelp(), "ask_help"),
                           (actions.ActionOutOfScope(), "out_of_scope"), (actions.ActionFallback(), "nlu_fallback")):
        messages, _ = await run(action, tracker(intent, "hallo"))
        assert messages and messages[0]["text"] and "€" not in messages[0]["text"]


async def test_actions_answer_from_any_worker_thread() -> None:
    """The actions run the dialogue in worker threads (asyncio.to_thread): the per-process search
    index and knowledge-base connection, built in one thread, must serve every other one."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    question = tracker("ask_salary", "Was verdient ein Online Marketing Manager?",
                       [{"entity": "occupation", "value": "omm"}])
    first, _ = await run(actions.ActionAnswer(), question)  # builds the index in one worker thread
    with ThreadPoolExecutor(max_workers=4) as pool:  # … and these are other threads
        loop = asyncio.get_running_loop()
        outcomes = await asyncio.gather(*(loop.run_in_executor(pool, actions.respond, "action_answer",
                                                               actions.turn_from(question)) for _ in range(8)))
    assert all(o.replies and o.replies[0].text == first[0]["text"] for o in outcomes)
