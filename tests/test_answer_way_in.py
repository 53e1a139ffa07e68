"""Career changers who say where they come from and ask only whether or how they get in: the way in
(lateral entry), led by what fits the asker – not a fact that shares a word with their past. Expected
lines come from the knowledge base."""
from __future__ import annotations

import pytest

from bot.answers import format as fmt
from bot.answers.search import FactSearch
from bot.dialogue import Dialogue, Turn
from bot.kb.queries import KnowledgeBase
from bot.text import stem
from tests.test_answer_path import answer, say

OMM = {"entity": "occupation", "value": "omm"}
KFD = {"entity": "occupation", "value": "kfd"}


def _ways_in(kb: KnowledgeBase, occupation: str) -> list[str]:
    return [step.target for step in kb.career_steps(occupation, ["quereinstieg"])]


def test_an_it_background_asking_how_to_get_in_gets_the_way_in(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "nlu_fallback", "Ich bin Fachinformatiker und will mehr in Richtung Online-Marketing. "
                      "Wie komme ich da hin?", action="action_fallback"))
    (background,) = kb.facts("omm", ["background"])
    assert background.text in text
    for target in _ways_in(kb, "omm"):  # the IT people's Fortbildung among them
        assert target in text


def test_a_job_held_for_years_with_a_filler_word_is_a_background(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'bin aber seit Jahren Teamleiter' says where the asker comes from, as 'bin seit 12 Jahren …' does."""
    text = answer(say(dialogue, "ask_career", "Hab kein Studium, bin aber seit Jahren Teamleiter im Vertrieb. Hab ich ne "
                      "Chance als OMM?", [OMM]))
    (background,) = kb.facts("omm", ["background"])
    assert background.text in text
    assert all(target in text for target in _ways_in(kb, "omm"))


def test_a_job_that_shares_a_word_with_a_task_is_no_question_about_the_task(dialogue: Dialogue,
                                                                            kb: KnowledgeBase) -> None:
    turn = Turn("ask_lateral_entry", "Ich bin Grafikdesignerin und will mehr Verantwortung übernehmen. Kann ich "
                "Online Marketing Managerin werden?", [OMM], {}, confidence=0.93)
    text = answer(dialogue.respond("action_answer", turn))
    (background,) = kb.facts("omm", ["background"])
    assert background.text in text
    assert not any(task.text in text for task in kb.facts("omm", ["task"]))  # 'Designer' is among the tasks


def test_a_trait_said_beside_the_background_leads_the_way_in(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_lateral_entry", "Ich war bisher Lagerist und bin eher schüchtern. Kann ich trotzdem Kaufmann für "
                "Dialogmarketing werden?", [KFD], {}, confidence=0.49,
                ranking=(("ask_lateral_entry", 0.49), ("ask_skills", 0.41)))
    text = answer(dialogue.respond("action_answer", turn))
    traits = [f for f in kb.facts("kfd", ["trait"]) if "schüchtern" in (f.keywords or "")]
    assert traits and all(trait.text in text for trait in traits)
    assert f"{kb.training('kfd').regulation.duration_years} Jahre" in text  # and the usual way in


def test_a_role_named_as_the_askers_own_is_no_background(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_career", "Kann ich als Kaufmann für Dialogmarketing später Teamleiter werden?",
                      [KFD]))
    assert "Quereinstieg" not in text
    assert any("Teamleiter" in step.target and step.target in text for step in kb.career_steps("kfd"))


def test_the_roles_own_short_training_asks_what_counts_towards_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_training", "ich bin servicefachkraft für dialogmarketing. kann ich noch "
                      "kaufmann werden und wird mir was angerechnet?", [KFD]))
    assert "Quereinstieg" not in text
    assert kb.training("kfd").regulation.related_training in text


def test_a_trait_alone_is_no_background(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_lateral_entry", "Ich bin echt schlecht in Mathe. Kann ich trotzdem OMM werden?",
                      [OMM]))
    assert any("Mathematik" in f.text and f.text in text for f in kb.facts("omm", ["requirement"]))


def test_what_one_can_become_after_the_training_is_the_whole_career(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_career", "Hab 2 Jahre im Callcenter gejobbt ohne Ausbildung. Lohnt sich die "
                      "richtige Ausbildung zum KfD noch? Was kann ich danach noch werden?", [KFD]))
    for step in kb.career_steps("kfd"):
        assert step.target.lower() in text.lower()


def test_the_ways_after_the_training_are_the_whole_career(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_training", "Was sind alle Wege nach der Ausbildung zur Kauffrau für Dialogmarketing?",
                [KFD, {"entity": "career_stage", "value": "entry"}], {}, confidence=0.49,
                ranking=(("ask_training", 0.49), ("ask_career", 0.19)))
    text = answer(dialogue.respond("action_answer", turn))
    for step in kb.career_steps("kfd"):
        assert step.target.lower() in text.lower()


@pytest.mark.parametrize("text", [
    "Welche Karrierewege gibt es als OMM?",
    "Welche Karrierewege gibt es als Online Marketing Manager? Die wichtigsten Punkte bitte."])
def test_a_word_that_asks_for_every_career_step_gets_them_all(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    reply = answer(say(dialogue, "ask_career", text, [OMM]))
    for step in kb.career_steps("omm"):
        if step.kind not in ("einstieg", "quereinstieg"):  # the ways on from the role, not the ways into it
            assert step.target.lower() in reply.lower()


def test_a_background_without_a_role_finds_the_role_of_its_way_in(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    # the classifier guessed a marketing term; no role is named, but the course for IT people is the OMM's
    turn = Turn("ask_glossary", "Ich bin Informatiker und hab Lust auf was mit Marketing. Geht das?", [], {},
                confidence=0.34, ranking=(("ask_glossary", 0.34), ("ask_career", 0.14)))
    out = dialogue.respond("action_answer", turn)
    text = answer(out)
    assert out.slots.get("occupation") == "omm"
    it_course = next(s for s in kb.career_steps("omm", ["quereinstieg"]) if "IT" in (s.audience or ""))
    assert it_course.target in text
    assert "Um welchen Beruf" not in text


def test_a_job_that_opens_the_message_is_a_background(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_glossary", "Systemadministrator, 40, will Richtung Marketing. Gibt's für IT-Leute einen "
                "besonderen Weg?", [], {}, confidence=0.95)
    text = answer(dialogue.respond("action_answer", turn))
    it_course = next(s for s in kb.career_steps("omm", ["quereinstieg"]) if "IT" in (s.audience or ""))
    assert it_course.target in text
    assert not any(p.text in text for p in kb.glossary_topic("acht_ps").points)  # not the 8 Ps


def test_how_long_after_the_way_in_is_the_course_that_has_a_length(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = dialogue.respond("action_answer", Turn(
        "ask_lateral_entry", "Versicherungskaufmann, 15 Jahre Außendienst. Ich will umsteigen ins Online Marketing. "
        "Was ist der übliche Weg für Leute wie mich?", [], {}, confidence=0.99))
    assert any(s.target in answer(first) for s in kb.career_steps("omm", ["quereinstieg"]))
    slots = {**first.slots}
    follow = dialogue.respond("action_fallback", Turn("nlu_fallback", "wie lange dauert das ungefähr?", [], slots,
                                                      confidence=0.3))
    course = next(s for s in kb.career_steps("omm", ["quereinstieg"]) if s.duration_text)
    assert course.duration_text in answer(follow)


def test_who_pays_for_retraining_is_the_funding_not_the_salary(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_lateral_entry", "verkäufer seit 15 jahren, will umschulen ins online marketing. wer bezahlt sowas?", [], {},
        confidence=0.99)))
    funded = [s for s in kb.career_steps("omm", ["quereinstieg"]) if s.funding]
    assert funded and all(s.funding in text for s in funded)
    assert not any(fmt.figure(f) in text for f in kb.salary_figures("omm", ["entry"]))


def test_the_agency_named_beside_the_question_asks_no_statistics(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_lateral_entry", "Bin 52 und arbeitslos gemeldet. Die Arbeitsagentur hat Online Marketing erwähnt. Wie komme "
        "ich da rein und was kostet mich das?", [{"entity": "career_stage", "value": "median"}], {}, confidence=0.9)))
    assert any(s.funding and s.funding in text for s in kb.career_steps("omm", ["quereinstieg"]))
    assert not any(fmt.figure(f) in text for f in kb.salary_figures("omm", ["median"]))


def test_courses_or_study_after_the_training_are_the_career_not_the_profile(dialogue: Dialogue,
                                                                           kb: KnowledgeBase) -> None:
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_career", "Nach der KfD-Ausbildung: Was bringt mir eher was, Weiterbildung oder Studium?", [], {},
        confidence=0.79, ranking=(("ask_career", 0.79), ("ask_study", 0.2)))))
    for step in kb.career_steps("kfd"):
        assert step.target.lower() in text.lower()
    assert not any(f.text in text for f in kb.facts("kfd", ["task"]))


def test_a_lead_that_says_who_asks_is_no_part_of_the_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    # 'Informatikerin' is also a study subject; the question after the colon asks for the technical skills
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_skills", "Als Informatikerin: Welche technischen Kenntnisse werden von Online Marketing Managern erwartet?",
        [OMM], {}, confidence=0.84)))
    assert any("HTML" in f.text and f.text in text for f in kb.facts("omm", ["skill"]))
    assert not any(f.text in text for f in kb.facts("omm", ["study_subject"]))


def test_whether_most_studied_is_answered_by_where_most_come_from(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(dialogue.respond("action_answer", Turn("ask_study", "Haben die meisten Online Marketing Manager "
                                                         "studiert?", [OMM], {}, confidence=0.84)))
    (background,) = kb.facts("omm", ["background"])
    assert background.text in text


def test_whether_the_askers_training_counts_is_the_way_in_with_the_requirements(dialogue: Dialogue,
                                                                                      kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_training", "Kauffrau für Büromanagement hier, seit 6 Jahren im Job. Zählt meine "
                      "Ausbildung für den Weg zur OMM?", [OMM]))
    (background,) = kb.facts("omm", ["background"])
    assert background.text in text
    for fact in kb.facts("omm", ["requirement", "hiring"]):  # the training the asker has is measured against these
        assert fact.text in text
    assert not any(fact.text in text for fact in kb.facts("kfd", ["trait"]))


def test_whether_what_the_asker_knows_brings_anything_leads_with_the_skill_it_meets(dialogue: Dialogue,
                                                                                     kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_lateral_entry", "Als Webentwickler kenne ich HTML und CSS in- und auswendig. "
                      "Bringt mir das als Quereinsteiger ins Online Marketing was?"))
    lead = text.split("\n\n")[0]  # first what the asker knows, then the way in
    assert any(f.text in lead for f in kb.facts("omm", ["skill", "tool"]) if "HTML" in f.text)
    assert kb.facts("omm", ["background"])[0].text in text.split("\n\n")[1]


def test_whether_what_the_asker_can_is_wanted_gets_the_way_in(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_lateral_entry", "Ex-Journalist, 46. Ich kann schreiben. Ist das als Online Marketing Manager "
                "gefragt?", [OMM], {}, confidence=0.63)
    text = answer(dialogue.respond("action_answer", turn))
    (background,) = kb.facts("omm", ["background"])
    assert background.text in text
    assert "Studienfach" not in text  # 'Journalist' met a study subject


def test_whether_a_role_would_suit_the_asker_gets_what_fits_and_the_way_in(dialogue: Dialogue,
                                                                          kb: KnowledgeBase) -> None:
    turn = Turn("ask_skills", "Ich stehe seit 15 Jahren hinter der Ladentheke, rede gern mit Menschen und telefoniere "
                "viel. Wäre Kaufmann für Dialogmarketing was für mich?", [KFD], {}, confidence=0.47,
                ranking=(("ask_skills", 0.47), ("ask_glossary", 0.21), ("ask_salary", 0.18)))
    text = answer(dialogue.respond("action_answer", turn))
    assert f"{kb.training('kfd').regulation.duration_years} Jahre" in text  # the usual way in
    assert not any(fmt.figure(f) in text for f in kb.salary_figures("kfd"))  # 'telefoniere viel' asks no money
    assert "Teil 4" not in text  # '15 Jahren' met the exam's 15 minutes


def test_a_gap_in_the_askers_past_is_no_gap_in_the_question(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_skills", "Hotelfachfrau hier, ich liebe den Kontakt mit Gästen, aber die Schichten killen mich. "
                "Wäre Dialogmarketing was?", [{"entity": "glossary_topic", "value": "dialogmarketing"}], {},
                confidence=0.55, ranking=(("ask_skills", 0.55), ("ask_career", 0.26)))
    text = answer(dialogue.respond("action_answer", turn))
    assert f"{kb.training('kfd').regulation.duration_years} Jahre" in text
    assert "Schicht" not in text


def test_certificates_the_asker_has_lead_the_way_in_with_the_line_that_names_them(dialogue: Dialogue,
                                                                                 kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_lateral_entry", "Ich komme aus dem Verkauf und habe schon zwei Online-Kurse mit "
                      "Zertifikat gemacht. Bringt mir das was beim Umstieg ins Online Marketing?"))
    (certificates,) = [s for s in kb.career_steps("omm") if "Zertifikat" in s.target]
    lead, rest = text.split("\n\n", 1)
    assert certificates.target in lead
    assert kb.facts("omm", ["background"])[0].text in rest


@pytest.mark.parametrize("text", [
    "Ich habe BWL studiert und danach 5 Jahre im Einkauf gearbeitet. Haben Wirtschaftsleute im Online Marketing gute "
    "Karten?",
    "Ich arbeite seit drei Jahren als Redakteurin im Content Marketing einer Agentur. Ist der Online Marketing Manager "
    "der logische nächste Schritt?"])
def test_good_chances_or_the_next_step_after_a_past_job_is_the_way_in(dialogue: Dialogue, kb: KnowledgeBase,
                                                                      text: str) -> None:
    reply = answer(say(dialogue, "ask_career", text))
    assert kb.facts("omm", ["background"])[0].text in reply
    assert all(step.target in reply for step in kb.career_steps("omm", ["quereinstieg"]))


@pytest.mark.parametrize("text", ["ich häng eh den ganzen tag im internet rum lol reicht das als voraussetzung für online "
                                  "marketing", "bin den ganzen tag online und total netzaffin, passt online marketing "
                                  "management zu mir?"])
def test_living_online_is_met_by_the_passion_for_the_internet(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    (passion,) = [f for f in kb.facts("omm", ["skill"]) if "Leidenschaft" in f.text]
    assert passion.text in answer(say(dialogue, "ask_requirements", text))


def test_a_creative_background_meets_the_background_that_qualifies(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (qualifies,) = [f for f in kb.facts("omm", ["requirement"]) if "Fotograf" in (f.keywords or "")]
    turn = Turn("nlu_fallback", "fotografin, 34, will omm werden. zählt meine ausbildung da?",
                [{"entity": "occupation", "value": "omm"}], confidence=0.3,
                ranking=(("ask_training", 0.39), ("ask_lateral_entry", 0.37)))
    assert qualifies.text in answer(dialogue.respond("action_fallback", turn))


@pytest.mark.parametrize("text", [
    "ich komme aus dem controlling, zahlen sind mein ding. hilft mir das wenn ich ins online marketing gehe",
    "Ich bin Mathelehrer und mag Zahlen. Hilft mir das im Online Marketing oder ist das nur Kreativkram?",
])
def test_a_changer_good_with_numbers_gets_the_skill_that_needs_them(dialogue: Dialogue, kb: KnowledgeBase,
                                                                    text: str) -> None:
    (numbers,) = [f for f in kb.facts("omm", ["skill"]) if "Controlling" in (f.keywords or "")]
    reply = answer(say(dialogue, "ask_lateral_entry", text))
    assert numbers.text in reply and "€" not in reply  # liked numbers are no pay


def test_the_askers_age_is_no_figure_of_a_fact(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (demand,) = kb.facts("omm", ["labour_market"])
    hours = kb.working_hours("omm")
    reply = answer(say(dialogue, "ask_lateral_entry", "Lohnt sich der Umstieg ins Online Marketing mit Mitte 40 "
                       "überhaupt noch, werden da Leute gesucht?"))
    assert demand.text in reply and f"{hours.hours_min}–{hours.hours_max}" not in reply


def test_how_the_training_runs_after_a_background_gets_the_training(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = ("Altenpfleger, 40, Rücken kaputt. Ich telefoniere gern. Wie würde denn eine Ausbildung zum Kaufmann für "
            "Dialogmarketing laufen?")
    reply = answer(say(dialogue, "ask_lateral_entry", text, [{"entity": "occupation", "value": "kfd"}]))
    assert kb.training("kfd").training.kind in reply



def test_how_to_become_the_role_step_by_step_is_the_way_in(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("out_of_scope", "Realschullehrerin, 48. Wie werde ich Schritt für Schritt Online-Marketing-Managerin?",
                [OMM], {}, confidence=0.68, ranking=(("out_of_scope", 0.68), ("ask_lateral_entry", 0.15)))
    text = answer(dialogue.respond("action_out_of_scope", turn))
    assert all(target in text for target in _ways_in(kb, "omm"))


def test_a_way_in_without_a_curated_lateral_entry_says_what_the_training_asks(dialogue: Dialogue,
                                                                              kb: KnowledgeBase) -> None:
    """The KfD has no curated way in for career changers: the training, every school certificate with its share and
    what one should be able to do – what the asker measures their past against ('hab realschule', 'Deutsch ist B1')."""
    text = answer(say(dialogue, "ask_lateral_entry", "abi ich war 28 jahre lagerist, nee sorry, ich BIN 28 und war "
                      "lagerist. will jetzt büro mit telefon. hab realschule. kfd ausbildung geht noch ya?", [KFD]))
    assert all(r.certificate in text for r in kb.training("kfd").school_requirements)
    assert all(f.text in text for f in kb.facts("kfd", ["skill", "trait"]))


def test_an_economist_by_a_short_name_meets_the_economics_graduates(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (hired,) = [line for line in FactSearch(kb).lines("omm") if "Wirtschaftswissenschaften" in line.text
                and line.topic != "study"]
    text = answer(say(dialogue, "ask_career", "Ich bin VWLer und arbeite seit 5 Jahren in einer Bank. Würde man mich im "
                      "Online Marketing überhaupt nehmen?"))
    assert hired.text in text


def test_a_career_changer_good_with_numbers_gets_the_line_about_figures(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    figures = next(f for f in kb.facts("omm", ["skill"]) if "Kennzahlen" in f.text)
    turn = Turn("nlu_fallback", "Bankkaufmann hier, ich kann gut mit Zahlen. Hilft mir das als Online Marketing Manager?",
                [OMM], confidence=0.3)
    text = answer(dialogue.respond("action_fallback", turn))
    assert figures.text in text
    assert text.index(figures.text) < text.index("Quereinstieg")  # what fits the asker leads the way in


def test_whether_numbers_play_a_role_is_no_question_about_pay(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    figures = next(f for f in kb.facts("omm", ["skill"]) if "Kennzahlen" in f.text)
    text = answer(say(dialogue, "ask_lateral_entry",
                      "Bin Bankkauffrau und will ins Online Marketing. Spielen Zahlen und Kennzahlen da eine Rolle?"))
    assert figures.text in text
    (entry,) = kb.salary_figures("omm", ["entry"])
    assert fmt.number(entry.amount_min) not in text


def test_becoming_a_career_step_of_a_role_is_the_way_up_not_the_way_in(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    step = kb.career_step_named("Teamleiter")
    text = answer(say(dialogue, "ask_career",
                      "Ich war Filialleiter im Einzelhandel. Kann ich im Dialogmarketing später Teamleiter werden?",
                      [{"entity": "glossary_topic", "value": "dialogmarketing"}]))
    assert step.target in text and step.via in text
    assert "Quereinstieg" not in text


def test_what_a_study_must_be_about_gets_the_subjects(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_study",
                      "Muss das Studium für OMM was mit Marketing zu tun haben oder geht auch Wirtschaftsinformatik?", [OMM]))
    assert all(subject.text in text for subject in kb.facts("omm", ["study_subject"]))


def test_tech_skills_asked_after_a_study_include_the_technical_know_how(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    technical = next(f for f in kb.facts("omm", ["skill"]) if "HTML" in f.text)
    text = answer(say(dialogue, "ask_study", "Ich hab Medienmanagement studiert, fehlen mir da Tech-Skills für OMM?", [OMM]))
    assert technical.text in text


def _skills_over_certificates(kb: KnowledgeBase):
    return next(f for f in kb.facts("omm", ["hiring"]) if "Zeugnis" in (f.keywords or ""))


def test_a_teacher_is_who_asks_not_a_question_about_the_training(kb: KnowledgeBase) -> None:
    """'Lehrerin', 'Lehrer', 'Lehrkraft', 'Lehramt' share their stem with 'Lehre' (the training)."""
    assert stem("lehre") not in FactSearch(kb).asked_terms("Ich bin Lehrerin, mein Mann ist Lehrer im Lehramt")


def test_what_a_teachers_degree_is_worth_gets_what_employers_look_at(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_lateral_entry", "Ich bin Lehrerin und will raus aus der Schule, ins Online Marketing. Ist mein "
                "Lehramtsstudium da überhaupt was wert?", [], {}, confidence=0.86)
    assert _skills_over_certificates(kb).text in answer(dialogue.respond("action_answer", turn))


def test_a_poor_grade_average_gets_what_employers_look_at(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_salary", "mein bachelorschnitt ist nur 2,9 – ist das schlimm für omm bewerbungen?", [OMM], {},
                confidence=0.57)
    assert _skills_over_certificates(kb).text in answer(dialogue.respond("action_answer", turn))


def test_years_in_the_job_are_who_asks_not_the_trainings_length(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_career", "Mein Mann ist seit 3 Jahren Kaufmann für Dialogmarketing. Welche "
                "Aufstiegsmöglichkeiten hat er?", [KFD], {}, confidence=0.98)
    text = answer(dialogue.respond("action_answer", turn))
    assert all(step.target in text for step in kb.career_steps("kfd"))
    assert kb.training("kfd").regulation.regulation not in text


def test_a_subject_the_asker_studied_leads_the_way_in(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_study", "hab kowi studiert, kann ich damit omm werden?", [OMM], {}, confidence=0.89)
    text = answer(dialogue.respond("action_answer", turn))
    (subject,) = [f for f in kb.facts("omm", ["study_subject"]) if "Kommunikation" in f.text]
    (background,) = kb.facts("omm", ["background"])
    assert subject.text in text and background.text in text


def test_a_job_that_shares_a_word_with_a_study_subject_leads_with_what_is_asked(dialogue: Dialogue,
                                                                                kb: KnowledgeBase) -> None:
    """A software developer studied nothing the message says: the technical skills asked lead, not 'Informatik'."""
    turn = Turn("ask_skills", "Ich bin Softwareentwickler, 38. Welche technischen Kenntnisse braucht ein Online "
                "Marketing Manager – bringe ich da was mit?", [OMM], {}, confidence=0.9)
    text = answer(dialogue.respond("action_answer", turn))
    (technical,) = [f for f in kb.facts("omm", ["skill"]) if "HTML" in f.text]
    lead = text.split("\n\n")[0]
    assert technical.text in lead
    assert not any(f.text in lead for f in kb.facts("omm", ["study_subject"]))


def test_an_employee_asking_whether_their_job_helps_gets_the_way_in(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Steuerfachangestellte' is a job, 'Hilft das als …?' asks whether it counts – not for the pay ('Zahlen')."""
    turn = Turn("ask_salary", "Ich bin Steuerfachangestellte, Zahlen liegen mir. Hilft das als Online Marketing "
                "Managerin?", [OMM], {}, confidence=0.8)
    text = answer(dialogue.respond("action_answer", turn))
    (background,) = kb.facts("omm", ["background"])
    assert background.text in text
    assert not any(fmt.figure(f) in text for f in kb.salary_figures("omm", ["entry"]))


def test_years_in_one_of_the_roles_ask_the_way_up_not_the_way_in(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'seit zwei Jahren als OMM' is no background the asker comes from: the next step is the way up."""
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_career", "Ich arbeite seit zwei Jahren als OMM in einer kleinen Agentur. Was wäre der nächste Schritt für "
                      "mich?", [{"entity": "occupation", "value": "omm", "start": 33, "end": 36}], confidence=0.99)))
    ups = kb.career_steps("omm", ["aufstieg"])
    assert ups and all(step.target in text for step in ups)
    assert not any(step.via in text for step in kb.career_steps("omm", ["quereinstieg"]) if step.via)
    # … while one who asks whether the role is their next step gets the way into it
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_career", "Ich arbeite seit drei Jahren als Content Marketing Managerin. Ist OMM der logische nächste "
                      "Schritt?", [{"entity": "occupation", "value": "omm", "start": 66, "end": 69}], confidence=0.99)))
    assert not any(step.target in text for step in ups)
