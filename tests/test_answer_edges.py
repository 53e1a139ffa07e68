"""Corrections by a bare ordinal, insults, who pays for a course, curated gaps beside a fact and other
subjects that share a word with a gap – on the answer path without Rasa. Expected values come from the
knowledge base."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answers import format as fmt
from bot.answers import profile
from bot.answers.search import FactSearch
from bot.dialogue import Dialogue, Turn
from bot.kb.queries import KnowledgeBase
from tests.test_answer_path import answer, say, stage

OMM = {"entity": "occupation", "value": "omm"}
KFD = {"entity": "occupation", "value": "kfd"}


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


@pytest.mark.parametrize("text, entities", [
    ("Wer bezahlt die Umschulung zum Online Marketing Manager, wenn man gerade keinen Job hat?", [OMM]),
    # one question, not a course and a pay question
    ("Ich bin Erzieherin, gerade in Elternzeit. Welche Weiterbildung brauch ich für OMM und wer zahlt die?", [OMM]),
    # a way in through the agency, not its statistics
    ("bin seit 8 monaten arbeitslos, frueher aussendienst vertrieb. kann ich ueber die arbeitsagentur online marketing "
     "manager werden", [OMM, {"entity": "career_stage", "value": "median"}])])
def test_who_pays_for_a_course_is_no_pay_question(dialogue: Dialogue, kb: KnowledgeBase, text: str,
                                                  entities: list) -> None:
    text = answer(say(dialogue, "ask_lateral_entry", text, entities))
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


def test_the_number_of_apprentices_is_a_gap(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = say(dialogue, "ask_training", "Wie viele Azubis fangen jedes Jahr eine Ausbildung als Kaufmann für "
              "Dialogmarketing an?", [KFD, {"entity": "career_stage", "value": "apprenticeship"}])
    assert "keine geprüfte Angabe" in answer(out) and out.reason.endswith("azubizahlen")
    # the pass rate is no such question
    rate = say(dialogue, "ask_exam", "Wie viele Azubis bestehen die Abschlussprüfung als Kaufmann für Dialogmarketing?", [KFD])
    assert not rate.unanswered


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


def test_und_im_letzten_after_a_training_year_is_the_last_one(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_training_pay", "Azubigehalt Dialogmarketing 2. Jahr?",
                [{"entity": "career_stage", "value": "apprenticeship"}, {"entity": "training_year", "value": "2"}])
    text = answer(say(dialogue, "nlu_fallback", "und im letzten?", slots=first.slots, action="action_fallback"))
    years = kb.salary_figures("kfd", ["apprenticeship"])
    last = max(years, key=lambda f: f.training_year or 0)
    assert fmt.figure(last) in text
    assert all(fmt.figure(f) not in text for f in years if f is not last)


def test_so_viel_after_a_salary_keeps_its_stage(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_salary", "Was verdient ein Online Marketing Manager nach 10 Jahren?",
                [OMM, {"entity": "years_experience", "value": "10"}])
    text = answer(say(dialogue, "ask_working_hours", "wo muss man arbeiten, um so viel zu bekommen?", slots=first.slots))
    (ten,) = kb.salary_figures("omm", ["experienced"])
    assert ten.note in text
    assert "Stunden pro Woche" not in text


def test_an_unsure_money_guess_without_money_words_takes_the_next_guess(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_salary", "Was ist das Besondere an der Rolle Online Marketing Manager im Unternehmen?", [OMM],
                confidence=0.47, ranking=(("ask_salary", 0.47), ("ask_tasks", 0.18), ("ask_glossary", 0.11)))
    text = answer(dialogue.respond("action_answer", turn))
    summary = kb.facts("omm", ["summary"])[0]
    assert summary.text in text
    assert "€" not in text


def test_both_roles_explained_on_a_request_for_help(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_help", "Erklär mir bitte beide Berufe ganz kurz, die du kennst.", confidence=0.56,
                ranking=(("ask_help", 0.56), ("ask_overview", 0.35)))
    text = answer(dialogue.respond("action_help", turn))
    for role in ("kfd", "omm"):
        assert kb.facts(role, ["summary"])[0].text in text


@pytest.mark.parametrize("text", ["was meinst du mit owned traffic?", "Was ist owned Traffic, du Knalltüte?"])
def test_a_fact_asked_in_words_of_help_is_answered(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    """'Was meinst du mit …' sounds like a question about the bot; it asks a term of the OMM's promotion task."""
    promotion = next(f for f in kb.facts("omm", ["task"]) if "Owned Traffic" in f.text)
    turn = Turn("ask_help", text, confidence=0.6, ranking=(("ask_help", 0.6), ("ask_glossary", 0.2)))
    assert promotion.text in answer(dialogue.respond("action_help", turn))
    help_text = answer(dialogue.respond("action_help", Turn("ask_help", "Was kannst du?", confidence=0.99)))
    assert promotion.text not in help_text


