"""The answer path from question to fact (bot.dialogue with the answer search), without Rasa:
the fact asked is in the answer, the other role's figure is not. Expected values come from the
knowledge base."""
from __future__ import annotations

import re

import pytest

from bot.answers import format as fmt
from bot.answers.facts import career_line
from bot.dialogue import Dialogue, Turn
from bot.kb.queries import KnowledgeBase


def say(dialogue: Dialogue, intent: str, text: str, entities: list | None = None, slots: dict | None = None,
        action: str = "action_answer"):
    return dialogue.respond(action, Turn(intent, text, entities or [], slots or {}))


def answer(outcome) -> str:
    return "\n".join(r.text for r in outcome.replies)


def stage(value: str) -> dict:
    return {"entity": "career_stage", "value": value}


def test_the_field_names_the_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = say(dialogue, "ask_training_pay", "Was kriegt man im Dialogmarketing während der Lehre?", [stage("apprenticeship")])
    text = answer(out)
    for figure in kb.salary_figures("kfd", ["apprenticeship"]):
        assert fmt.figure(figure) in text
    assert out.slots["occupation"] == "kfd"
    (omm_entry,) = kb.salary_figures("omm", ["entry"])
    assert fmt.number(omm_entry.amount_min) not in text


def test_what_is_the_field_stays_a_glossary_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_glossary", "Was ist Dialogmarketing?"))
    assert kb.glossary_topic("dialogmarketing").summary in text
    assert "€" not in text


@pytest.mark.parametrize("text, whole", [
    ("Was ist Dialogmarketing und über welche Kanäle läuft das meistens?", True),
    ("was bedeutet eigentlich dialogmarketing, ist das nur telefonverkauf?", True),
    ("Über welche Kanäle läuft Dialogmarketing meistens?", False)])
def test_a_term_defined_first_among_other_questions_is_the_whole_topic(dialogue: Dialogue, kb: KnowledgeBase,
                                                                       text: str, whole: bool) -> None:
    """'Was ist X und …?' asks what X is first: the whole topic, which holds the detail asked after it."""
    reply = answer(say(dialogue, "ask_glossary", text, [{"entity": "glossary_topic", "value": "dialogmarketing"}]))
    topic = kb.glossary_topic("dialogmarketing")
    assert (topic.summary in reply) == whole
    assert all(p.text in reply for p in topic.points) == whole  # the detail alone, asked alone


def test_a_field_defined_first_beside_a_role_question_stays_the_roles_answer(dialogue: Dialogue,
                                                                             kb: KnowledgeBase) -> None:
    """Only a question the classifier took for a marketing term turns to the term when it defines the field first."""
    text = answer(say(dialogue, "ask_salary", "Was ist Dialogmarketing und was verdient man da?",
                      [{"entity": "glossary_topic", "value": "dialogmarketing"}]))
    entry = kb.salary_figures("kfd", ["entry"])
    assert entry and all(fmt.figure(f) in text for f in entry)


def test_an_overview_of_a_marketing_term_is_the_whole_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_glossary", "Gib mir einen Überblick über die 8 Ps im Beziehungsmarketing",
                      [{"entity": "glossary_topic", "value": "acht_ps"},
                       {"entity": "glossary_topic", "value": "beziehungsmarketing"}]))
    assert all(p.text in text for p in kb.glossary_topic("acht_ps").points if p.label)
    text = answer(say(dialogue, "ask_glossary", "Wie organisiere ich das Kundenmanagement in meiner Firma? Gib mir die "
                      "ganze Anleitung.", [{"entity": "glossary_topic", "value": "kundenmanagement"}]))
    assert all(p.text in text for p in kb.glossary_topic("kundenmanagement").points)
    text = answer(say(dialogue, "ask_glossary", "Wie organisiert man Kundenmanagement? Erklär mal das Ganze.",
                      [{"entity": "glossary_topic", "value": "kundenmanagement"}]))
    assert all(p.text in text for p in kb.glossary_topic("kundenmanagement").points)


@pytest.mark.parametrize("text", ["Ich hab in der Berufsschule 7 Ps gelernt, nicht 8. Wer hat recht?",
                                  "In einem Artikel steht was von 7 Ps im Marketing-Mix, woanders von 8. Was stimmt "
                                  "denn jetzt?"])
def test_seven_ps_against_eight_is_the_other_count(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    (count,) = [p for p in kb.glossary_topic("acht_ps").points if p.label == "Andere Zählung"]
    reply = answer(say(dialogue, "ask_glossary", text, [{"entity": "glossary_topic", "value": "acht_ps"}]))
    assert count.text in reply.split("\n")[0]  # it leads


@pytest.mark.parametrize("text, entities", [
    ("Was war nochmal das Beispiel mit der Deutschen Bahn beim Kundenmanagement?",
     [{"entity": "glossary_topic", "value": "kundenmanagement"}]),
    ("was war nochmal das beispiel mit der deutschen bahn und dem kundenservice", [])])
def test_a_marketing_line_met_clearly_beyond_the_topic_or_field_named_leads(dialogue: Dialogue, kb: KnowledgeBase,
                                                                           text: str, entities: list) -> None:
    """The example is a line of the contact points, not of the topic named or of the role of the field named."""
    (example,) = [p for p in kb.glossary_topic("kundenkontaktpunkte").points if "Bahn" in (p.keywords or "")]
    reply = answer(say(dialogue, "ask_glossary", text, entities))
    assert example.text in reply.split("\n")[0]
    assert kb.glossary_topic("kundenmanagement").summary not in reply


def test_step_by_step_asks_for_the_whole_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_glossary", "Wie organisiert man Kundenmanagement in einem Unternehmen, Schritt für "
                      "Schritt?", [{"entity": "glossary_topic", "value": "kundenmanagement"}]))
    assert all(p.text in text for p in kb.glossary_topic("kundenmanagement").points)


def test_an_unsure_follow_up_stays_with_the_marketing_topic_before(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_glossary", "Warum sind Mitarbeiter für die Kundenbindung so wichtig?",
                [{"entity": "glossary_topic", "value": "kundenbindung_mitarbeiter"}])
    second = dialogue.respond("action_answer", Turn("ask_salary", "Was machen viele Firmen dabei falsch?", [],
                                                    dict(first.slots), confidence=0.3,
                                                    ranking=(("ask_salary", 0.3), ("out_of_scope", 0.2))))
    helps = next(p for p in kb.glossary_topic("kundenbindung_mitarbeiter").points if p.label == "Was hilft")
    asked = Turn("nlu_fallback", "und was hilft dagegen?", [], {**first.slots, **second.slots}, confidence=0.3,
                 ranking=(("nlu_fallback", 0.3), ("ask_salary", 0.33), ("ask_help", 0.31)))
    assert helps.text in answer(dialogue.respond("action_fallback", asked))


def test_an_overview_of_a_topic_named_by_another_word_is_the_whole_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    asked = Turn("ask_skills", "ueberblick skills omm asap pls", [{"entity": "occupation", "value": "omm"}], confidence=0.78)
    text = answer(dialogue.respond("action_answer", asked))
    assert all(f.text in text for f in kb.facts("omm", ["skill", "tool"]))
    assert not any(f.text in text for f in kb.facts("omm", ["task"]))  # not the profile


def test_a_list_of_a_topic_asked_for_is_the_whole_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    asked = Turn("ask_tasks", "Liste mir bitte alle Fähigkeiten auf, die ein Online Marketing Manager braucht",
                 [{"entity": "occupation", "value": "omm"}], confidence=0.49,
                 ranking=(("ask_tasks", 0.49), ("ask_skills", 0.26)))
    text = answer(dialogue.respond("action_answer", asked))
    assert all(f.text in text for f in kb.facts("omm", ["skill"]))
    assert not any(f.text in text for f in kb.facts("omm", ["task"]))


def test_what_there_is_all_of_a_topic_is_the_whole_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'alles' after the verb and 'alle … bitte' ask for the whole list, not the line that met best."""
    text = answer(say(dialogue, "ask_career", "Was für Karrierewege gibt es alles als Online Marketing Manager?",
                      [{"entity": "occupation", "value": "omm"}]))
    steps = kb.career_steps("omm", ["aufstieg", "spezialisierung", "weiterbildung"])
    assert steps and all(step.target in text for step in steps)
    text = answer(say(dialogue, "ask_training", "Was lernt man alles in der Ausbildung zum Kaufmann für "
                      "Dialogmarketing? Alle Lernbereiche bitte.", [{"entity": "occupation", "value": "kfd"}]))
    assert all(area.area in text for area in kb.training("kfd").content)


def test_an_overview_asking_pay_and_more_gets_the_profile(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'was macht man, was verdient man?' asks the profile, which holds the tasks and the pay after the training."""
    asked = Turn("ask_overview", "KfD in kurz: was macht man, was verdient man?", [{"entity": "occupation", "value": "kfd"}],
                 confidence=0.51, ranking=(("ask_overview", 0.51), ("ask_salary", 0.29)))
    text = answer(dialogue.respond("action_answer", asked))
    entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    assert all(f.text in text for f in kb.facts("kfd", ["task"])) and fmt.number(entry.amount_min) in text


