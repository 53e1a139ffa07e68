"""Corrections that restate the question before with a new number, year or start year, and follow-ups that lean on
it with a bare 'das' – on the answer path without Rasa. Expected values come from the knowledge base."""
from __future__ import annotations

import pytest

from bot.answers import format as fmt
from bot.dialogue import Dialogue, Turn
from bot.kb.queries import KnowledgeBase
from tests.test_answer_path import answer, say, stage

KFD = {"entity": "occupation", "value": "kfd"}


def test_a_restated_point_does_not_lean_on_the_number_it_replaces(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_glossary", "Wofür steht das 7. P?", [{"entity": "glossary_topic", "value": "siebtes_p"}])
    text = answer(say(dialogue, "nlu_fallback", "sorry, ich meinte das sechste P", slots=first.slots,
                      action="action_fallback"))
    sixth = next(p for p in kb.glossary_topic("acht_ps").points if p.position == 6)
    seventh = kb.glossary_topic("siebtes_p").title
    assert sixth.label in text and sixth.text in text
    assert seventh not in text or text.index(sixth.text) < text.index(seventh)  # the 6th leads


def test_a_misread_year_corrects_the_training_schedule(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_training", "Wo ist man im dritten Lehrjahr Dialogmarketing?",
                [{"entity": "training_year", "value": "3"}, {"entity": "glossary_topic", "value": "dialogmarketing"}])
    turn = Turn("ask_training_pay", "Verlesen, ich meinte im ersten Lehrjahr",
                [{"entity": "training_year", "value": "1", "start": 24, "end": 39}], first.slots, confidence=0.74,
                ranking=(("ask_training_pay", 0.74), ("ask_training", 0.13), ("out_of_scope", 0.09)))
    text = answer(dialogue.respond("action_answer", turn))
    schedule = kb.training("kfd").schedule
    (year1,) = [s for s in schedule if s.year_from <= 1 <= s.year_to]
    (year3,) = [s for s in schedule if s.year_from <= 3 <= s.year_to]
    assert year1.places in text
    assert year3.places not in text


def test_warte_with_a_bare_ordinal_corrects_the_training_year(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_training_pay", "Azubi-Gehalt Dialogmarketing im ersten Jahr?",
                [stage("apprenticeship"), {"entity": "training_year", "value": "1"}])
    text = answer(say(dialogue, "affirm", "ne warte, ich bin ja schon im dritten", slots=first.slots,
                      action="action_affirm"))
    (year1,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    (year3,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    assert fmt.figure(year3) in text
    assert fmt.figure(year1) not in text


def test_an_unsure_guess_with_a_new_start_year_follows_up_the_legal_minimum(dialogue: Dialogue,
                                                                             kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_training_pay", "Mindestvergütung 2. Ausbildungsjahr bei Beginn 2024?",
                [stage("minimum_training_pay"), {"entity": "training_year", "value": "2"},
                 {"entity": "start_year", "value": "2024"}])
    turn = Turn("ask_requirements", "hoppla, meine ausbildung hat doch erst 2025 angefangen",
                [{"entity": "start_year", "value": "2025"}], first.slots, confidence=0.34)
    text = answer(dialogue.respond("action_answer", turn))
    (floor_2025,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=2, cohort_start_year=2025)
    (floor_2024,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=2, cohort_start_year=2024)
    assert fmt.euro(floor_2025.amount_min) in text
    assert fmt.euro(floor_2024.amount_min) not in text


def test_a_sure_guess_correcting_the_training_year_keeps_the_legal_minimum_and_its_start_year(
        dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_training_pay", "Mindestvergütung viertes Ausbildungsjahr, Start 2025?",
                [stage("minimum_training_pay"), {"entity": "training_year", "value": "4"},
                 {"entity": "start_year", "value": "2025"}])
    turn = Turn("ask_training", "Quatsch, die Ausbildung dauert ja nur 3 Jahre – also das dritte Jahr bitte",
                [{"entity": "training_year", "value": "3"}], first.slots, confidence=0.83,
                ranking=(("ask_training", 0.83), ("ask_training_pay", 0.15)))
    text = answer(dialogue.respond("action_answer", turn))
    floors = {(f.cohort_start_year, f.training_year): f for f in kb.salary_figures(None, ["minimum_training_pay"])}
    assert fmt.euro(floors[2025, 3].amount_min) in text
    assert fmt.euro(floors[2025, 4].amount_min) not in text
    assert fmt.euro(floors[2026, 3].amount_min) not in text  # the start year said before stays


def test_an_apology_naming_another_role_and_a_training_year_re_asks_the_pay(dialogue: Dialogue,
                                                                           kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_salary", "Was verdient mein Sohn Ben als Online Marketing Manager am Anfang?",
                [{"entity": "occupation", "value": "omm"}, stage("entry")])
    turn = Turn("ask_training", "Entschuldigung, er macht eine Ausbildung als Kaufmann für Dialogmarketing und ist im "
                "zweiten Lehrjahr.", [KFD, {"entity": "training_year", "value": "2"}], first.slots, confidence=0.84,
                ranking=(("ask_training", 0.84), ("ask_training_pay", 0.14)))
    text = answer(dialogue.respond("action_answer", turn))
    (year2,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=2)
    assert fmt.figure(year2) in text
    assert not any(fmt.figure(f) in text for f in kb.salary_figures("omm"))


def test_a_bare_das_leans_on_the_topic_before(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_glossary", "Was ist Dialogmarketing?", [{"entity": "glossary_topic", "value": "dialogmarketing"}])
    turn = Turn("nlu_fallback", "über welche kanäle läuft das hauptsächlich?", [], first.slots, confidence=0.3,
                ranking=(("nlu_fallback", 0.3), ("ask_requirements", 0.23), ("ask_sources", 0.2)))
    text = answer(dialogue.respond("action_fallback", turn))
    channels = next(p for p in kb.glossary_topic("dialogmarketing").points if "telefonisch" in p.text)
    assert channels.text in text


def test_a_pass_rate_asked_with_schaffen(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_exam", "Abschlussprüfung Dialogmarketing – wie viele Teile?")
    turn = Turn("nlu_fallback", "schaffen die meisten das?", [], first.slots, confidence=0.3,
                ranking=(("nlu_fallback", 0.3), ("ask_sources", 0.3), ("thank", 0.16)))
    text = answer(dialogue.respond("action_fallback", turn))
    (final,) = [e for e in kb.exams("kfd") if e.pass_rate_min_percent]
    assert f"{final.pass_rate_min_percent}" in text



def test_pardon_corrects_the_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "inform_occupation", "KldB-Schlüssel für Online Marketing Manager?",
                [{"entity": "occupation", "value": "omm"}])
    text = answer(say(dialogue, "inform_occupation", "Pardon, ich brauche den Schlüssel für den Kaufmann für "
                      "Dialogmarketing.", [KFD], slots=first.slots))
    assert kb.occupation("kfd").kldb2010 in text
    assert kb.occupation("omm").kldb2010 not in text


def test_ich_mein_narrows_the_question_before(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_skills", "welche software muss man als omm können",
                [{"entity": "occupation", "value": "omm"}])
    turn = Turn("insult", "ne ich mein speziell für webinare", [], first.slots, confidence=0.65,
                ranking=(("insult", 0.65), ("ask_skills", 0.05), ("out_of_scope", 0.05)))
    text = answer(dialogue.respond("action_calm", turn))
    (webinars,) = [f for f in kb.facts("omm", ["tool"]) if "Webinar" in f.text]
    assert webinars.text in text


def test_a_correction_to_a_career_step_answers_that_step(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    omm = {"entity": "occupation", "value": "omm"}
    first = say(dialogue, "ask_lateral_entry", "Wie lange dauert die Weiterbildung zum OMM für Quereinsteiger?", [omm])
    text = answer(say(dialogue, "inform_occupation", "nein, ich meinte den fachwirt online marketing", [omm],
                      slots=first.slots))
    fachwirt = kb.career_step_named("Fachwirt Online Marketing")
    (lateral,) = [s for s in kb.career_steps("omm", ["quereinstieg"]) if s.duration_months_min]
    assert fachwirt.duration_text in text
    assert lateral.duration_text not in text


def test_a_group_word_corrects_to_the_role_of_that_group_in_the_field(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_salary", "Median Spezialist Dialogmarketing laut Entgeltatlas?",
                [stage("median"), {"entity": "glossary_topic", "value": "dialogmarketing"}])
    out = dialogue.respond("action_out_of_scope", Turn("out_of_scope", "nein, die Fachkraft meinte ich", [],
                                                       dict(first.slots), confidence=0.39))
    text = answer(out)
    (median,) = kb.salary_figures("kfd", ["median"])
    assert fmt.number(median.amount_min) in text
    (specialists,) = kb.salary_figures("betriebswirt_ccm", ["median"])
    assert fmt.number(specialists.amount_min) not in text


def test_other_lines_of_a_kind_are_no_other_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_skills", "Braucht man Englisch als Online Marketing Manager?",
                [{"entity": "occupation", "value": "omm"}])
    out = dialogue.respond("action_fallback", Turn("nlu_fallback", "und andere sprachen?", [], dict(first.slots),
                                                   confidence=0.3))
    text = answer(out)
    assert all(f.text in text for f in kb.facts("omm", ["language"]))
    assert out.slots.get("occupation", "omm") == "omm"


def test_a_follow_up_the_classifier_took_for_a_role_stays_on_the_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_exam", "wann schreibt man die zwischenprüfung als kfd azubi", [KFD])
    out = dialogue.respond("action_answer", Turn("inform_occupation", "und wofür ist die gut", [], dict(first.slots),
                                                 confidence=0.41))
    interim = next(e for e in kb.exams("kfd") if not e.parts)
    assert interim.purpose in answer(out)
    assert not any(f.text in answer(out) for f in kb.facts("kfd", ["task"]))  # not the profile


def test_a_numbered_point_after_a_numbered_point_of_a_topic_is_that_topics_point(dialogue: Dialogue,
                                                                                  kb: KnowledgeBase) -> None:
    """'und das vierte?' after 'Was bedeutet das fünfte davon?' (the 8 Ps before): the 4th P, though the question
    before named only a number."""
    first = say(dialogue, "ask_glossary", "Was sind die 8 Ps?", [{"entity": "glossary_topic", "value": "acht_ps"}])
    second = say(dialogue, "ask_overview", "Was bedeutet das fünfte davon genauer?", slots=first.slots)
    points = {p.position: p.text for p in kb.glossary_topic("acht_ps").points}
    assert points[5] in answer(second)
    third = say(dialogue, "inform_occupation", "und das vierte?", slots={**first.slots, **second.slots})
    assert points[4] in answer(third) and points[5] not in answer(third)


def test_a_course_pointed_at_after_a_career_step_is_the_role_it_leads_to(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'dieser Weiterbildungsabschluss' after the way to Teamleiter is the Betriebswirt Callcentermanagement – its code,
    then its statistics in the next follow-up."""
    first = say(dialogue, "ask_career", "Wie kann ein ausgelernter Kaufmann für Dialogmarketing Teamleiter werden?",
                [{"entity": "occupation", "value": "kfd"}])
    step_role = kb.occupation("betriebswirt_ccm")
    code = dialogue.respond("action_answer", Turn("ask_requirements", "Welche KldB-Kennziffer hat dieser "
                                                  "Weiterbildungsabschluss?", [], first.slots, confidence=0.59))
    assert step_role.kldb2010 in answer(code) and kb.occupation("kfd").kldb2010 not in answer(code)
    median = say(dialogue, "ask_salary", "Und was verdienen die im Median laut Entgeltatlas?", [stage("median")],
                 slots={**first.slots, **code.slots})
    (figure,) = kb.salary_figures("betriebswirt_ccm", ["median"])
    assert fmt.number(figure.amount_min) in answer(median)


def test_the_last_point_after_a_point_of_a_topic_is_that_topics_last(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'und das letzte P?' after the 4th of the 8 Ps: the 8th – not the note on another count after it."""
    first = say(dialogue, "ask_glossary", "was sind plätze des kontakts", [{"entity": "glossary_topic", "value": "acht_ps"}])
    points = {p.label.split(".")[0]: p.text for p in kb.glossary_topic("acht_ps").points}
    for follow_up in ("und das letzte P?", "und das letzte davon?"):
        last = say(dialogue, "inform_occupation", follow_up, slots=first.slots)
        assert points["8"] in answer(last) and points["1"] not in answer(last)
        assert not any(text in answer(last) for number, text in points.items() if not number.isdigit())


def test_a_point_pointed_at_in_the_answer_before_is_that_point(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'das siebte was du gesagt hast, erklär das mal genauer' after the 8 Ps: the 7th P."""
    first = say(dialogue, "ask_glossary", "Was sind die 8 Ps?", [{"entity": "glossary_topic", "value": "acht_ps"}])
    points = {p.label.split(".")[0]: p.text for p in kb.glossary_topic("acht_ps").points}
    seventh = say(dialogue, "ask_help", "das siebte was du gesagt hast, erklär das mal genauer", slots=first.slots,
                  action="action_help")  # the classifier's guess
    assert points["7"] in answer(seventh) and points["6"] not in answer(seventh)


def test_care_with_customer_data_meets_the_trait(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_requirements", "Welche Voraussetzungen gibt es für die Ausbildung zum Kaufmann für "
                "Dialogmarketing?", [{"entity": "occupation", "value": "kfd"}])
    text = answer(dialogue.respond("action_answer", Turn("ask_tasks", "Muss man bei den Kundendaten besonders aufpassen?",
                                                         [], first.slots, confidence=0.87,
                                                         ranking=(("ask_tasks", 0.87), ("ask_skills", 0.06)))))
    (care,) = [f for f in kb.facts("kfd", ["trait"]) if "Kundendaten" in f.text]
    assert care.text in text  # beside the task of keeping customer data, which the classifier guessed


def test_a_short_reply_to_the_question_which_role_picks_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """After 'Um welchen Beruf geht es dir?' the field's first word, the place in the question or 'beide' answers it."""
    asked = dialogue.respond("action_answer", Turn("ask_salary", "Wie viel Gehalt kriegt man nach der Ausbildung?",
                                                   [stage("entry")]))
    pending = {"pending_topic": asked.slots["pending_topic"]}
    kfd_entry, omm_entry = kb.salary_figures("kfd", ["entry"])[0], kb.salary_figures("omm", ["entry"])[0]
    text = answer(dialogue.respond("action_fallback", Turn("nlu_fallback", "dialog", [], pending, confidence=0.3)))
    assert fmt.figure(kfd_entry) in text
    text = answer(dialogue.respond("action_answer", Turn("inform_occupation", "den zweiten", [], pending)))
    assert fmt.figure(omm_entry) in text and fmt.figure(kfd_entry) not in text
    asked = dialogue.respond("action_answer", Turn("ask_skills", "Welche Fähigkeiten brauche ich?"))
    text = answer(dialogue.respond("action_affirm", Turn("affirm", "beide bitte", [], dict(asked.slots), confidence=0.3)))
    assert all(any(f.text in text for f in kb.facts(o, ["skill"])) for o in ("kfd", "omm"))
    # without the bot's question, 'dialog' picks nothing
    assert fmt.figure(kfd_entry) not in answer(dialogue.respond("action_fallback", Turn("nlu_fallback", "dialog",
                                                                                       confidence=0.3)))


def test_not_during_the_training_but_after_it_corrects_to_the_entry(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = dialogue.respond("action_answer", Turn("ask_training_pay", "ausbildungsgehalt kfd drittes jahr",
                                                   [stage("apprenticeship"), KFD,
                                                    {"entity": "training_year", "value": "3"}], {}, confidence=0.87))
    reply = answer(dialogue.respond("action_answer", Turn(
        "ask_training", "ne ich meinte nicht in der ausbildung sondern danach", [stage("apprenticeship")],
        dict(first.slots), confidence=0.35, ranking=(("ask_training", 0.35), ("ask_career", 0.18)))))
    assert fmt.figure(kb.salary_figures("kfd", ["entry"])[0]) in reply
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures("kfd", ["apprenticeship"]))


def test_the_role_set_aside_in_a_correction_is_not_asked(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_tasks", "was macht ein omm den ganzen tag", [{"entity": "occupation", "value": "omm"}])
    text = answer(dialogue.respond("action_answer", Turn(
        "inform_occupation", "nicht omm, kfd meinte ich", [{"entity": "occupation", "value": "omm"}, KFD],
        dict(first.slots), confidence=0.86)))
    assert all(f.text in text for f in kb.facts("kfd", ["task"]))
    assert not any(f.text in text for f in kb.facts("omm", ["summary"]))


def _statistics(kb: KnowledgeBase, role: str) -> dict:
    return {f.stage: f for f in kb.salary_figures(role, ["quartile_25", "median", "quartile_75"])}


def test_one_quartile_asked_is_that_quartile_without_the_other(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    stats = _statistics(kb, "kfd")
    low, high = fmt.euro(stats["quartile_25"].amount_min), fmt.euro(stats["quartile_75"].amount_min)
    first = say(dialogue, "ask_salary", "Unteres Quartil Entgeltatlas Kaufleute für Dialogmarketing?",
                [stage("median"), KFD], action="action_fallback")
    text = answer(first)
    assert low in text and high not in text
    # the correction names the other quartile only: 'Quartil' need not be said right after the statistics
    for correction in ("Ne sorry, das obere Quartil bitte.", "und oberes?"):
        text = answer(say(dialogue, "nlu_fallback", correction, slots=first.slots, action="action_fallback"))
        assert high in text and low not in text
    second = say(dialogue, "nlu_fallback", "falsch gefragt, ich wollte das untere", slots=first.slots,
                 action="action_fallback")
    assert low in answer(second)


@pytest.mark.parametrize("text, side", [
    ("Wie viel verdienen die besser bezahlten 25 Prozent im Dialogmarketing laut Statistik der BA?", "quartile_75"),
    ("Was verdient das untere Viertel der Kaufleute für Dialogmarketing laut Entgeltatlas?", "quartile_25")])
def test_a_quarter_of_the_earners_is_that_quartile(dialogue: Dialogue, kb: KnowledgeBase, text: str, side: str) -> None:
    stats = _statistics(kb, "kfd")
    other = "quartile_25" if side == "quartile_75" else "quartile_75"
    reply = answer(say(dialogue, "ask_salary", text, [stage("median")]))
    assert fmt.euro(stats[side].amount_min) in reply and fmt.euro(stats[other].amount_min) not in reply


def test_what_the_statistics_count_asked_after_them_is_the_statistics(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Auf wie vielen Beschäftigten beruht dieser Wert?' – the statistics say whom they count."""
    (median,) = kb.salary_figures("omm", ["median"])
    first = say(dialogue, "ask_salary", "Was verdient man als OMM laut BA?",
                [stage("median"), {"entity": "occupation", "value": "omm"}])
    turn = Turn("ask_career", "Auf wie vielen Beschäftigten beruht dieser Wert?", [], first.slots, confidence=0.44)
    reply = answer(dialogue.respond("action_answer", turn))
    assert median.population in reply and fmt.euro(median.amount_min) in reply


def test_a_code_corrected_within_the_message_is_the_corrected_roles(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = "KldB von Online Marketing Manager, korrektur: von Kaufmann für Dialogmarketing"
    entities = [{"entity": "occupation", "value": "omm", "start": 9, "end": 33},
                {"entity": "occupation", "value": "kfd", "start": 50, "end": 78}]
    reply = answer(dialogue.respond("action_answer", Turn("inform_occupation", text, entities, confidence=0.9)))
    assert kb.occupation("kfd").kldb2010 in reply and kb.occupation("omm").kldb2010 not in reply


def test_both_quartiles_asked_are_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    stats = _statistics(kb, "omm")
    text = answer(say(dialogue, "ask_compare", "25%- und 75%-Quartil fuer OMM laut Entgeltatlas bitte",
                      [stage("median"), {"entity": "occupation", "value": "omm"}]))
    assert all(fmt.euro(stats[s].amount_min) in text for s in ("quartile_25", "quartile_75"))


def test_a_period_after_the_statistics_converts_the_statistics(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    median = _statistics(kb, "kfd")["median"]
    first = say(dialogue, "ask_salary", "Median KfD laut Arbeitsagentur?", [stage("median"), KFD])
    text = answer(dialogue.respond("action_answer", Turn("ask_salary", "und im Jahr?",
                                                         [{"entity": "period", "value": "year"}], first.slots,
                                                         confidence=0.56)))
    assert fmt.converted(median) in text.replace("Median umgerechnet", "umgerechnet")
    assert not any(fmt.figure(f) in text for f in kb.salary_figures("kfd", ["entry"]))  # not the salary overview


def _legal_minimum(dialogue: Dialogue, text: str, year: int, start: int):
    """The legal minimum asked for a training year and start year: the turn a correction follows."""
    entities = [stage("minimum_training_pay"), {"entity": "training_year", "value": str(year)},
                {"entity": "start_year", "value": str(start)}]
    return say(dialogue, "ask_training_pay", text, entities)


def test_a_year_asked_after_a_dash_keeps_the_legal_minimum(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = _legal_minimum(dialogue, "Mindestvergütung im 4. Jahr, Beginn 2024?", 4, 2024)
    turn = Turn("ask_training", "ach, die Ausbildung dauert ja nur 3 Jahre – dann im dritten bitte",
                [{"entity": "training_year", "value": "3"}], first.slots, confidence=0.64)
    text = answer(dialogue.respond("action_answer", turn))
    floors = {(f.cohort_start_year, f.training_year): f for f in kb.salary_figures(None, ["minimum_training_pay"])}
    assert fmt.euro(floors[2024, 3].amount_min) in text


def test_the_legal_minimum_set_aside_is_the_training_pay(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = _legal_minimum(dialogue, "Mindestvergütung 1. Jahr 2025?", 1, 2025)
    turn = Turn("ask_skills", "nicht die gesetzliche – ich meinte, was man im Dialogmarketing tatsächlich bekommt",
                [{"entity": "glossary_topic", "value": "dialogmarketing"}], first.slots, confidence=0.48)
    text = answer(dialogue.respond("action_answer", turn))
    (year1,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    assert fmt.figure(year1) in text


def test_a_correction_naming_only_another_year_re_asks_the_training_schedule(dialogue: Dialogue,
                                                                             kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_training", "wo ist man im dritten ausbildungsjahr dialogmarketing",
                [{"entity": "training_year", "value": "3"}, {"entity": "glossary_topic", "value": "dialogmarketing"}])
    turn = Turn("ask_career", "äh ich wollte eigentlich wissen wie das im ersten jahr ist",
                [{"entity": "training_year", "value": "1", "start": 40, "end": 54}], first.slots, confidence=0.40)
    text = answer(dialogue.respond("action_answer", turn))
    schedule = kb.training("kfd").schedule
    (year1,) = [s for s in schedule if s.year_from <= 1 <= s.year_to]
    (year3,) = [s for s in schedule if s.year_from <= 3 <= s.year_to]
    assert year1.places in text and year3.places not in text


def _glossary(value: str) -> dict:
    return {"entity": "glossary_topic", "value": value}


def test_a_correction_that_denies_a_marketing_term_answers_the_one_it_names(dialogue: Dialogue,
                                                                            kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_glossary", "Was ist Beziehungsmarketing?", [_glossary("beziehungsmarketing")])
    text = "nee, nicht beziehungsmarketing – dialogmarketing als begriff"
    turn = Turn("ask_glossary", text, [{**_glossary("beziehungsmarketing"), "start": 11, "end": 30},
                                       {**_glossary("dialogmarketing"), "start": 33, "end": 48}], first.slots)
    out = answer(dialogue.respond("action_answer", turn))
    channels = next(p for p in kb.glossary_topic("dialogmarketing").points if p.label == "Kanäle")
    assert channels.text in out
    assert kb.glossary_topic("beziehungsmarketing").summary not in out


def test_a_correction_that_denies_a_topic_answers_what_it_names_instead(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_tasks", "Aufgaben Kaufmann für Dialogmarketing?", [KFD])
    turn = Turn("ask_tasks", "nein, nicht die aufgaben – die ausbildungsinhalte zu it und kommunikationssystemen", [],
                first.slots, confidence=0.75, ranking=(("ask_tasks", 0.75), ("ask_training", 0.12)))
    out = answer(dialogue.respond("action_answer", turn))
    systems = next(c for c in kb.training("kfd").content if "Kommunikationssysteme" in c.area)
    assert systems.text in out
    assert all(task.text not in out for task in kb.facts("kfd", ["task"]))


def test_an_unsure_correction_naming_a_point_stays_with_the_marketing_term(dialogue: Dialogue,
                                                                          kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_glossary", "was is eigentlich das ziel vom dialogmarketing", [_glossary("dialogmarketing")])
    out = answer(say(dialogue, "nlu_fallback", "nee, die kanaele meinte ich", slots=first.slots,
                     action="action_fallback"))
    channels = next(p for p in kb.glossary_topic("dialogmarketing").points if p.label == "Kanäle")
    assert channels.text in out


def test_pay_asked_after_a_training_year_is_that_years_pay(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_training_pay", "Dialogmarketing Azubi, 2. Lehrjahr",
                [_glossary("dialogmarketing"), stage("apprenticeship"), {"entity": "training_year", "value": "2"}])
    out = answer(say(dialogue, "ask_salary", "was verdient man da?", slots=first.slots))
    (year2,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=2)
    assert fmt.figure(year2) in out
    assert all(fmt.figure(entry) not in out for entry in kb.salary_figures("kfd", ["entry"]))


def test_an_unsure_glossary_guess_after_the_interim_exam_stays_with_the_exam(dialogue: Dialogue,
                                                                            kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_exam", "KfD Zwischenprüfung", [KFD])
    turn = Turn("ask_glossary", "was bringt die mir überhaupt?", [], first.slots, confidence=0.34)
    out = answer(dialogue.respond("action_answer", turn))
    assert next(e for e in kb.exams("kfd") if e.id == "kfd_zwischenpruefung").purpose in out


def test_a_part_named_by_its_number_is_that_part_alone(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    parts = {p.part_no: p for p in kb.exams("kfd")[-1].parts}
    first = say(dialogue, "ask_exam", "Wie lange dauert Prüfungsteil 2 bei der Abschlussprüfung KfD?", [KFD])
    assert f"{parts[2].duration_minutes} Minuten" in answer(first)
    text = answer(say(dialogue, "insult", "sorry, ich meinte Teil 3", slots=first.slots, action="action_calm"))
    assert f"{parts[3].duration_minutes} Minuten" in text and parts[3].title in text
    assert str(parts[2].duration_minutes) not in text
    first = say(dialogue, "ask_exam", "Wie lange dauert Teil 3 der Abschlussprüfung bei KfD?", [KFD])
    text = answer(say(dialogue, "ask_exam", "falsch, ich meinte Teil 4", slots=first.slots))
    assert parts[4].title in text and parts[3].title not in text


def test_a_part_named_by_its_title_is_that_part_alone(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    parts = {p.part_no: p for p in kb.exams("kfd")[-1].parts}
    text = answer(say(dialogue, "ask_exam", "Wie lang ist der WiSo-Teil in der Abschlussprüfung Dialogmarketing?"))
    assert f"{parts[3].duration_minutes} Minuten" in text and parts[2].title not in text
    text = answer(say(dialogue, "ask_exam", "Wie lange dauert der Teil Projektmanagement in der Abschlussprüfung KfD?",
                      [KFD]))
    assert f"{parts[2].duration_minutes} Minuten" in text and parts[1].title not in text
    # … but two parts are written: both
    text = answer(say(dialogue, "ask_exam", "Wie lange dauert der schriftliche Teil?", [KFD]))
    assert parts[1].title in text and parts[2].title in text


def test_a_bare_ordinal_after_every_training_year_picks_one(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'im zweiten' after the pay of every training year is that year's pay, not 'nicht verstanden'."""
    first = say(dialogue, "ask_training_pay", "Was verdient man als Azubi im Dialogmarketing?",
                [stage("apprenticeship"), {"entity": "glossary_topic", "value": "dialogmarketing"}])
    text = answer(say(dialogue, "nlu_fallback", "im zweiten", slots=first.slots, action="action_fallback"))
    (year2,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=2)
    others = [f for f in kb.salary_figures("kfd", ["apprenticeship"]) if f.training_year != 2]
    assert fmt.figure(year2) in text
    assert others and not any(fmt.figure(f) in text for f in others)


def test_a_start_year_corrected_in_the_same_message_is_the_one_said_last(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = "Mindestvergütung 2026 im zweiten Jahr … äh, Start 2025 meinte ich"
    entities = [stage("minimum_training_pay"), {"entity": "training_year", "value": "2"}]
    entities += [{"entity": "start_year", "value": year, "start": text.index(year), "end": text.index(year) + 4}
                 for year in ("2026", "2025")]
    reply = answer(say(dialogue, "ask_training_pay", text, entities))
    (floor_2025,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=2, cohort_start_year=2025)
    (floor_2026,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=2, cohort_start_year=2026)
    assert fmt.euro(floor_2025.amount_min) in reply
    assert fmt.euro(floor_2026.amount_min) not in reply


def _at(text: str, said: str, entity: str, value: str) -> dict:
    """An entity as the NLU marks it, with its place in the message."""
    return {"entity": entity, "value": value, "start": text.index(said), "end": text.index(said) + len(said)}


def test_a_role_corrected_in_the_same_message_is_the_one_said_last(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = "Einstiegsgehalt Kaufmann für Dialogmarketing – sorry, ich meine Online Marketing Manager"
    entities = [_at(text, "Einstiegsgehalt", "career_stage", "entry"),
                _at(text, "Kaufmann für Dialogmarketing", "occupation", "kfd"),
                _at(text, "Online Marketing Manager", "occupation", "omm")]
    reply = answer(dialogue.respond("action_answer", Turn("inform_occupation", text, entities, {}, confidence=0.55)))
    assert fmt.figure(kb.salary_figures("omm", ["entry"])[0]) in reply
    assert fmt.figure(kb.salary_figures("kfd", ["entry"])[0]) not in reply


def test_a_training_year_corrected_by_a_bare_ordinal_is_that_year(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = "was verdient ein kfd im 2. lehrjahr äh nein im 3."
    entities = [_at(text, "kfd", "occupation", "kfd"), _at(text, "2. lehrjahr", "training_year", "2")]
    reply = answer(say(dialogue, "ask_training_pay", text, entities))
    (second,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=2)
    (third,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    assert fmt.figure(third) in reply and fmt.figure(second) not in reply


def test_an_exam_part_corrected_in_the_same_message_is_the_one_said_last(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_exam", "Wie lange geht Prüfungsteil 3, ähm, ich meine Teil 4 bei der KfD-Prüfung?"))
    parts = {p.part_no: p for e in kb.exams("kfd") if e.parts for p in e.parts}
    assert parts[4].title in reply and parts[3].title not in reply


def test_ja_oder_nein_is_no_slip(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'ja oder nein?' asks; the role named before it stays beside the one named after it."""
    text = "Brauche ich für KfD Abi – ja oder nein? Und für OMM?"
    entities = [_at(text, "KfD", "occupation", "kfd"), _at(text, "OMM", "occupation", "omm")]
    reply = answer(say(dialogue, "ask_requirements", text, entities))
    assert "Kaufmann/Kauffrau für Dialogmarketing" in reply and "Online Marketing Manager/in" in reply


def test_a_shorter_variant_after_the_length_gets_the_related_training(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_training", "Wie lange dauert die KfD Ausbildung?", [KFD])
    text = answer(say(dialogue, "nlu_fallback", "gibts auch ne kürzere?", slots=first.slots, action="action_fallback"))
    assert kb.training("kfd").regulation.related_training in text


def test_how_long_after_a_course_is_that_courses_length(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'und wie lang ist die?' after the SEO course asks its length – not those of the other courses."""
    course = next(s for s in kb.career_steps("omm") if "SEO" in s.target)
    first = say(dialogue, "ask_career", "Wie finanzier ich ne SEO-Fortbildung als OMM?",
                [{"entity": "occupation", "value": "omm"}])
    text = answer(say(dialogue, "ask_salary", "und wie lang ist die?", slots=first.slots))
    assert course.duration_text in text
    assert not any(s.duration_text and s.duration_text in text for s in kb.career_steps("omm") if s != course)


def test_what_is_really_paid_after_the_legal_floor_is_the_roles_training_pay(dialogue: Dialogue,
                                                                              kb: KnowledgeBase) -> None:
    """'nein, ich meinte was … tatsächlich so bekommen' after the legal minimum: the role's pay in that year."""
    first = say(dialogue, "ask_training_pay", "Mindestausbildungsvergütung 2025 erstes Jahr",
                [stage("minimum_training_pay"), {"entity": "start_year", "value": "2025"},
                 {"entity": "training_year", "value": "1"}])
    text = answer(say(dialogue, "ask_salary", "nein, ich meinte was Kaufleute für Dialogmarketing tatsächlich so "
                      "bekommen", [KFD], slots=first.slots))
    (first_year,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    assert fmt.figure(first_year) in text
    assert not any(fmt.figure(f) in text for f in kb.salary_figures("kfd", ["entry"]))


def test_asking_for_more_after_a_list_gets_all_the_list_holds(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'und sonst noch welche?', 'noch andere?' after the languages: every language line again, not 'nicht
    verstanden'."""
    first = say(dialogue, "ask_skills", "Welche Sprachen braucht ein OMM?", [{"entity": "occupation", "value": "omm"}])
    languages = kb.facts("omm", ["language"])
    assert languages and all(f.text in answer(first) for f in languages)
    for follow_up in ("und sonst noch welche?", "noch andere?"):
        more = say(dialogue, "nlu_fallback", follow_up, slots=first.slots, action="action_fallback")
        assert all(f.text in answer(more) for f in languages)


def test_a_figure_of_the_knowledge_base_quoted_in_unknown_words_is_asked_about(dialogue: Dialogue,
                                                                              kb: KnowledgeBase) -> None:
    """'in so ner übersicht hab ich 27.600 gelesen, was stimmt denn nun' after the OMM's entry pay: mostly words the
    knowledge base does not know, but a figure it holds – the entry pay with both of the guide's figures, not
    'keine geprüften Informationen'."""
    first = say(dialogue, "ask_salary", "online marketing manager einstiegsgehalt?",
                [{"entity": "occupation", "value": "omm"}, stage("entry")])
    overview = kb.salary_figure("omm_einstieg_uebersicht")
    turn = Turn("ask_glossary", "in so ner übersicht hab ich 27.600 gelesen, was stimmt denn nun", [], first.slots,
                confidence=0.4, ranking=(("ask_glossary", 0.4), ("ask_salary", 0.2)))
    reply = answer(dialogue.respond("action_answer", turn))
    assert fmt.number(overview.amount_min) in reply
    assert all(fmt.number(f.amount_min) in reply for f in kb.salary_figures("omm", ["entry"]))


def test_an_example_asked_after_a_marketing_topic_is_its_example(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'gib mal ein praxisbeispiel aus einer echten firma' after the customer contact points – the classifier heard a
    question whether the bot is real: the topic's example."""
    first = say(dialogue, "ask_glossary", "Was sind Kundenkontaktpunkte?",
                [{"entity": "glossary_topic", "value": "kundenkontaktpunkte"}])
    (example,) = [p.text for p in kb.glossary_topic("kundenkontaktpunkte").points if p.label == "Beispiel"]
    out = dialogue.respond("action_bot_challenge", Turn("bot_challenge", "gib mal ein praxisbeispiel aus einer echten "
                                                        "firma", [], first.slots, confidence=0.55))
    assert example in answer(out)


def test_an_exam_corrected_within_the_message_is_the_exam_meant(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    interim, final = kb.exams("kfd")
    text = answer(say(dialogue, "ask_exam", f"Wie lange dauert die {interim.name}, sorry, ich meine die {final.name}?"))
    assert f"{final.parts_count} Teile" in text and f"{interim.duration_minutes} Minuten" not in text


def test_ne_between_commas_corrects_the_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = "Welche Tools braucht man als KfD, ne, als OMM?"
    entities = [{"entity": "occupation", "value": "kfd", "start": 29, "end": 32},
                {"entity": "occupation", "value": "omm", "start": 42, "end": 45}]
    reply = answer(dialogue.respond("action_answer", Turn("ask_tasks", text, entities, confidence=0.65)))
    assert all(f.text in reply for f in kb.facts("omm", ["tool"]))
    assert "Kaufmann/Kauffrau" not in reply


def test_a_career_step_corrected_within_the_message_replaces_the_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = "Welche KldB hat der OMM? Sorry, ich meinte eigentlich den Betriebswirt Callcentermanagement."
    entities = [{"entity": "occupation", "value": "omm", "start": 20, "end": 23}]
    reply = answer(dialogue.respond("action_answer", Turn("ask_career", text, entities, confidence=0.79)))
    assert kb.occupation("betriebswirt_ccm").kldb2010 in reply and kb.occupation("omm").kldb2010 not in reply
