"""Which stage's figures a money question asks for when it describes the asker or leans on the career step
before: the asker's stage beside the one they set it against, a career step's official group after
'und was verdient man dann?'. Expected figures come from the knowledge base."""
from __future__ import annotations

import pytest

from bot.answers import format as fmt
from bot.dialogue import Dialogue, Turn
from bot.kb.queries import KnowledgeBase
from tests.test_answer_path import answer, say, stage

OMM = {"entity": "occupation", "value": "omm"}


@pytest.mark.parametrize("text", [
    "ich war 2 jahre social media managerin. krieg ich als online marketing managerin mehr als jemand der ganz "
    "frisch anfängt?",
    "also ich bin seit drei jahren content managerin in einer agentur. bekomm ich als online marketing managerin "
    "dann mehr am anfang als jemand der frisch anfängt und wenn ja wie viel ungefähr"])
def test_the_askers_stage_set_against_a_fresh_start_gets_both(dialogue: Dialogue, kb: KnowledgeBase,
                                                               text: str) -> None:
    reply = answer(dialogue.respond("action_answer", Turn("ask_salary", text, [OMM], {}, confidence=0.98)))
    for stage in ("entry", "entry_experienced"):
        assert fmt.figure(kb.salary_figures("omm", [stage])[0]) in reply


@pytest.mark.parametrize("correction", ["ich meinte ohne Erfahrung", "nee, ohne Erfahrung meinte ich"])
def test_without_experience_after_the_experienced_entry_gets_the_plain_entry(dialogue: Dialogue, kb: KnowledgeBase,
                                                                            correction: str) -> None:
    """Set against the experienced entry asked before, 'ohne Erfahrung' is the plain entry beside the trainee's."""
    first = dialogue.respond("action_answer", Turn("ask_salary", "Stimmt es, dass man als OMM mit 42.000 einsteigt?",
                                                   [OMM], {}, confidence=0.9))
    reply = answer(dialogue.respond("action_answer", Turn("ask_salary", correction, [], dict(first.slots),
                                                          confidence=0.5)))
    for side in ("entry", "trainee"):
        assert fmt.figure(kb.salary_figures("omm", [side])[0]) in reply
    assert fmt.figure(kb.salary_figures("omm", ["entry_experienced"])[0]) not in reply


def test_a_stage_set_against_starting_directly_gets_the_plain_entry(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue.respond("action_answer", Turn(
        "ask_salary", "lieber als trainee ins online marketing oder direkt als manager? wie groß is der unterschied beim "
        "geld", [{"entity": "career_stage", "value": "trainee"}], {}, confidence=0.62)))
    for side in ("entry", "trainee"):
        assert fmt.figure(kb.salary_figures("omm", [side])[0]) in reply


_EXPERIENCED = "Was verdient ein OMM mit Erfahrung als Social Media Manager im Vergleich zu einem ohne Vorerfahrung?"


@pytest.mark.parametrize("text, entities", [
    ("OMM-Einstieg ganz ohne Erfahrung vs. mit ein paar Jahren als Social Media Manager – was ist drin?", []),
    (_EXPERIENCED, [OMM, {"entity": "career_stage", "value": "entry_experienced",
                          "start": _EXPERIENCED.index("Erfahrung als"), "end": _EXPERIENCED.index(" im Vergleich")}])])
def test_experience_compared_with_none_gets_the_plain_entry_too(dialogue: Dialogue, kb: KnowledgeBase, text: str,
                                                                entities: list) -> None:
    """Without experience is the trainee's population – and, set against the experienced entry, the plain entry."""
    reply = answer(dialogue.respond("action_answer", Turn("ask_salary", text, entities, {}, confidence=0.9)))
    for side in ("entry", "entry_experienced"):
        assert fmt.figure(kb.salary_figures("omm", [side])[0]) in reply