def test_what_one_does_and_the_training_pay_are_both_answered(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    asked = Turn("ask_salary", "Mein Sohn (16) will Kaufmann für Dialogmarketing werden und ich hab keine Ahnung was das "
                 "ist. Was macht man da und was verdient er in der Ausbildung?",
                 [{"entity": "occupation", "value": "kfd", "start": 20, "end": 48},
                  {"entity": "career_stage", "value": "apprenticeship", "start": 131, "end": 148}], confidence=0.87)
    text = answer(dialogue.respond("action_answer", asked))
    assert all(f.text in text for f in kb.facts("kfd", ["task"]))
    assert all(fmt.figure(f) in text for f in kb.salary_figures("kfd", ["apprenticeship"]))
    # what one does and the pay with no stage: the profile, which holds the pay after the training
    asked = Turn("ask_overview", "Was macht ein Online Marketing Manager und was verdient er? Zwei Fragen auf einmal sorry",
                 [{"entity": "occupation", "value": "omm", "start": 14, "end": 38}], confidence=0.83)
    text = answer(dialogue.respond("action_answer", asked))
    entry = kb.salary_figures("omm", ["entry"])[0]
    assert all(f.text in text for f in kb.facts("omm", ["task"])) and fmt.number(entry.amount_min) in text


@pytest.mark.parametrize("text, stages", [
    ("Gib mir alle Gehaltszahlen zum Kaufmann für Dialogmarketing, von Azubi bis fertig.", ("apprenticeship", "entry")),
    ("Alle Gehaltsstufen für Kaufmann für Dialogmarketing bitte", ("apprenticeship", "entry"))])
def test_every_pay_stage_asked_at_once(dialogue: Dialogue, kb: KnowledgeBase, text: str, stages: tuple) -> None:
    reply = answer(say(dialogue, "ask_training_pay", text, [{"entity": "occupation", "value": "kfd"}, stage("apprenticeship")]))
    assert all(fmt.figure(f) in reply for f in kb.salary_figures("kfd", stages))
    # the statistics asked by 'alle' stay the statistics
    reply = answer(say(dialogue, "ask_salary", "Alle Gehaltsdaten der Arbeitsagentur zu Kaufleuten für Dialogmarketing "
                       "bitte", [{"entity": "occupation", "value": "kfd"}, stage("median")]))
    (median,) = kb.salary_figures("kfd", ["median"])
    assert fmt.euro(median.amount_min) in reply


def test_the_key_facts_of_a_role_are_its_profile(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    asked = Turn("ask_lateral_entry", "Sehr geehrte Damen und Herren, ich berate Schülerinnen und Schüler in der "
                 "Berufsorientierung. Könnten Sie mir die wichtigsten Eckdaten zum Ausbildungsberuf Kaufmann/-frau für "
                 "Dialogmarketing zusammenfassen?", [{"entity": "glossary_topic", "value": "dialogmarketing"}],
                 confidence=0.66, ranking=(("ask_lateral_entry", 0.66), ("ask_career", 0.30)))
    text = answer(dialogue.respond("action_answer", asked))
    assert all(f.text in text for f in kb.facts("kfd", ["task"]))


def test_a_detail_question_leads_with_that_detail(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    final = next(e for e in kb.exams("kfd") if e.parts)
    oral = next(p for p in final.parts if p.prep_minutes)
    reply = say(dialogue, "ask_exam", "Wie viel Vorbereitungszeit hat man im Fachgespräch?", slots={"occupation": "kfd"}).replies[0]
    first_line = reply.text.split("\n")[0]
    assert f"{oral.prep_minutes} Minuten Vorbereitung" in first_line
    assert any(b.title.startswith("Mehr dazu") for b in reply.buttons)  # the whole topic as a quick reply


def test_a_fact_is_found_whatever_topic_the_classifier_chose(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    kpi = next(f for f in kb.facts("omm", ["task"]) if "KPI" in f.text)
    text = answer(say(dialogue, "ask_overview", "Welche Kennzahlen verfolgt ein OMM?",
                      [{"entity": "occupation", "value": "omm"}]))
    assert kpi.text in text


def test_a_skill_asked_as_a_requirement_is_the_skill(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """Users do not tell requirements from skills: the skill a question names leads, not the requirements block."""
    bwl = next(f for f in kb.facts("omm", ["skill"]) if "BWL" in (f.keywords or ""))
    requirements = kb.facts("omm", ["requirement"])
    text = answer(say(dialogue, "ask_requirements", "Braucht man als Online Marketing Manager BWL-Wissen?",
                      [{"entity": "occupation", "value": "omm"}]))
    assert bwl.text in text.split("\n")[0]
    assert not any(r.text in text for r in requirements)


def test_what_a_question_leaves_out_is_not_what_it_asks(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'außer X' asks for the rest: every task, not led by the trait that names telephoning."""
    text = answer(say(dialogue, "ask_tasks", "Was macht ein KfD außer telefonieren?",
                      [{"entity": "occupation", "value": "kfd"}]))
    assert all(f.text in text for f in kb.facts("kfd", ["task"]))
    assert not any(f.text in text.split("\n")[0] for f in kb.facts("kfd", ["trait"]))


def test_a_kind_named_first_among_several(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'persönliche Voraussetzungen' are the traits, though every school certificate is a 'Voraussetzung'."""
    for text in ("Welche persönlichen Voraussetzungen sind bei Kaufleuten für Dialogmarketing noch von Vorteil, außer "
                 "reden können?", "Welche persönlichen Voraussetzungen braucht man als KfD?"):
        reply = answer(say(dialogue, "ask_requirements", text, [{"entity": "occupation", "value": "kfd"}]))
        assert all(f.text in reply for f in kb.facts("kfd", ["trait"]))


def test_legal_minimum_pay_needs_no_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = say(dialogue, "ask_training_pay", "Mindestvergütung bei Ausbildungsstart 2024 im dritten Jahr?",
              [stage("minimum_training_pay"), {"entity": "start_year", "value": "2024"},
               {"entity": "training_year", "value": "3"}])
    text = answer(out)
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=3, cohort_start_year=2024)
    assert fmt.figure(floor) in text
    for other in kb.salary_figures(None, ["minimum_training_pay"], training_year=3):
        if other.cohort_start_year != 2024:
            assert fmt.euro(other.amount_min) not in text


def test_minimum_pay_of_two_start_years(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = say(dialogue, "ask_training_pay", "Wie viel ist die Mindestvergütung im 1. Jahr von Ausbildungsstart 2024 auf "
              "2026 gestiegen?", [stage("minimum_training_pay"), {"entity": "training_year", "value": "1"},
                                  {"entity": "start_year", "value": "2024"}, {"entity": "start_year", "value": "2026"}])
    text = answer(out)
    floors = kb.salary_figures(None, ["minimum_training_pay"], training_year=1)
    for floor in floors:
        assert (fmt.euro(floor.amount_min) in text) == (floor.cohort_start_year in (2024, 2026))
    assert "Quellen: " in text
    text = answer(say(dialogue, "compare_occupations", "Mindestvergütung im ersten Jahr: Beginn 2024 gegen Beginn 2026?",
                      [stage("minimum_training_pay"), {"entity": "training_year", "value": "1"},
                       {"entity": "start_year", "value": "2024"}, {"entity": "start_year", "value": "2026"}]))
    assert all(fmt.euro(f.amount_min) in text for f in floors if f.cohort_start_year in (2024, 2026))
    # the year the training began and the year now are no two start years
    text = answer(say(dialogue, "ask_training_pay", "Ich hab 2024 mit der Ausbildung begonnen und bin jetzt 2025 im zweiten "
                      "Jahr. Welche Mindestvergütung gilt für mich?",
                      [stage("minimum_training_pay"), {"entity": "training_year", "value": "2"},
                       {"entity": "start_year", "value": "2024"}, {"entity": "start_year", "value": "2025"}]))
    (began,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=2, cohort_start_year=2024)
    (now,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=2, cohort_start_year=2025)
    assert fmt.euro(began.amount_min) in text and fmt.euro(now.amount_min) not in text


@pytest.mark.parametrize("text", ["und was wird im dialogmarketing im 3. jahr tatsächlich gezahlt?",
                                  "nee, ich wollte wissen was im Dialogmarketing im 3. jahr typischerweise gezahlt wird"])
def test_what_is_really_paid_after_the_floor_is_the_roles_training_pay(dialogue: Dialogue, kb: KnowledgeBase,
                                                                      text: str) -> None:
    first = say(dialogue, "ask_training_pay", "Mindestvergütung 2026 im dritten Jahr?",
                [stage("minimum_training_pay"), {"entity": "start_year", "value": "2026"},
                 {"entity": "training_year", "value": "3"}])
    text = answer(say(dialogue, "ask_salary", text,
                      [{"entity": "glossary_topic", "value": "dialogmarketing"}, {"entity": "training_year", "value": "3"}],
                      slots=dict(first.slots)))
    (paid,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    assert fmt.figure(paid) in text


@pytest.mark.parametrize("intent, text", [
    ("ask_training_pay", "Start 2024, drittes Lehrjahr: Was muss der Betrieb mir laut Gesetz mindestens geben?"),
    ("ask_training", "Was ist laut BBiG die Untergrenze im dritten Ausbildungsjahr für Azubis, die 2024 starten?"),
    ("ask_exam", "und für ausbildungsstart 2024 im 3. lehrjahr, was ist da das minimum?"),
])
def test_the_legal_floor_without_a_money_word(dialogue: Dialogue, kb: KnowledgeBase, intent: str, text: str) -> None:
    entities = [{"entity": "start_year", "value": "2024"}, {"entity": "training_year", "value": "3"}]
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=3, cohort_start_year=2024)
    assert fmt.figure(floor) in answer(say(dialogue, intent, text, entities))


def test_a_requirement_asked_with_mindestens_is_no_floor(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_requirements", "Welchen Schulabschluss braucht man mindestens für die Ausbildung?"))
    assert not any(fmt.euro(f.amount_min) in text for f in kb.salary_figures(None, ["minimum_training_pay"]))


def test_occupation_code_by_a_natural_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_overview", "Welche Berufskennziffer hat der Online Marketing Manager?",
                      [{"entity": "occupation", "value": "omm"}]))
    assert kb.occupation("omm").kldb2010 in text and kb.occupation("kfd").kldb2010 not in text


def test_statistics_of_a_related_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_salary", "Median Betriebswirt Callcentermanagement laut Arbeitsagentur?",
                      [stage("median")]))
    (median,) = kb.salary_figures("betriebswirt_ccm", ["median"])
    assert fmt.euro(median.amount_min) in text and "Median" in text


@pytest.mark.parametrize("intent, text, compared", [
    ("ask_salary", "Lohnt sich der Betriebswirt für Callcentermanagement gehaltsmäßig gegenüber der Fachkraft?", True),
    ("ask_career", "Liegt das untere Quartil bei den Callcentermanagement-Spezialisten eigentlich über dem Median der "
                   "Fachkräfte?", True),
    ("ask_salary", "Was verdient das bestbezahlte Viertel der Betriebswirte Callcentermanagement laut Entgeltatlas?",
     False),
    # the statistics' group named by its field ('im Dialogmarketing') sets no role beside it
    ("ask_salary", "Spezialisten im Dialogmarketing – Median laut BA?", False)])
def test_a_related_role_compared_with_no_role_named_is_set_beside_the_role_it_is_reached_from(
        dialogue: Dialogue, kb: KnowledgeBase, intent: str, text: str, compared: bool) -> None:
    """A comparison, or the other group of the statistics named ('Fachkraft'), sets the statistics of the role the
    way to the career step starts from beside its own; a question about the career step alone gets its own."""
    reply = answer(say(dialogue, intent, text, [stage("median")]))
    (specialists,) = kb.salary_figures("betriebswirt_ccm", ["median"])
    (staff,) = kb.salary_figures("kfd", ["median"])
    assert fmt.euro(specialists.amount_min) in reply
    assert (fmt.euro(staff.amount_min) in reply) == compared


def test_statistics_of_the_related_role_a_career_step_leads_to(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_salary", "Wenn ich als Kauffrau für Dialogmarketing Chef werden will, also "
                      "Teamleiterin – was verdient man da laut Arbeitsagentur?",
                      [{"entity": "occupation", "value": "kfd"}, stage("median")]))
    (specialists,) = kb.salary_figures("betriebswirt_ccm", ["median"])
    assert fmt.euro(specialists.amount_min) in text


def test_the_statistics_asked_after_the_way_to_a_career_step(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_career", "Wie kann man als Kaufmann für Dialogmarketing Teamleiter werden?",
                [{"entity": "occupation", "value": "kfd"}])
    text = answer(dialogue.respond("action_answer", Turn("ask_salary", "und was verdient man dann so laut Arbeitsagentur?",
                                                         [stage("median")], dict(first.slots))))
    (specialists,) = kb.salary_figures("betriebswirt_ccm", ["median"])
    assert fmt.euro(specialists.amount_min) in text


def test_a_question_without_a_checked_answer_says_so_and_is_logged(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = say(dialogue, "ask_salary", "Was verdient ein OMM netto?", [{"entity": "occupation", "value": "omm"}])
    net = next(g for g in kb.not_covered() if "netto" in g.keywords.lower().split(", "))
    assert "keine geprüfte Angabe" in answer(out) and net.label in answer(out)
    assert out.unanswered and out.reason == f"nicht belegt: {net.id}"


def test_status_words_are_no_other_occupation(dialogue: Dialogue) -> None:
    for text in ("Was verdiene ich als Quereinsteiger im Online Marketing?", "Wie wird man im Dialogmarketing Teamleiter?",
                 "Was verdient man als Online Marketing Manager bei einem Mittelständler?",
                 # a workplace that ends like a job ('-center')
                 "Ich bin Ausbilder in einem Kundenservicecenter. Braucht mein Azubi die Zwischenprüfung, um zur "
                 "Abschlussprüfung zugelassen zu werden?"):
        assert "keine geprüften Informationen" not in answer(say(dialogue, "ask_salary", text)), text


def test_another_occupation_is_still_honestly_out_of_scope(dialogue: Dialogue) -> None:
    text = answer(say(dialogue, "ask_salary", "was verdient eine pflegefachfrau im krankenhaus", slots={"occupation": "kfd"}))
    assert "keine geprüften Informationen" in text and "€" not in text


@pytest.mark.parametrize("text", ["fachinformatiker anwendungsentwicklung ausbildungsdauer und gehalt?",
                                  "Ausbildung Mediengestalter Digital und Print, wie viel Gehalt bekommt man da?"])
def test_a_job_head_is_another_occupation_in_lower_case_and_as_a_keyword(dialogue: Dialogue, text: str) -> None:
    """'Mediengestalter' is a keyword of the OMM's background line – asked about itself, it is another job."""
    reply = answer(say(dialogue, "ask_salary", text, slots={"occupation": "omm"}))
    assert "keine geprüften Informationen" in reply and "€" not in reply


@pytest.mark.parametrize("intent, text, job", [("out_of_scope", "Ich will Lehrer werden, was muss ich tun?", "Lehrer"),
                                              ("ask_overview", "Was macht ein PR-Berater?", "PR-Berater"),
                                              ("out_of_scope", "Wie wird man Influencer?", "Influencer"),
                                              ("ask_skills", "Ich will zur Polizei, was muss ich tun?", "Polizei")])
def test_a_job_head_alone_is_another_occupation(dialogue: Dialogue, intent: str, text: str, job: str) -> None:
    """The stem would not tell 'Lehrer' from 'Lehre'; 'Influencer' is only a keyword of the OMM's Social Media tool."""
    action = "action_out_of_scope" if intent == "out_of_scope" else "action_answer"
    reply = answer(say(dialogue, intent, text, action=action))
    assert f"„{job}“" in reply and "keine geprüften Informationen" in reply


def test_a_job_head_the_bot_says_is_no_other_occupation(dialogue: Dialogue) -> None:
    reply = answer(say(dialogue, "ask_career", "Kann man als Berater selbstständig werden, wenn man OMM war?",
                       [{"entity": "occupation", "value": "omm"}]))
    assert "keine geprüften Informationen" not in reply


@pytest.mark.parametrize("text", [
    "Ich bin 48, seit Januar arbeitslos, vorher Bürokauffrau in einer Spedition. Zahlt das Jobcenter mir eine "
    "Fortbildung in SEO?",
    "Ich bin Werbekaufmann und will mich in SEO fortbilden. Wie finanziere ich das?"])
def test_ones_own_merchant_title_stays_the_background(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    """The course is the OMM's SEO course, paid with the voucher; the merchant title is where the asker comes from."""
    course = next(s for s in kb.career_steps("omm") if s.funding and "SEO" in s.target)
    reply = answer(say(dialogue, "ask_career", text))
    assert "keine geprüften Informationen" not in reply
    assert course.funding.split(";")[0] in reply


def test_ones_own_job_head_stays_the_background(dialogue: Dialogue) -> None:
    reply = answer(say(dialogue, "ask_lateral_entry", "Ich bin Mediengestalter, kann ich Online Marketing Manager werden?",
                       [{"entity": "occupation", "value": "omm"}]))
    assert "keine geprüften Informationen" not in reply


def test_the_job_one_moves_from_is_the_background(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Als Programmierer zum …' names where the asker comes from; the way for IT people is the answer."""
    it_way = next(s for s in kb.career_steps("omm") if "Programmierer" in s.keywords)
    reply = answer(say(dialogue, "ask_skills", "Als Programmierer zum Online Medien Manager – was brauche ich dafür?"))
    assert "keine geprüften Informationen" not in reply and it_way.target in reply
    assert "„Bäcker“" in answer(say(dialogue, "ask_lateral_entry", "Wie komme ich vom Verkäufer zum Bäcker?"))
    assert "„Softwareentwickler“" in answer(say(dialogue, "ask_salary", "Was verdient ein Softwareentwickler zum Einstieg?"))


def test_help_for_another_subject_is_out_of_scope(dialogue: Dialogue) -> None:
    """The classifier hesitated between help and out_of_scope; 'Rezept' and 'Lasagne' are foreign to the knowledge base."""
    ranking = (("ask_help", 0.63), ("out_of_scope", 0.24))
    lasagne = dialogue.respond("action_help", Turn("ask_help", "Kannst du mir ein gutes Rezept für Lasagne geben?", ranking=ranking))
    assert "keine geprüften Informationen" in answer(lasagne)
    other = dialogue.respond("action_out_of_scope", Turn("out_of_scope", "Kannst du mir ein gutes Rezept für Lasagne geben?"))
    assert "keine geprüften Informationen" in answer(other)  # not a fact that shares 'gut' with it
    spaetzle = Turn("out_of_scope", "Kannst du mir ein Rezept für Käsespätzle geben? Für 4 Personen", confidence=0.54)
    assert "keine geprüften Informationen" in answer(dialogue.respond("action_out_of_scope", spaetzle))  # a number says nothing about the subject
    ranking = (("ask_help", 0.54), ("out_of_scope", 0.24))
    application = dialogue.respond("action_help", Turn("ask_help", "Kannst du mir bei der Bewerbung helfen?", ranking=ranking))
    assert "Frag mich zum Beispiel" in answer(application)
    ranking = (("affirm", 0.69), ("out_of_scope", 0.23))
    bitcoin = dialogue.respond("action_affirm", Turn("affirm", "bitcoin kaufen ja oder nein", ranking=ranking))
    assert "keine geprüften Informationen" in answer(bitcoin)  # a yes-or-no question about something else
    assert "Was möchtest du als Nächstes wissen" in answer(dialogue.respond("action_affirm", Turn("affirm", "ja", ranking=ranking)))


def test_one_question_for_both_roles_answers_each(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_requirements", "Brauche ich für OMM Abi? Und für Kaufmann für Dialogmarketing auch?"))
    for occupation in ("omm", "kfd"):
        assert kb.occupation(occupation).name_neutral in text
        assert any(r.certificate in text for r in kb.training(occupation).school_requirements)


def test_a_comparison_naming_a_topic_by_another_word_compares_that_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(dialogue.respond("action_answer", Turn(
        "compare_occupations", "Welche Fähigkeiten braucht man fürs Dialogmarketing und welche fürs Online Marketing? "
        "Wo liegt der Unterschied?", [{"entity": "glossary_topic", "value": "dialogmarketing"}], confidence=0.81,
        ranking=(("compare_occupations", 0.81), ("ask_skills", 0.17)))))
    assert all(any(f.text in text for f in kb.facts(o, ["skill"])) for o in ("kfd", "omm"))


def test_a_fact_asked_of_both_roles_in_words_or_unsure_gets_each_roles_fact(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    codes = answer(say(dialogue, "nlu_fallback", "Berufskennziffern beider Berufe nach KldB 2010 bitte.", action="action_fallback"))
    assert all(kb.occupation(o).kldb2010 in codes for o in ("kfd", "omm"))
    # the classifier's unsure topic (tasks, 0.45) does not outweigh the skill line each role has
    both = [{"entity": "occupation", "value": "kfd"}, {"entity": "occupation", "value": "omm"}]
    asked = Turn("ask_tasks", "Braucht man Mathe eher als Kaufmann für Dialogmarketing oder als Online Marketing Manager?",
                 both, confidence=0.45)
    text = answer(dialogue.respond("action_answer", asked))
    maths = next(f for f in kb.facts("kfd", ["skill"]) if "mathematisch" in f.text)
    assert maths.text in text and kb.occupation("omm").name_neutral in text
    assert not any(f.text in text for f in kb.facts("kfd", ["task"]))


def test_a_correction_re_answers_the_previous_question_for_the_other_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_salary", "Was verdient eine Kauffrau für Dialogmarketing nach der Ausbildung?",
                [{"entity": "occupation", "value": "kfd"}, stage("entry")])
    corrected = say(dialogue, "inform_occupation", "nee, den Online Marketing Manager meinte ich",
                    [{"entity": "occupation", "value": "omm"}], slots=first.slots)
    text = answer(corrected)
    (omm_entry,) = kb.salary_figures("omm", ["entry"])
    kfd_month = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    assert fmt.figure(omm_entry) in text and fmt.figure(kfd_month) not in text


def test_gibberish_is_not_understood_and_english_gets_a_note(dialogue: Dialogue) -> None:
    assert "nicht verstanden" in answer(say(dialogue, "greet", "jkhsdf lkjlkj", action="action_greet"))
    assert "nicht verstanden" in answer(say(dialogue, "affirm", "qwertz uiop ölkj", action="action_affirm"))  # keyboard rows
    out = say(dialogue, "nlu_fallback", "What does an online marketing manager earn per year?", action="action_fallback")
    assert "German" in out.replies[0].text


def test_yes_after_the_offer_of_a_human_adviser(dialogue: Dialogue) -> None:
    first = say(dialogue, "nlu_fallback", "blub", action="action_fallback")
    second = say(dialogue, "nlu_fallback", "blub blub", slots=first.slots, action="action_fallback")
    assert "Menschen" in answer(second)
    assert "Berufsberatung" in answer(say(dialogue, "affirm", "ja bitte", slots=second.slots, action="action_affirm"))


def test_a_money_question_about_an_unknown_job_is_not_answered_with_the_remembered_role(dialogue: Dialogue) -> None:
    text = answer(say(dialogue, "out_of_scope", "Was verdient ein Pilot?", slots={"occupation": "kfd"},
                      action="action_out_of_scope"))
    assert "keine geprüften Informationen" in text and "€" not in text


def test_a_money_question_the_classifier_missed_is_answered_for_the_named_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "out_of_scope", "Was verdient ein OMM zum Einstieg?", action="action_out_of_scope"))
    (entry,) = kb.salary_figures("omm", ["entry"])
    assert fmt.figure(entry) in text


def occupation(value: str) -> dict:
    return {"entity": "occupation", "value": value}


@pytest.mark.parametrize("intent, text", [("inform_occupation", "korrektur: ich meinte Kaufmann für Dialogmarketing"),
                                          ("ask_salary", "Und als Kaufmann für Dialogmarketing?")])
def test_a_message_that_only_names_a_role_re_asks_the_previous_question(dialogue: Dialogue, kb: KnowledgeBase,
                                                                        intent: str, text: str) -> None:
    first = say(dialogue, "ask_salary", "Was verdient ein OMM zum Einstieg?", [occupation("omm"), stage("entry")])
    again = say(dialogue, intent, text, [occupation("kfd")], slots=first.slots)
    reply = answer(again)
    kfd_entry = kb.salary_figures("kfd", ["entry"])[0]
    assert fmt.figure(kfd_entry) in reply
    assert not any(fmt.number(f.amount_min) in reply for f in kb.salary_figures("omm", ["entry"]))
    assert again.slots["occupation"] == "kfd"


def test_a_role_named_with_a_question_of_its_own_answers_that_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    earlier = say(dialogue, "ask_salary", "Was verdient ein OMM zum Einstieg?", [occupation("omm"), stage("entry")])
    reply = answer(say(dialogue, "inform_occupation", "kldb kauffrau dialogmarketing", [occupation("kfd")],
                       slots=earlier.slots))
    assert kb.occupation("kfd").kldb2010 in reply and "€" not in reply


def test_minimum_pay_for_two_training_years_of_one_start_year(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_training_pay",
                      "Beginn 2026 – wie hoch ist die gesetzliche Untergrenze im 3. und im 4. Ausbildungsjahr?",
                      [{"entity": "start_year", "value": "2026"}, stage("minimum_training_pay"),
                       {"entity": "training_year", "value": "4"}]))
    cohort = [f for f in kb.salary_figures(None, ["minimum_training_pay"]) if f.cohort_start_year == 2026]
    for figure in cohort:
        assert (fmt.figure(figure) in text) == (figure.training_year in (3, 4))
    assert fmt.source_label(cohort[0].source) in text
    others = {f.source.id: f.source for f in kb.salary_figures(None, ["minimum_training_pay"]) if f.cohort_start_year != 2026}
    assert not any(fmt.source_label(s) in text for s in others.values())


def test_the_last_training_year_is_the_roles_last(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    years = kb.training("kfd").regulation.duration_years
    first = say(dialogue, "ask_training_pay", "Was kriegt ein Azubi im Dialogmarketing im zweiten Jahr?",
                [stage("apprenticeship"), {"entity": "training_year", "value": "2"}])
    text = answer(say(dialogue, "ask_training_pay", "und im letzten lehrjahr?",
                      [{"entity": "training_year", "value": "last"}], slots=first.slots))
    for figure in kb.salary_figures("kfd", ["apprenticeship"]):
        assert (fmt.figure(figure) in text) == (figure.training_year == years)


def test_a_comparison_intent_with_one_role_and_no_comparison_answers_that_role(dialogue: Dialogue,
                                                                              kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "compare_occupations", "Welche Berufskennziffer hat der Online Marketing Manager?",
                      [occupation("omm")]))
    assert kb.occupation("omm").kldb2010 in text and kb.occupation("kfd").kldb2010 not in text


@pytest.mark.parametrize("text", ["Was verdient eine Kauffrau für Büromanagement nach der Ausbildung?", "gehalt bankkauffrau?",
                                  "Ich will Pilotin werden, was verdient man da?"])
def test_another_merchant_or_wished_for_job_is_out_of_scope(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    reply = answer(say(dialogue, "ask_salary", text))
    assert "keine geprüften Informationen" in reply and "€" not in reply


def test_a_follow_up_that_asks_for_another_topic_gets_that_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_overview", "Was macht ein Online Marketing Manager?", [occupation("omm")])
    reply = answer(say(dialogue, "ask_overview", "und wie viele stunden die woche arbeitet man da?", slots=first.slots))
    hours = kb.working_hours("omm")
    assert f"{hours.hours_min}–{hours.hours_max} Stunden" in reply


def test_stages_decide_between_training_pay_and_salary(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_training_pay", "Was verdient man so im Kundenservice, wenn man die Ausbildung fertig hat?",
                      [stage("entry")], slots={"occupation": "kfd"}))
    assert fmt.figure(kb.salary_figures("kfd", ["entry"])[0]) in text
    assert not any(fmt.figure(f) in text for f in kb.salary_figures("kfd", ["apprenticeship"]))


def test_a_statistics_follow_up_the_classifier_missed_gets_the_statistics(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_salary", "Was verdient man laut Arbeitsagentur im Dialogmarketing?", [stage("median")])
    text = answer(say(dialogue, "nlu_fallback", "und ab wann gehört man zu den oberen 25 prozent?", [stage("median")],
                      slots=first.slots, action="action_fallback"))
    (q75,) = kb.salary_figures("kfd", ["quartile_75"])
    assert fmt.euro(q75.amount_min) in text


def test_a_start_year_without_a_role_asks_for_the_legal_floor(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_training_pay", "Darf mein Betrieb mir weniger zahlen? Ich hab 2025 angefangen, erstes Jahr.",
                      [{"entity": "start_year", "value": "2025"}, {"entity": "training_year", "value": "1"}]))
    (floor,) = [f for f in kb.salary_figures(None, ["minimum_training_pay"], training_year=1) if f.cohort_start_year == 2025]
    assert f"mindestens {fmt.figure(floor)}" in text


@pytest.mark.parametrize("first_year, training_year, first_text, intent, correction", [
    (2025, 2, "Ich fange 2025 an. Was ist die Mindestvergütung im zweiten Jahr?", "ask_training_pay",
     "ups falsch, ich fang erst 2026 an"),
    (2024, 1, "Mindestvergütung 1. Lehrjahr bei Beginn 2024?", "ask_training", "ach ne, Ausbildungsbeginn 2026 meinte ich"),
])
def test_a_correction_of_the_start_year_re_asks_with_it(dialogue: Dialogue, kb: KnowledgeBase, first_year: int,
                                                         training_year: int, first_text: str, intent: str,
                                                         correction: str) -> None:
    first = say(dialogue, "ask_training_pay", first_text,
                [{"entity": "start_year", "value": str(first_year)}, stage("minimum_training_pay"),
                 {"entity": "training_year", "value": str(training_year)}])
    start = correction.index("2026")
    text = answer(say(dialogue, intent, correction,
                      [{"entity": "start_year", "value": "2026", "start": start, "end": start + 4}], slots=first.slots))
    by_year = {f.cohort_start_year: f for f in kb.salary_figures(None, ["minimum_training_pay"], training_year=training_year)}
    assert fmt.figure(by_year[2026]) in text and fmt.figure(by_year[first_year]) not in text


def test_a_pronoun_follow_up_stays_with_the_previous_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_exam", "Wie läuft die Zwischenprüfung ab?", slots={"occupation": "kfd"})
    reply = answer(say(dialogue, "ask_exam", "und wie lange geht die?", slots=first.slots))
    (interim,) = [e for e in kb.exams("kfd") if not e.parts]
    assert f"{interim.duration_minutes} Minuten" in reply.split("\n")[0]


def test_a_part_of_a_named_topic_is_found_through_its_parent(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Die 8 Ps' are part of 'Beziehungsmarketing' (glossary `part_of`): naming the parent still
    finds the third P."""
    third = next(p for p in kb.glossary_topic("acht_ps").points if p.position == 3)
    text = answer(say(dialogue, "ask_glossary", "Das dritte P im Beziehungsmarketing?"))
    assert third.text in text.split("\n")[0]


def test_a_follow_up_keeps_the_previous_topic_and_meets_its_own_word(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    intermediate = next(e for e in kb.exams("kfd") if not e.parts)
    asked = remember_slot("exam", "Muss man als Azubi im Dialogmarketing eine Zwischenprüfung schreiben?")
    text = answer(say(dialogue, "ask_training", "wie lange dauert die?", slots={"occupation": "kfd", "last_topic": asked}))
    assert f"{intermediate.duration_minutes} Minuten" in text.split("\n")[0]
    asked = remember_slot("training", "Wie lange dauert die Ausbildung zum Kaufmann für Dialogmarketing?")
    lead = answer(say(dialogue, "ask_exam", "und die prüfung?", slots={"occupation": "kfd", "last_topic": asked}))
    lead = lead.split("Dazu passt")[0]
    assert "prüfung" in lead.lower() and f"dauert {kb.training('kfd').regulation.duration_years} Jahre" not in lead


def test_a_role_with_training_and_the_legal_floor_are_answered_together(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (usual,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=3, cohort_start_year=2025)
    text = answer(say(dialogue, "ask_training_pay", "Ich hab 2025 im Dialogmarketing angefangen. Was kriegt man im "
                      "3. Jahr normalerweise und was ist das gesetzliche Minimum?",
                      [{"entity": "start_year", "value": "2025"}, {"entity": "training_year", "value": "3"}]))
    assert fmt.figure(usual) in text and fmt.euro(floor.amount_min) in text


def test_a_range_of_training_years_asks_for_each(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    floors = kb.salary_figures(None, ["minimum_training_pay"], cohort_start_year=2026)
    text = answer(say(dialogue, "ask_training_pay", "Was muss man Azubis mindestens zahlen, die 2026 anfangen? "
                      "Vom ersten bis zum vierten Jahr bitte.", [{"entity": "start_year", "value": "2026"},
                                                                  stage("minimum_training_pay")]))
    assert len(floors) == 4 and all(fmt.figure(f) in text for f in floors)


def test_a_correction_re_asks_whatever_the_classifier_said(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    asked = remember_slot("minimum_pay", "Was ist die Mindestvergütung im 2. Jahr bei Beginn 2025?",
                          [{"entity": "training_year", "value": "2"}])
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=2, cohort_start_year=2026)
    out = say(dialogue, "nlu_fallback", "ups falsch, ich fang erst 2026 an", [{"entity": "start_year", "value": "2026"}],
              slots={"last_topic": asked}, action="action_fallback")
    assert fmt.euro(floor.amount_min) in answer(out)


def remember_slot(topic: str, text: str, entities: list | None = None) -> str:
    from bot.dialogue.turn import remember
    return remember(topic, entities or [], text)


def test_counting_azubis_is_not_a_pay_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    abitur = next(r for r in kb.training("kfd").school_requirements if r.share_text and "Abi" in r.certificate)
    text = answer(say(dialogue, "ask_training_pay", "Haben viele Azubis im Dialogmarketing Abi?", [stage("apprenticeship")]))
    assert abitur.share_text in text and "€" not in text


def test_a_known_gap_is_said_whatever_the_classifier_made_of_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    netto = next(g for g in kb.not_covered() if g.id == "netto")
    asked = remember_slot("salary", "Was verdient ein Online Marketing Manager am Anfang?")
    out = say(dialogue, "greet", "netto?", slots={"occupation": "omm", "last_topic": asked}, action="action_greet")
    assert f"Zu {netto.label} habe ich keine geprüfte Angabe" in answer(out) and out.unanswered


def test_what_a_source_says_beside_a_figure_is_found(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Kleine und mittelständische Unternehmen haben kleinere Budgets' is a note of the entry figure."""
    (entry,) = kb.salary_figures("omm", ["entry"])
    text = answer(say(dialogue, "ask_salary", "Verdient man als Online Marketing Manager im Mittelstand weniger als im Konzern?",
                      [{"entity": "occupation", "value": "omm"}]))
    assert entry.note in text and fmt.figure(entry) in text
    assert not kb.salary_figures("kfd", ["entry"])[0].note in text


def test_a_quoted_figure_is_a_question_about_that_figure(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Stimmt es, dass … mit 27.600 …?' – the figure it quotes, even one the source states differently elsewhere."""
    other = next(f for f in kb.salary_figures("omm", ["entry"], preferred_only=False) if not f.preferred)
    text = answer(say(dialogue, "ask_lateral_entry", f"Stimmt es, dass Online Marketing Managerinnen mit mindestens "
                      f"{int(other.amount_min)} im Jahr einsteigen?", [{"entity": "occupation", "value": "omm"}]))
    assert fmt.figure(other) in text and fmt.ASSUMED_GROSS in text


def test_the_people_a_figure_describes_choose_its_stage(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (experienced,) = kb.salary_figures("omm", ["entry_experienced"])
    (entry,) = kb.salary_figures("omm", ["entry"])
    text = answer(say(dialogue, "ask_salary", "Wenn ich schon als Content Manager gearbeitet hab, wie viel wäre dann das "
                      "Einstiegsgehalt als OMM?", [stage("entry"), {"entity": "occupation", "value": "omm"}]))
    assert fmt.figure(experienced) in text and fmt.figure(entry) not in text


def test_top_earners_inside_a_hyphenated_word(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    top = kb.salary_figures("omm", ["top_earners"])
    text = answer(say(dialogue, "ask_salary", "Ab welchem Gehalt zählt man im Online Marketing zu den Top-Verdienern?"))
    assert top and all(fmt.figure(f) in text for f in top)


def test_a_sure_bot_challenge_is_answered_as_one(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'… mit einem echten Menschen verbunden?' shares words with a glossary point; the classifier was sure."""
    text = answer(dialogue.respond("action_bot_challenge", Turn("bot_challenge", "Bin ich hier mit einem echten Menschen "
                                                                 "verbunden?", confidence=1.0)))
    assert "Chatbot, kein Mensch" in text and "**" not in text
    unsure = answer(dialogue.respond("action_bot_challenge", Turn(
        "bot_challenge", "Welche Rollen hat ein Mitarbeiter in einem Dienstleistungsunternehmen gleichzeitig?", confidence=0.4)))
    assert "Chatbot, kein Mensch" not in unsure


def test_a_word_of_one_title_names_that_role_in_a_correction(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    kfd_entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    (omm_entry,) = kb.salary_figures("omm", ["entry"])
    asked = remember_slot("salary", "Was verdient ein OMM am Anfang?", [stage("entry")])
    text = answer(say(dialogue, "nlu_fallback", "sorry, Kauffrau meinte ich", slots={"occupation": "omm", "last_topic": asked},
                      action="action_fallback"))
    assert fmt.figure(kfd_entry) in text and fmt.figure(omm_entry) not in text


def test_azubis_beside_the_statistics_ask_who_is_counted(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    median = kb.salary_figures("kfd", ["median"])[0]
    text = answer(say(dialogue, "ask_training_pay", "Sind in den Gehaltszahlen der Arbeitsagentur für Dialogmarketing "
                      "die Azubis mit drin?", [stage("apprenticeship"), stage("median")]))
    assert median.population in text and fmt.euro(median.amount_min) in text
    assert not any(fmt.figure(f) in text for f in kb.salary_figures("kfd", ["apprenticeship"]))


def test_a_topic_without_data_for_the_role_says_so_and_is_logged(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    assert kb.working_hours("kfd") is None and kb.working_hours("omm") is not None
    out = say(dialogue, "ask_working_hours", "Wie viele Stunden in der Woche arbeitet man als Kaufmann für Dialogmarketing?",
              [{"entity": "occupation", "value": "kfd"}])
    assert "keine geprüfte Angabe" in answer(out) and "Minuten" not in answer(out) and out.unanswered
    strong = answer(say(dialogue, "ask_working_hours", "Spielt die Stimme eine Rolle, wenn man im Callcenter arbeitet?"))
    assert "Stimme" in strong
    # the topic's own words ('pro Woche' is also in a training line) ask about nothing else
    per_week = say(dialogue, "ask_working_hours", "Wie viele Stunden arbeitet man im Callcenter pro Woche?")
    assert "keine Zahlen" in answer(per_week) and per_week.unanswered


@pytest.mark.parametrize("text, gap", [("Welche Berufsschule ist gut fürs Dialogmarketing?", "schulen"),
                                       ("Was lernt man in der Berufsschule beim Dialogmarketing?", None),
                                       ("wie viel Urlaub hat man als OMM?", "urlaub"),
                                       ("Was bleibt netto übrig?", "netto"),
                                       ("Wird man nach der Ausbildung übernommen?", "uebernahme"),
                                       ("Gibt es im Dialogmarketing Schichtarbeit?", "schichtarbeit"),
                                       ("Mein Bachelor ist aus der Türkei. Wird der für Online Marketing anerkannt?",
                                        "anerkennung"),
                                       ("Ist die Ausbildung im Dialogmarketing staatlich anerkannt?", None),
                                       ("Wie viele Anrufe muss man als KfD am Tag schaffen?", "anrufzahlen"),
                                       ("Nimmt man als Kaufmann für Dialogmarketing Anrufe entgegen?", None),
                                       ("Muss man im Dialogmarketing auch am Wochenende oder nachts arbeiten?",
                                        "schichtarbeit"),
                                       ("Welche Hochschule ist am besten für Online Marketing?", "schulen"),
                                       ("Wie viel Weihnachtsgeld kriegt man als KfD?", "bonus"),
                                       ("Gibt es als KfD Weihnachtsgeld?", None),  # the sources say some get it
                                       ("Wie viele fallen durch die Zwischenprüfung?", "zwischenpruefung_quote"),
                                       ("Darf ich die Abschlussprüfung nochmal schreiben?", "wiederholung"),
                                       ("wieviele telefonate muss man am tag so wegschaffen im dialogmarketing",
                                        "anrufzahlen"),
                                       ("Was macht ein KfD am Tag? Telefonate?", None),
                                       ("Wie hoch ist das Weihnachtsgeld bei Kaufleuten im Dialogmarketing?", "bonus"),
                                       ("Wie krisensicher ist der Job als Kaufmann für Dialogmarketing?", "jobsicherheit"),
                                       ("Welchen Notenschnitt braucht man für die Ausbildung?", "noten"),
                                       ("Bis wann muss man sich beworben haben?", "bewerbungsfristen"),
                                       ("Darf er in dem Alter schon die Ausbildung anfangen?", "alter"),
                                       ("Was verdient ein Online Marketing Manager in Zürich?", "region"),
                                       ("Bekommt man als KfD ein Handy gestellt?", "ausstattung"),
                                       ("Wie kann ich Werbeanrufe von Callcentern auf meinem Handy blockieren?", None)])
def test_a_gap_keyword_with_small_words_is_a_phrase(dialogue: Dialogue, text: str, gap: str | None) -> None:
    found = dialogue.search.not_covered(text)
    assert (found and found.id) == gap


def test_a_word_family_the_stemmer_splits_still_meets(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Kommunikation' asks for the line that says 'kommunikative Fähigkeiten'."""
    skill = next(f for f in kb.facts("omm", ["skill"]) if "kommunikativ" in f.text)
    text = answer(say(dialogue, "ask_skills", "wie wichtig ist Kommunikation im Job?", slots={"occupation": "omm"}))
    assert skill.text in text


@pytest.mark.parametrize("text, entities", [
    ("ne, ich meinte den anderen Beruf", []),
    ("Moment, ich meinte eigentlich Kaufmann im Dialogmarketing", [{"entity": "occupation", "value": "kfd"}]),
    ("achso nee, eigentlich interessiert mich das für die Kauffrau", []),
    ("ne, ich brauch die vom Kaufmann für Dialogmarketing", [{"entity": "occupation", "value": "kfd"}]),
])
def test_a_correction_without_a_question_of_its_own_re_asks(dialogue: Dialogue, kb: KnowledgeBase, text: str,
                                                             entities: list) -> None:
    """A correction that asks nothing itself ('die andere', words around the title) means the last question."""
    kfd_entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    (omm_entry,) = kb.salary_figures("omm", ["entry"])
    asked = remember_slot("salary", "Was verdient ein OMM am Anfang?", [stage("entry")])
    out = say(dialogue, "inform_occupation", text, entities, slots={"occupation": "omm", "last_topic": asked})
    assert fmt.figure(kfd_entry) in answer(out) and fmt.figure(omm_entry) not in answer(out)
    assert out.slots["occupation"] == "kfd"


def test_a_correction_with_a_question_of_its_own_is_that_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    asked = remember_slot("salary", "Was verdient ein OMM am Anfang?", [stage("entry")])
    text = answer(say(dialogue, "ask_training", "nein, wie lange dauert die Ausbildung als Kauffrau?",
                      [{"entity": "occupation", "value": "kfd"}], slots={"occupation": "omm", "last_topic": asked}))
    duration = kb.training("kfd").regulation.duration_years
    assert f"{int(duration)} Jahre" in text and "€" not in text


def test_a_comparison_naming_a_topic_answers_that_topic_for_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "compare_occupations", "Wie unterscheiden sich die Aufgaben von Kaufmann für "
                      "Dialogmarketing und Online Marketing Manager?"))
    assert kb.facts("kfd", ["task"])[0].text in text and kb.facts("omm", ["task"])[0].text in text
    assert "€" not in text


def test_a_comparison_naming_a_topic_by_a_phrase_answers_that_topic_for_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    both = [{"entity": "occupation", "value": "kfd"}, {"entity": "occupation", "value": "omm"}]
    # getting on: each role's career steps (the classifier guessed tasks, 0.44)
    asked = Turn("ask_tasks", "wie steigt man in den beiden berufen auf? also kfd und omm", both, confidence=0.44,
                 ranking=(("ask_tasks", 0.44), ("ask_salary", 0.21), ("ask_career", 0.13)))
    text = answer(dialogue.respond("action_answer", asked))
    assert all(any(s.target in text for s in kb.career_steps(o, ["aufstieg"])) for o in ("kfd", "omm"))
    assert not any(f.text in text for f in kb.facts("kfd", ["task"]))
    # getting in: the OMM's ways in, not the side-by-side table of both roles' pay
    asked = Turn("compare_occupations", "Wie kommt man in die beiden Berufe rein? Also KfD im Vergleich zu OMM", both,
                 confidence=0.99)
    text = answer(dialogue.respond("action_answer", asked))
    course = next(s for s in kb.career_steps("omm", ["quereinstieg"]) if s.duration_text)
    assert course.duration_text in text and "€" not in text
    # the daily work: each role's tasks
    asked = Turn("compare_occupations", "Was ist der Unterschied in der täglichen Arbeit zwischen KfD und OMM?", both,
                 confidence=0.98)
    text = answer(dialogue.respond("action_answer", asked))
    assert all(f.text in text for o in ("kfd", "omm") for f in kb.facts(o, ["task"]))


def test_a_comparison_of_a_topic_only_one_role_has_data_for(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    hours = kb.working_hours("omm")
    text = answer(say(dialogue, "compare_occupations", "Welcher der beiden Berufe hat die bessere Work-Life-Balance?"))
    assert f"{hours.hours_min}–{hours.hours_max} Stunden" in text and "keine Zahlen" in text


def test_a_money_comparison_of_the_training_with_the_other_roles_stage(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_lateral_entry", "Ich schwanke zwischen Ausbildung im Dialogmarketing und einem "
                      "Trainee-Einstieg im Online Marketing. Was verdient man jeweils am Anfang?", [stage("entry")]))
    assert fmt.figure(kb.salary_figures("kfd", ["apprenticeship"])[0]) in text
    assert fmt.figure(kb.salary_figures("omm", ["trainee"])[0]) in text


def test_a_comparison_of_two_facts_of_one_role_answers_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_exam", "Zwischenprüfung vs. Abschlussprüfung bei Kaufleuten für Dialogmarketing – was "
                      "sind die Unterschiede?", [{"entity": "occupation", "value": "kfd"}]))
    for exam in kb.exams("kfd"):
        assert f"{exam.name}:" in text and str(exam.duration_minutes or "") in text
    # the sides of 'zwischen Schule und Betrieb' are no two facts of one topic: the training's split
    text = answer(say(dialogue, "ask_training", "wie ist die ausbildung kaufmann für dialogmarketing aufgeteilt zwischen "
                      "schule und betrieb", [{"entity": "occupation", "value": "kfd"}]))
    assert "Berufsschule" in text


def test_every_exam_when_the_exams_are_asked(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_exam", "Welche Prüfungen gibt es in der Ausbildung zum Kaufmann für Dialogmarketing?",
                      [{"entity": "occupation", "value": "kfd"}, stage("apprenticeship")]))
    assert all(f"{exam.name}:" in text for exam in kb.exams("kfd"))


def test_failing_an_exam_asks_its_pass_rate(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (final,) = [e for e in kb.exams("kfd") if e.pass_rate_text]
    text = answer(say(dialogue, "ask_exam", "wie viele fallen durch die abschlussprüfung im dialogmarketing?? hab voll "
                      "angst davor", [{"entity": "occupation", "value": "kfd"}]))
    assert final.pass_rate_text in text


def test_what_a_job_brings_per_month_is_money(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_training", "Ich schwanke noch, ob ich in den Einzelhandel gehe oder ins Dialogmarketing. "
                      "Was bringt mir Dialogmarketing nach der Lehre im Monat?", [{"entity": "period", "value": "month"}]))
    assert fmt.figure(kb.salary_figures("kfd", ["entry"])[0]) in text


def test_two_marketing_terms_compared_get_both_topics(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_glossary", "Was ist der Unterschied zwischen Dialogmarketing und Beziehungsmarketing?",
                      [{"entity": "glossary_topic", "value": "dialogmarketing"},
                       {"entity": "glossary_topic", "value": "beziehungsmarketing"}]))
    assert all(kb.glossary_topic(t).summary in text for t in ("dialogmarketing", "beziehungsmarketing"))


@pytest.mark.parametrize("text, positions", [
    ("Promotion und Preise sind beides Ps, aber worin unterscheiden die sich?", (3, 6)),
    ("public values und positionierung, wo ist da der unterschied bei den ps", (1, 5))])
def test_two_points_of_a_marketing_topic_compared_by_their_labels_get_both(dialogue: Dialogue, kb: KnowledgeBase,
                                                                           text: str, positions: tuple) -> None:
    reply = answer(say(dialogue, "compare_occupations", text))
    points = kb.glossary_topic("acht_ps").points
    assert all(p.text in reply for p in points if p.position in positions)
    assert not any(p.text in reply for p in points if p.position not in positions)


def test_one_roles_stages_compared_without_a_money_word(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = "OMM Einstieg ohne Erfahrung vs. mit Erfahrung als Content Manager – wie groß ist der Unterschied?"
    reply = answer(say(dialogue, "ask_salary", text, [
        {"entity": "occupation", "value": "omm", "start": 0, "end": 3},
        {"entity": "career_stage", "value": "entry", "start": 4, "end": 12},
        {"entity": "career_stage", "value": "entry_experienced", "start": 32, "end": 45}]))
    for stage_id in ("entry", "entry_experienced"):
        assert fmt.figure(kb.salary_figures("omm", [stage_id])[0]) in reply


def test_a_comparison_gives_each_role_the_stage_it_has(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "compare_occupations", "Was ist besser bezahlt: Ausbildung im Dialogmarketing oder "
                      "Trainee im Online Marketing?", [stage("trainee")]))
    assert fmt.figure(kb.salary_figures("kfd", ["apprenticeship"])[0]) in text
    assert fmt.figure(kb.salary_figures("omm", ["trainee"])[0]) in text
    assert "keine Zahl" not in text


def test_the_statistics_without_a_role_are_given_for_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = say(dialogue, "ask_salary", "Aus welchem Jahr stammen die Zahlen der amtlichen Statistik?")
    text = answer(out)
    for role in kb.occupations(in_scope=True):
        (median,) = kb.salary_figures(role.id, ["median"])
        assert fmt.euro(median.amount_min) in text and f"Datenjahr {median.source.data_year}" in text
    assert "Um welchen Beruf" not in text


def test_in_comparison_to_the_other_role_compares_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    asked = remember_slot("salary", "Was verdient ein OMM im Jahr am Anfang?", [stage("entry")])
    text = answer(say(dialogue, "ask_salary", "wie viel ist das im monat im vergleich zur kauffrau für dialogmarketing?",
                      [{"entity": "occupation", "value": "kfd"}, {"entity": "period", "value": "month"}],
                      slots={"occupation": "omm", "last_topic": asked}))
    kfd_entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    omm_entry = next(f for f in kb.salary_figures("omm", ["entry"]) if f.period == "year")
    assert fmt.figure(kfd_entry) in text and fmt.figure(omm_entry) in text


def test_a_compound_naming_another_job_asks_nothing_of_the_title(dialogue: Dialogue) -> None:
    """'gelernte Einzelhandelskauffrau' says where someone comes from, it asks nothing about the Kauffrau."""
    assert "kauffrau" not in dialogue.search.asked_terms("Ich bin gelernte Einzelhandelskauffrau, kann ich wechseln?")


def test_a_role_named_in_the_genitive_asks_nothing_of_its_title(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'eines Kaufmanns für Dialogmarketing' names the role: it met the exam part about 'Tätigkeiten des Kaufmanns'."""
    assert dialogue.search.asked_terms("Was sind die Aufgaben eines Kaufmanns für Dialogmarketing genau?") == ["aufgab"]
    assert "kaufmann" not in dialogue.search.asked_terms("Aufgaben als Kaufmann/-frau für Dialogmarketing?")  # both genders
    text = answer(say(dialogue, "ask_tasks", "Was sind die Aufgaben eines Kaufmanns für Dialogmarketing genau?",
                      [{"entity": "occupation", "value": "kfd"}]))
    assert all(f.text in text for f in kb.facts("kfd", ["task"]))


def test_up_the_ladder_in_a_sure_career_question_is_no_money_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = dialogue.respond("action_answer", Turn("ask_career", "Wie kann ich als OMM noch weiter nach oben kommen?",
                                                 [{"entity": "occupation", "value": "omm"}, stage("top_earners")], {},
                                                 confidence=0.98))
    text = answer(out)
    assert "€" not in text and any(s.target in text for s in kb.career_steps("omm") if s.kind != "einstieg")


def test_the_school_certificates_of_the_azubis(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_requirements", "Welche Abschlüsse haben die Azubis im Dialogmarketing?",
                      [stage("apprenticeship")]))
    assert all(r.certificate in text for r in kb.training("kfd").school_requirements)


def test_the_plain_difference_of_the_roles_is_the_side_by_side_comparison(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "compare_occupations",
                      "Was ist der Unterschied zwischen Kaufmann für Dialogmarketing und Online Marketing Manager?"))
    for role in kb.occupations(in_scope=True):
        yearly = next(f for f in kb.salary_figures(role.id, ["entry"]) if f.period == "year")
        assert fmt.figure(yearly) in text
        assert kb.facts(role.id, ["summary"])[0].text in text  # what each does comes first
    # the way in of each: the Ausbildung's length, or the course for career changers where there is none
    assert f"{kb.training('kfd').regulation.duration_years} Jahre" in text
    course = next(s for s in kb.career_steps("omm", ["quereinstieg"]) if s.duration_text)
    assert course.via in text


def test_two_training_years_of_one_role_compared(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "compare_occupations", "Unterschied erstes und drittes Lehrjahr KfD: wo ist man jeweils?",
                      [{"entity": "training_year", "value": "3"}, {"entity": "occupation", "value": "kfd"}]))
    assert all(e.places in text for e in kb.training("kfd").schedule)
    assert kb.occupation("omm").name_neutral not in text  # no comparison of the roles


@pytest.mark.parametrize("text, where", [
    ("Azubi Dialogmarketing: wie groß ist der Unterschied zwischen 1. und 3. Lehrjahr?", False),
    ("Unterschied zwischen 1./2. Lehrjahr und 3. Lehrjahr bei KfD – wo ist man da jeweils?", True)])
def test_two_training_years_set_side_by_side(dialogue: Dialogue, kb: KnowledgeBase, text: str, where: bool) -> None:
    """How big the difference is asks the pay of both years, though the entity rules mark only the second ordinal;
    where one is in each year asks the schedule."""
    text = answer(say(dialogue, "ask_training_pay", text, [stage("apprenticeship"),
                                                           {"entity": "training_year", "value": "3"}]))
    pay = [f for f in kb.salary_figures("kfd", ["apprenticeship"]) if f.training_year in (1, 3)]
    assert len(pay) == 2
    assert all(e.places in text for e in kb.training("kfd").schedule) == where
    assert all(fmt.figure(f) in text for f in pay) != where


def test_a_study_against_a_course_gets_both_ways(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_career", "Lieber eine kurze Weiterbildung zum OMM oder Wirtschaftswissenschaften "
                      "studieren? Was gibt's da jeweils?", [{"entity": "occupation", "value": "omm"}]))
    course = next(s for s in kb.career_steps("omm", ["quereinstieg"]) if s.duration_text)
    assert course.duration_text in text
    assert all(f.text in text for f in kb.facts("omm", ["study_subject"]))
    # a named career step is that step ('Weiterbildung' is its kind)
    text = answer(say(dialogue, "ask_career", "Weiterbildung zum Fachwirt Online Marketing oder studieren?"))
    assert course.duration_text not in text
    # a study named in a compound ('Wirtschaftsstudium') is a study too
    text = answer(say(dialogue, "ask_study", "Um Online Marketing Manager zu werden: reicht ein Kurs von ein paar "
                      "Monaten oder ist ein Wirtschaftsstudium besser?", [{"entity": "occupation", "value": "omm"}]))
    assert course.duration_text in text


@pytest.mark.parametrize("text", ["Pflegekraft, 31, kommunikativ. Eher die KfD-Ausbildung oder eine OMM-Weiterbildung – "
                                  "was dauert wie lange?",
                                  "Weiterbildung zum Online Marketing Manager oder Ausbildung zum Kaufmann für "
                                  "Dialogmarketing – was dauert länger?"])
def test_one_roles_training_against_the_others_course_gets_both_lengths(dialogue: Dialogue, kb: KnowledgeBase,
                                                                         text: str) -> None:
    reply = answer(say(dialogue, "ask_career", text))
    course = next(s for s in kb.career_steps("omm", ["quereinstieg"]) if s.duration_text)
    assert course.duration_text in reply
    assert f"{kb.training('kfd').regulation.duration_years} Jahre" in reply
    assert not any(s.target in reply for s in kb.career_steps("omm", ["weiterbildung"]))  # not the Fachwirt


def test_the_classifiers_runner_up_names_the_compared_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'compare' has no topic of its own: the second intent says what is compared (here the skills)."""
    both = [{"entity": "occupation", "value": "kfd"}, {"entity": "occupation", "value": "omm"}]
    turn = Turn("compare_occupations", "Was muss man jeweils können – KfD im Vergleich zum OMM?", both, {},
                ranking=(("compare_occupations", 0.67), ("ask_skills", 0.3)))
    text = answer(dialogue.respond("action_answer", turn))
    for role in ("kfd", "omm"):
        assert any(f.text in text for f in kb.facts(role, ["skill"]))
    assert "€" not in text  # not the side-by-side table of training and pay
    # … unless money is asked: the runner-up (here lateral entry) does not say what is compared then
    turn = Turn("compare_occupations", "Guten Tag, ich bin Berufsberaterin und werde oft gefragt, welcher der beiden "
                "Berufe langfristig besser bezahlt ist. Können Sie mir die Spannen zum Einstieg für beide nennen?",
                [stage("entry")], {}, ranking=(("compare_occupations", 0.5), ("ask_lateral_entry", 0.4)))
    text = answer(dialogue.respond("action_answer", turn))
    for role in ("kfd", "omm"):
        assert fmt.figure(kb.salary_figures(role, ["entry"])[0]) in text


def test_a_share_of_certificates_comes_with_the_minimum(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Brauche ich Abi?' – 'a third have the Abitur' alone would suggest it is needed."""
    text = answer(say(dialogue, "ask_requirements", "Brauche ich Abi für Kaufmann für Dialogmarketing?",
                      [{"entity": "occupation", "value": "kfd"}]))
    minimum = next(r for r in kb.training("kfd").school_requirements if r.role == "minimum")
    abitur = next(r for r in kb.training("kfd").school_requirements if r.share_text and "Abi" in r.certificate)
    assert abitur.share_text in text and minimum.certificate in text


@pytest.mark.parametrize("text, asked", [
    ("Ich hab grad meinen Hochschulabschluss. Welche Weiterbildung gibt es für mich?", "Welche Weiterbildung gibt es für mich?"),
    ("Was macht man z. B. im Marketing?", "Was macht man z. B. im Marketing?"),
    ("wer hat kontakt zum kunden? doch nur der vertrieb oder", "wer hat kontakt zum kunden?"),
    ("Was verdient ein OMM?", "Was verdient ein OMM?"),
    ("Ich bin 17. Ich mag Mathe.", "Ich bin 17. Ich mag Mathe."),
    ("Als Umschüler Mitte 30: Wie lange dauert die Ausbildung?", "Wie lange dauert die Ausbildung?"),
    ("Als Beispiel: Telefon", "Als Beispiel: Telefon"),
    # a list of fragments after the question asks with it; a statement does not
    ("OMM – was sind die Basics? Gehalt, Arbeitszeit, Voraussetzungen",
     "OMM – was sind die Basics? Gehalt, Arbeitszeit, Voraussetzungen"),
    ("Was macht ein OMM? Bin Schüler und so", "Was macht ein OMM?"),
    # … and one after the question that ends in a remark after a dash
    ("Was müssen wir über die Ausbildung wissen? Dauer, Schule, Geld – unser Sohn fängt bald an.",
     "Was müssen wir über die Ausbildung wissen? Dauer, Schule, Geld"),
    # a short question that points at the sentence before asks what it says
    ("Ich unterrichte eine KfD-Klasse. Die Schüler fragen, wie die Prüfung aufgebaut ist. Können Sie das kurz "
     "zusammenfassen?", "Die Schüler fragen, wie die Prüfung aufgebaut ist. Können Sie das kurz zusammenfassen?"),
])
def test_the_asked_sentences_of_a_message(text: str, asked: str) -> None:
    from bot.text import asked_sentences
    assert asked_sentences(text) == asked


def test_what_a_message_says_about_the_asker_does_not_choose_the_fact(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Hochschulabschluss' met a requirement line; the question itself asks for further training."""
    text = answer(say(dialogue, "ask_career",
                      "Ich hab grad meinen Hochschulabschluss. Welche Weiterbildung gibt es für mich im Online Marketing?",
                      [{"entity": "occupation", "value": "omm"}]))
    fachwirt = next(s for s in kb.career_steps("omm") if "Fachwirt" in s.target)
    assert fachwirt.target in "\n".join(text.split("\n")[:2])  # the lead, not a suggestion further down


def test_a_follow_up_that_is_only_a_number_asks_the_earlier_question_again(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    seventh = say(dialogue, "ask_glossary", "Was ist das 7. P?", [{"entity": "glossary_topic", "value": "siebtes_p"}])
    eighth = say(dialogue, "nlu_fallback", "und das 8.?", slots=seventh.slots, action="action_fallback")
    topic = kb.glossary_topic("achtes_p")
    assert topic.summary in answer(eighth) and kb.glossary_topic("siebtes_p").summary not in answer(eighth)


def test_a_period_follow_up_the_classifier_missed_stays_with_the_figures(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    entry = say(dialogue, "ask_salary", "Einstiegsgehalt Kauffrau für Dialogmarketing?",
                [{"entity": "occupation", "value": "kfd"}, stage("entry")])
    yearly = say(dialogue, "nlu_fallback", "im jahr?", [{"entity": "period", "value": "year"}], slots=entry.slots,
                 action="action_fallback")
    (figure,) = [f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "year"]
    assert fmt.figure(figure) in answer(yearly)


@pytest.mark.parametrize("text, earlier, swapped", [
    ("und das achte?", "Was ist das siebte P?", "Was ist das 8. P?"),
    ("und teil 3?", "Wie lange dauert Teil 2 der Prüfung?", "Wie lange dauert Teil 3 der Prüfung?"),
    ("im jahr?", "Was ist das 7. P?", None),
    ("und das 8.?", "Was ist das 7. P im Jahr 2024?", None),  # two numbers: which one is meant is unclear
])
def test_the_number_of_a_follow_up_in_the_earlier_question(text: str, earlier: str, swapped: str | None) -> None:
    from bot.dialogue.turn import with_number_swapped
    assert with_number_swapped(text, earlier) == swapped


def test_a_pay_question_about_the_training_years_gets_the_pay_not_the_schedule(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'KfD-Azubis' is one token for the entity rules: no stage or year entity, and 'Lehrjahren' met the schedule."""
    text = answer(say(dialogue, "ask_training_pay", "Was bekommen KfD-Azubis in den drei Lehrjahren jeweils? Bitte alle Jahre."))
    for figure in kb.salary_figures("kfd", ["apprenticeship"]):
        assert fmt.figure(figure) in text
    assert not any(entry.places in text for entry in kb.training("kfd").schedule)


def test_a_sure_topic_wins_over_a_somewhat_stronger_line_elsewhere(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Fachinformatiker' meets the study subject Informatik; the classifier was sure it is about lateral entry."""
    out = dialogue.respond("action_answer", Turn(
        "ask_lateral_entry", "Ich bin Fachinformatiker. Kann ich ins Online Marketing Management quer einsteigen?",
        [{"entity": "occupation", "value": "omm"}], {}, confidence=1.0))
    it_step = next(s for s in kb.career_steps("omm") if s.audience and "IT" in s.audience)
    lead = answer(out).split("Dazu passt")[0]
    assert it_step.target in lead and "Studienfach" not in lead


def test_a_corrected_stage_replaces_the_earlier_one(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_salary", "Was verdient ein OMM nach 10 Jahren?",
                [{"entity": "occupation", "value": "omm"}, {"entity": "years_experience", "value": "10"}])
    text = "nein sorry, ich meinte als Trainee"
    trainee_entity = {**stage("trainee"), "start": text.index("Trainee"), "end": len(text)}
    fixed = answer(say(dialogue, "ask_salary", text, [trainee_entity], slots=first.slots))
    (trainee,) = [f for f in kb.salary_figures("omm", ["trainee"]) if f.period == "month"]
    (ten_years,) = kb.salary_figures("omm", ["experienced"])
    assert fmt.figure(trainee) in fixed and fmt.number(ten_years.amount_max) not in fixed


def test_quatsch_corrects_the_role_of_the_earlier_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_overview", "Welche Berufskennziffer hat der Kaufmann für Dialogmarketing?",
                [{"entity": "occupation", "value": "kfd"}])
    fixed = answer(say(dialogue, "inform_occupation", "quatsch, ich brauch die vom Online Marketing Manager",
                       [{"entity": "occupation", "value": "omm"}], slots=first.slots))
    assert kb.occupation("omm").kldb2010 in fixed and kb.occupation("kfd").kldb2010 not in fixed


def test_a_sure_topic_met_only_weakly_is_answered_whole(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Abschluss' + 'Ausbildung' meet the bachelor line after the training; 'Abschluss' alone meets the
    certificates too weakly to lead – the classifier was sure: all certificates, not the bachelor."""
    out = dialogue.respond("action_answer", Turn("ask_requirements", "Welchen Abschluss braucht man für eine Ausbildung im Callcenter?",
                                                 [], {}, confidence=0.93))
    text = answer(out)
    assert all(r.certificate in text for r in kb.training("kfd").school_requirements)
    assert "Bachelor" not in text


def test_a_short_overview_is_the_profile(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'kurzen' met a course keyword and the job-title line; 'Überblick' asks for what the role is."""
    text = answer(say(dialogue, "ask_overview", "Online Marketing Manager – gib mir mal nen kurzen Überblick",
                      [{"entity": "occupation", "value": "omm"}]))
    assert all(f.text in text for f in kb.facts("omm", ["summary"]))


def test_a_money_question_after_a_story_of_switching_jobs_is_a_salary_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """Classified as lateral entry (0.99); the asked sentence wants money, and the years were in the other job."""
    text = "Ich war drei Jahre Social Media Managerin und will jetzt ins Online Marketing Management wechseln. " \
           "Mit welchem Gehalt kann ich da einsteigen?"
    reply = answer(dialogue.respond("action_answer", Turn("ask_lateral_entry", text, [
        {"entity": "occupation", "value": "omm"}, {"entity": "years_experience", "value": "3"}], {}, confidence=0.99)))
    (experienced_entry,) = kb.salary_figures("omm", ["entry_experienced"])
    assert fmt.figure(experienced_entry) in reply and "3 Jahre" not in reply


@pytest.mark.parametrize("text, pay", [("was ist gehaltsmäßig drin?", True), ("Wie sind die Verdienstmöglichkeiten?", True),
                                       ("Was wird von Bewerbern verlangt?", False), ("Lohnt sich die Ausbildung?", False),
                                       ("was krigt ein kaufman für dialogmarketng im 2. jahr", True),
                                       ("wass verdint kfd im 2 jahr", True),
                                       ("Wieviel std die woche schiebt ne online marketing managerin so?", False)])
def test_money_words_that_start_a_compound(text: str, pay: bool) -> None:
    from bot.nlp.vocabulary import asks_pay
    assert asks_pay(text) is pay


def test_a_pay_question_for_a_role_without_training_asks_the_salary(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """Classified as training pay, but no apprenticeship is asked and the OMM has none: the salary figures."""
    reply = answer(say(dialogue, "ask_training_pay", "Kann man als OMM im Mittelstand auch 80.000 im Jahr verdienen?",
                       [{"entity": "occupation", "value": "omm"}, {"entity": "period", "value": "year"}]))
    assert any(fmt.number(top.amount_min or top.amount_max) in reply for top in kb.salary_figures("omm", ["top_earners"]))
    apprentice = answer(say(dialogue, "ask_training_pay", "Was verdient ein OMM in der Ausbildung?",
                            [{"entity": "occupation", "value": "omm"}, stage("apprenticeship")]))
    assert "keine Ausbildungsvergütung" in apprentice


def test_a_number_after_a_topic_with_numbered_points_is_that_point(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_glossary", "Ich mach ne Ausbildung und muss die 8 Ps lernen, welche sind das?",
                [{"entity": "glossary_topic", "value": "acht_ps"}])
    third = answer(say(dialogue, "nlu_fallback", "was heißt nochmal das dritte genau?", slots=first.slots,
                       action="action_fallback"))
    points = {p.position: p for p in kb.glossary_topic("acht_ps").points}
    assert points[3].text in third and points[4].text not in third


@pytest.mark.parametrize("text", ["was für leitfragen gibts zum 7ten p", "Was fragt man sich beim siebten P?"])
def test_ordinal_forms_the_aliases_do_not_list_name_the_topic(kb: KnowledgeBase, text: str) -> None:
    assert kb.topics_in(text) == ["siebtes_p"]


def test_which_p_asks_within_the_8_ps(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Beschwerden' is also a training content of the KfD; 'Unter welches P' asks within the 8 Ps."""
    reply = answer(say(dialogue, "ask_glossary", "Unter welches P fallen Beschwerden und Reklamationen?"))
    seventh = next(p for p in kb.glossary_topic("acht_ps").points if p.position == 7)
    assert seventh.text in reply.split("\n")[0]


def test_pay_without_experience_is_not_the_experienced_entry(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """The entity rule saw 'Erfahrung als' in 'ohne Erfahrung als …'; 'ohne' is a word of the trainee's population."""
    reply = answer(dialogue.respond("action_answer", Turn(
        "ask_salary", "Was verdient man ohne Erfahrung als Online Marketing Manager?",
        [{"entity": "occupation", "value": "omm"}, stage("entry_experienced")], {}, confidence=0.9)))
    (trainee,) = [f for f in kb.salary_figures("omm", ["trainee"]) if f.period == "month"]
    (experienced,) = kb.salary_figures("omm", ["entry_experienced"])
    assert fmt.figure(trainee) in reply and fmt.figure(experienced) not in reply


def test_a_comparison_keeps_the_classified_topic_for_each_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """The KfD has no working hours: 'Stunden' must not pick its exam minutes instead."""
    both = [{"entity": "occupation", "value": "kfd"}, {"entity": "occupation", "value": "omm"}]
    reply = answer(say(dialogue, "ask_working_hours", "Wo arbeitet man mehr Stunden, als KfD oder als OMM?", both))
    hours = kb.working_hours("omm")
    assert f"{hours.hours_min}–{hours.hours_max} Stunden" in reply and "Prüfung" not in reply
    assert kb.occupation("kfd").name_neutral in reply


def test_both_roles_without_their_names(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_requirements", "Braucht man für beide Berufe Abitur?"))
    for role in kb.occupations(in_scope=True):
        assert any(r.certificate in reply for r in kb.training(role.id).school_requirements)


def test_years_compared_for_a_role_without_that_figure_give_its_statistics(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'KfD vs OMM Gehalt nach 10 Jahren': the KfD has no ten-year figure – not its entry pay instead."""
    both = [{"entity": "occupation", "value": "kfd"}, {"entity": "occupation", "value": "omm"}]
    reply = answer(say(dialogue, "compare_occupations", "KfD vs OMM Gehalt nach 10 Jahren",
                       both + [{"entity": "years_experience", "value": "10"}]))
    kfd_entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    median = next(f for f in kb.salary_figures("kfd", ["median"], preferred_only=False) if f.occupation == "kfd")
    assert fmt.figure(kfd_entry) not in reply and fmt.number(median.amount_min or median.amount_max) in reply



def _at(text: str, said: str, entity: str, value: str) -> dict:
    """An entity as the extractor reports it, with its place in the message."""
    start = text.index(said)
    return {"entity": entity, "value": value, "start": start, "end": start + len(said)}


def test_each_side_of_a_comparison_keeps_its_own_stage(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'KfD nach 10 Jahren vs OMM Einstieg': the ten years are the KfD's, the entry is the OMM's – not the reverse."""
    text = "KfD nach 10 Jahren vs OMM Einstieg – wer verdient mehr?"
    reply = answer(say(dialogue, "compare_occupations", text, [
        _at(text, "KfD", "occupation", "kfd"), _at(text, "nach 10 Jahren", "years_experience", "10"),
        _at(text, "OMM", "occupation", "omm"), _at(text, "Einstieg", "career_stage", "entry")]))
    omm_entry = next(f for f in kb.salary_figures("omm", ["entry"]) if f.period == "year")
    (omm_ten,) = [f for f in kb.salary_figures("omm", ["experienced"]) if f.years_experience == 10]
    kfd_entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    median = next(f for f in kb.salary_figures("kfd", ["median"], preferred_only=False) if f.occupation == "kfd")
    assert fmt.figure(omm_entry) in reply and fmt.number(median.amount_min or median.amount_max) in reply
    assert fmt.figure(omm_ten) not in reply and fmt.figure(kfd_entry) not in reply


def test_stages_of_both_sides_compare_figures_without_a_money_word(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Azubi im 3. Jahr Dialogmarketing gegen Berufseinsteiger OMM' compares pay, not training facts."""
    text = "Vergleich: Azubi im 3. Jahr Dialogmarketing gegen Berufseinsteiger OMM"
    reply = answer(say(dialogue, "compare_occupations", text, [
        _at(text, "Azubi", "career_stage", "apprenticeship"), _at(text, "3.", "training_year", "3"),
        _at(text, "Berufseinsteiger", "career_stage", "entry"), _at(text, "OMM", "occupation", "omm")]))
    third = next(f for f in kb.salary_figures("kfd", ["apprenticeship"]) if f.training_year == 3)
    omm_entry = next(f for f in kb.salary_figures("omm", ["entry"]) if f.period == "year")
    assert fmt.figure(third) in reply and fmt.figure(omm_entry) in reply
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures("kfd", ["entry"]))

def test_a_word_met_only_as_the_head_of_a_compound_counts_less(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'schreibt' meets 'unterschreiben' (a keyword of signing contracts) only as the head of that compound."""
    out = dialogue.respond("action_answer", Turn(
        "ask_tasks", "Telefoniert man als Kaufmann für Dialogmarketing nur oder schreibt man auch mit den Kunden?",
        [{"entity": "occupation", "value": "kfd"}], {}, confidence=1.0))
    contact = next(f for f in kb.facts("kfd", ["summary"]) if "Chat" in f.text)
    assert contact.text in answer(out)


def test_a_word_every_line_of_a_kind_has_asks_for_all_of_them(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'persönlich' meets three traits more strongly; 'Eigenschaften' is a keyword of every trait."""
    reply = answer(say(dialogue, "ask_skills", "Welche persönlichen Eigenschaften sollte eine Kauffrau für Dialogmarketing haben?",
                       [{"entity": "occupation", "value": "kfd"}]))
    assert all(f.text in reply for f in kb.facts("kfd", ["trait"]))
    assert not any(f.text in reply for f in kb.facts("kfd", ["task"]))


@pytest.mark.parametrize("text, step_id", [("Was verdient ein Teamleiter im Callcenter?", "kfd_teamleitung"),
                                           ("Was verdient eine Marketing Managerin?", "omm_marketing_manager")])
def test_the_pay_of_a_career_steps_job_is_not_the_roles(dialogue: Dialogue, kb: KnowledgeBase, text: str,
                                                         step_id: str) -> None:
    """The sources give a team leader or a marketing manager no pay: the step, not the KfD's or the OMM's figures."""
    out = say(dialogue, "ask_salary", text)
    (step,) = [s for o in kb.occupations(in_scope=True) for s in kb.career_steps(o.id) if s.id == step_id]
    reply = answer(out)
    assert step.target in reply and out.unanswered
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures(step.occupation, ["entry", "apprenticeship"]))


def test_a_field_with_a_typo_names_the_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_salary", "trainee online marketting was bekommt man monatlich?? hab null erfahrung",
                      [stage("trainee"), {"entity": "period", "value": "month"}]))
    assert fmt.figure(kb.salary_figures("omm", ["trainee"])[0]) in text


def test_an_insult_beside_a_pay_question_still_gets_the_figures(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "out_of_scope", "Sag mir jetzt endlich was ein KfD verdient, du Vollpfosten",
                      [{"entity": "occupation", "value": "kfd"}], action="action_out_of_scope"))
    assert fmt.figure(kb.salary_figures("kfd", ["entry"])[0]) in text


def test_no_longer_an_apprentice_asks_the_pay_after_the_training(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_training_pay", "Ich bin kein Azubi mehr, was verdiene ich jetzt als Kauffrau für "
                      "Dialogmarketing?", [{"entity": "occupation", "value": "kfd"}, stage("apprenticeship")]))
    assert fmt.figure(kb.salary_figures("kfd", ["entry"])[0]) in text
    assert not any(fmt.figure(f) in text for f in kb.salary_figures("kfd", ["apprenticeship"]))


def test_a_roles_own_title_names_no_career_step(kb: KnowledgeBase) -> None:
    assert kb.career_step_named("Was verdient ein Online Marketing Manager?") is None
    assert kb.career_step_named("Was verdient ein Senior Online Marketing Manager?").id == "omm_senior"



def test_a_training_year_the_training_does_not_have_is_answered_with_its_length(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'und im vierten Jahr?' after the KfD's training pay: the training has three years – not the legal floor of a fourth."""
    years = kb.training("kfd").regulation.duration_years
    first = say(dialogue, "ask_training_pay", "Was verdient ein Azubi im Dialogmarketing im 3. Jahr?",
                [occupation("kfd"), {"entity": "training_year", "value": "3"}])
    text = answer(say(dialogue, "ask_training_pay", "und im vierten jahr?", [{"entity": "training_year", "value": "4"}],
                      slots=first.slots))
    assert f"dauert {years} Jahre" in text and "4. Jahr" not in text
    text = answer(say(dialogue, "ask_training", "Gibt es beim Kaufmann für Dialogmarketing ein viertes Ausbildungsjahr?",
                      [occupation("kfd"), {"entity": "training_year", "value": "4"}]))
    assert f"dauert {years} Jahre" in text and "4 Teile" not in text


def test_a_curated_gap_is_not_followed_by_a_topic_guessed(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Homeoffice' is a curated gap; the classifier's guess (career) would only bury the honest answer."""
    text = answer(say(dialogue, "ask_career", "Kann ich als OMM im Homeoffice arbeiten?", [occupation("omm")]))
    assert "keine geprüfte Angabe" in text
    assert not any(s.target in text for s in kb.career_steps("omm"))


def test_a_curated_gap_beside_a_money_question_keeps_the_figures(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_salary", "Was verdient ein OMM netto?", [occupation("omm")]))
    assert "keine geprüfte Angabe" in text
    assert fmt.figure(next(f for f in kb.salary_figures("omm", ["entry"]) if f.period == "year")) in text


def test_the_exam_named_is_the_one_answered_with_its_total_time(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    final = next(e for e in kb.exams("kfd") if e.parts)
    other = next(e for e in kb.exams("kfd") if e is not final)
    text = answer(say(dialogue, "ask_exam", f"Wie lange dauert die {final.name} insgesamt?", [occupation("kfd")]))
    assert f"zusammen {sum(p.duration_minutes for p in final.parts)} Minuten" in text and other.name not in text


def test_a_follow_up_names_a_role_by_a_word_of_its_title(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'und als Kauffrau?' after the OMM's pay: the KfD's pay."""
    first = say(dialogue, "ask_salary", "Was verdient man als OMM?", [occupation("omm")])
    text = answer(say(dialogue, "nlu_fallback", "und als Kauffrau?", slots=first.slots, action="action_fallback"))
    kfd_entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    assert fmt.figure(kfd_entry) in text


def test_the_training_pay_asked_per_year_is_converted_with_its_basis(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_training_pay", "Was bekommt ein Azubi KfD im Jahr?",
                      [occupation("kfd"), stage("apprenticeship"), {"entity": "period", "value": "year"}]))
    for fig in kb.salary_figures("kfd", ["apprenticeship"]):
        assert f"umgerechnet {fmt.span(fig.amount_min * 12, fig.amount_max * 12)} {fmt.BASIS[fig.basis]}" in text


def test_the_training_pay_of_a_role_without_a_training_says_so(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'OMM-Azubi' hides the apprentice from the entity rules; the OMM has no training and so no training pay."""
    text = answer(say(dialogue, "ask_training_pay", "Bekommt ein OMM-Azubi Geld?"))
    assert "keine geregelte Ausbildung" in text
    assert not any(fmt.figure(f) in text for f in kb.salary_figures("omm", ["entry"]))


def test_a_curated_gap_asked_of_both_roles_is_said_not_compared(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    both = [occupation("kfd"), occupation("omm")]
    out = say(dialogue, "compare_occupations", "Wer hat mehr Urlaub, KfD oder OMM?", both)
    assert "keine geprüfte Angabe" in answer(out) and "€" not in answer(out) and out.unanswered
    out = say(dialogue, "compare_occupations", "Was verdienen KfD und OMM netto?", both)
    assert "keine geprüfte Angabe" in answer(out) and out.unanswered
    assert all(fmt.figure(next(f for f in kb.salary_figures(r, ["entry"]) if f.period == "year")) in answer(out)
               for r in ("kfd", "omm"))


def test_the_way_into_a_trained_role_says_how_long_the_training_takes(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    years = kb.training("kfd").regulation.duration_years
    text = answer(say(dialogue, "ask_lateral_entry", "Wie wird man Kaufmann für Dialogmarketing?",
                      [{"entity": "occupation", "value": "kfd"}]))
    assert f"{years} Jahre" in text


@pytest.mark.parametrize("intent, text", [
    ("ask_lateral_entry", "Guten Tag, mein Sohn ist 16 und weiß noch nicht, was er nach der Schule machen will. "
                          "Können Sie mir erklären, was ein Kaufmann für Dialogmarketing eigentlich macht?"),
    ("ask_overview", "Ich bin 15 und weiß noch nicht, was ich werden will. Was ist Kaufmann für Dialogmarketing für ein Beruf?"),
    ("ask_skills", "Meine Tochter will Kauffrau für Dialogmarketing werden. Was sollte ich als Mutter darüber wissen?"),
])
def test_a_question_about_the_whole_job_gets_its_profile(dialogue: Dialogue, kb: KnowledgeBase, intent: str,
                                                         text: str) -> None:
    reply = answer(say(dialogue, intent, text, [{"entity": "occupation", "value": "kfd"}]))
    assert all(f.text in reply for f in kb.facts("kfd", ["summary"]))


def test_the_profile_says_whom_the_job_suits(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "inform_occupation", "Für wen ist der Kaufmann für Dialogmarketing geeignet?",
                       [{"entity": "occupation", "value": "kfd"}]))
    assert all(f.text in reply for f in kb.facts("kfd", ["trait"]))


def test_a_background_sentence_keeps_its_detail(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_overview", "Ich bin eher schüchtern. Ist Kauffrau für Dialogmarketing dann was für mich?",
                       [{"entity": "occupation", "value": "kfd"}]))
    assert any(f.text in reply for f in kb.facts("kfd", ["trait"]))  # what helps in the job, not its profile
    assert kb.facts("kfd", ["summary"])[0].text not in reply


@pytest.mark.parametrize("action, text, confidence", [
    ("action_fallback", "iPhone oder Android, was ist besser?", 0.4),
    ("action_answer", "Erklär mir bitte die Photosynthese für meinen Bio-Test", 0.4),
    ("action_answer", "Welche Krankenkasse ist am günstigsten für Studenten?", 0.76),  # 'günstig' met the 3rd P
])
def test_an_unsure_guess_about_another_subject_is_out_of_scope(dialogue: Dialogue, action: str, text: str,
                                                               confidence: float) -> None:
    reply = answer(dialogue.respond(action, Turn("ask_glossary", text, confidence=confidence)))
    assert "keine geprüften Informationen" in reply and "Quelle" not in reply  # no fact sharing a small word with it


def test_a_career_step_named_in_foreign_words_is_no_other_subject(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (q25,) = [f for f in kb.salary_figures("betriebswirt_ccm", ["quartile_25"])]
    reply = answer(dialogue.respond("action_answer", Turn("ask_salary", "25%-Quartil Betriebswirt für Callcentermanagement?",
                                                          confidence=0.6)))
    assert fmt.number(q25.amount_min) in reply


def test_an_unsure_question_that_meets_a_fact_clearly_is_answered(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    roles = kb.glossary_topic("kundenbindung_mitarbeiter").points[0].text
    reply = answer(dialogue.respond("action_answer", Turn(
        "ask_glossary", "Welche Rollen hat ein Mitarbeiter in einem Dienstleistungsunternehmen gleichzeitig?", confidence=0.4)))
    assert roles in reply


def test_small_talk_and_insults_get_a_friendly_reply(dialogue: Dialogue) -> None:
    how = answer(dialogue.respond("action_out_of_scope", Turn("out_of_scope", "Wie geht's dir so?", confidence=0.35)))
    assert "mir geht's gut" in how and "Berufslotse" in how
    insult = dialogue.respond("action_fallback", Turn("nlu_fallback", "Nutzlose KI, echt jetzt.", confidence=0.3))
    assert "freundlich" in answer(insult) and "KI" not in answer(insult)  # not the curated gap about AI
    career = dialogue.respond("action_out_of_scope", Turn("out_of_scope", "Wie geht es nach der Ausbildung weiter?",
                                                          slots={"occupation": "kfd"}, confidence=0.4))
    assert "mir geht's gut" not in answer(career)  # a question about the job, not about the bot


def test_a_stage_named_beside_the_years_is_shown_before_them(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (entry,) = [f for f in kb.salary_figures("omm", ["entry"]) if f.period == "year"]
    (ten,) = [f for f in kb.salary_figures("omm", ["experienced"]) if f.years_experience == 10]
    text = answer(say(dialogue, "ask_salary", "OMM: Gehalt am Anfang vs. nach 10 Jahren?",
                      [{"entity": "occupation", "value": "omm"}, stage("entry"), {"entity": "years_experience", "value": "10"}]))
    assert fmt.figure(entry) in text and fmt.figure(ten) in text


def test_a_stage_inside_a_genitive_compound_counts(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (kfd_entry,) = [f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month"]
    text = answer(say(dialogue, "ask_salary", "Spitzengehalt als OMM im Vergleich zum Jahresgehalt eines KfD-Berufseinsteigers?",
                      [stage("top_earners"), {"entity": "occupation", "value": "omm"}, {"entity": "period", "value": "year"}]))
    assert fmt.number(kfd_entry.amount_min * 12) in text


def test_becoming_a_role_after_years_in_another_job_asks_the_way_in(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """The classifier heard a salary question in 'nach zehn Jahren'; no money is asked."""
    (background,) = kb.facts("omm", ["background"])
    text = "Kann ich nach zehn Jahren als Grafikdesignerin noch Online Marketing Managerin werden?"
    reply = answer(dialogue.respond("action_answer", Turn("ask_salary", text, [
        {"entity": "years_experience", "value": "10"}, {"entity": "occupation", "value": "omm", "start": 58, "end": 87}],
        confidence=0.56)))
    assert background.text in reply and "€" not in reply


def test_what_one_may_reckon_with_at_entry_is_the_pay(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (experienced,) = kb.salary_figures("omm", ["entry_experienced"])
    reply = answer(say(dialogue, "ask_lateral_entry", "Ich war zwei Jahre Social Media Manager bei einer Agentur. "
                       "Womit kann ich als OMM beim Einstieg rechnen?", [{"entity": "occupation", "value": "omm"}]))
    assert fmt.figure(experienced) in reply


@pytest.mark.parametrize("intent, action", [("ask_salary", "action_answer"), ("nlu_fallback", "action_fallback")])
def test_a_message_listing_several_topics_gets_the_profile(dialogue: Dialogue, kb: KnowledgeBase, intent: str,
                                                           action: str) -> None:
    text = answer(dialogue.respond(action, Turn(intent, "Kurzprofil KfD: Aufgaben, Ausbildung, Gehalt",
                                                [{"entity": "occupation", "value": "kfd"}], confidence=0.4)))
    assert kb.facts("kfd", ["summary"])[0].text in text and kb.facts("kfd", ["task"])[0].text in text
    (entry,) = [f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month"]
    assert fmt.number(entry.amount_min) in text


@pytest.mark.parametrize("text, lead", [
    ("Wie sorgt ein OMM dafür, dass seine Beiträge auch gesehen werden?", "Promotion:"),
    ("Was tut ein OMM, wenn Kampagnen schlecht laufen?", "Erfolgsmessung:"),
    ("Postet ein OMM spontan oder zu festen Zeiten?", "Publikation:"),
    ("Woher weiß ein Online Marketing Manager, ob seine Posts und Kampagnen was bringen?", "Erfolgsmessung:"),
])
def test_a_task_asked_in_everyday_words_is_found(dialogue: Dialogue, kb: KnowledgeBase, text: str, lead: str) -> None:
    (task,) = [f for f in kb.facts("omm", ["task"]) if f.text.startswith(lead)]
    assert task.text in answer(say(dialogue, "ask_tasks", text, [{"entity": "occupation", "value": "omm"}]))


def test_an_exam_part_named_as_one_compound_is_found(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    final = next(e for e in kb.exams("kfd") if e.parts)
    second = next(p for p in final.parts if p.part_no == 2)
    text = answer(dialogue.respond("action_answer", Turn("ask_exam", "Wie lange dauert Prüfungsteil 2 im Dialogmarketing?",
                                                         [{"entity": "glossary_topic", "value": "dialogmarketing"}],
                                                         confidence=0.76)))
    assert f"{second.duration_minutes} Minuten" in text


def test_how_an_exam_goes_gets_every_part(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'läuft … ab' asks for the whole exam – no keyword of another fact may take 'laufen' ('schlecht laufen')."""
    final = next(e for e in kb.exams("kfd") if e.parts)
    text = answer(say(dialogue, "ask_exam", "Wie läuft die Abschlussprüfung als Kauffrau für Dialogmarketing ab?",
                      [{"entity": "occupation", "value": "kfd"}]))
    assert all(f"{p.duration_minutes} Minuten" in text for p in final.parts)


def test_several_points_named_get_each_of_them(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    points = {p.label.split(". ", 1)[-1]: p for p in kb.glossary_topic("acht_ps").points}  # '3. Preise'
    asked = [points["Produkt und Packung"], points["Preise"], points["Promotion"]]
    text = answer(say(dialogue, "ask_glossary", "Erklär mir kurz Promotion, Produkt & Packung und Preise aus den 8 Ps."))
    assert all(p.text in text for p in asked)



def test_a_year_after_the_training_is_no_training_year(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_salary", "Was verdient ein Dialogmarketingkaufmann im ersten Jahr nach der Ausbildung pro Monat?",
                      [{"entity": "occupation", "value": "kfd"}, {"entity": "training_year", "value": "1"}, stage("entry")]))
    entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    (first_year,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    assert fmt.figure(entry) in text and fmt.figure(first_year) not in text


def test_whether_a_role_has_an_ausbildung_is_the_training_note(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'machen' is no keyword of any task ('bekannt machen' was one)."""
    omm = kb.occupation("omm")
    text = answer(say(dialogue, "ask_training", "Kann man eine Ausbildung zum Online Marketing Manager machen?",
                      [{"entity": "occupation", "value": "omm"}]))
    assert omm.note in text


def test_leading_a_team_asks_the_step_to_team_leader(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (lead,) = [s for s in kb.career_steps("kfd") if s.kind == "aufstieg"]
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_career", "welche weiterbildung brauch ich als kauffrau dialogmarketing um ein team zu fuehren?",
        [{"entity": "occupation", "value": "kfd"}], {}, confidence=0.44)))
    assert lead.via in text


def test_a_follow_up_describing_the_asker_gets_the_figure_for_such_people(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'und wenn ich schon als Content Manager gearbeitet hab?' after the entry pay, however unsure the classifier."""
    first = say(dialogue, "ask_salary", "Einstiegsgehalt Online Marketing Manager?",
                [{"entity": "occupation", "value": "omm"}, stage("entry")])
    text = answer(say(dialogue, "nlu_fallback", "und wenn ich schon als Content Manager gearbeitet hab?", slots=dict(first.slots),
                      action="action_fallback"))
    (experienced,) = kb.salary_figures("omm", ["entry_experienced"])
    assert fmt.figure(experienced) in text


def test_an_overview_of_one_topic_is_that_whole_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Überblick' is a keyword of the profile's summary, but an overview of the training is the training."""
    training = kb.training("kfd")
    text = answer(say(dialogue, "nlu_fallback", "Gib mir einen Überblick über die Ausbildung zum Kaufmann für Dialogmarketing",
                      [{"entity": "occupation", "value": "kfd"}], action="action_fallback"))
    assert training.schedule and all(row.places in text for row in training.schedule)
    assert not any(f.text in text for f in kb.facts("kfd", ["summary"]))


@pytest.mark.parametrize("intent, text, entities", [
    ("ask_training", "Was kann man nach der Ausbildung zum KfD noch werden?", [{"entity": "occupation", "value": "kfd"}]),
    # … or do, or how it goes on – also when one step is named, a study is asked or an overview wanted
    ("ask_career", "Bachelor oder Betriebswirt Callcentermanagement – was kann ich nach meiner Dialogmarketing-Ausbildung "
                   "machen?", []),
    ("ask_study", "Welche Optionen bestehen nach der Ausbildung zum Kaufmann für Dialogmarketing: Weiterbildung oder "
                  "Hochschulstudium?", [{"entity": "occupation", "value": "kfd"}]),
    ("ask_career", "Gib mir einen Überblick, wie es nach der Ausbildung im Dialogmarketing weitergehen kann.",
     [{"entity": "glossary_topic", "value": "dialogmarketing"}])])
def test_what_one_can_become_after_the_training_is_the_career(dialogue: Dialogue, kb: KnowledgeBase, intent: str,
                                                              text: str, entities: list) -> None:
    text = answer(dialogue.respond("action_answer", Turn(intent, text, [*entities, stage("entry")], {},
                                                         confidence=0.91)))
    assert all(step.via in text for step in kb.career_steps("kfd"))


def test_other_names_asked_with_the_title_itself(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    names = [f.text for f in kb.facts("omm", ["job_title"])]
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_lateral_entry", "Wie nennt man den Online Marketing Manager in Stellenanzeigen noch?",
        [{"entity": "occupation", "value": "omm"}], {}, confidence=0.40)))  # what the classifier made of it
    assert names and all(name in text for name in names)


def test_the_entgeltatlas_group_names_its_statistics(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Spezialisten im Dialogmarketing' is the Bundesagentur's group of the Betriebswirt Callcentermanagement;
    a follow-up on that answer stays with that group."""
    stats = {f.stage: f for f in kb.salary_figures("betriebswirt_ccm", ["quartile_25", "median", "quartile_75"])}
    out = say(dialogue, "ask_salary", "Entgeltatlas, Spezialisten im Dialogmarketing: wie liegen die Quartile?",
              [stage("median")])
    assert fmt.euro(stats["quartile_25"].amount_min) in answer(out) and fmt.euro(stats["quartile_75"].amount_min) in answer(out)
    first = say(dialogue, "ask_salary", "Was ist der Median für Betriebswirte im Callcentermanagement im Entgeltatlas?",
                [stage("median")])
    text = answer(say(dialogue, "ask_salary", "und das oberste Quartil?", [stage("median")], slots=first.slots))
    (omm_median,) = kb.salary_figures("omm", ["median"])
    assert fmt.euro(stats["quartile_75"].amount_min) in text and fmt.euro(omm_median.amount_min) not in text


def test_the_agency_paying_for_a_course_is_no_statistics_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    funded = [s for s in kb.career_steps("omm") if s.funding]
    (median,) = kb.salary_figures("omm", ["median"])
    text = answer(say(dialogue, "ask_career", "War ein Jahr arbeitslos. Kann die Arbeitsagentur mir eine Weiterbildung "
                      "zur Online Marketing Managerin bezahlen?", [stage("median"), {"entity": "occupation", "value": "omm"}]))
    assert any(s.funding in text for s in funded) and fmt.euro(median.amount_min) not in text


def test_more_precisely_asks_for_no_fact_of_its_own(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'genauer' is how people ask for detail – not the 'genau arbeiten' of a trait line."""
    seventh = next(p for p in kb.glossary_topic("acht_ps").points if p.label.startswith("7"))
    first = say(dialogue, "ask_glossary", "Was sind die 8 Ps im Beziehungsmarketing?",
                [{"entity": "glossary_topic", "value": "acht_ps"}])
    out = dialogue.respond("action_answer", Turn("ask_overview", "und was bedeutet das siebte genauer?", [], first.slots,
                                                 confidence=0.42))
    assert seventh.text in answer(out) and not any(f.text in answer(out) for f in kb.facts("kfd", ["trait"]))


def test_the_start_of_ones_training_is_its_first_year(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (first_year,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    text = answer(say(dialogue, "ask_training", "Ich fang im August die Ausbildung im Dialogmarketing an. Was krieg ich "
                      "da am Anfang so raus?", [stage("entry")]))
    assert fmt.figure(first_year) in text and fmt.figure(entry) not in text
    text = answer(say(dialogue, "ask_salary", "Ich fange bald die Ausbildung zur Kauffrau für Dialogmarketing an. Was "
                      "verdiene ich nach der Ausbildung?", [stage("entry"), {"entity": "occupation", "value": "kfd"}]))
    assert fmt.figure(entry) in text


def test_the_last_training_year_against_the_entry_shows_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (third,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    text = answer(say(dialogue, "ask_training_pay", "Wie groß ist der Sprung vom 3. Lehrjahr zum ersten Gehalt als "
                      "fertige Kauffrau für Dialogmarketing?", [{"entity": "training_year", "value": "3"}, stage("entry"),
                                                                {"entity": "occupation", "value": "kfd"}]))
    assert fmt.figure(third) in text and fmt.figure(entry) in text


def test_a_stage_inside_a_compound_is_compared_with_a_described_one(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'OMM-Trainee' is one word to the entity rules; 'schon als Content Manager gearbeitet' describes a stage."""
    trainee = next(f for f in kb.salary_figures("omm", ["trainee"]) if f.period == "month")
    (experienced,) = kb.salary_figures("omm", ["entry_experienced"])
    text = answer(say(dialogue, "ask_salary", "Was ist der Gehaltsunterschied zwischen einem OMM-Trainee und jemandem, "
                      "der schon als Content Manager gearbeitet hat?"))
    assert fmt.figure(trainee) in text and fmt.figure(experienced) in text


def test_two_ordinals_share_one_p(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_glossary", "Unterschied zwischen dem 7. und dem 8. P?",
                      [{"entity": "glossary_topic", "value": "achtes_p"}]))
    assert kb.glossary_topic("siebtes_p").summary in text and kb.glossary_topic("achtes_p").summary in text


def test_a_thing_only_the_other_role_needs_gets_no_checked_answer(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """English is named only among the OMM's requirements: for the KfD the bot says it has no checked answer."""
    english = next(f for f in kb.facts("omm", ["requirement"]) if "Englisch" in f.text)
    out = say(dialogue, "ask_requirements", "Brauche ich für die Ausbildung im Dialogmarketing Englischkenntnisse?",
              [{"entity": "occupation", "value": "kfd"}])
    assert "keine geprüfte Angabe" in answer(out) and english.text in answer(out) and out.unanswered
    out = say(dialogue, "ask_requirements", "Braucht man für Kaufmann für Dialogmarketing unbedingt Abitur?",
              [{"entity": "occupation", "value": "kfd"}])
    assert "keine geprüfte Angabe" not in answer(out) and not out.unanswered


def test_a_sure_topic_without_lines_for_the_role_is_answered_whole(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """The KfD has no lateral-entry lines: what the asker says about themselves ('seit Jahren') must not lead to
    the training's length – the lateral-entry answer names the way in and its minimum certificate."""
    minimum = next(r for r in kb.training("kfd").school_requirements if r.role == "minimum")
    out = dialogue.respond("action_answer", Turn(
        "ask_lateral_entry", "Ich arbeite seit Jahren im Einzelhandel, hab nur einen Hauptschulabschluss und will in die "
        "Ausbildung Kaufmann für Dialogmarketing wechseln. Geht das?", [{"entity": "occupation", "value": "kfd"}], {},
        confidence=0.93))
    assert minimum.certificate in answer(out)


def test_a_role_named_beside_a_marketing_term_keeps_the_role_when_the_classifier_is_unsure(
        dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Kundenkontakt' names the glossary topic Kundenkontaktpunkte; asked about one role, the role's own line answers."""
    contact = next(f for f in kb.facts("kfd", ["summary"]) if "Chat" in f.text)
    turn = Turn("ask_glossary", "Wie läuft der Kundenkontakt bei Kaufleuten für Dialogmarketing normalerweise – per Mail, "
                "Telefon, face to face?", [{"entity": "occupation", "value": "kfd"},
                                          {"entity": "glossary_topic", "value": "kundenkontaktpunkte"}], {}, confidence=0.48)
    text = answer(dialogue.respond("action_answer", turn))
    assert contact.text in text
    assert kb.glossary_topic("kundenkontaktpunkte").summary not in text


@pytest.mark.parametrize("text, confidence", [
    ("Ich hab BWL abgebrochen und will was mit Kundenkontakt. Was lernt man in der Ausbildung KfD zum Thema "
     "Kundenbindung und Beschwerden?", 0.56),
    ("Wechsel aus der Gastro ins Dialogmarketing mit 40: Was lernt man in der Ausbildung zum Kaufmann für "
     "Dialogmarketing über Kundenbetreuung und Kundenbindung?", 0.91)])
def test_a_marketing_term_within_a_topic_of_a_role_named_is_that_topic(dialogue: Dialogue, kb: KnowledgeBase,
                                                                        text: str, confidence: float) -> None:
    """The classifier took it for a marketing term; the question names the KfD and its training by their titles."""
    area = next(a for a in kb.training("kfd").content if "Kundenbindung" in (a.keywords or "") + a.area + a.text)
    turn = Turn("ask_glossary", text, [{"entity": "occupation", "value": "kfd"},
                                       {"entity": "glossary_topic", "value": "kundenbindung_mitarbeiter"}], {},
                confidence=confidence)
    out = answer(dialogue.respond("action_answer", turn))
    assert area.text in out
    assert kb.glossary_topic("kundenbindung_mitarbeiter").summary not in out


def test_the_tasks_of_both_roles_lead_with_what_each_role_is_about(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_tasks", "Was ist der Hauptunterschied in der Arbeit zwischen einer Kauffrau für "
                      "Dialogmarketing und einer Online Marketing Managerin?",
                      [{"entity": "occupation", "value": "kfd"}, {"entity": "occupation", "value": "omm"}]))
    for role in ("kfd", "omm"):
        for line in kb.facts(role, ["summary", "task"]):
            assert line.text in text


def test_the_job_before_the_role_is_the_step_that_leads_to_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    before = next(s for s in kb.career_steps("omm") if s.target_occupation == "omm" and "Content" in s.via)
    text = answer(say(dialogue, "ask_tasks", "Welchen Job hat man meistens vor dem Online Marketing Manager?",
                      [{"entity": "occupation", "value": "omm"}]))
    assert before.via in text
    assert not any(task.text in text for task in kb.facts("omm", ["task"]))


def test_an_insult_aimed_at_the_bot_gets_a_calm_reply_whatever_it_names(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    for text, intent in (("Online Marketing ist doch Bullshit und du auch", "inform_occupation"),
                         ("ey du opfer", "nlu_fallback")):
        reply = answer(dialogue.respond("action_answer" if intent != "nlu_fallback" else "action_fallback",
                                        Turn(intent, text, confidence=0.5)))
        assert "freundlich" in reply
        assert not any(f.text in reply for f in kb.facts("omm", ["summary"]))
    asked = answer(say(dialogue, "ask_salary", "halt die klappe und sag mir endlich was ein omm verdient du nutzloses ding",
                       [{"entity": "occupation", "value": "omm"}]))
    assert fmt.figure(kb.salary_figures("omm", ["entry"])[0]) in asked  # the question is answered


def test_a_short_follow_up_the_classifier_took_for_a_greeting_asks_the_previous_topic(
        dialogue: Dialogue, kb: KnowledgeBase) -> None:
    coding = next(f for f in kb.facts("omm", ["skill"]) if "HTML" in f.text)
    first = say(dialogue, "ask_skills", "Muss ein Online Marketing Manager programmieren können?",
                [{"entity": "occupation", "value": "omm"}])
    text = answer(dialogue.respond("action_greet", Turn("greet", "reichen da grundlagen?", slots=first.slots,
                                                        confidence=0.36)))
    assert coding.text in text and "Hallo" not in text


def test_a_follow_up_to_a_marketing_topic_stays_with_that_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    questions = next(p for p in kb.glossary_topic("achtes_p").points if p.label == "Leitfragen")
    first = say(dialogue, "ask_glossary", "Wofür steht das 8. P?", [{"entity": "glossary_topic", "value": "achtes_p"}])
    text = answer(dialogue.respond("action_help", Turn("ask_help", "welche fragen stellt man sich dabei?",
                                                       slots=first.slots, confidence=0.47)))
    assert questions.text in text.split("\n")[0]


def test_a_new_start_year_after_the_legal_minimum_is_understood_whatever_the_classifier_guessed(
        dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_training_pay", "Mindestausbildungsvergütung Start 2024 erstes Jahr?",
                [stage("minimum_training_pay"), {"entity": "start_year", "value": "2024"},
                 {"entity": "training_year", "value": "1"}])
    text = answer(dialogue.respond("action_affirm", Turn("affirm", "oh, ich fange ja 2025 an, nicht 2024",
                                                         [{"entity": "start_year", "value": "2025"}],
                                                         slots=first.slots, confidence=0.55)))
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=1, cohort_start_year=2025)
    assert fmt.number(floor.amount_min) in text


def test_a_correction_to_the_other_field_re_asks_the_statistics_for_that_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_salary", "unteres Quartil Online Marketing laut Entgeltatlas", [stage("median")])
    text = answer(say(dialogue, "ask_overview", "falscher beruf, ich wollte dialogmarketing",
                      [{"entity": "glossary_topic", "value": "dialogmarketing"}], slots=first.slots))
    (kfd_q25,) = kb.salary_figures("kfd", ["quartile_25"])
    (omm_q25,) = kb.salary_figures("omm", ["quartile_25"])
    assert fmt.number(kfd_q25.amount_min) in text and fmt.number(omm_q25.amount_min) not in text


def test_a_correction_from_the_hours_to_the_pay_keeps_the_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_working_hours", "Wie viel arbeitet ein OMM?", [{"entity": "occupation", "value": "omm"}])
    text = answer(dialogue.respond("action_out_of_scope", Turn("out_of_scope", "nein, ich meinte wie viel er VERDIENT",
                                                               slots=first.slots, confidence=0.72)))
    assert fmt.figure(kb.salary_figures("omm", ["entry"])[0]) in text


def test_a_follow_up_about_a_career_steps_code_stays_with_that_step(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_salary", "Was verdient man als Spezialist im Dialogmarketing laut BA?", [stage("median")])
    text = answer(say(dialogue, "ask_sources", "welcher KldB-Code ist das?", slots=first.slots))
    assert kb.occupation("betriebswirt_ccm").kldb2010 in text and kb.occupation("kfd").kldb2010 not in text


def test_a_gap_asked_about_a_career_step_is_said_first(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = say(dialogue, "ask_career", "Kriege ich Aufstiegs-BAföG für den Betriebswirt Callcentermanagement?")
    (bafoeg,) = [g for g in kb.not_covered() if g.id == "bafoeg"]
    assert answer(out).startswith(f"Zu {bafoeg.label} habe ich keine geprüfte Angabe")
    assert out.unanswered and out.reason == "nicht belegt: bafoeg"


def test_each_role_with_a_stage_of_its_own_compares_figures_without_a_pay_word(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_career", "OMM nach 10 Jahren vs. Kauffrau für Dialogmarketing direkt nach der "
                      "Ausbildung – wie weit liegen die auseinander?",
                      [{"entity": "occupation", "value": "omm", "start": 0, "end": 3},
                       {"entity": "years_experience", "value": "10", "start": 9, "end": 11},
                       {"entity": "occupation", "value": "kfd", "start": 23, "end": 51},
                       {"entity": "career_stage", "value": "entry", "start": 59, "end": 78}]))
    assert fmt.figure(kb.salary_figures("kfd", ["entry"])[0]) in text
    assert any(fmt.number(f.amount_max) in text for f in kb.salary_figures("omm", ["experienced"]))


def test_both_roles_asked_without_their_names_get_each_roles_answer(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(dialogue.respond("action_fallback", Turn("nlu_fallback", "gibts für beide berufe ne richtige lehre oder "
                                                           "nur für einen?", confidence=0.3)))
    assert kb.training("kfd").training.kind in text and kb.training("omm").regulation.note in text


def test_what_employers_look_at_is_part_of_the_requirements(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_requirements", "Worauf achten Arbeitgeber bei Bewerbern für Online Marketing Manager?",
                      [{"entity": "occupation", "value": "omm"}]))
    for line in kb.facts("omm", ["hiring"]):
        assert line.text in text
    assert not any(p.text in text for p in kb.glossary_topic("achtes_p").points)


def test_what_springs_out_of_a_stage_asks_for_its_pay(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_salary", "Was springt als Trainee im Online Marketing Management im Jahr raus?",
                      [stage("trainee"), {"entity": "occupation", "value": "omm"}, {"entity": "period", "value": "year"}]))
    (trainee,) = [f for f in kb.salary_figures("omm", ["trainee"]) if f.period == "month"]
    assert fmt.number(trainee.amount_min * 12) in text


def test_the_plural_with_the_field_names_the_role_not_a_fact(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Kaufleute im Dialogmarketing' is an alias: its words do not meet the profile sentence about 'Kaufleute'."""
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_skills", "Was ist die wichtigste Eigenschaft für Kaufleute im Dialogmarketing?",
        [{"entity": "glossary_topic", "value": "dialogmarketing"}], confidence=0.7)))
    assert next(f for f in kb.facts("kfd", ["trait"]) if "kommunikativ" in f.text).text in text


def test_a_comparison_that_meets_one_weak_line_of_one_role_shows_both_roles_whole_topic(
        dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "compare_occupations", "Was ist vom Alltag her der Unterschied zwischen Dialogmarketing und "
                      "Online Marketing Management?", [{"entity": "glossary_topic", "value": "dialogmarketing"},
                                                       {"entity": "occupation", "value": "omm"}]))
    for role in ("kfd", "omm"):
        assert all(line.text in text for line in kb.facts(role, ["summary"]))


def test_two_exams_set_apart_with_von_are_both_shown(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_exam", "Was unterscheidet die Zwischenprüfung von der Abschlussprüfung im Dialogmarketing?",
                      [{"entity": "glossary_topic", "value": "dialogmarketing"}]))
    final = next(e for e in kb.exams("kfd") if e.parts)
    interim = next(e for e in kb.exams("kfd") if not e.parts)
    assert f"{interim.duration_minutes} Minuten" in text and all(p.title in text for p in final.parts)


def test_the_entgeltatlas_group_of_the_omm_is_named_by_its_label(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_glossary", "Oberes Quartil: Dialogmarketing-Fachkraft gegenüber Marketing-Spezialist – "
                      "wie sieht das aus?", [stage("median"), {"entity": "occupation", "value": "kfd"}]))
    for role in ("kfd", "omm"):
        (q75,) = kb.salary_figures(role, ["quartile_75"])
        assert fmt.number(q75.amount_min) in text


def test_a_pay_question_about_another_job_after_a_topic_is_no_follow_up(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_glossary", "Was sind die 8 Ps?", [{"entity": "glossary_topic", "value": "acht_ps"}],
                slots={"occupation": "kfd"})
    text = answer(dialogue.respond("action_out_of_scope", Turn("out_of_scope", "Was verdient ein Pilot?",
                                                               slots={**first.slots, "occupation": "kfd"}, confidence=0.6)))
    assert "€" not in text and "keine geprüften Informationen" in text


def test_the_training_year_named_as_ausbildungsjahr_finds_where_it_is_spent(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (third,) = [e for e in kb.training("kfd").schedule if e.year_from == 3]
    text = answer(say(dialogue, "ask_training", "wo ist man im dritten ausbildungsjahr dialogmarketing",
                      [{"entity": "training_year", "value": "3"}]))
    assert third.places in text


def test_passing_said_colloquially_follows_up_the_exam(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'packen' is how pupils say 'bestehen'."""
    _, final = kb.exams("kfd")
    first = say(dialogue, "ask_exam", "abschlussprüfung dialogmarketing wie viele teile",
                [{"entity": "glossary_topic", "value": "dialogmarketing"}])
    text = answer(dialogue.respond("action_answer", Turn("ask_skills", "und wieviele davon muss man packen?",
                                                         slots=first.slots, confidence=0.52)))
    assert final.pass_rule in text


@pytest.mark.parametrize("text, intent", [("lohnt sich die ausbildung als kauffrau für dialogmarketing überhaupt?", "ask_training"),
                                          ("Lohnt sich die KfD-Ausbildung noch, was hab ich danach davon?", "ask_career")])
def test_whether_a_role_is_worth_it_gets_the_profile_with_the_pay_after_the_training(
        dialogue: Dialogue, kb: KnowledgeBase, text: str, intent: str) -> None:
    reply = answer(say(dialogue, intent, text, [{"entity": "occupation", "value": "kfd"}]))
    (entry,) = [f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month"]
    assert fmt.number(entry.amount_min) in reply and fmt.number(entry.amount_max) in reply
    assert all(f.text in reply for f in kb.facts("kfd", ["summary"]))


def test_for_whom_a_course_is_worth_it_stays_with_the_course(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (fachwirt,) = [s for s in kb.career_steps("omm") if s.cost]
    first = say(dialogue, "ask_career", "fachwirt online marketing, wie lange dauert das")
    reply = answer(dialogue.respond("action_answer", Turn("ask_career", "für wen lohnt sich das", slots=first.slots,
                                                          confidence=0.6)))
    assert fachwirt.audience in reply


@pytest.mark.parametrize("text", ["Mindestausbildungsvergütung im ersten Jahr: Beginn 2024 verglichen mit Beginn 2026?",
                                  "meine schwester hat 2024 angefangen ich fang 2026 an. wer hat im ersten jahr die höhere "
                                  "mindestvergütung und wie viel"])
def test_two_start_years_set_side_by_side_get_both_floors(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    entities = [stage("minimum_training_pay"), {"entity": "training_year", "value": "1"},
                {"entity": "start_year", "value": "2024"}, {"entity": "start_year", "value": "2026"}]
    reply = answer(say(dialogue, "ask_training_pay", text, entities))
    for year in (2024, 2026):
        (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=1, cohort_start_year=year)
        assert fmt.euro(floor.amount_min) in reply


def test_jeweils_of_two_start_years_compares_the_start_years_not_the_roles(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    entities = [{"entity": "start_year", "value": "2026"}, {"entity": "start_year", "value": "2025"},
                stage("minimum_training_pay"), {"entity": "training_year", "value": "3"}]
    reply = answer(say(dialogue, "ask_training_pay", "lohnt es sich erst 2026 statt 2025 anzufangen? wie hoch ist die "
                       "mindestvergütung im 3. jahr jeweils", entities))
    for year in (2025, 2026):
        (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=3, cohort_start_year=year)
        assert fmt.euro(floor.amount_min) in reply
    assert not any(o.name_neutral in reply for o in kb.occupations(in_scope=True))  # no comparison of the roles


def test_words_that_only_qualify_a_money_question_ask_nothing_of_their_own(dialogue: Dialogue,
                                                                          kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_salary", "Jahresgehalt als Kauffrau für Dialogmarketing direkt nach der Lehre, "
                       "brutto, ungefähr?", [{"entity": "period", "value": "year"}, {"entity": "occupation", "value": "kfd"},
                                             stage("entry")]))
    entry = kb.salary_figures("kfd", ["entry"])
    assert entry and all(fmt.figure(f) in reply for f in entry)
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures("kfd", ["apprenticeship"]))


def test_a_term_asked_as_a_term_is_the_glossary_even_when_the_classifier_is_unsure(dialogue: Dialogue,
                                                                                   kb: KnowledgeBase) -> None:
    turn = Turn("nlu_fallback", "Was muss ich über Dialogmarketing als Begriff wissen? Kurzer Überblick.",
                [{"entity": "glossary_topic", "value": "dialogmarketing"}], {}, confidence=0.3,
                ranking=(("nlu_fallback", 0.3), ("ask_overview", 0.46), ("ask_glossary", 0.44)))
    reply = answer(dialogue.respond("action_fallback", turn))
    assert reply.startswith(f"**{kb.glossary_topic('dialogmarketing').title}**")  # the term, not the role's profile
    assert kb.occupation("kfd").name_neutral not in reply


def test_two_exams_compared_beside_the_field_get_both_lines(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    interim, final = kb.exams("kfd")
    reply = answer(say(dialogue, "ask_exam", "Unterschied Zwischenprüfung und Abschlussprüfung bei Dialogmarketing-Kaufleuten?"))
    assert f"{interim.duration_minutes} Minuten" in reply and f"{final.parts_count} Teile" in reply


def test_coming_in_the_direction_of_a_field_asks_for_the_way_in(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (it_course,) = [s for s in kb.career_steps("omm") if "Informatiker" in (s.keywords or "")]
    text = "Bin Webentwickler und hab keine Lust mehr nur zu coden. Wie komme ich in Richtung Online Marketing?"
    reply = answer(dialogue.respond("action_answer", Turn("ask_career", text, confidence=0.9)))
    assert it_course.target in reply


def test_whether_a_degree_is_needed_gets_the_way_in(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """A role with an Ausbildung: the training; the other: the requirements that name a degree or a training."""
    kfd = answer(say(dialogue, "ask_study", "Muss man für Kaufmann für Dialogmarketing studieren?",
                     [{"entity": "occupation", "value": "kfd"}]))
    assert kb.training("kfd").training.kind in kfd
    omm = answer(say(dialogue, "ask_study", "muss man für omm studiert haben?", [{"entity": "occupation", "value": "omm"}]))
    (degree,) = [f for f in kb.facts("omm", ["requirement"]) if "Studium" in f.text]
    assert degree.text in omm
    later = answer(say(dialogue, "ask_study", "Brauche ich als Kauffrau für Dialogmarketing ein Studium, um weiterzukommen?",
                       [{"entity": "occupation", "value": "kfd"}]))
    assert kb.training("kfd").training.kind not in later  # getting on: the study after the training
    school = answer(say(dialogue, "ask_study", "Muss man für Kaufmann für Dialogmarketing studiert haben oder reicht ein "
                                               "Schulabschluss?", [{"entity": "occupation", "value": "kfd"}]))
    assert all(r.certificate in school for r in kb.training("kfd").school_requirements)  # a certificate set against it
    duty = answer(say(dialogue, "ask_study", "Ist ein Studium Pflicht, um Kaufmann für Dialogmarketing zu werden?",
                      [{"entity": "occupation", "value": "kfd"}]))
    assert kb.training("kfd").training.kind in duty  # the degree named before the word that asks whether it is needed
    (degree,) = [f for f in kb.facts("omm", ["requirement"]) if "Studium" in f.text]
    without = answer(say(dialogue, "ask_study", "und wenn ich nicht studiert hab?", [],
                         {"occupation": "omm", "last_topic": '{"topic": "study", "entities": [], "text": "welche '
                                                             'studienfächer?"}'}))
    assert degree.text in without  # without a degree: what is expected instead


@pytest.mark.parametrize("intent, text", [
    ("ask_study", "Mein Sohn macht nächstes Jahr Abitur und will ins Online Marketing. Was sollte er am besten studieren?"),
    ("ask_tasks", "Sehr geehrte Damen und Herren, welche Studienrichtungen gelten als einschlägig für eine spätere "
                  "Tätigkeit als Online Marketing Manager/in? Mit freundlichen Grüßen, K. Albers"),
    ("ask_lateral_entry", "Nennen Sie bitte alle Studienfächer, die im Berufsprofil Online Marketing Manager aufgeführt "
                          "sind.")])
def test_which_subject_to_study_gets_every_subject(dialogue: Dialogue, kb: KnowledgeBase, intent: str, text: str) -> None:
    """Not the requirement that names a Studium among other ways in, nor the profile."""
    entities = [{"entity": "occupation", "value": "omm"}] if "Manager" in text else []
    reply = answer(dialogue.respond("action_answer", Turn(intent, text, entities, {}, confidence=0.87)))
    assert all(subject.text in reply for subject in kb.facts("omm", ["study_subject"]))


def test_something_not_studied_is_no_question_about_subjects(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_lateral_entry", "hab nie was mit marketing studiert, wäre ich als online "
                       "marketerin da eine ausnahme?", [{"entity": "occupation", "value": "omm"}]))
    assert not all(subject.text in reply for subject in kb.facts("omm", ["study_subject"]))


@pytest.mark.parametrize("text", ["wie lauft so ein typischer tag als kauffrau fur dialogmarketing ab",
                                  "Hallo, mein Sohn interessiert sich für Kaufmann für Dialogmarketing. Was genau machen "
                                  "die da den ganzen Tag?"])
def test_a_typical_day_and_the_whole_day_are_every_task(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    reply = answer(say(dialogue, "ask_tasks", text, [{"entity": "occupation", "value": "kfd"}]))
    assert all(task.text in reply for task in kb.facts("kfd", ["task"]))


def test_what_one_does_and_earns_at_the_start_is_the_profile(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """The profile holds the entry pay; the pay alone misses what the role does."""
    reply = answer(say(dialogue, "ask_overview", "Erzähl mal was über den Beruf OMM – was macht der und was verdient der "
                                                 "am Anfang?", [{"entity": "occupation", "value": "omm"}, stage("entry")]))
    (summary, *_) = kb.facts("omm", ["summary"])
    (entry,) = kb.salary_figures("omm", ["entry"])
    assert summary.text in reply and fmt.number(entry.amount_min) in reply


def test_a_topic_title_and_the_pay_after_the_training_get_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_salary", "KfD: Aufgaben und Gehalt nach der Ausbildung?",
                       [{"entity": "occupation", "value": "kfd", "start": 0, "end": 3}, stage("entry")]))
    (summary, *_) = kb.facts("kfd", ["summary"])
    entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    assert summary.text in reply and fmt.figure(entry) in reply


def test_degree_or_training_is_the_way_in(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """The OMM has no Ausbildung: the requirement that names both ways, not the study subjects alone."""
    reply = answer(say(dialogue, "ask_study", "Studium oder Ausbildung – was ist für OMM der bessere Weg?",
                       [{"entity": "occupation", "value": "omm"}]))
    (both,) = [f for f in kb.facts("omm", ["requirement"]) if "Studium" in f.text]
    assert both.text in reply


def test_the_training_year_the_asker_is_in_is_not_the_pay_asked(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = ("Ich mach grad meine Ausbildung als Kauffrau f. Dialogmarketing, bin im 2. Jahr. Was kann ich danach so "
            "verdienen, wenn ich ausgelernt bin?")
    year = text.index("2. Jahr")
    reply = answer(say(dialogue, "ask_salary", text, [
        {"entity": "occupation", "value": "kfd"},
        {"entity": "training_year", "value": "2", "start": year, "end": year + len("2. Jahr")}, stage("entry")]))
    entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    (second,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=2)
    assert fmt.figure(entry) in reply and fmt.figure(second) not in reply


@pytest.mark.parametrize("intent, text", [
    ("ask_glossary", "worum gehts beim OMM, in 2 sätzen bitte"),
    ("ask_tasks", "Ich les überall Online Marketing Manager in Stellenanzeigen – was steckt da eigentlich dahinter?")])
def test_what_a_role_is_about_is_its_profile(dialogue: Dialogue, kb: KnowledgeBase, intent: str, text: str) -> None:
    """Not the list of marketing topics, nor the job titles met by 'Stellenanzeigen'."""
    reply = answer(dialogue.respond("action_answer", Turn(intent, text, [{"entity": "occupation", "value": "omm"}], {},
                                                          confidence=0.5)))
    assert kb.facts("omm", ["summary"])[0].text in reply


def test_a_list_of_all_one_has_to_do_is_every_task(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_tasks", "mach mir mal ne liste was ein omm alles tun muss",
                       [{"entity": "occupation", "value": "omm"}]))
    assert all(task.text in reply for task in kb.facts("omm", ["task"]))


def test_the_average_age_is_a_gap_not_the_statistics(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = dialogue.respond("action_answer", Turn("ask_skills", "wie alt sind die azubis da so im schnitt? will nicht die "
                                                 "älteste sein mit 24", [stage("apprenticeship"), stage("median")],
                                                 confidence=0.16))
    gap = next(g for g in kb.not_covered() if g.id == "alter_azubis")
    assert out.reason == f"nicht belegt: {gap.id}" and "Median" not in answer(out)


@pytest.mark.parametrize("text, subject", [("kowi studium und dann online marketing manager, passt das",
                                            "Kommunikationswissenschaften")])
def test_a_study_subject_by_its_short_name(dialogue: Dialogue, text: str, subject: str) -> None:
    out = dialogue.respond("action_answer", Turn("inform_occupation", text, [{"entity": "occupation", "value": "omm"}],
                                                 confidence=0.77, ranking=(("inform_occupation", 0.77), ("ask_study", 0.22))))
    assert subject in answer(out)


def test_school_or_only_work_asks_whether_the_training_is_dual(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_training", "ist das ausbildung mit schule oder nur arbeiten in firma? kaufmann dialog "
                                                 "marketing", [{"entity": "occupation", "value": "kfd"}]))
    assert kb.training("kfd").training.description in reply


def test_two_questions_in_one_message_get_both_answers(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = "was verdient man als kaufmann für dialogmarketing nach der ausbildung und wie lange dauert die ausbildung"
    role, after = text.index("kaufmann"), text.index("nach der ausbildung")
    reply = answer(say(dialogue, "ask_salary", text, [{"entity": "occupation", "value": "kfd", "start": role, "end": role + 30},
                                                       {**stage("entry"), "start": after, "end": after + 19}]))
    entry = kb.salary_figures("kfd", ["entry"])
    assert entry and all(fmt.figure(f) in reply for f in entry)
    assert f"{kb.training('kfd').regulation.duration_years} Jahre" in reply
    assert reply.index(fmt.figure(entry[0])) < reply.index(f"{kb.training('kfd').regulation.duration_years} Jahre")


def test_a_money_question_in_two_clauses_is_one_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = "Was bekommt eine Kauffrau für Dialogmarketing im 2. und was im 3. Jahr?"
    years = [{"entity": "training_year", "value": n, "start": text.index(f"{n}."), "end": text.index(f"{n}.") + 2}
             for n in ("2", "3")]
    reply = answer(say(dialogue, "ask_training_pay", text, years))
    assert "Gehalt als" not in reply and reply.count("Ausbildung") >= 1
    assert all(fmt.figure(f) in reply for f in kb.salary_figures("kfd", ["apprenticeship"]) if f.training_year in (2, 3))


def test_a_day_at_work_is_every_task(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_tasks", "Wie sieht so ein Tag als Kauffrau für Dialogmarketing aus? Erzähl alles",
                      [{"entity": "occupation", "value": "kfd"}]))
    assert all(task.text in text for task in kb.facts("kfd", ["task"]))
    tools = answer(say(dialogue, "ask_skills", "Welche Tools nutzt ein OMM im Alltag?", [{"entity": "occupation",
                                                                                          "value": "omm"}]))
    assert any(tool.text in tools for tool in kb.facts("omm", ["tool"]))  # a thing used every day, not the day


def test_the_training_and_after_it_is_the_whole_pay(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_training", "Erzähl mir alles übers Geld als Kaufmann für Dialogmarketing – "
                      "Ausbildung und danach.", [{"entity": "occupation", "value": "kfd"}]))
    assert all(fmt.figure(f) in text for f in kb.salary_figures("kfd", ["apprenticeship", "entry"]))


def test_the_career_options_are_every_step(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_career", "Welche Karrieremöglichkeiten hat man als Kaufmann für Dialogmarketing? "
                      "Gib mir alle.", [{"entity": "occupation", "value": "kfd"}]))
    steps = kb.career_steps("kfd", ["aufstieg", "studium"])
    assert len(steps) > 1 and all(step.via in text for step in steps)


@pytest.mark.parametrize("text, entities", [
    ("OMM: Einstiegsgehalt und Wochenstunden?", [{"entity": "occupation", "value": "omm", "start": 0, "end": 3},
                                                 {**stage("entry"), "start": 5, "end": 20}]),
    # a topic named by its title right after the question it shares
    ("Was gibt's über Gehalt und Arbeitszeit als Online Marketing Manager zu wissen?",
     [{"entity": "occupation", "value": "omm", "start": 43, "end": 67}]),
])
def test_noun_fragments_each_ask_their_topic(dialogue: Dialogue, kb: KnowledgeBase, text: str,
                                             entities: list[dict]) -> None:
    reply = answer(say(dialogue, "ask_salary", text, entities))
    (entry,) = kb.salary_figures("omm", ["entry"])
    hours = kb.working_hours("omm")
    assert fmt.figure(entry) in reply and f"{hours.hours_min}–{hours.hours_max}" in reply


def test_a_which_question_beside_another_gets_every_line_of_its_kind(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_skills", "Welchen Abschluss braucht man für KfD und welche Eigenschaften sollte "
                       "man haben?", [{"entity": "occupation", "value": "kfd", "start": 36, "end": 39}]))
    assert all(r.certificate in reply for r in kb.training("kfd").school_requirements)
    assert all(f.text in reply for f in kb.facts("kfd", ["trait"]))


def test_what_one_does_and_earns_at_first_is_the_profile(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = ("Ich halte in der Schule ein Referat über den Online Marketing Manager. Was macht der und was verdient der "
            "am Anfang?")
    start = text.index("am Anfang")
    reply = answer(say(dialogue, "ask_salary", text, [{"entity": "occupation", "value": "omm", "start": 45, "end": 70},
                                                       {**stage("entry"), "start": start, "end": start + 9}]))
    (summary, *_) = kb.facts("omm", ["summary"])
    (entry,) = kb.salary_figures("omm", ["entry"])
    assert summary.text in reply and fmt.figure(entry) in reply


def test_short_questions_naming_a_topic_each_get_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_salary", "Überblick Kaufmann Dialogmarketing: was sind die Aufgaben und was "
                       "verdient man nach der Ausbildung?",
                       [{"entity": "occupation", "value": "kfd", "start": 10, "end": 33}]))
    assert all(f.text in reply for f in kb.facts("kfd", ["task"]))
    assert all(fmt.figure(f) in reply for f in kb.salary_figures("kfd", ["entry"]))
    text = ("Gib mir einen Überblick über die Ausbildung zur Kauffrau für Dialogmarketing: wie lange, was verdient man "
            "im 1. Jahr und wie läuft die Abschlussprüfung?")
    year = text.index("1. Jahr")
    reply = answer(say(dialogue, "ask_training_pay", text, [
        {"entity": "occupation", "value": "kfd", "start": 47, "end": 76},
        {"entity": "training_year", "value": "1", "start": year, "end": year + 7}]))
    final = kb.exams("kfd")[-1]
    (first,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    assert f"{kb.training('kfd').regulation.duration_years} Jahre" in reply
    assert fmt.figure(first) in reply and f"{final.parts_count} Teile" in reply


def test_a_message_dictated_without_marks_gets_each_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = ("kannst du mir alles über den online marketing manager erzählen was der macht was der verdient und wie "
            "viel der arbeitet")
    reply = answer(say(dialogue, "ask_salary", text,
                       [{"entity": "occupation", "value": "omm", "start": 29, "end": 54}]))
    (summary, *_) = kb.facts("omm", ["summary"])
    (entry,) = kb.salary_figures("omm", ["entry"])
    hours = kb.working_hours("omm")
    assert summary.text in reply and fmt.figure(entry) in reply and f"{hours.hours_min}–{hours.hours_max}" in reply
    text = ("was muss ich alles wissen über kauffrau für dialogmarketing also wie lange was verdient man und wie ist "
            "die prüfung")
    reply = answer(say(dialogue, "ask_exam", text, [{"entity": "occupation", "value": "kfd", "start": 31, "end": 59}]))
    assert f"{kb.training('kfd').regulation.duration_years} Jahre" in reply
    assert all(fmt.figure(f) in reply for f in kb.salary_figures("kfd", ["entry"]))
    assert f"{kb.exams('kfd')[-1].parts_count} Teile" in reply


def test_how_long_after_an_exam_is_the_exam_s_length(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_exam", "Alles zur Zwischenprüfung im Dialogmarketing bitte: wann, wie lange, wie "
                       "viele Aufgaben, wozu?"))
    midterm = kb.exams("kfd")[0]
    assert f"{midterm.duration_minutes} Minuten" in reply
    assert f"{kb.training('kfd').regulation.duration_years} Jahre" not in reply


def test_a_past_form_of_sein_is_no_word_to_search_with(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_exam", "Scheiße, ich hab die Zwischenprüfung verkackt. Wie viele Aufgaben waren "
                       "das nochmal?"))
    midterm = kb.exams("kfd")[0]
    assert f"{midterm.task_count} Aufgaben" in reply
    assert not any(p.text in reply for p in kb.glossary_topic("acht_ps").points)  # 'waren' is no 'Ware'


def test_selling_and_closing_contracts_is_the_contract_task(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """Selling is closing contracts ('Verkauf' is a keyword of that task), and a separable verb's particle ('schließt
    … ab') is no search word that meets another role's figure or a marketing point."""
    (contracts,) = [f for f in kb.facts("kfd", ["task"]) if "Verkauf" in (f.keywords or "")
                    and "Vertrag" in (f.keywords or "")]
    reply = answer(say(dialogue, "ask_tasks", "Ich habe 10 Jahre Handyverträge im Laden verkauft. Macht man als "
                       "Kaufmann für Dialogmarketing was Ähnliches?", [{"entity": "occupation", "value": "kfd"}]))
    assert contracts.text in reply.split("\n")[0]
    first = say(dialogue, "ask_overview", "was macht ein kaufmann für dialogmarketing",
                [{"entity": "occupation", "value": "kfd"}])
    reply = answer(say(dialogue, "ask_tasks", "schließt der auch verträge ab oder berät er nur", slots=dict(first.slots)))
    assert contracts.text in reply
    assert not any(p.text in reply for p in kb.glossary_topic("acht_ps").points)


def test_whether_a_training_pay_is_allowed_asks_for_the_legal_floor(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = "mein chef zahlt mir 600 euro im ersten jahr, angefangen hab ich 2024. ist das überhaupt erlaubt"
    reply = answer(say(dialogue, "ask_salary", text, [{"entity": "training_year", "value": "1"},
                                                      {"entity": "start_year", "value": "2024"}]))
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=1, cohort_start_year=2024)
    assert fmt.figure(floor) in reply


def test_what_each_role_must_be_able_to_do_compares_their_skills(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "compare_occupations", "Was muss man als KfD können und was als Online Marketing "
                       "Manager? Kurzer Vergleich.", [{"entity": "occupation", "value": "kfd"},
                                                      {"entity": "occupation", "value": "omm"}]))
    assert all(f.text in reply for role in ("kfd", "omm") for f in kb.facts(role, ["skill"]))


@pytest.mark.parametrize("text", ["Wie steigt man als Online Marketing Manager auf?",
                                  "Welche Wege nach oben gibt es als OMM?"])
def test_the_way_up_from_a_role_is_its_steps_up(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    reply = answer(say(dialogue, "ask_career", text, [{"entity": "occupation", "value": "omm"}]))
    ups = kb.career_steps("omm", ["aufstieg", "selbststaendigkeit"])
    assert ups and all(career_line(step) in reply for step in ups)
    (before,) = kb.career_steps("omm", ["einstieg"])[:1]
    assert before.via not in reply
    # … the way into it is the step before
    reply = answer(say(dialogue, "ask_career", "Von welchem Job steigt man zum OMM auf?",
                       [{"entity": "occupation", "value": "omm"}]))
    assert before.via in reply


def test_an_exam_question_without_a_role_is_about_the_one_role_with_exams(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (examined,) = [o for o in kb.occupations(in_scope=True) if kb.exams(o.id)]
    final = kb.exams(examined.id)[-1]
    reply = answer(say(dialogue, "ask_exam", "Die Abschlussprüfung ist bestimmt lächerlich einfach. Wie viele Teile hat die?"))
    assert f"{final.parts_count} Teile" in reply
    # a training year names the one role with a training – not in another trade's training the bot does not know
    reply = answer(say(dialogue, "ask_training_pay", "koch ausbildung wieviel kohle im 1. lehrjahr",
                       [{"entity": "training_year", "value": "1"}]))
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures(examined.id, ["apprenticeship"]))


def test_more_than_someone_without_experience_gets_both_entry_figures(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_salary", "Ich war zwei Jahre Social Media Managerin in einer Agentur. Kann ich als "
                       "Online Marketing Managerin am Anfang mit mehr rechnen als jemand ganz ohne Erfahrung?",
                       [{"entity": "occupation", "value": "omm"}, stage("entry")]))
    for figure in kb.salary_figures("omm", ["entry", "entry_experienced"]):
        assert fmt.figure(figure) in reply


@pytest.mark.parametrize("intent, text, entities", [
    ("ask_study", "Gibt es für Online Marketing Manager einen festen Studiengang oder eine geregelte Ausbildung?",
     [{"entity": "occupation", "value": "omm"}]),
    ("ask_study", "Gibt es für OMM einen speziellen Studiengang oder eine eigene Ausbildung?",
     [{"entity": "occupation", "value": "omm"}]),
    ("ask_training", "Kann man Online Marketing Manager ganz normal als Ausbildung machen wie eine Lehre, oder muss man "
                     "dafür studieren?", [{"entity": "occupation", "value": "omm"}]),
    ("ask_requirements", "Bei welchem der beiden Berufe gibt es eine richtige Ausbildung mit IHK-Abschluss?", [])])
def test_whether_a_role_has_a_regulated_training_is_answered(dialogue: Dialogue, kb: KnowledgeBase, intent: str,
                                                              text: str, entities: list) -> None:
    reply = answer(dialogue.respond("action_answer", Turn(intent, text, entities, {}, confidence=0.97)))
    assert kb.occupation("omm").note in reply  # no protected title, no regulated training
    if not entities:  # both roles: the one that has a training says so
        assert kb.training("kfd").training.kind in reply


def test_whether_a_role_is_a_study_or_a_training_is_its_training(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_study", "Ist Kaufmann für Dialogmarketing ein Studiengang an der Uni oder eine "
                       "Ausbildung, und wie lange geht das?", [{"entity": "occupation", "value": "kfd"}]))
    assert kb.training("kfd").training.kind in reply
    assert f"{kb.training('kfd').regulation.duration_years} Jahre" in reply
    assert not any(step.target in reply for step in kb.career_steps("kfd", ["studium"]))


def test_an_overview_that_lists_topics_gets_each_of_them(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = ("Ich berate eine Schülerin und bitte um einen kompakten Überblick zum Online Marketing Manager: Gehalt, "
            "Arbeitszeit und typischer Werdegang.")
    start = text.index("Online")
    reply = answer(say(dialogue, "ask_lateral_entry", text,
                       [{"entity": "occupation", "value": "omm", "start": start, "end": start + 24}]))
    hours = kb.working_hours("omm")
    assert any(fmt.figure(f) in reply for f in kb.salary_figures("omm", ["entry"]))
    assert f"{hours.hours_min}–{hours.hours_max}" in reply
    # kinds of fact listed ('sprachen, tools'): every line of each kind – not when they are parts of a topic named
    # first ('Überblick über die Ausbildung – Dauer, Ablauf, Lernorte': 'Ablauf' is no question about the tasks)
    reply = answer(say(dialogue, "ask_working_hours", "gib mir nen überblick über omm: sprachen, tools, arbeitszeit",
                       [{"entity": "occupation", "value": "omm", "start": 27, "end": 30}]))
    assert all(f.text in reply for f in kb.facts("omm", ["language", "tool"]))
    assert f"{hours.hours_min}–{hours.hours_max}" in reply
    reply = answer(say(dialogue, "ask_training", "Ich berate eine Schülerin. Könnten Sie mir einen Überblick über die "
                       "Ausbildung zum Kaufmann für Dialogmarketing geben – Dauer, Ablauf, Lernorte?",
                       [{"entity": "occupation", "value": "kfd"}]))
    assert f"{kb.training('kfd').regulation.duration_years} Jahre" in reply
    assert not any(f.text in reply for f in kb.facts("kfd", ["task"]))


def test_an_overview_of_what_follows_the_training_is_the_career(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_career", "gib mir nen überblick was nach der kfd ausbildung karrieremäßig geht",
                       [{"entity": "occupation", "value": "kfd"}]))
    assert all(step.via in reply for step in kb.career_steps("kfd", ["aufstieg", "studium"]))


def test_a_course_towards_a_role_is_the_course_that_leads_there(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'die Weiterbildung zum OMM' names where the course leads – the role is no mere owner of the question."""
    (course,) = [s for s in kb.career_steps("omm", ["quereinstieg"]) if s.target_occupation == "omm"]
    (fachwirt,) = [s for s in kb.career_steps("omm", ["weiterbildung"]) if s.duration_months_min == 8]
    reply = answer(say(dialogue, "ask_career", "Weiterbildung zum Online Marketing Manager oder Fachwirt Online "
                       "Marketing – was dauert wie lange?", [{"entity": "occupation", "value": "omm"}]))
    assert course.duration_text in reply and fachwirt.duration_text in reply
    # … a 'Schulung' as well
    reply = answer(say(dialogue, "ask_lateral_entry", "Ich bin 55 und will noch mal umsteigen. Reicht eine Schulung zum "
                       "Online Marketing Manager?", [{"entity": "occupation", "value": "omm"}]))
    assert course.duration_text in reply


def test_how_the_training_runs_from_start_to_end_is_the_training(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Ablauf … von Anfang bis Ende' met the exam ('am Ende der Ausbildung'); it asks the whole training."""
    reply = answer(say(dialogue, "ask_training", "Erklär mir den Ablauf der KfD-Ausbildung von Anfang bis Ende."))
    assert kb.training("kfd").training.kind in reply
    assert all(e.places in reply for e in kb.training("kfd").schedule)


def test_ueberhaupt_asks_nothing_of_its_own(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'überhaupt' met the Beziehungsmarketing's 'Wann es zählt' (keyword 'überhaupt nötig')."""
    (interim,) = [e for e in kb.exams("kfd") if e.purpose and "Zwischen" in e.name]
    reply = answer(say(dialogue, "ask_exam", "Für was ist die Zwischenprüfung eigentlich gut, zählt die überhaupt?"))
    assert interim.purpose in reply
    (gain,) = [p for p in kb.glossary_topic("beziehungsmarketing").points if p.label == "Nutzen"]
    reply = answer(say(dialogue, "ask_glossary", "Was soll Beziehungsmarketing einem Unternehmen überhaupt bringen?",
                       [{"entity": "glossary_topic", "value": "beziehungsmarketing"}]))
    assert gain.text in reply


def test_university_after_the_training_is_the_career(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """The year the asker is in names no fact asked (it met the third year's place of learning)."""
    text = "ich bin grad im 3. lehrjahr kfd. kann ich danach an die uni?"
    reply = answer(dialogue.respond("action_answer", Turn("ask_study", text, [
        {"entity": "training_year", "value": "3", "start": 16, "end": 26},
        {"entity": "occupation", "value": "kfd", "start": 27, "end": 30}], {}, confidence=0.35)))
    assert all(step.via in reply for step in kb.career_steps("kfd", ["studium"]))


def test_soft_skills_are_the_traits(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Skills' alone names the skill lines; 'Soft Skills' are the KfD's personal traits (a keyword of each)."""
    text = answer(say(dialogue, "ask_skills", "Welche Soft Skills braucht man im Dialogmarketing? Kurzer Überblick.",
                      [{"entity": "glossary_topic", "value": "dialogmarketing"}]))
    assert all(f.text in text for f in kb.facts("kfd", ["trait"]))


def test_promoting_content_is_the_promotion_task(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    promotion = next(f for f in kb.facts("omm", ["task"]) if "Owned Traffic" in f.text)
    text = answer(say(dialogue, "ask_tasks", "Wie promotet ein OMM seine Inhalte?",
                      [{"entity": "occupation", "value": "omm"}]))
    assert promotion.text in text.split("\n")[0]  # it leads, not one task of the whole profile


@pytest.mark.parametrize("intent, text, entities", [
    ("ask_career", "Was lohnt sich nach der Dialogmarketing-Ausbildung mehr: Betriebswirt Callcentermanagement oder "
     "ein Bachelor?", []),
    ("ask_study", "Nach der Ausbildung KfD: Teamleitung oder Studium? Was bräuchte ich jeweils?",
     [{"entity": "occupation", "value": "kfd"}])])
def test_a_step_up_set_against_a_study_gets_both_steps(dialogue: Dialogue, kb: KnowledgeBase, intent: str, text: str,
                                                       entities: list) -> None:
    reply = answer(say(dialogue, intent, text, entities))
    for step in kb.career_steps("kfd", ["aufstieg", "studium"]):
        assert step.via in reply


def test_a_school_asked_is_no_study_subject(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Schule' is only a part of 'Hochschule' in the study subjects' keywords: it names no kind of them."""
    (school,) = kb.training("omm").school_requirements
    reply = answer(say(dialogue, "ask_requirements", "Welche Schule muss man für OMM gemacht haben – reicht die "
                       "Realschule?", [{"entity": "occupation", "value": "omm"}]))
    assert school.certificate in reply
    assert not any(f.text in reply for f in kb.facts("omm", ["study_subject"]))


def test_where_one_learns_in_each_year_gets_every_year_of_the_schedule(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """The dates of the regulation's citation ('in Kraft seit 1. August 2006') are no training years to search for."""
    text = answer(say(dialogue, "ask_training_pay", "KfD Ausbildung: wo lernt man im 1. und 2. Jahr und wo im 3. Jahr?",
                      [{"entity": "occupation", "value": "kfd"}, {"entity": "training_year", "value": "2"},
                       {"entity": "training_year", "value": "3"}]))
    schedule = kb.training("kfd").schedule
    assert len(schedule) == 2
    assert all(s.places in text for s in schedule)


@pytest.mark.parametrize("text, training_pay", [
    ("Können Sie mir einen kompakten Überblick über den Beruf Kaufmann/Kauffrau für Dialogmarketing geben – Dauer, "
     "Zugangsvoraussetzung, Vergütung?", True),
    ("was muss ich alles wissen über kauffrau für dialogmarketing also wie lange was verdient man und wie ist die "
     "prüfung", False),
    ("Steckbrief Kauffrau für Dialogmarketing: Dauer der Ausbildung, Art der Ausbildung, Gehalt danach.", False)])
def test_pay_named_beside_the_training_is_the_training_pay(dialogue: Dialogue, kb: KnowledgeBase, text: str,
                                                            training_pay: bool) -> None:
    """'Dauer, …, Vergütung' of a role with a training: the pay during it; 'was verdient man' asks what one earns,
    'Gehalt danach' the pay after the training."""
    reply = answer(say(dialogue, "ask_overview", text, [{"entity": "occupation", "value": "kfd"}]))
    (first_year,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    entry = kb.salary_figures("kfd", ["entry"])
    assert kb.training("kfd").regulation and str(kb.training("kfd").regulation.duration_years) in reply
    assert (fmt.figure(first_year) in reply) == training_pay
    assert entry and all(fmt.figure(f) in reply for f in entry) != training_pay


def test_pay_from_the_first_training_year_to_after_the_training_is_every_stage(dialogue: Dialogue,
                                                                                kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_training_pay", "Gib mir eine Gehaltsübersicht für Kaufleute für Dialogmarketing, "
                      "vom ersten Azubijahr bis nach der Ausbildung.",
                      [{"entity": "occupation", "value": "kfd"}, {"entity": "training_year", "value": "1"},
                       stage("entry")]))
    figures = kb.salary_figures("kfd", ["apprenticeship", "entry"])
    assert {f.stage for f in figures} == {"apprenticeship", "entry"}
    assert all(fmt.figure(f) in text for f in figures)


def test_all_on_the_subject_of_a_kind_gets_every_line_of_that_kind(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Alles zum Thema Sprachen' names the languages, whatever the classifier guessed; 'Thema' is no search word."""
    text = answer(say(dialogue, "ask_tasks", "Alles zum Thema Sprachen im Online Marketing Management?",
                      [{"entity": "occupation", "value": "omm"}]))
    languages = kb.facts("omm", ["language"])
    assert languages and all(f.text in text for f in languages)
    assert not any(f.text in text for f in kb.facts("omm", ["task"]))


def test_a_task_asked_in_other_words_is_found_by_its_keywords(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    planning = next(f for f in kb.facts("kfd", ["task"]) if "Personaleinsatz" in f.text)
    reply = say(dialogue, "ask_tasks", "Planen Dialogmarketing-Kaufleute auch, wer wann eingesetzt wird?").replies[0]
    assert planning.text in reply.text.split("\n")[0]  # the task asked leads, not the whole list


def test_how_to_start_with_customer_management_names_the_workshop(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    workshop = next(p for p in kb.glossary_topic("kundenmanagement").points if p.label == "Workshop")
    text = answer(say(dialogue, "ask_glossary", "Wie steige ich am besten in ein organisiertes Kundenmanagement ein?",
                      [{"entity": "glossary_topic", "value": "kundenmanagement"}]))
    assert workshop.text in text


@pytest.mark.parametrize("said", ["01.09.2026", "1.9.2026"])
def test_a_start_date_asks_for_its_years_floor(dialogue: Dialogue, kb: KnowledgeBase, said: str) -> None:
    text = f"Ausbildungsstart {said}, Mindestvergütung im zweiten Lehrjahr?"
    reply = answer(say(dialogue, "ask_training_pay", text, [stage("minimum_training_pay"),
                                                            {"entity": "training_year", "value": "2"},
                                                            {"entity": "start_year", "value": said}]))
    floors = {f.cohort_start_year: f for f in kb.salary_figures(None, ["minimum_training_pay"], training_year=2)}
    assert fmt.euro(floors.pop(2026).amount_min) in reply
    assert not any(fmt.euro(f.amount_min) in reply for f in floors.values())


def test_two_items_named_word_for_word_get_both_lines(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Wirtschaftsinformatik oder Informatik?' – the shorter subject is asked too, though the longer meets more."""
    subjects = kb.facts("omm", ["study_subject"])
    outer, inner = next((a, b) for a in subjects for b in subjects if a is not b and b.text.lower() in a.text.lower())
    turn = Turn("ask_study", f"Hilft eher {outer.text} oder {inner.text} pur, wenn man Online Marketing Manager werden "
                "will?", [{"entity": "occupation", "value": "omm"}], {}, confidence=0.48)
    text = answer(dialogue.respond("action_answer", turn))
    assert re.search(rf"\b{outer.text}\b", text) and re.search(rf"\b{inner.text}\b", text)


def test_a_pronoun_adverb_is_no_search_term(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'davon' is in a salary note ('hängt davon ab') – 'und was ist das Ziel davon' asks about the point before."""
    first = say(dialogue, "ask_glossary", "Erklär mir das 8. P", [{"entity": "glossary_topic", "value": "achtes_p"}])
    text = answer(dialogue.respond("action_answer", Turn("ask_salary", "und was ist das ziel davon", [], first.slots,
                                                          confidence=0.38)))
    goal = next(p for p in kb.glossary_topic("achtes_p").points if p.label == "Ziel")
    assert goal.text in text


@pytest.mark.parametrize("question", ["Wie viel Zeit hat man in der KfD-Abschlussprüfung für {title}?",
                                      "Wie lange dauert {title} in der Prüfung?"])
def test_an_exam_part_named_by_its_title_gets_that_parts_minutes_alone(dialogue: Dialogue, kb: KnowledgeBase,
                                                                       question: str) -> None:
    """The exam's summary lists every part's minutes – beside the part asked they read as a second answer."""
    final = next(e for e in kb.exams("kfd") if e.parts)
    for part in final.parts:
        text = answer(say(dialogue, "ask_exam", question.format(title=part.title),
                          [{"entity": "occupation", "value": "kfd"}]))
        assert f"{part.duration_minutes} Minuten" in text
        assert not any(f"{other.duration_minutes} Min" in text for other in final.parts
                       if other.duration_minutes != part.duration_minutes), part.title


def test_an_exam_part_named_by_its_title_beside_another_keeps_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    final = next(e for e in kb.exams("kfd") if e.parts)
    first, second = final.parts[:2]
    text = answer(say(dialogue, "ask_exam", f"Welcher Prüfungsteil dauert länger: {first.title} oder {second.title}?",
                      [{"entity": "occupation", "value": "kfd"}]))
    assert f"{first.duration_minutes} Minuten" in text and f"{second.duration_minutes} Minuten" in text


def test_a_complete_list_of_traits_and_skills_gets_the_whole_topic(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'– komplette Liste' asks for every line of the topic named; 'braucht' meets no marketing topic."""
    turn = Turn("ask_skills", "Welche Eigenschaften und Fähigkeiten braucht man als KfD – komplette Liste",
                [{"entity": "occupation", "value": "kfd"}], {}, confidence=1.0)
    text = answer(dialogue.respond("action_answer", turn))
    assert all(f.text in text for f in kb.facts("kfd", ["skill", "trait"]))
    role = kb.occupation("kfd").name_neutral
    assert not any(t.title in text for t in kb.glossary_topics() if t.title not in role)  # no list of marketing topics


def test_the_school_certificate_asked_for_the_training_is_a_requirement(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Schulabschluss für die Ausbildung … Überblick' names the requirements, not the training as a whole."""
    turn = Turn("ask_requirements", "Schulabschluss für die Ausbildung im Dialogmarketing – gib mir einen schnellen "
                "Überblick.", [{"entity": "glossary_topic", "value": "dialogmarketing"}], {}, confidence=0.81)
    text = answer(dialogue.respond("action_answer", turn))
    assert all(f.text in text for f in kb.facts("kfd", ["requirement"]))


def test_job_titles_and_the_code_asked_together_get_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("compare_occupations", "Welche Berufsbezeichnungen und welchen Berufscode gibts für den Online "
                "Marketing Manager?", [{"entity": "occupation", "value": "omm"}], {}, confidence=0.85)
    text = answer(dialogue.respond("action_answer", turn))
    assert all(f.text in text for f in kb.facts("omm", ["job_title"]))
    assert kb.occupation("omm").kldb2010 in text


def test_the_online_field_names_the_omm(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_study", "was kann ich mit nem abgeschlossenen medienwissenschaft studium im online bereich werden",
                confidence=0.95)
    text = answer(dialogue.respond("action_answer", turn))
    (media,) = [s for s in kb.career_steps("omm", ["quereinstieg"]) if "Medien" in s.target]
    assert media.target in text
    assert not any(s.target in text for s in kb.career_steps("kfd", ["studium"]))


def test_when_a_company_needs_it_after_relationship_marketing_is_when_it_counts(dialogue: Dialogue,
                                                                               kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_glossary", "Was ist Beziehungsmarketing?",
                [{"entity": "glossary_topic", "value": "beziehungsmarketing"}])
    text = answer(say(dialogue, "ask_glossary", "und wann braucht ein unternehmen das überhaupt?", slots=first.slots))
    (counts,) = [p for p in kb.glossary_topic("beziehungsmarketing").points if "Monopol" in p.text]
    assert counts.text in text


def test_a_start_year_with_a_training_year_and_the_minimum_is_the_legal_floor(dialogue: Dialogue,
                                                                             kb: KnowledgeBase) -> None:
    """'hätte ich 2025 angefangen … im dritten jahr, was wäre da das minimum' – no word for the trainee, no money word."""
    text = "hätte ich 2025 angefangen wäre ich jetzt im dritten jahr, was wäre da das minimum gewesen"
    reply = answer(say(dialogue, "ask_salary", text, [{"entity": "start_year", "value": "2025"},
                                                      {"entity": "training_year", "value": "3"}]))
    (floor,) = [f for f in kb.salary_figures(None, ["minimum_training_pay"], cohort_start_year=2025, training_year=3)]
    assert fmt.euro(floor.amount_min) in reply


def test_funding_for_career_changers_from_the_agency_is_no_question_about_its_statistics(dialogue: Dialogue,
                                                                                        kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_lateral_entry", "Gibt es für Quereinsteiger ins Online Marketing eine Förderung "
                      "von der Arbeitsagentur?", [stage("median")]))
    (course,) = [s for s in kb.career_steps("omm", ["quereinstieg"]) if s.funding == "Bildungsgutschein"]
    assert course.target in text or course.via in text
    assert not any(fmt.euro(f.amount_min) in text for f in kb.salary_figures("omm", ["median"]))


def test_chances_to_rise_get_every_career_step(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_career", "gibts für kaufleute im dialogmarketing aufstiegschancen oder bleibt man "
                      "ewig am telefon", [{"entity": "occupation", "value": "kfd"}]))
    assert all(s.target in text for s in kb.career_steps("kfd"))


@pytest.mark.parametrize("intent, text", [
    ("ask_tasks", "Ist Kaufmann für Dialogmarketing nur telefonieren oder macht man auch andere Sachen?"),
    ("ask_career", "Ist Kaufmann für Dialogmarketing nicht einfach nur Callcenter-Agent mit Ausbildung?")])
def test_whether_a_role_is_only_one_thing_gets_the_whole_role(dialogue: Dialogue, kb: KnowledgeBase, intent: str,
                                                              text: str) -> None:
    """Not the trait 'Freude am Telefonieren' or the career steps: what the role is and every task."""
    reply = answer(say(dialogue, intent, text, [{"entity": "occupation", "value": "kfd"}]))
    assert all(f.text in reply for f in kb.facts("kfd", ["summary", "task"]))