def test_extras_after_a_salary_find_the_note_by_its_keywords(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    noted = next(f for f in kb.salary_figures("kfd") if f.keywords and "Extras" in f.keywords)
    first = say(dialogue, "ask_salary", "Was verdient ein Kaufmann für Dialogmarketing nach der Ausbildung?",
                [KFD, {"entity": "career_stage", "value": "entry"}])
    text = answer(say(dialogue, "ask_salary", "gibts da noch extras oben drauf?", slots=first.slots))
    assert noted.note in text


def test_what_a_term_means_is_no_correction_to_a_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first_p = kb.glossary_topic("acht_ps").points[0]
    text = answer(say(dialogue, "ask_glossary", "Public Values – was ist damit beim Marketing gemeint?"))
    assert first_p.text in text


def test_wer_so_was_tut_ist_no_question(dialogue: Dialogue) -> None:
    out = say(dialogue, "ask_training", "Wer so nen Callcenter-Beruf lernt, ist doch behindert")
    assert "freundlich" in answer(out)


@pytest.mark.parametrize("text", ["Callcenter-Leute sind doch alle Loser, die nix anderes gefunden haben",
                                  "Dialogmarketing ist doch ein Idiotenberuf für Leute ohne Abschluss, oder?",
                                  "Ihr Telefonterroristen ruft mich jeden Tag an, das nervt so!!",
                                  "Du bist ja noch dümmer als Siri"])
def test_insults_and_tag_questions_get_the_calm_reply(dialogue: Dialogue, text: str) -> None:
    out = say(dialogue, "ask_tasks", text)
    assert "freundlich" in answer(out)


def test_a_gap_asked_of_no_role_names_the_roles_the_bot_knows(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_career", "Wie schwer ist der Einstellungstest bei der Polizei?"))
    assert "keine geprüfte Angabe" in text
    for role in kb.occupations(in_scope=True):
        assert role.name_neutral in text
    asked_of_one = answer(say(dialogue, "ask_working_hours", "Wie lange ist die Probezeit als OMM?", [OMM]))
    assert "keine geprüfte Angabe" in asked_of_one and "Ich kenne mich mit" not in asked_of_one


@pytest.mark.parametrize("text", ["lol 'Kaufmann für Dialogmarketing' klingt wie Telefonsklave mit Titel",
                                  "Wow, mega hilfreich, genau wie mein Ex 🙄"])
def test_a_comparison_or_an_eye_roll_is_no_question(dialogue: Dialogue, text: str) -> None:
    assert "freundlich" in answer(say(dialogue, "inform_occupation", text, [KFD]))


def test_a_named_employer_is_a_curated_gap_beside_the_figures(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (gap,) = [g for g in kb.not_covered() if "Zalando" in g.keywords]
    text = answer(say(dialogue, "ask_salary", "Wie viel zahlt Zalando einem Online Marketing Manager?",
                      [{"entity": "occupation", "value": "omm"}]))
    assert gap.label in text and "keine geprüfte Angabe" in text
    assert all(fmt.figure(f) in text for f in kb.salary_figures("omm", ["entry"])[:1])


def test_what_makes_a_good_one_asks_for_the_skills(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    zielgruppe = next(f for f in kb.facts("omm", ["skill"]) if "Zielgruppen" in f.text)
    text = answer(say(dialogue, "ask_overview", "Was zeichnet einen richtig guten Online Marketing Manager aus?", [OMM]))
    assert zielgruppe.text in text


@pytest.mark.parametrize("intent, text, entities", [
    ("compare_occupations", "Was ist der Unterschied zwischen Zwischen- und Abschlussprüfung bei Kaufleuten für "
     "Dialogmarketing?", [KFD]),
    # 'Azubis' alone meets the school certificates better than the final exam: the two exams all the same
    ("ask_exam", "Was ist der Unterschied zwischen Zwischen- und Abschlussprüfung bei Dialogmarketing-Azubis?", [])])
def test_a_truncated_compound_compares_both_exams(dialogue: Dialogue, kb: KnowledgeBase, intent: str, text: str,
                                                  entities: list) -> None:
    interim, final = kb.exams("kfd")
    text = answer(say(dialogue, intent, text, entities))
    assert f"{interim.duration_minutes} Minuten" in text
    assert f"{final.parts_count} Teile" in text


@pytest.mark.parametrize("action, intent, text, job", [
    ("action_answer", "ask_requirements", "meine schwester will tierpflegerin im zoo werden, welchen abschluss braucht sie?",
     "Tierpflegerin"),
    ("action_answer", "ask_exam", "Wie viele Prüfungsteile hat die Abschlussprüfung zur Steuerfachangestellten?",
     "Steuerfachangestellten"),
    ("action_fallback", "nlu_fallback", "Wie sind die Arbeitszeiten als Koch in der Ausbildung? Mein Sohn kocht so gerne.",
     "Koch"),
    ("action_answer", "ask_requirements", "was braucht man um immobilienmakler zu werden", "Immobilienmakler"),
])
def test_another_job_is_named_as_not_covered(dialogue: Dialogue, kb: KnowledgeBase, action: str, intent: str,
                                             text: str, job: str) -> None:
    reply = answer(say(dialogue, intent, text, action=action))
    assert f"„{job}“" in reply
    assert not any(f"{hours.hours_min}–{hours.hours_max}" in reply for o in kb.occupations(in_scope=True)
                   if (hours := kb.working_hours(o.id)))


def test_quartiles_asked_after_a_career_steps_median_are_that_steps(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    median = {"entity": "career_stage", "value": "median"}
    first = say(dialogue, "ask_salary", "Was verdient ein Betriebswirt für Callcentermanagement laut Arbeitsagentur?",
                [median])
    # the classifier took it for a role named alone, with no role in it
    text = answer(say(dialogue, "inform_occupation", "und die quartile?", [{**median, "start": 8, "end": 16}],
                      slots=first.slots))
    for figure in kb.salary_figures("betriebswirt_ccm"):
        assert fmt.euro(figure.amount_min) in text
    assert not any(fmt.euro(f.amount_min) in text for f in kb.salary_figures("kfd", ["median"]))


def test_a_career_steps_role_pointed_back_to_by_its_name_is_that_role(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_career", "Wie kann ich nach der KfD-Ausbildung aufsteigen?", [KFD])
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_career", "und welche kldb nummer hat dieser betriebswirt?", [], dict(first.slots), confidence=0.54)))
    assert kb.occupation("betriebswirt_ccm").kldb2010 in text
    assert kb.occupation("kfd").kldb2010 not in text


def test_thanks_and_goodbye_are_said(dialogue: Dialogue) -> None:
    assert "Gern geschehen" in answer(say(dialogue, "thank", "danke dir", action="action_thank"))
    assert "Tschüss" in answer(say(dialogue, "goodbye", "tschüss", action="action_goodbye"))


def test_a_question_taken_for_thanks_is_answered(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_glossary", "Was bringt Beziehungsmarketing?",
                [{"entity": "glossary_topic", "value": "beziehungsmarketing"}])
    text = answer(say(dialogue, "thank", "welche instrumente helfen dabei", slots=first.slots, action="action_thank"))
    (instruments,) = [p for p in kb.glossary_topic("beziehungsmarketing").points if p.label == "Gute Instrumente"]
    assert instruments.text in text
    assert "Gern geschehen" not in text


def test_an_unsure_money_guess_without_money_words_follows_up_the_topic_before(dialogue: Dialogue,
                                                                                kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_career", "wie lange dauert der fachwirt online marketing")
    turn = Turn("ask_salary", "für wen lohnt sich das", [], first.slots, confidence=0.09,
                ranking=(("insult", 0.69), ("ask_salary", 0.09), ("thank", 0.05)))
    text = answer(dialogue.respond("action_answer", turn))
    (fachwirt,) = [s for s in kb.career_steps("omm") if "Fachwirt" in s.target]
    assert fachwirt.audience in text
    assert not any(fmt.figure(f) in text for f in kb.salary_figures("omm"))


def test_a_stage_with_a_period_asks_for_money(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_overview", "Was kommt bei einem Trainee im Online Marketing aufs Jahr gerechnet "
                      "zusammen?", [{"entity": "career_stage", "value": "trainee"}, {"entity": "period", "value": "year"}]))
    monthly = next(f for f in kb.salary_figures("omm", ["trainee"]) if f.period == "month")
    assert fmt.euro(monthly.amount_min * 12) in text  # the year the question asks for


def test_the_areas_of_the_work_are_the_tasks(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_career", "In welche Bereiche gliedert sich die Arbeit eines OMM?",
                      [{"entity": "occupation", "value": "omm"}]))
    assert all(task.text in text for task in kb.facts("omm", ["task"]))


def test_a_follow_up_the_classifier_took_for_an_insult_is_answered(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_training", "seit wann gibt es die ausbildung kaufmann für dialogmarketing", [KFD])
    text = answer(dialogue.respond("action_calm", Turn("insult", "und wer hat die eingeführt", slots=first.slots,
                                                       confidence=0.82)))
    assert kb.training("kfd").training.introduced_by in text  # no insult word: a question about the answer before


def test_a_doubt_about_the_answer_before_is_no_question_about_the_bot(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_exam", "Aus wie vielen Teilen besteht die Abschlussprüfung beim KfD?", [KFD])
    text = answer(dialogue.respond("action_bot_challenge", Turn(
        "bot_challenge", "bist du sicher? meine cousine hat gesagt es sind nur drei teile", slots=first.slots, confidence=0.6)))
    _, final = kb.exams("kfd")
    assert "Chatbot" not in text and f"{final.parts_count} Teile" in text


def test_a_pronoun_question_follows_up_the_answer_before(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (fachwirt,) = [s for s in kb.career_steps("omm") if s.cost]
    first = say(dialogue, "ask_career", "fachwirt online marketing wie lange")
    reply = answer(dialogue.respond("action_fallback", Turn("nlu_fallback", "kostet das was oder ist das umsonst",
                                                            slots=first.slots, confidence=0.3)))
    assert fachwirt.cost in reply
    (entry,) = [f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month"]
    first = say(dialogue, "ask_salary", "Gehalt nach der Ausbildung als Kauffrau für Dialogmarketing?", [KFD, stage("entry")])
    reply = answer(dialogue.respond("action_fallback", Turn("nlu_fallback", "gibts da noch was extra oben drauf",
                                                            slots=first.slots, confidence=0.3)))
    assert entry.note in reply  # the extras beside the entry salary, not 'keine geprüften Informationen'


def test_an_ordinal_after_one_numbered_point_asks_for_the_next(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_glossary", "erstes P im beziehungsmarketing = ?",
                [{"entity": "glossary_topic", "value": "beziehungsmarketing"}])
    text = answer(dialogue.respond("action_answer", Turn("inform_occupation", "und das zweite", slots=first.slots,
                                                         confidence=0.79)))
    second_p = kb.glossary_topic("acht_ps").points[1].text
    assert second_p in text  # the 2nd P, not the 2nd point about Beziehungsmarketing


def test_then_and_an_ordinal_after_a_training_year_is_the_next_year(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_training_pay", "Was verdient man im ersten Lehrjahr im Dialogmarketing?",
                [KFD, {"entity": "training_year", "value": "1"}])
    text = answer(dialogue.respond("action_answer", Turn("inform_occupation", "und danach im zweiten",
                                                         slots=first.slots, confidence=0.41)))
    (year2,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=2)
    assert fmt.figure(year2) in text


@pytest.mark.parametrize("text", ["Woher stammen die Zahlen?", "Woher weißt du das alles?"])
def test_a_question_about_the_sources_gets_the_sources(dialogue: Dialogue, kb: KnowledgeBase, text: str) -> None:
    reply = answer(say(dialogue, "ask_sources", text))
    assert all(source.label in reply for source in kb.sources())
    (background,) = [f for f in kb.facts("omm", ["background"]) if "Quereinsteiger" in f.text]
    assert background.text not in reply  # not the fact that only shares 'woher' with it


def test_a_sure_question_about_the_bot_is_no_gap(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = dialogue.respond("action_bot_challenge", Turn("bot_challenge", "Bist du eine KI oder ein echter Mensch?"))
    assert "Chatbot" in answer(out)
    ki = next(g for g in kb.not_covered() if g.id == "ki")
    assert ki.label not in answer(out)


@pytest.mark.parametrize("action, intent, text", [
    ("action_bot_challenge", "bot_challenge", "Wer ist gerade Präsident der USA?"),
    ("action_goodbye", "goodbye", "Übersetz mal 'Ich liebe dich' ins Japanische"),
])
def test_an_unsure_guess_at_another_subject_in_foreign_words_is_out_of_scope(dialogue: Dialogue, action: str,
                                                                             intent: str, text: str) -> None:
    out = dialogue.respond(action, Turn(intent, text, confidence=0.78))
    assert "keine geprüften Informationen" in answer(out)
    assert "Chatbot" not in answer(out) and "Tschüss" not in answer(out)


def test_a_gap_word_in_a_remark_that_asks_nothing_is_no_gap(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = dialogue.respond("action_help", Turn("ask_help", "Du kannst nix, ich frag lieber ChatGPT", confidence=0.72))
    ki = next(g for g in kb.not_covered() if g.id == "ki")
    assert ki.label not in answer(out) and "Frag mich" in answer(out)


def test_a_period_alone_after_a_salary_asks_for_it_per_year(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_salary", "gehalt dialogmarketing nach ausbildung pro monat?",
                [{"entity": "glossary_topic", "value": "dialogmarketing"}, {"entity": "period", "value": "month"}])
    text = answer(dialogue.respond("action_answer", Turn("ask_skills", "Moment, ich brauch es jährlich für den Antrag",
                                                         [{"entity": "period", "value": "year"}], first.slots,
                                                         confidence=0.58)))
    (entry,) = [f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month"]
    assert fmt.number(entry.amount_min * 12) in text


def test_a_school_follow_up_after_the_requirements_names_the_certificates(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_requirements", "Was muss man für KfD mitbringen?", [KFD])
    out = dialogue.respond("action_goodbye", Turn("goodbye", "und schulisch?", slots=first.slots, confidence=0.36))
    assert all(r.certificate in answer(out) for r in kb.training("kfd").school_requirements)


@pytest.mark.parametrize("text", ["dialogmarketing klingt wie telefonspam für arme leute",
                                  "Deine Antworten sind so nützlich wie ein Kropf.", "omm = overpaid marketing monkey haha"])
def test_scorn_without_a_question_gets_the_calm_reply(dialogue: Dialogue, text: str) -> None:
    out = dialogue.respond("action_answer", Turn("ask_glossary", text, confidence=0.6))
    assert "freundlich" in answer(out)


def test_a_request_to_write_something_is_declined_whatever_the_classifier_guessed(dialogue: Dialogue,
                                                                                    kb: KnowledgeBase) -> None:
    out = dialogue.respond("action_answer", Turn("ask_training", "Schreib mir bitte eine Bewerbung für eine Ausbildung "
                                                 "als Kauffrau für Dialogmarketing.", [{"entity": "occupation",
                                                                                        "value": "kfd"}], {}))
    text = "\n".join(r.text for r in out.replies)
    assert "kann ich so etwas leider nicht" in text
    assert all(o.name_neutral in text for o in kb.occupations(in_scope=True))  # what it answers instead
    assert not any(gap.label in text for gap in kb.not_covered())  # no "keine Angabe" about applications


@pytest.mark.parametrize("intent, text", [
    ("ask_skills", "Kannst du mein Anschreiben für eine OMM-Stelle umformulieren?"),
    ("ask_tasks", "kannst du meine mathe hausaufgaben machen, aufgabe 3b: löse 2x + 5 = 17"),
    ("insult", "Erstell mir einen kompletten Marketingplan für meinen Onlineshop mit Budget."),
    ("bot_challenge", "Kannst du mir eine Rede für die Hochzeit meiner Schwester schreiben?")])
def test_a_request_to_make_something_is_declined(dialogue: Dialogue, intent: str, text: str) -> None:
    out = dialogue.respond("action_answer", Turn(intent, text, [], {}, confidence=0.33))
    assert "kann ich so etwas leider nicht" in "\n".join(r.text for r in out.replies)


def test_a_question_whether_the_job_writes_texts_is_no_request(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    out = dialogue.respond("action_answer", Turn("ask_tasks", "Erstellt ein OMM Werbetexte?",
                                                 [{"entity": "occupation", "value": "omm"}], {}))
    assert "kann ich so etwas leider nicht" not in "\n".join(r.text for r in out.replies)


def test_two_other_jobs_compared_are_out_of_scope(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """Not the table of the bot's two roles."""
    out = dialogue.respond("action_answer", Turn("compare_occupations", "Was ist besser bezahlt, Erzieher oder "
                                                 "Sozialarbeiter?", [], {}, confidence=0.71))
    text = answer(out)
    assert "Sozialarbeiter" in text
    assert not any(fmt.number(f.amount_min) in text for o in ("kfd", "omm") for f in kb.salary_figures(o, ["entry"]))


def test_the_price_of_a_course_is_a_gap_and_another_price_is_out_of_scope(dialogue: Dialogue,
                                                                          kb: KnowledgeBase) -> None:
    prices = next(g for g in kb.not_covered() if g.id == "kosten")
    out = say(dialogue, "ask_career", "Wie viel kostet die Weiterbildung zum Fachwirt Online Marketing?")
    assert prices.label in answer(out) and out.unanswered and out.reason.endswith("kosten")
    text = answer(say(dialogue, "out_of_scope", "Was kostet gerade ein neues iPhone?", action="action_out_of_scope"))
    assert prices.label not in text
    assert all(o.name_neutral in text for o in kb.occupations(in_scope=True))


def test_distance_study_is_a_gap(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    study = next(g for g in kb.not_covered() if g.id == "studienform")
    for text in ("Gibt es ein Fernstudium zum Online Marketing Manager?",
                 "Wie viele Semester dauert ein Studium, das zum Online Marketing Manager führt?"):
        out = say(dialogue, "ask_study", text, [OMM])
        assert study.label in answer(out) and out.unanswered
    # a semester the asker is in asks no duration
    out = say(dialogue, "ask_study", "Ich studiere Publizistik im 4. Semester. Ist das eine gute Basis für Online "
              "Marketing?", [OMM])
    assert study.label not in answer(out)


def test_an_overview_asked_after_a_dash_is_one_of_what_comes_before(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (market,) = [line for line in FactSearch(kb).lines("omm") if line.kind == "labour_market"]
    text = answer(say(dialogue, "ask_career", "Arbeitsmarkt für Online Marketing Manager – kurzer Überblick?", [OMM]))
    assert market.text in text
    # an overview of the role itself stays the profile
    text = answer(say(dialogue, "ask_overview", "Können Sie mir einen Überblick über den Ausbildungsberuf Kaufmann/"
                      "Kauffrau für Dialogmarketing geben?", [KFD]))
    assert all(line.text in text for line in FactSearch(kb).lines("kfd") if line.kind == "summary")


def test_the_statistics_group_named_is_no_list_of_questions(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (median,) = kb.salary_figures("omm", ["median"])
    text = answer(say(dialogue, "ask_salary", "Quartile im Entgeltatlas für Werbung und Marketing, Spezialist – also "
                      "die Gruppe, zu der OMMs gehören?", [OMM, {"entity": "career_stage", "value": "median"}]))
    assert fmt.euro(median.amount_min) in text


def test_each_thing_listed_meets_its_line(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """Beside the lines as strong as the lead, one more that meets a listed word none of them meets (Mathe)."""
    lines = FactSearch(kb).lines("omm")
    text = answer(say(dialogue, "ask_skills", "Was muss ich als OMM an Englisch, Mathe und PC-Kenntnissen mitbringen?",
                      [OMM]))
    for word in ("Englisch", "Mathematik", "PC-"):
        assert any(line.text in text for line in lines if word in line.text), word


def test_languages_compared_get_each_roles_languages(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "compare_occupations", "Sprachen im Vergleich: KfD vs. OMM?", [KFD, OMM]))
    german = next(f for f in kb.facts("kfd", ["skill"]) if "Deutsch" in f.text)
    assert german.text in text
    assert all(language.text in text for language in kb.facts("omm", ["language"]))


def test_lines_of_another_topic_outweigh_a_topic_without_any(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """Classified as tasks, where neither role has a line on maths: each role's line on maths, not its profile."""
    turn = Turn("ask_tasks", "Wo braucht man mehr Mathe – als KfD oder als OMM?", [KFD, OMM], {}, confidence=0.56)
    text = answer(dialogue.respond("action_answer", turn))
    for role, kind in (("kfd", "skill"), ("omm", "requirement")):
        assert next(f for f in kb.facts(role, [kind]) if "athemati" in f.text).text in text
    assert kb.facts("omm", ["summary"])[0].text not in text


def test_languages_named_before_a_colon_get_each_roles_languages(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_overview", "Sprachen: was braucht ein OMM, was ein KfD?", [OMM, KFD], {}, confidence=0.7)
    text = answer(dialogue.respond("action_answer", turn))
    assert next(f for f in kb.facts("kfd", ["skill"]) if "Deutsch" in f.text).text in text
    assert all(language.text in text for language in kb.facts("omm", ["language"]))


def test_the_whole_job_compared_is_no_line_that_shares_a_common_word(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "compare_occupations",
                      "Was unterscheidet die Arbeit vom Kaufmann für Dialogmarketing von der eines OMM?", [KFD, OMM]))
    for role in ("kfd", "omm"):  # each role's profile sentence, not a line that says 'Arbeit'
        assert kb.facts(role, ["summary"])[0].text in text


@pytest.mark.parametrize("text, topic_fact", [
    ("Fass bitte alles Wichtige zur Ausbildung Kaufmann für Dialogmarketing zusammen", "schedule"),
    ("Erzähl mal was über die Fähigkeiten, die man als KfD braucht", "skill"),
])
def test_a_summary_asked_in_other_words_is_the_whole_topic(dialogue: Dialogue, kb: KnowledgeBase, text: str,
                                                           topic_fact: str) -> None:
    out = answer(say(dialogue, "ask_tasks", text, [KFD]))
    expected = [s.places for s in kb.training("kfd").schedule] if topic_fact == "schedule" else \
        [f.text for f in kb.facts("kfd", ["skill", "trait"])]
    assert all(e in out for e in expected)


def test_an_overview_asked_after_the_question_is_no_line_that_says_overview(dialogue: Dialogue,
                                                                             kb: KnowledgeBase) -> None:
    # the working hours' note says 'laut Übersicht'; 'Gib mir ne Übersicht' asks for the skills as a whole
    out = answer(dialogue.respond("action_answer", Turn(
        "ask_skills", "Was muss man als OMM alles können? Gib mir ne Übersicht", [OMM], {}, confidence=0.57)))
    assert all(f.text in out for f in kb.facts("omm", ["skill"]))
    assert kb.working_hours("omm").note not in out


def test_the_first_two_of_something_are_not_both_roles(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_training_pay",
                      "Was ist im dritten Lehrjahr anders als in den ersten beiden, was die Lernorte angeht?",
                      [{"entity": "training_year", "value": "3"}]))
    assert all(s.places in text for s in kb.training("kfd").schedule)
    assert "Die beiden Berufe im Vergleich" not in text


def test_a_real_training_asked_of_the_role_without_one_says_there_is_none(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_study", "Gibt es eine richtige Ausbildung zum Online Marketing Manager oder muss man "
                      "studieren?", [OMM]))
    assert kb.occupation("omm").note in text


def test_the_most_important_points_of_a_marketing_term_are_the_whole_term(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_glossary", "Gib mir die wichtigsten Punkte zu Beziehungsmarketing.",
                      [{"entity": "glossary_topic", "value": "beziehungsmarketing"}]))
    topic = kb.glossary_topic("beziehungsmarketing")
    assert topic.summary in text and all(p.text in text for p in topic.points)


def test_both_roles_said_in_so_many_words_beside_one_named_are_both(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "compare_occupations",
                      "Ist das bei beiden Berufen eine richtige Ausbildung, oder nur beim Kaufmann für Dialogmarketing?",
                      [KFD]))
    assert kb.occupation("omm").note in text
    assert kb.training("kfd").training.kind in text


@pytest.mark.parametrize("text, intent", [("Kannst du auch auf Englisch antworten?", "out_of_scope"),
                                          ("Sprichst du Türkisch?", "bot_challenge")])
def test_asked_for_another_language_the_bot_says_it_answers_in_german(dialogue: Dialogue, kb: KnowledgeBase,
                                                                     text: str, intent: str) -> None:
    action = {"out_of_scope": "action_out_of_scope", "bot_challenge": "action_bot_challenge"}[intent]
    reply = answer(say(dialogue, intent, text, action=action))
    assert "Ich antworte auf Deutsch" in reply
    assert all(o.name_neutral in reply for o in kb.occupations(in_scope=True))  # what it can do
    assert not any(f.text in reply for f in kb.facts("omm", ["language", "requirement"]))  # not the job's English


def test_a_question_beside_the_language_request_is_answered(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    reply = answer(say(dialogue, "ask_salary", "Kannst du mir auf Englisch sagen, was ein OMM verdient?", [OMM]))
    (entry,) = kb.salary_figures("omm", ["entry"])
    assert "Ich antworte auf Deutsch" in reply and fmt.figure(entry) in reply
    reply = answer(say(dialogue, "ask_skills", "Muss ich als OMM auf Englisch schreiben können?", [OMM]))
    assert "Ich antworte auf Deutsch" not in reply


def test_every_item_asked_gets_every_line_of_its_kind(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_training", "KfD: Was lernt man in der Ausbildung? Alle Lernbereiche bitte", [KFD]))
    assert all(area.area in text for area in kb.training("kfd").content)
    text = answer(say(dialogue, "ask_career", "Welche Weiterbildungen gibt es für OMMs? Gib mir alle", [OMM]))
    assert all(step.target in text for step in kb.career_steps("omm", ["weiterbildung"]))


def test_a_comparison_that_names_a_topic_by_its_title_is_about_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Welche Prüfungen … und gibt es sowas beim OMM auch?', classified as tasks (0.64): the KfD's exams."""
    turn = Turn("ask_tasks", "Welche Prüfungen muss man beim KfD machen und gibt es sowas beim OMM auch?",
                [{"entity": "occupation", "value": "kfd"}, {"entity": "occupation", "value": "omm"}], confidence=0.64)
    text = answer(dialogue.respond("action_answer", turn))
    assert all(exam.name in text for exam in kb.exams("kfd"))
    assert not any(task.text in text for task in kb.facts("kfd", ["task"]))


def test_everything_about_a_kind_of_fact_is_every_line_of_that_kind(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_tasks", "Alles über Sprachen im Online Marketing – was wird erwartet?", confidence=0.56)))
    assert all(f.text in text for f in kb.facts("omm", ["language"]))
    assert not any(r.certificate in text for r in kb.training("omm").school_requirements)


def test_the_profile_names_the_working_hours(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    hours = kb.working_hours("omm")
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_working_hours", "Online Marketing Manager – was sind so die Basics? Gehalt, Arbeitszeit, Voraussetzungen",
        [{"entity": "occupation", "value": "omm"}], confidence=0.42)))
    assert f"{hours.hours_min}–{hours.hours_max} Stunden" in text
    assert fmt.figure(profile.entry_pay(kb, kb.occupation("omm"))) in text
    assert kb.occupation("omm").kldb2010 in text  # and its official code


def test_ja_oder_nein_is_no_correction(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'… geregelte Ausbildung ja oder nein, Hauptaufgabe?' asks each fragment, it corrects nothing."""
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_tasks", "Steckbrief OMM: Berufskennziffer, Ausbildung ja oder nein, Aufgaben?",
        [{"entity": "occupation", "value": "omm"}], confidence=0.47)))
    assert kb.occupation("omm").kldb2010 in text and all(f.text in text for f in kb.facts("omm", ["task"]))


def test_a_list_after_a_question_asks_each_item(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Was müssen wir … wissen? Dauer, Schule, Geld – unser Sohn fängt bald an.': the length and the training pay."""
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_training", "Was müssen wir als Eltern über die KfD-Ausbildung wissen? Dauer, Schule, Geld – unser Sohn "
                        "fängt bald an.", [{"entity": "occupation", "value": "kfd"}], confidence=0.85)))
    assert f"{kb.training('kfd').regulation.duration_years} Jahre" in text
    assert all(fmt.figure(f) in text for f in kb.salary_figures("kfd", ["apprenticeship"]))


def test_my_daughter_is_no_correction(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'meine Tochter' is no 'ich meine': the fragments after the request each ask – the length and the exams."""
    text = answer(dialogue.respond("action_answer", Turn(
        "ask_lateral_entry", "Guten Abend, meine Tochter (16) interessiert sich für Dialogmarketing. Können Sie mir "
                             "einen Überblick über die Ausbildung geben – Dauer, Schule, Prüfungen?", confidence=0.4)))
    assert f"{kb.training('kfd').regulation.duration_years} Jahre" in text
    assert all(exam.name in text for exam in kb.exams("kfd"))


def test_a_training_area_asked_after_another_is_that_area(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'und bei Kundenbetreuung?' after a training area: the KfD's area, not the marketing term Kundenmanagement."""
    first = dialogue.respond("action_answer", Turn("ask_training", "Was lernt man im Bereich Dialogprozesse?",
                                                   [{"entity": "occupation", "value": "kfd"}]))
    text = answer(dialogue.respond("action_answer", Turn("ask_glossary", "und bei Kundenbetreuung?", [], first.slots,
                                                         confidence=0.83)))
    (area,) = [a for a in kb.training("kfd").content if a.area.startswith("Kundenbetreuung")]
    assert area.text in text and kb.glossary_topic("kundenmanagement").title not in text