def test_the_askers_stage_alone_is_not_set_against_the_entry(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = "Ich war drei Jahre Social Media Managerin. Mit welchem Gehalt kann ich als OMM einsteigen?"
    reply = answer(dialogue.respond("action_answer", Turn("ask_salary", text, [OMM], {}, confidence=0.98)))
    assert fmt.figure(kb.salary_figures("omm", ["entry_experienced"])[0]) in reply
    assert fmt.figure(kb.salary_figures("omm", ["entry"])[0]) not in reply


def test_pay_after_a_career_step_is_the_steps(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = dialogue.respond("action_answer", Turn("ask_career", "Wie werde ich nach der KfD-Ausbildung Teamleiter?",
                                                   [{"entity": "occupation", "value": "kfd"}], {}, confidence=0.96))
    follow = dialogue.respond("action_answer", Turn("ask_salary", "und was verdient man dann?", [], dict(first.slots),
                                                    confidence=0.94))
    reply = answer(follow)
    (step,) = [s for s in kb.career_steps("kfd") if "Teamleiter" in s.target]
    assert step.target in reply and follow.unanswered  # no pay of its own in the sources
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures("kfd", ["entry"]))


def test_the_whole_range_of_a_roles_pay_is_every_stage(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue.respond("action_answer", Turn(
        "ask_salary", "OMM gehalt komplett, von anfang bis ganz oben", [OMM, {"entity": "career_stage",
                                                                              "value": "top_earners"}], {},
        confidence=0.97)))
    for stage in ("entry", "experienced", "top_earners"):
        assert all(fmt.figure(f) in reply for f in kb.salary_figures("omm", [stage]))


def test_from_the_training_to_after_it_is_the_training_pay_and_the_entry(dialogue: Dialogue,
                                                                          kb: KnowledgeBase) -> None:
    reply = answer(dialogue.respond("action_answer", Turn(
        "ask_requirements", "Geld im Dialogmarketing: alles von der Ausbildung bis nach dem Abschluss bitte",
        [{"entity": "career_stage", "value": "apprenticeship"}], {}, confidence=0.68)))
    for stage in ("apprenticeship", "entry"):
        assert all(fmt.figure(f) in reply for f in kb.salary_figures("kfd", [stage]))


@pytest.mark.parametrize("text", [
    "Fachwirt Online Marketing oder die Quereinsteiger-Weiterbildung an einer Akademie – was geht schneller?",
    "was geht schneller, fachwirt online marketing oder die weiterbildung für quereinsteiger bei so ner akademie"])
def test_which_of_two_courses_is_quicker_gets_both_lengths(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    reply = answer(dialogue.respond("action_answer", Turn("ask_lateral_entry", text, [], {}, confidence=0.9)))
    courses = [s for s in kb.career_steps("omm") if s.duration_months_min]
    assert len(courses) >= 2 and all(s.duration_text in reply for s in courses)


def test_whether_trainees_count_in_the_statistics_is_asked_of_the_statistics(dialogue: Dialogue,
                                                                              kb: KnowledgeBase) -> None:
    first = dialogue.respond("action_answer", Turn("ask_salary", "Entgeltatlas Median Fachkraft Dialogmarketing?", [
        {"entity": "career_stage", "value": "median"}, {"entity": "occupation", "value": "kfd"}], {}, confidence=0.73))
    follow = dialogue.respond("action_answer", Turn(
        "ask_training_pay", "sind da die azubis mit eingerechnet?", [{"entity": "career_stage", "value": "apprenticeship"}],
        dict(first.slots), confidence=0.41))
    reply = answer(follow)
    (median,) = kb.salary_figures("kfd", ["median"])
    assert median.population in reply
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures("kfd", ["apprenticeship"]))


def test_a_stage_only_one_roles_figures_have_names_that_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_salary", "Als Quereinsteigerin mit 39 müsste ich wohl als Trainee anfangen. Was "
                      "verdient man da im Monat?", [stage("trainee"), {"entity": "period", "value": "month"}]))
    trainee = kb.salary_figures(None, ["trainee"])
    assert trainee and all(f.occupation == "omm" for f in trainee)  # only the OMM's figures have this stage
    assert any(fmt.figure(f) in text for f in trainee) and "Um welchen Beruf" not in text


