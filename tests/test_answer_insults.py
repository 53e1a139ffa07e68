"""Insults – named by their words or by the classifier's `insult` intent – get a calm reply, unless they ask about
something the bot knows; the classifier's unsure insult guess gives way to its next guess. On the answer path
without Rasa; expected values come from the knowledge base."""
from __future__ import annotations

import pytest

from bot.answers import format as fmt
from bot.answers.search import FactSearch
from bot.dialogue import Dialogue, Turn
from bot.dialogue.edges import WHO_I_AM
from bot.kb.queries import KnowledgeBase
from bot.nlp.vocabulary import asks
from tests.test_answer_path import answer, say, stage

CALM = "freundlich bleiben"


def insult(text: str, confidence: float, *ranking: tuple[str, float], entities: list | None = None,
           slots: dict | None = None) -> Turn:
    return Turn("insult", text, entities or [], slots or {}, confidence=confidence,
                ranking=(("insult", confidence), *ranking))


@pytest.mark.parametrize("text", ["Wow. Super hilfreich. Echt jetzt. Nicht.", "halt doch einfach deine klappe",
                                  "Warum sollte ich dir überhaupt was glauben, du erfindest doch eh alles"])
def test_a_sure_insult_gets_the_calm_reply(dialogue: Dialogue, text: str) -> None:
    out = dialogue.respond("action_calm", insult(text, 0.99, ("out_of_scope", 0.01)))
    assert CALM in answer(out)
    assert "€" not in answer(out)


def test_an_insult_with_a_question_about_a_role_gets_the_answer(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    abitur = next(f for f in kb.facts("omm", ["requirement"]) if "Abitur" in f.text)
    turn = insult("Ey du Lappen, braucht man für OMM Abi oder nicht?", 0.8, ("ask_requirements", 0.15),
                  entities=[{"entity": "occupation", "value": "omm"}])
    text = answer(dialogue.respond("action_calm", turn))
    assert abitur.text in text
    assert CALM not in text


def test_an_insulting_part_that_names_a_career_step_is_what_the_question_leans_on(dialogue: Dialogue,
                                                                                  kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_salary", "Betriebswirt Callcentermanagement, klingt nach Sklaventreiber. Was "
                      "verdienen die laut Arbeitsagentur?", [stage("median")]))
    (specialists,) = kb.salary_figures("betriebswirt_ccm", ["median"])
    assert fmt.euro(specialists.amount_min) in text
    assert CALM not in text


def test_an_insulting_question_about_nothing_the_bot_knows_gets_the_calm_reply(dialogue: Dialogue) -> None:
    turn = Turn("nlu_fallback", "Bist du zu blöd, um normal zu antworten??", confidence=0.3,
                ranking=(("nlu_fallback", 0.3), ("insult", 0.26), ("bot_challenge", 0.24)))
    assert CALM in answer(dialogue.respond("action_fallback", turn))


def test_an_unsure_insult_guess_gives_way_to_the_next_guess(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_exam", "Wie lange dauert Teil 1 der Abschlussprüfung als Kaufmann für Dialogmarketing?",
                [{"entity": "occupation", "value": "kfd"}])
    part1, part2 = kb.exams("kfd")[1].parts[:2]
    text = answer(dialogue.respond("action_calm", insult("meinte teil 2", 0.43, ("ask_glossary", 0.36),
                                                         slots=first.slots)))
    assert CALM not in text
    assert part2.title in text and f"{part2.duration_minutes} Minuten" in text


def test_an_insult_guess_with_a_start_year_corrects_the_legal_minimum(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    first = say(dialogue, "ask_training_pay", "Mindestlohn für Azubis im 2. Jahr, Beginn 2025?",
                [stage("minimum_training_pay"), {"entity": "training_year", "value": "2"},
                 {"entity": "start_year", "value": "2025"}])
    turn = insult("ah mist, Beginn war 2024", 0.8, ("ask_training_pay", 0.1),
                  entities=[{"entity": "start_year", "value": "2024", "start": 19, "end": 23}], slots=first.slots)
    text = answer(dialogue.respond("action_calm", turn))
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=2, cohort_start_year=2024)
    assert CALM not in text
    assert fmt.euro(floor.amount_min) in text


