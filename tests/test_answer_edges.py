"""Corrections by a bare ordinal, insults, who pays for a course, curated gaps beside a fact and other
subjects that share a word with a gap – on the answer path without Rasa. Expected values come from the
knowledge base."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answers import format as fmt
from bot.dialogue import Dialogue, Turn
from bot.kb.queries import KnowledgeBase
from tests.test_answer_path import answer, say

OMM = {"entity": "occupation", "value": "omm"}
KFD = {"entity": "occupation", "value": "kfd"}


@pytest.fixture
def dialogue(kb: KnowledgeBase) -> Dialogue:
    return Dialogue(kb)


def test_a_bare_ordinal_corrects_the_training_year(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_training_pay", "Wie viel verdient man im dritten Lehrjahr als Kaufmann für Dialogmarketing?",
                [KFD, {"entity": "training_year", "value": "3"}])
    text = answer(say(dialogue, "nlu_fallback", "nee sorry, erstes", slots=first.slots, action="action_fallback"))
    (year1,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    (year3,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    assert fmt.figure(year1) in text
    assert fmt.figure(year3) not in text


def test_a_bare_ordinal_with_asking_words_corrects_the_point(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_glossary", "Was ist das 7. P?")
    text = answer(say(dialogue, "nlu_fallback", "sorry, das achte wollte ich wissen", slots=first.slots,
                      action="action_fallback"))
    assert kb.glossary_topic("achtes_p").title in text
    assert kb.glossary_topic("siebtes_p").title not in text


@pytest.mark.parametrize("text", ["Dialogmarketing ist doch nur Telefonterror, ihr Abzocker!",
                                  "Online Marketing Manager sind doch alles Schwätzer und Betrüger"])
def test_an_insult_without_a_question_gets_the_calm_reply_whatever_it_names(dialogue: Dialogue, text: str) -> None:
    out = say(dialogue, "ask_glossary", text)
    assert "freundlich" in answer(out)
    assert "€" not in answer(out)


def test_an_insult_with_a_question_gets_the_answer(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    kpi = next(f for f in kb.facts("omm", ["task"]) if "KPI" in f.text)
    text = answer(say(dialogue, "ask_salary", "Online Marketing ist doch eh Bullshit. Was für Zahlen messen diese Spinner überhaupt?"))
    assert kpi.text in text
    assert "€" not in text


def test_who_pays_for_a_course_is_no_pay_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_lateral_entry",
                      "Wer bezahlt die Umschulung zum Online Marketing Manager, wenn man gerade keinen Job hat?", [OMM]))
    assert "Bildungsgutschein" in text
    (entry,) = kb.salary_figures("omm", ["entry"])
    assert fmt.number(entry.amount_min) not in text


def test_reinkommen_is_no_income(dialogue: Dialogue) -> None:
    text = answer(say(dialogue, "ask_lateral_entry",
                      "Stimmt es, dass viele Online Marketing Manager eigentlich fachfremd reinkommen?", [OMM]))
    assert "Quereinsteiger" in text
    assert "€" not in text


def test_a_gap_is_said_beside_the_line_that_names_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = say(dialogue, "ask_tasks", "gibts als kaufmann im dialogmarketing auch bonuszahlungen oder so", [KFD])
    noted = next(f for f in kb.salary_figures("kfd") if f.note and "Bonus" in f.note)
    assert out.unanswered and out.reason.endswith("bonus")
    assert noted.note in answer(out)


def test_a_gap_for_a_role_without_the_line(dialogue: Dialogue) -> None:
    out = say(dialogue, "ask_salary", "Wie hoch ist so im Schnitt der Bonus für eine Online Marketing Managerin?",
              [OMM, {"entity": "career_stage", "value": "median"}])
    assert "keine geprüfte Angabe" in answer(out)
    assert out.reason.endswith("bonus")


def test_another_subject_that_shares_a_word_with_a_gap_is_out_of_scope(dialogue: Dialogue) -> None:
    turn = replace(Turn("out_of_scope", "Kannst du mir ein gutes Restaurant in Berlin-Mitte empfehlen?"), confidence=0.95)
    text = answer(dialogue.respond("action_out_of_scope", turn))
    assert "keine geprüften Informationen" in text
    assert "Städten" not in text
    money_guess = replace(Turn("ask_salary", "Wer hat gestern das Spiel Bayern gegen Dortmund gewonnen?"), confidence=0.63)
    text = answer(dialogue.respond("action_answer", money_guess))
    assert "keine geprüften Informationen" in text and "€" not in text


def test_a_place_in_a_pay_question_is_still_the_gap(dialogue: Dialogue) -> None:
    out = say(dialogue, "ask_salary", "Was verdient man in Berlin als OMM?", [OMM])
    assert out.reason.endswith("region")
