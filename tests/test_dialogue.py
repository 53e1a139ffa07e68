"""Conversation behaviour without a Rasa server: memory, asking back, role switch, fallbacks."""
from __future__ import annotations

import json

from bot.answers import format as fmt
from bot.dialogue import Dialogue, Turn
from bot.kb.queries import KnowledgeBase


def occ(value: str, start: int = 0, end: int = 3) -> dict:
    return {"entity": "occupation", "value": value, "start": start, "end": end}


def test_occupation_is_remembered_for_follow_ups(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = dialogue.answer(Turn("ask_salary", "Was verdient ein OMM?", [occ("omm", 17, 20)]))
    assert first.slots["occupation"] == "omm"
    follow = dialogue.answer(Turn("ask_salary", "Und nach zehn Jahren?", [{"entity": "years_experience", "value": "10"}],
                                  slots=first.slots))
    (ten,) = kb.salary_figures("omm", ["experienced"])
    assert fmt.figure(ten) in follow.replies[0].text
    assert follow.slots["occupation"] == "omm"


def test_other_occupation_replaces_the_remembered_one(dialogue: Dialogue) -> None:
    out = dialogue.answer(Turn("ask_salary", "Und als Kauffrau für Dialogmarketing?", [occ("kfd")],
                               slots={"occupation": "omm", "last_topic": "salary"}))
    assert out.slots["occupation"] == "kfd"
    assert "Dialogmarketing" in out.replies[0].text


def test_missing_occupation_asks_back_and_the_click_answers_the_original_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    # (a training year alone would name the one role with a training)
    asked = dialogue.answer(Turn("ask_salary", "Wie viel verdient man am Anfang?",
                                 [{"entity": "career_stage", "value": "entry"}]))
    reply = asked.replies[0]
    assert "Um welchen Beruf" in reply.text
    assert {b.payload for b in reply.buttons} == {f'/inform_occupation{{"occupation":"{o.id}"}}'
                                                  for o in kb.occupations(in_scope=True)}
    pending = json.loads(asked.slots["pending_topic"])
    assert pending["topic"] == "salary"

    clicked = dialogue.answer(Turn("inform_occupation", "/inform_occupation", [occ("kfd")], slots=asked.slots))
    assert fmt.figure(kb.salary_figures("kfd", ["entry"])[0]) in clicked.replies[0].text
    assert clicked.slots["pending_topic"] is None


def test_naming_only_the_occupation_repeats_the_last_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = dialogue.answer(Turn("ask_salary", "Was verdient ein OMM nach zehn Jahren?",
                                 [occ("omm"), {"entity": "years_experience", "value": "10"}]))
    out = dialogue.answer(Turn("inform_occupation", "Und beim OMM?", [occ("omm")],
                               slots={**first.slots, "occupation": "kfd"}))
    (ten,) = kb.salary_figures("omm", ["experienced"])
    assert fmt.figure(ten) in out.replies[0].text
    switched = dialogue.answer(Turn("inform_occupation", "und bei KfD?", [occ("kfd")], slots=out.slots))
    assert "Für genau 10 Jahre" in switched.replies[0].text


def test_question_about_another_occupation_gets_honest_out_of_scope(dialogue: Dialogue) -> None:
    out = dialogue.answer(Turn("ask_salary", "Was verdient ein Bäcker?", [], slots={"occupation": "omm"}))
    text = out.replies[0].text
    assert "Bäcker" in text and "keine geprüften Informationen" in text
    assert "€" not in text
    assert out.unanswered


def test_a_person_the_asker_knows_is_no_occupation_asked_about(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = dialogue.respond("action_out_of_scope", Turn("out_of_scope", "Mein Lehrer ist genauso nutzlos wie du. "
                                                       "Was ist Owned Traffic?", [], confidence=0.92))
    text = out.replies[0].text
    assert "Lehrer" not in text
    assert any("Owned Traffic" in f.text and f.text in text for f in kb.facts("omm", ["task"]))


def test_fallback_escalates_to_a_human_after_repeated_failures(dialogue: Dialogue) -> None:
    first = dialogue.fallback(Turn("nlu_fallback", "blub"))
    assert "anders formulieren" in first.replies[0].text and first.slots["failed_turns"] == 1
    second = dialogue.fallback(Turn("nlu_fallback", "blub blub", slots=first.slots))
    assert "Berufsberatung der Agentur für Arbeit" in second.replies[0].text


def test_greeting_and_help_name_the_roles_from_the_knowledge_base(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    for outcome in (dialogue.greet(Turn("greet", "hallo")), dialogue.help(Turn("ask_help", "hilfe"))):
        for occupation in kb.occupations(in_scope=True):
            assert occupation.name_neutral in outcome.replies[0].text


def test_roughly_in_a_follow_up_is_no_word_of_a_fact(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'ungefähr' met the requirement line 'ungefähr ein Drittel …' instead of the exam asked about before."""
    (counted,) = [e for e in kb.exams("kfd") if e.task_count]
    first = dialogue.answer(Turn("ask_exam", "Wann ist die Zwischenprüfung im Dialogmarketing?",
                                 [{"entity": "glossary_topic", "value": "dialogmarketing"}]))
    then = dialogue.respond("action_out_of_scope", Turn("out_of_scope", "wie lange dauert das?", [], slots=first.slots,
                                                        confidence=0.34))
    follow = dialogue.respond("action_answer", Turn("ask_salary", "und wie viele aufgaben sind das ungefähr?", [],
                                                    slots={**first.slots, **then.slots}, confidence=0.41,
                                                    ranking=(("ask_salary", 0.41), ("ask_tasks", 0.31))))
    assert f"{counted.task_count} Aufgaben" in follow.replies[0].text


def test_support_after_self_employment_is_its_funding(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (own,) = kb.career_steps("omm", ["selbststaendigkeit"])
    first = dialogue.answer(Turn("ask_career", "Kann man sich als OMM selbstständig machen?", [occ("omm", 24, 27)]))
    follow = dialogue.respond("action_fallback", Turn("nlu_fallback", "gibt's dafür unterstützung?", [],
                                                      slots=first.slots, confidence=0.3))
    assert own.funding in follow.replies[0].text


def test_where_the_bot_has_it_from_names_the_sources(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'woher hast du das?' met the OMM's background (people who come from elsewhere)."""
    first = dialogue.answer(Turn("ask_salary", "Was verdient ein OMM laut Arbeitsagentur?",
                                 [occ("omm", 17, 20), {"entity": "career_stage", "value": "median"}]))
    (median,) = kb.salary_figures("omm", ["median"])
    follow = dialogue.answer(Turn("ask_sources", "woher hast du das?", [], slots=first.slots, confidence=0.88))
    text = follow.replies[0].text
    assert median.source.label in text
    assert not any(f.text in text for f in kb.facts("omm", ["background"]))


def test_where_to_start_leans_on_the_topic_before(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (workshop,) = [p for p in kb.glossary_topic("kundenmanagement").points if p.label == "Workshop"]
    first = dialogue.answer(Turn("ask_glossary", "Wie organisiere ich das Kundenmanagement?",
                                 [{"entity": "glossary_topic", "value": "kundenmanagement"}], confidence=0.97))
    follow = dialogue.respond("action_fallback", Turn("nlu_fallback", "womit fange ich am besten an?", [],
                                                      slots=first.slots, confidence=0.3))
    assert workshop.text in follow.replies[0].text


def test_a_follow_up_to_a_follow_up_stays_with_the_marketing_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'und was hilft?' after the common mistake that a follow-up found: the topic's 'Was hilft' point."""
    (helps,) = [p for p in kb.glossary_topic("kundenbindung_mitarbeiter").points if p.label == "Was hilft"]
    first = dialogue.answer(Turn("ask_glossary", "Wie binden Mitarbeiter Kunden?",
                                 [{"entity": "glossary_topic", "value": "kundenbindung_mitarbeiter"}], confidence=0.96))
    mistake = dialogue.respond("action_fallback", Turn("nlu_fallback", "was ist der häufigste fehler dabei?", [],
                                                       slots=first.slots, confidence=0.3))
    follow = dialogue.respond("action_help", Turn("ask_help", "und was hilft?", [], slots=mistake.slots,
                                                  confidence=0.35))
    assert follow.replies[0].text.startswith(f"**{kb.glossary_topic('kundenbindung_mitarbeiter').title}** – ")
    assert helps.text in follow.replies[0].text
