"""End to end through Rasa's REST channel: real NLU, real dialogue policy, real action server."""
from __future__ import annotations

import json
import sqlite3
import urllib.request
from pathlib import Path

import pytest

from bot.answers import format as fmt
from bot.kb.queries import KnowledgeBase
from tests.stack import MODEL, running_stack

pytestmark = [pytest.mark.rasa, pytest.mark.e2e]


@pytest.fixture(scope="module")
def stack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="module")
def stack(stack_dir: Path):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} fehlt – `make test` trainiert es")
    with running_stack(stack_dir) as (ports, services):
        yield ports


@pytest.fixture(scope="module")
def live_kb() -> KnowledgeBase:
    return KnowledgeBase()  # the database the stack itself uses


def say(ports, sender: str, text: str) -> list[dict]:
    request = urllib.request.Request(f"http://127.0.0.1:{ports.rasa}/webhooks/rest/webhook",
                                     data=json.dumps({"sender": sender, "message": text}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def test_three_turn_follow_up_conversation(stack, live_kb: KnowledgeBase) -> None:
    first = say(stack, "e2e-1", "Was verdient eine Online-Marketing-Managerin?")
    entry = live_kb.salary_figures("omm", ["entry"])[0]
    assert fmt.figure(entry) in texts(first)
    assert any(m.get("custom", {}).get("chart") for m in first)

    second = say(stack, "e2e-1", "Und nach zehn Jahren?")
    (ten,) = live_kb.salary_figures("omm", ["experienced"])
    assert fmt.figure(ten) in texts(second)

    third = say(stack, "e2e-1", "Und als Kaufmann für Dialogmarketing?")
    kfd_text = texts(third)
    assert "Kaufmann/Kauffrau für Dialogmarketing" in kfd_text and "keine Zahl" in kfd_text


def test_every_turn_is_written_to_the_tracker_database(stack, stack_dir: Path) -> None:
    """The cached tracker store still writes each turn through to SQL, once."""
    questions = ["Hallo", "Was verdient ein Online Marketing Manager?", "Und nach zehn Jahren?"]
    for question in questions:
        say(stack, "e2e-db", question)
    with sqlite3.connect(stack_dir / "tracker.db") as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = 'e2e-db' AND type_name = 'user' ORDER BY id").fetchall()
    assert [json.loads(data)["text"] for (data,) in rows] == questions


def test_missing_role_question_and_button(stack, live_kb: KnowledgeBase) -> None:
    # (a training year alone would name the one role with a training)
    asked = say(stack, "e2e-2", "Wie viel verdient man am Anfang?")
    buttons = asked[0]["buttons"]
    assert {b["title"] for b in buttons} == {o.name_neutral for o in live_kb.occupations(in_scope=True)}
    kfd = next(b for b in buttons if "Dialogmarketing" in b["title"])
    answered = say(stack, "e2e-2", kfd["payload"])
    assert fmt.figure(live_kb.salary_figures("kfd", ["entry"])[0]) in texts(answered)


def test_exam_glossary_and_out_of_scope(stack, live_kb: KnowledgeBase) -> None:
    exam = texts(say(stack, "e2e-3", "Wie läuft die Abschlussprüfung als Kauffrau für Dialogmarketing ab?"))
    final = next(e for e in live_kb.exams("kfd") if e.parts)
    assert all(f"{p.duration_minutes} Minuten" in exam for p in final.parts)
    glossary = texts(say(stack, "e2e-3", "Was sind die 8 Ps?"))
    assert all(p.label in glossary for p in live_kb.glossary_topic("acht_ps").points)
    other = texts(say(stack, "e2e-3", "Was verdient ein Pilot?"))
    assert "€" not in other and "keine geprüften Informationen" in other


async def test_socketio_channel_with_session_persistence(stack, live_kb: KnowledgeBase) -> None:
    """Standard Rasa web widgets connect over socket.io; with the pinned python-socketio the
    bot's answer reaches the session's room (5.10+ silently drops it)."""
    import asyncio

    import socketio

    client = socketio.AsyncClient()
    confirmed: asyncio.Future = asyncio.get_running_loop().create_future()
    answers: asyncio.Queue = asyncio.Queue()
    client.on("session_confirm", lambda sid: confirmed.done() or confirmed.set_result(sid))
    client.on("bot_uttered", lambda data: answers.put_nowait(data))
    await client.connect(f"http://127.0.0.1:{stack.rasa}", transports=["websocket"])
    try:
        await client.emit("session_request", {"session_id": "socket-e2e"})
        assert await asyncio.wait_for(confirmed, 10) == "socket-e2e"
        await client.emit("user_uttered", {"message": "Was verdient ein OMM?", "session_id": "socket-e2e"})
        first = await asyncio.wait_for(answers.get(), 30)
        entry = live_kb.salary_figures("omm", ["entry"])[0]
        assert fmt.figure(entry) in first["text"]
    finally:
        await client.disconnect()


def test_questions_in_other_languages_get_the_note_and_the_answer(stack, live_kb: KnowledgeBase) -> None:
    """Rasa's classifier and the action both read the German gloss (bot.nlp.gloss), not the original."""
    from bot.answers.language import NOTES

    french = texts(say(stack, "e2e-fr", "Combien gagne un Online Marketing Manager au début de sa carrière ?"))
    (omm_entry,) = live_kb.salary_figures("omm", ["entry"])
    assert french.startswith(NOTES["fr"]) and fmt.figure(omm_entry) in french

    ukrainian = texts(say(stack, "e2e-uk", "Скільки триває навчання на Kaufmann für Dialogmarketing?"))
    years = live_kb.training("kfd").regulation.duration_years
    assert ukrainian.startswith(NOTES["uk"]) and f"{years} Jahre" in ukrainian

    english = texts(say(stack, "e2e-en", "what is the kldb code for online marketing manager"))
    assert english.startswith(NOTES["en"]) and live_kb.occupation("omm").kldb2010 in english