def test_an_entry_set_against_ten_years_gets_both_figures(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_salary", "OMM am Anfang vs. nach zehn Jahren – wie groß ist der Sprung?",
                [{"entity": "occupation", "value": "omm"}, stage("entry"), {"entity": "years_experience", "value": "10"}],
                {}, confidence=0.91)
    text = answer(dialogue.respond("action_answer", turn))
    (entry,) = kb.salary_figures("omm", ["entry"])
    ten = [f for f in kb.salary_figures("omm", ["experienced"]) if f.years_experience == 10]
    assert fmt.figure(entry) in text and ten and fmt.figure(ten[0]) in text


@pytest.mark.parametrize("text", ["OMM: Einstieg verglichen mit nach 10 Jahren Berufserfahrung?",
                                  "OMM: Einstieg im Vergleich zu nach 10 Jahren Berufserfahrung?"])
def test_one_roles_two_stages_compared_are_its_pay_at_both(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    turn = Turn("compare_occupations", text, [{"entity": "occupation", "value": "omm"}, stage("entry"),
                                              {"entity": "years_experience", "value": "10"}], {}, confidence=0.87)
    reply = answer(dialogue.respond("action_answer", turn))
    (entry,) = kb.salary_figures("omm", ["entry"])
    ten = [f for f in kb.salary_figures("omm", ["experienced"]) if f.years_experience == 10]
    assert fmt.figure(entry) in reply and ten and fmt.figure(ten[0]) in reply
    assert "Dialogmarketing" not in reply  # one role's stages, not both roles


def test_a_trainees_pay_compared_with_the_finished_training_is_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("compare_occupations", "KfD: Azubi im Vergleich zu fertig ausgelernt?",
                [{"entity": "occupation", "value": "kfd"}, stage("apprenticeship"), stage("entry")], {}, confidence=0.7)
    reply = answer(dialogue.respond("action_answer", turn))
    years = kb.salary_figures("kfd", ["apprenticeship"])
    assert years and all(fmt.figure(year) in reply for year in years)
    assert fmt.figure(kb.salary_figures("kfd", ["entry"])[0]) in reply


def test_a_training_year_set_against_the_entry_financially_gets_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'finanziell' asks for money: the 3rd year's pay beside the entry, not where the 3rd year is spent."""
    text = "Lohnt sich die Ausbildung im Dialogmarketing finanziell? Also 3. Lehrjahr im Vergleich zu nach der Ausbildung."
    turn = Turn("ask_training_pay", text, [{"entity": "glossary_topic", "value": "dialogmarketing"},
                                          {"entity": "training_year", "value": "3"}, stage("entry")], {}, confidence=0.52)
    reply = answer(dialogue.respond("action_answer", turn))
    for figure in (*kb.salary_figures("kfd", ["apprenticeship"], training_year=3), *kb.salary_figures("kfd", ["entry"])):
        assert fmt.figure(figure) in reply


def test_the_start_set_against_a_training_year_is_the_first_year(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'als Azubi im letzten Jahr als am Anfang': 'am Anfang' is the training's first year, not the entry after it."""
    text = "wie viel mehr verdient man als dialogmarketing azubi im letzten jahr als am anfang"
    turn = Turn("ask_training_pay", text, [stage("apprenticeship"), {"entity": "training_year", "value": "last"},
                                           stage("entry")], {}, confidence=1.0)
    reply = answer(dialogue.respond("action_answer", turn))
    last = kb.training("kfd").regulation.duration_years
    for year in (1, last):
        (figure,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=year)
        assert fmt.figure(figure) in reply
    assert fmt.figure(kb.salary_figures("kfd", ["entry"])[0]) not in reply


def test_what_an_azubi_is_entitled_to_is_the_pay(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Was steht ihm da zu?' asks for money: the last year's pay, not where that year is spent."""
    text = "Mein Sohn ist jetzt im letzten Lehrjahr (Dialogmarketing). Was steht ihm da ungefähr zu?"
    turn = Turn("ask_training", text, [{"entity": "training_year", "value": "last"},
                                       {"entity": "glossary_topic", "value": "dialogmarketing"}], {}, confidence=0.81)
    reply = answer(dialogue.respond("action_answer", turn))
    (last,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=kb.training("kfd").regulation.duration_years)
    assert fmt.figure(last) in reply


def test_the_legal_floor_asked_with_a_start_year_is_answered_though_the_classifier_gave_up(dialogue: Dialogue,
                                                                                            kb: KnowledgeBase) -> None:
    turn = Turn("nlu_fallback", "Ich hab 2024 angefangen und bin jetzt im dritten Jahr. Was muss mir mindestens "
                "gezahlt werden?", [{"entity": "start_year", "value": "2024"}, {"entity": "training_year", "value": "3"}],
                {}, confidence=0.3, ranking=(("ask_salary", 0.48), ("ask_training_pay", 0.48)))
    text = answer(dialogue.respond("action_fallback", turn))
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=3, cohort_start_year=2024)
    assert fmt.euro(floor.amount_min) in text


def test_the_start_of_a_training_beside_a_later_year_is_its_first_year(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_salary", "mein sohn fängt im august die lehre im dialogmarketing an. wieviel mehr "
                       "kriegt er dann im 3. jahr als am anfang?",
                       [{"entity": "glossary_topic", "value": "dialogmarketing"}, {"entity": "training_year", "value": "3"},
                        stage("entry")]))
    for year in (1, 3):
        (pay,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=year)
        assert fmt.figure(pay) in reply
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures("kfd", ["entry"]))


@pytest.mark.parametrize("intent, text, confidence", [
    ("ask_salary", "Ich studiere BWL. Was verdient man als OMM?", 0.76),
    ("ask_study", "Ich studiere Kommunikationswissenschaften und will OMM werden. Was verdient man da?", 0.99)])
def test_what_the_asker_studies_is_no_question_about_studying(dialogue: Dialogue, kb: KnowledgeBase, intent: str,
                                                              text: str, confidence: float) -> None:
    """A money question after what the asker studies gets the pay, not the study subjects the first sentence meets."""
    reply = answer(dialogue.respond("action_answer", Turn(intent, text, [OMM], {}, confidence=confidence)))
    assert fmt.figure(kb.salary_figures("omm", ["entry"])[0]) in reply
    assert not all(f.text in reply for f in kb.facts("omm", ["study_subject"]))


def test_the_entrance_qualification_for_a_study_is_the_school_certificate(dialogue: Dialogue,
                                                                           kb: KnowledgeBase) -> None:
    reply = answer(dialogue.respond("action_answer", Turn(
        "ask_requirements", "Welche Hochschulzugangsberechtigung wird für den Weg zum Online Marketing Manager erwartet?",
        [OMM], {}, confidence=0.44, ranking=(("ask_requirements", 0.44), ("ask_study", 0.31)))))
    assert all(r.certificate in reply for r in kb.training("omm").school_requirements)


@pytest.mark.parametrize("text, stages", [
    ("omm gehalt: was sagt der ratgeber und was sagt der entgeltatlas? kommt mir sehr unterschiedlich vor",
     ["entry", "experienced"]),
    ("omm: entgeltatlas median gegen die 96k aus dem ratgeber, was stimmt denn jetzt", ["experienced"])])
def test_the_guide_set_against_the_statistics_gets_both(dialogue: Dialogue, kb: KnowledgeBase, text: str,
                                                        stages: list[str]) -> None:
    reply = answer(say(dialogue, "ask_salary", text, [{"entity": "occupation", "value": "omm"}, stage("median")]))
    assert all(fmt.number(f.amount_max or f.amount_min) in reply for f in kb.salary_figures("omm", stages))
    (statistics,) = kb.salary_figures("omm", ["median"])
    assert fmt.number(statistics.amount_min) in reply


def test_years_of_experience_set_against_a_quartile_get_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_salary", "Nach zehn Jahren bis zu 96k laut Ratgeber – und was sagt das obere "
                       "Quartil der Bundesagentur für die Marketing-Spezialisten?",
                       [{"entity": "years_experience", "value": "10"}, stage("median"), OMM]))
    (after_ten,) = [f for f in kb.salary_figures("omm", ["experienced"]) if f.years_experience == 10]
    (q75,) = kb.salary_figures("omm", ["quartile_75"])
    assert fmt.figure(after_ten) in reply and fmt.euro(q75.amount_min) in reply
    (other,) = kb.salary_figures("betriebswirt_ccm", ["quartile_75"])
    assert fmt.euro(other.amount_min) not in reply


@pytest.mark.parametrize("text", ["azubi kfd 1. jahr?", "Azubi Dialogmarketing 1. Jahr, was gibts da?"])
def test_an_azubis_training_year_asks_for_its_pay(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    reply = answer(say(dialogue, "ask_training_pay", text, [stage("apprenticeship"),
                                                            {"entity": "training_year", "value": "1"}]))
    (first,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    (third,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    assert fmt.figure(first) in reply and fmt.figure(third) not in reply


def test_where_an_azubi_spends_a_training_year_is_no_pay(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_training_pay", "Wo ist man als Azubi im Dialogmarketing im ersten Jahr?",
                       [stage("apprenticeship"), {"entity": "training_year", "value": "1"}]))
    (first,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    place = next(e.places for e in kb.training("kfd").schedule if e.year_from <= 1 <= e.year_to)
    assert place in reply and fmt.figure(first) not in reply


def test_the_pay_asked_again_after_a_training_years_pay_keeps_the_year(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = dialogue.respond("action_answer", Turn(
        "ask_training_pay", "Was kriegt ein Azubi im Dialogmarketing im 2. Lehrjahr?",
        [stage("apprenticeship"), {"entity": "training_year", "value": "2"}], {}, confidence=0.9))
    reply = answer(dialogue.respond("action_answer", Turn("ask_salary", "was verdient man da?", [], dict(first.slots),
                                                          confidence=0.9)))
    (second,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=2)
    assert fmt.figure(second) in reply
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures("kfd", ["entry"]))


@pytest.mark.parametrize("text", ['/ask_salary{"occupation":"kfd"}', "und das Gehalt?"])
def test_the_salary_asked_by_its_title_after_a_training_years_pay_is_the_salary(dialogue: Dialogue, kb: KnowledgeBase,
                                                                               text: str) -> None:
    # the quick reply 'Gehalt' under the answer, or the salary named by its title
    first = dialogue.respond("action_answer", Turn(
        "ask_training_pay", "Was verdient man im dritten Lehrjahr als Kauffrau für Dialogmarketing?",
        [{"entity": "training_year", "value": "3"}, {"entity": "occupation", "value": "kfd"}], {}, confidence=0.99))
    reply = answer(dialogue.respond("action_answer", Turn("ask_salary", text, [], dict(first.slots), confidence=1.0)))
    assert all(fmt.figure(f) in reply for f in kb.salary_figures("kfd", ["entry"]))
    (third,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    assert fmt.figure(third) not in reply


def test_the_pay_after_a_training_named_before_is_the_entry(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue.respond("action_answer", Turn(
        "ask_training_pay", "war 3 jahre verkäufer im elektromarkt, jetzt überleg ich die ausbildung kfd. was verdien ich "
                            "dann danach", [{"entity": "occupation", "value": "kfd"}], {}, confidence=0.53)))
    entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    (first,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    assert fmt.figure(entry) in reply and fmt.figure(first) not in reply


def test_a_training_years_pay_without_a_role_is_the_trained_roles(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (trained,) = [o for o in kb.occupations(in_scope=True) if kb.salary_figures(o.id, ["apprenticeship"])]
    year1 = kb.salary_figures(trained.id, ["apprenticeship"], training_year=1)[0]
    reply = answer(say(dialogue, "ask_training_pay", "Scheiß Ausbildung ehrlich. Was kriegt man da überhaupt im "
                       "ersten Jahr?", [{"entity": "training_year", "value": "1"}]))
    assert fmt.figure(year1) in reply
    # another trade's training is no training of the roles
    for text in ("koch ausbildung wieviel kohle im 1. lehrjahr",
                 "Wieviel Lehrgeld bekommt heutzutage ein Friseurlehrling im ersten Jahr?"):
        reply = answer(say(dialogue, "ask_training_pay", text, [{"entity": "training_year", "value": "1"}]))
        assert fmt.figure(year1) not in reply


def test_a_misspelt_money_word_asks_for_the_pay(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    year1 = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)[0]
    reply = answer(say(dialogue, "ask_training_pay", "Ausbildungsvergüting kfd erstes jahr?",
                       [{"entity": "occupation", "value": "kfd"}, {"entity": "training_year", "value": "1"}]))
    assert fmt.figure(year1) in reply


def test_one_roles_stage_per_period_taken_for_a_comparison_is_that_figure(dialogue: Dialogue,
                                                                           kb: KnowledgeBase) -> None:
    reply = answer(dialogue.respond("action_answer", Turn(
        "compare_occupations", "OMM Einstieg pro Jahr?", [OMM, stage("entry"), {"entity": "period", "value": "year"}],
        {}, confidence=0.30)))
    assert fmt.figure(kb.salary_figures("omm", ["entry"])[0]) in reply
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures("kfd"))


def test_the_long_run_of_a_money_comparison_is_the_top_of_the_careers(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue.respond("action_answer", Turn(
        "compare_occupations", "Langfristig gedacht: Wo verdient man mehr, im Dialogmarketing oder im Online Marketing?",
        [], {}, confidence=0.9)))
    assert all(fmt.figure(f) in reply for f in kb.salary_figures("omm", ["top_earners"]))
    # without money the long run asks no figure
    reply = answer(say(dialogue, "ask_career", "Ist Online Marketing Manager langfristig ein sicherer Job?", [OMM]))
    assert not any(fmt.figure(f) in reply for f in kb.salary_figures("omm", ["top_earners"]))


def test_the_entry_set_against_people_like_the_asker_gets_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(dialogue.respond("action_answer", Turn(
        "compare_occupations", "Macht es beim Einstieg als Online Marketing Manager einen Unterschied, ob ich vorher "
        "Content Manager war?", [stage("entry"), OMM], {}, confidence=0.94)))
    for figure_stage in ("entry", "entry_experienced"):
        assert fmt.figure(kb.salary_figures("omm", [figure_stage])[0]) in reply


def test_two_training_years_set_side_by_side_ask_their_pay(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    years = [{"entity": "training_year", "value": "1"}, {"entity": "training_year", "value": "3"}]
    out = answer(say(dialogue, "ask_training_pay",
                     "Azubi im Dialogmarketing: 1. Lehrjahr vs. 3. Lehrjahr – wie groß ist der Unterschied?",
                     [stage("apprenticeship"), {"entity": "glossary_topic", "value": "dialogmarketing"}, *years]))
    for year in (1, 3):
        (figure,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=year)
        assert fmt.figure(figure) in out


def test_two_training_years_compared_by_where_one_learns_get_the_places(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = answer(say(dialogue, "ask_training_pay",
                     "1. und 2. Lehrjahr vs. 3. Lehrjahr im Dialogmarketing – wo lernt man jeweils?",
                     [{"entity": "training_year", "value": "2"}, {"entity": "training_year", "value": "3"},
                      {"entity": "glossary_topic", "value": "dialogmarketing"}]))
    for place in kb.training("kfd").schedule:
        assert place.places in out
    assert all(fmt.figure(f) not in out for f in kb.salary_figures("kfd", ["apprenticeship"]))


def test_ten_years_set_against_the_entry_keep_both_stages(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_salary", "OMM nach 10 Jahren vs. Berufseinstieg – wie weit liegen die auseinander?",
                [{"entity": "occupation", "value": "omm"}, {"entity": "years_experience", "value": "10"},
                 stage("entry")], confidence=0.55)
    out = answer(dialogue.respond("action_answer", turn))
    for figure in kb.salary_figures("omm", ["entry", "experienced"]):  # the entry and the 10 years
        assert fmt.figure(figure) in out


def test_the_guides_range_against_the_legal_minimum_is_the_trained_roles(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = answer(say(dialogue, "ask_training_pay", "3. Lehrjahr: Ratgeber-Spanne vs. Mindestvergütung bei Ausbildungsstart 2026?",
                     [{"entity": "training_year", "value": "3"}, stage("minimum_training_pay"),
                      {"entity": "start_year", "value": "2026"}]))
    (guide,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=3, cohort_start_year=2026)
    assert fmt.figure(guide) in out and fmt.euro(floor.amount_min) in out


def test_training_and_pay_as_keywords_get_every_years_training_pay(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'… Ausbildung Gehalt alle Jahre' – the training's pay in each year, not the training's length ('Jahre')."""
    turn = Turn("ask_training", "Kauffrau für Dialogmarketing Ausbildung Gehalt alle Jahre",
                [{"entity": "occupation", "value": "kfd"}], {}, confidence=0.87)
    text = answer(dialogue.respond("action_answer", turn))
    figures = kb.salary_figures("kfd", ["apprenticeship"])
    assert len(figures) == kb.training("kfd").regulation.duration_years
    assert all(fmt.figure(figure) in text for figure in figures)


def test_everything_about_pay_classified_as_tasks_gets_the_pay(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_tasks", "Alles, was man zum Gehalt als Online Marketing Manager wissen muss, bitte",
                [{"entity": "occupation", "value": "omm"}], {}, confidence=0.82)
    text = answer(dialogue.respond("action_answer", turn))
    assert all(fmt.figure(figure) in text for figure in kb.salary_figures("omm", ["entry"]))


def test_the_median_named_inside_a_compound_gets_the_statistics(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Medianentgelt' names the statistics as 'Median' does – not the field's glossary entry."""
    turn = Turn("ask_glossary", "Medianentgelt Dialogmarketing Fachkraft", [{"entity": "occupation", "value": "kfd"}],
                {}, confidence=0.41)
    text = answer(dialogue.respond("action_answer", turn))
    (median,) = kb.salary_figures("kfd", ["median"], preferred_only=True)[:1]
    assert fmt.euro(median.amount_min) in text


def test_entry_with_and_without_experience_gets_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'mit vs. ohne Berufserfahrung': the rules see no stage in 'mit' alone – both entries are asked."""
    text = "OMM Einstieg mit vs. ohne Berufserfahrung – was ist der Unterschied beim Gehalt?"
    turn = Turn("ask_salary", text, [{"entity": "occupation", "value": "omm"}, stage("entry")], {}, confidence=0.55)
    reply = answer(dialogue.respond("action_answer", turn))
    for figure in (*kb.salary_figures("omm", ["entry"]), *kb.salary_figures("omm", ["entry_experienced"])):
        assert fmt.figure(figure) in reply


def test_the_legal_floor_of_a_year_the_training_lacks_is_given_beside_its_length(dialogue: Dialogue,
                                                                                 kb: KnowledgeBase) -> None:
    """'kfd dauert doch nur 3 jahre oder? trotzdem: was wäre die mindestvergütung im 4. jahr bei start 2025': the
    training's length, then the legal floor of the 4th year, which longer trainings have."""
    text = "kfd dauert doch nur 3 jahre oder? trotzdem: was wäre die mindestvergütung im 4. jahr bei start 2025"
    turn = Turn("ask_training_pay", text, [{"entity": "occupation", "value": "kfd"}, stage("minimum_training_pay"),
                                           {"entity": "training_year", "value": "4"},
                                           {"entity": "start_year", "value": "2025"}], {}, confidence=0.99)
    reply = answer(dialogue.respond("action_answer", turn))
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=4, cohort_start_year=2025)
    assert fmt.number(floor.amount_min) in reply
    assert str(kb.training("kfd").regulation.duration_years) in reply


def test_a_year_without_its_noun_after_the_legal_floor_is_that_year(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'gibt's auch ein viertes? was wäre da das minimum?' after the floor of the 1st year: the 4th year's floor – not
    the minimum school certificate."""
    first = say(dialogue, "ask_training_pay", "Mindestvergütung erstes Jahr bei Start 2025?",
                [stage("minimum_training_pay"), {"entity": "training_year", "value": "1"},
                 {"entity": "start_year", "value": "2025"}])
    turn = Turn("ask_tasks", "gibt's auch ein viertes? was wäre da das minimum?",
                [{"entity": "training_year", "value": "4"}], first.slots, confidence=0.66)
    reply = answer(dialogue.respond("action_answer", turn))
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=4, cohort_start_year=2025)
    assert fmt.number(floor.amount_min) in reply
    assert not any(s.certificate in reply for s in kb.training("kfd").school_requirements)