@pytest.mark.parametrize("text, asking", [("Was für ein Müll. Deine Antworten sind komplett nutzlos!!!", False),
                                          ("Dialogmarketing ist doch ein Idiotenberuf, oder nicht?", False),
                                          ("Ey du Lappen, braucht man für OMM Abi oder nicht?", True),
                                          ("Was für ein Abschluss ist nötig?", True),
                                          ("wer wird freiwillig KfD, das is was für loser", False),
                                          ("dialogmarketing = telefonterror lol wer macht sowas freiwillig", False),
                                          ("ganz ehrlich wer freiwillig kaufmann für dialogmarketing lernt hat im "
                                           "leben verkackt", False),
                                          ("Wer macht die Abschlussprüfung?", True),
                                          ("du scheiß KI, sag einfach ob man als OMM Englisch braucht", True),
                                          ("wird der callcenter job nicht eh bald durch ki ersetzt", True),
                                          ("Ist doch nur ein Gespräch", False),
                                          # the question after the insult starts with its verb, behind a comma
                                          ("wtf bist du dumm, muss ein omm jetzt html und css können oder nicht",
                                           True)])
def test_exclamations_and_tag_questions_ask_nothing(text: str, asking: bool) -> None:
    assert asks(text) == asking


def test_a_fragment_beside_an_insult_is_answered(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    code = kb.occupation("omm").kldb2010
    text = answer(say(dialogue, "inform_occupation", "trottel. kldb von omm.", [{"entity": "occupation", "value": "omm"}],
                      action="action_answer"))
    assert code in text
    assert CALM not in text


def test_wieviel_asks(dialogue: Dialogue) -> None:
    assert asks("zwischenprüfung wieviel minuten")


def test_a_long_statement_beside_an_insult_asks_nothing(dialogue: Dialogue) -> None:
    turn = insult("Dialogmarketing = Telefonterror. Wer sowas lernt, hat echt kein Selbstwertgefühl.", 0.95,
                  ("ask_glossary", 0.01), entities=[{"entity": "glossary_topic", "value": "dialogmarketing"}])
    assert CALM in answer(dialogue.respond("action_calm", turn))


@pytest.mark.parametrize("text", ["Ihr Callcenter-Nervensägen ruft mich jeden Abend an. Eine Frechheit ist das!",
                                  "Spar dir dein Gelaber."])
def test_insults_without_the_usual_words(dialogue: Dialogue, text: str) -> None:
    turn = insult(text, 0.6, ("ask_tasks", 0.3))  # an unsure guess alone would give way to the next one
    assert CALM in answer(dialogue.respond("action_calm", turn))


def test_an_insulting_question_taken_for_another_subject_is_answered(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("out_of_scope", "Na toll, noch so ein Bot der nix weiß. Was ist denn bitte owned traffic, Schlaumeier?",
                [], {}, confidence=0.62, ranking=(("out_of_scope", 0.62), ("insult", 0.17), ("ask_skills", 0.12)))
    text = answer(dialogue.respond("action_out_of_scope", turn))
    (promotion,) = [f for f in kb.facts("omm", ["task"]) if "Owned Traffic" in f.text]
    assert promotion.text in text


def test_a_poor_grade_is_no_insult(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = answer(say(dialogue, "ask_study", "mein uni-abschluss war eher mies (3,1). zählt das bei omm bewerbungen sehr",
                      [{"entity": "occupation", "value": "omm"}]))
    assert CALM not in text
    assert any(f.text in text for f in kb.facts("omm", ["hiring"]))


@pytest.mark.parametrize("text, confidence", [
    ("bruder deine antworten sind so cringe 💀💀", 0.6), ("du bist so hässlich wie dein code", 0.6),
    ("Bots wie du gehören verboten", 0.6),
    ("Ich hasse Callcenter. Ich hasse Marketing. Und dich hasse ich auch.", 0.8),  # fragments about asker and bot
])
def test_an_insult_in_other_words_gets_the_calm_reply(dialogue: Dialogue, text: str, confidence: float) -> None:
    out = dialogue.respond("action_calm", insult(text, confidence, ("bot_challenge", 0.2)))
    assert CALM in answer(out) and "Quelle" not in answer(out)


def test_a_fragment_beside_a_rude_remark_without_an_insult_word_is_answered(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    omm = kb.occupation("omm")
    turn = insult("Boah bist du langsam. KldB von OMM. Jetzt.", 0.94, ("ask_salary", 0.02),
                  entities=[{"entity": "occupation", "value": "omm"}])
    text = answer(dialogue.respond("action_calm", turn))
    assert omm.kldb2010 in text and CALM not in text


def test_a_rhetorical_question_with_an_insult_that_asks_for_a_figure_gets_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_salary", "Bist du zu blöd, um mir das Einstiegsgehalt eines OMM zu sagen oder was?",
                [{"entity": "occupation", "value": "omm"}, stage("entry")], confidence=0.87)
    text = answer(dialogue.respond("action_answer", turn))
    entry = kb.salary_figures("omm", ["entry"])
    assert any(fmt.number(f.amount_min) in text for f in entry) and CALM not in text


def test_a_request_between_insults_gets_the_answer(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    text = "Na toll, noch so ein Besserwisser-Bot. Dann sag mir doch mal die Mindestvergütung fürs erste Lehrjahr " \
           "bei Start 2026, Schlaumeier."
    turn = insult(text, 0.83, ("ask_training_pay", 0.07), entities=[
        stage("minimum_training_pay"), {"entity": "training_year", "value": "1"}, {"entity": "start_year", "value": "2026"}])
    reply = answer(dialogue.respond("action_calm", turn))
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=1, cohort_start_year=2026)
    assert fmt.euro(floor.amount_min) in reply and CALM not in reply


@pytest.mark.parametrize("text, intent, confidence", [
    ("Super Antwort, echt. Ganz großes Kino. 👏👏", "insult", 0.53),
    ("Wow, super Beruf. Den ganzen Tag fremde Leute am Telefon nerven. Echter Traumjob. Not.", "ask_tasks", 0.48),
    ("Online Marketing Manager = Instagram-Poster mit Riesen-Ego, stimmt's?", "inform_occupation", 0.74),
])
def test_sarcasm_gets_the_calm_reply(dialogue: Dialogue, text: str, intent: str, confidence: float) -> None:
    turn = Turn(intent, text, [], {}, confidence=confidence, ranking=((intent, confidence), ("out_of_scope", 0.2)))
    action = "action_calm" if intent == "insult" else "action_answer"
    out = dialogue.respond(action, turn)
    assert CALM in answer(out) and "Quelle" not in answer(out)


def test_the_insulting_part_that_asks_nothing_is_not_searched(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'Beantworte … meine Frage' met the task line 'Kunden beraten', 'Alter du nervst.' the training's line."""
    field = [{"entity": "glossary_topic", "value": "dialogmarketing"}]
    asked = Turn("ask_training", "Beantworte endlich meine Frage, du Idiot: Reicht die Hauptschule für eine Ausbildung im "
                 "Dialogmarketing?", field, confidence=0.65, ranking=(("ask_training", 0.65), ("ask_requirements", 0.17)))
    text = answer(dialogue.respond("action_answer", asked))
    assert kb.training("kfd").school_requirements[0].certificate in text
    assert not any(f.text in text for f in kb.facts("kfd", ["task"]))
    role = [{"entity": "occupation", "value": "kfd"}]
    asked = Turn("ask_tasks", "Alter du nervst. Was machen Kaufleute für Dialogmarketing eigentlich den ganzen Tag außer "
                 "Leute nerven?", role, confidence=0.69, ranking=(("ask_tasks", 0.69), ("ask_overview", 0.19)))
    text = answer(dialogue.respond("action_answer", asked))
    assert any(f.text in text for f in kb.facts("kfd", ["task"]))


def test_a_lame_bot_is_an_insult_not_an_occupation(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'ein lahmer bot' is no job the bot does not know ('Zum Beruf „Lahmer“ …'); the question after it is answered."""
    turn = insult("lol du bist so ein lahmer bot. was ist owned traffic", 0.97, ("bot_challenge", 0.02))
    text = answer(dialogue.respond("action_calm", turn))
    assert "Lahmer" not in text
    assert any("Owned Traffic" in f.text and f.text in text for f in kb.facts("omm", ["task"]))


def test_a_closing_address_names_nothing_asked_and_the_term_before_it_is_the_subject(dialogue: Dialogue,
                                                                                    kb: KnowledgeBase) -> None:
    """'du marketing-roboter' met the curated gap on AI; 'touchpoint, was für ein bullshit-wort.' names the term asked."""
    turn = Turn("ask_glossary", "touchpoint, was für ein bullshit-wort. was soll das sein, du marketing-roboter",
                [{"entity": "glossary_topic", "value": "kundenkontaktpunkte"}], {}, confidence=0.96,
                ranking=(("ask_glossary", 0.96), ("insult", 0.03)))
    out = dialogue.respond("action_answer", turn)
    assert out.reason is None and kb.glossary_topic("kundenkontaktpunkte").title in answer(out)


def test_an_insulting_address_before_the_question_is_no_part_of_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'du scheiß KI' names AI, a curated gap; the question after it asks about English."""
    turn = Turn("ask_skills", "du scheiß KI, sag einfach ob man als OMM Englisch braucht, ja oder nein",
                [{"entity": "occupation", "value": "omm"}], {}, confidence=0.51,
                ranking=(("ask_skills", 0.51), ("out_of_scope", 0.27)))
    text = answer(dialogue.respond("action_answer", turn))
    english = [f for f in kb.facts("omm", ["language", "requirement"]) if "Englisch" in f.text]
    assert english and any(f.text in text for f in english)
    assert "keine geprüfte Angabe" not in text


def test_an_insult_leading_in_to_a_fragment_after_a_colon_gets_the_fact(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_training_pay", "Halt die Klappe mit deinem Gelaber und sag einfach: Ausbildungsvergütung KfD "
                "2. Lehrjahr", [stage("apprenticeship"), {"entity": "occupation", "value": "kfd"},
                               {"entity": "training_year", "value": "2"}], {}, confidence=1.0)
    reply = answer(dialogue.respond("action_answer", turn))
    (year2,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=2)
    assert fmt.figure(year2) in reply and CALM not in reply


def test_an_insult_with_a_question_in_dialect_gets_the_fact(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'wos kriagt ma' is Bavarian for 'was kriegt man': a question, and one for money."""
    turn = Turn("ask_training_pay", "du depperter blechtrottel, wos kriagt ma im dritten lehrjahr im dialogmarketing",
                [{"entity": "training_year", "value": "3"}, {"entity": "glossary_topic", "value": "dialogmarketing"}],
                {}, confidence=0.85)
    reply = answer(dialogue.respond("action_answer", turn))
    (year3,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=3)
    assert fmt.figure(year3) in reply and CALM not in reply


def test_an_insulting_demand_for_a_figure_gets_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = Turn("ask_lateral_entry", "verdammt nochmal, ich will den scheiß median von der arbeitsagentur für "
                "dialogmarketing und nicht dein gelaber", [stage("median"), {"entity": "glossary_topic",
                                                                             "value": "dialogmarketing"}],
                {}, confidence=0.73, ranking=(("ask_lateral_entry", 0.73), ("insult", 0.17), ("ask_salary", 0.07)))
    reply = answer(dialogue.respond("action_answer", turn))
    assert CALM not in reply
    (median,) = kb.salary_figures("kfd", ["median"])
    assert fmt.euro(median.amount_min) in reply


def test_a_claim_that_denies_what_a_role_is_gets_the_fact(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'… kein echter Beruf, gibs zu' seeks agreement with a claim the knowledge base answers; a plain mockery stays
    a calm reply."""
    omm = [{"entity": "occupation", "value": "omm"}]
    claim = insult("online marketing manager ist doch kein echter beruf lol, gibs zu", 0.83, ("ask_overview", 0.13),
                   entities=omm)
    text = answer(dialogue.respond("action_calm", claim))
    assert kb.occupation("omm").note.rstrip(".") in text and CALM not in text  # no protected title, no training
    mockery = insult("Online Marketing Manager = Instagram-Poster mit Riesen-Ego, stimmt's?", 0.74,
                     ("ask_lateral_entry", 0.13), entities=omm)
    assert CALM in answer(dialogue.respond("action_calm", mockery))


def test_a_quoted_figure_names_whose_pay_is_asked(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'1900 Euro? … Was ist das denn aufs Jahr?' – the figure quoted is the KfD's entry pay, asked per year."""
    (entry,) = [f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month"]
    turn = Turn("nlu_fallback", f"Dein Ernst? {int(entry.amount_min)} Euro? Dafür steh ich nicht mal auf. Was ist das denn "
                "aufs Jahr, du Witzfigur?", [{"entity": "period", "value": "year"}], confidence=0.3,
                ranking=(("ask_career", 0.28), ("ask_training", 0.24)))
    assert fmt.number(entry.amount_min * 12) in answer(dialogue.respond("action_fallback", turn))


def test_a_claim_that_narrows_what_a_role_does_gets_the_fact_it_meets(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'… heißt doch nur Leute am Telefon nerven, oder?' – the line on how the contact runs meets it less strongly than
    a detail question's would, and still answers the claim."""
    claim = insult("Was für ein Schwachsinn. Dialogmarketing heißt doch nur Leute am Telefon nerven, oder?", 0.8,
                   ("ask_glossary", 0.1))
    text = answer(dialogue.respond("action_calm", claim))
    (contact,) = [line for line in FactSearch(kb).lines("kfd") if "telefonisch" in line.text and line.topic == "overview"]
    assert contact.text in text and CALM not in text


def test_an_insulting_lead_in_before_a_colon_leaves_the_question_after_it(dialogue: Dialogue,
                                                                          kb: KnowledgeBase) -> None:
    goals = next(p for p in kb.glossary_topic("beziehungsmarketing").points if "Positionierung" in p.label)
    turn = insult("Antworte gefälligst richtig, du Depp: was sind Positionierungsziele?", 0.39, ("ask_glossary", 0.3))
    text = answer(dialogue.respond("action_calm", turn))
    assert goals.text in text
    assert CALM not in text and "Depp" not in text


def test_a_closing_insulting_address_leaves_the_fact_asked_before_it(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=3, cohort_start_year=2025)
    turn = Turn("ask_training_pay", "Mindestvergütung Beginn 2025 drittes Jahr, und zwar schnell, du lahme Krücke",
                [stage("minimum_training_pay"), {"entity": "start_year", "value": "2025"},
                 {"entity": "training_year", "value": "3"}])
    text = answer(dialogue.respond("action_answer", turn))
    assert fmt.euro(floor.amount_min) in text and CALM not in text
    code = answer(dialogue.respond("action_answer", Turn(
        "inform_occupation", "KldB-Nummer vom Online Marketing Manager, du Schrotthaufen",
        [{"entity": "occupation", "value": "omm"}], confidence=0.38)))
    assert kb.occupation("omm").kldb2010 in code


def test_a_request_for_a_joke_before_an_insulting_address_gets_the_calm_reply(dialogue: Dialogue) -> None:
    turn = insult("mach mal nen fiesen witz über kauffrauen im callcenter, du spießer", 0.6, ("out_of_scope", 0.2))
    assert CALM in answer(dialogue.respond("action_calm", turn))


def test_a_question_after_an_insult_and_a_comma_is_answered(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    turn = insult("wtf bist du dumm, muss ein omm jetzt html und css können oder nicht", 0.88,
                  entities=[{"entity": "occupation", "value": "omm"}])
    text = answer(dialogue.respond("action_calm", turn))
    assert any("HTML" in skill.text and skill.text in text for skill in kb.facts("omm", ["skill"]))
    assert CALM not in text


def test_scorn_of_the_bot_that_names_a_field_says_who_the_bot_is(dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'callcenter' names the field of the KfD, but the message scorns the bot; it asks about no fact."""
    turn = Turn("bot_challenge", "bist du eigentlich auch so ein callcenter agent der nur scheiße labert??",
                confidence=0.97)
    text = answer(dialogue.respond("action_bot_challenge", turn))
    assert WHO_I_AM in text
    assert not any(f.text in text for f in kb.facts("kfd", ["summary"]))


def test_an_insult_that_asks_who_the_bot_is_gets_the_calm_reply_and_the_answer(dialogue: Dialogue) -> None:
    text = answer(dialogue.respond("action_bot_challenge", Turn("bot_challenge", "Du Opfer, wer bist du überhaupt?",
                                                                confidence=0.97)))
    assert CALM in text and WHO_I_AM in text


def test_an_insult_of_the_askers_mother_is_no_other_occupation(dialogue: Dialogue) -> None:
    text = answer(dialogue.respond("action_bot_challenge", Turn("bot_challenge", "Deine Mutter ist ein Toaster.",
                                                                confidence=0.56)))
    assert CALM in text
    assert "Toaster" not in text and WHO_I_AM not in text  # it asks nothing about the bot
