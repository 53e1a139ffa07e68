"""Questions in every language the bot glosses (and a note-only one), end to end without a Rasa server: the first NLU
component (language + German gloss, bot.nlp.gloss), the entity rules built from the knowledge base,
then bot.dialogue – the note comes in the user's language, the asked figure follows, the other
role's figure does not. The intent is given (the classifier needs the trained model:
tests/test_e2e_rasa.py covers that path). Expected values come from the knowledge base."""
from __future__ import annotations

import re

import pytest
import spacy
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.answers import format as fmt
from bot.answers import language
from bot.dialogue import Dialogue, Turn
from bot.kb.queries import KnowledgeBase
from bot.nlp.build import build_pipeline
from bot.nlp.gloss import GLOSSED, gloss
from bot.rasa.language import LANGUAGE, ForeignLanguageReader


@pytest.fixture(scope="module")
def nlp(kb: KnowledgeBase) -> spacy.language.Language:
    return build_pipeline(kb)


@pytest.fixture(scope="module")
def dialogue(kb: KnowledgeBase) -> Dialogue:
    return Dialogue(kb)


def ask(nlp, dialogue: Dialogue, intent: str, text: str) -> tuple[str, str]:
    """(language code, answer) for a message read as Rasa would: reader, entity rules, action."""
    (message,) = ForeignLanguageReader().process([Message(data={TEXT: text})])
    glossed = message.get(TEXT)
    entities = [{"entity": e.label_, "value": e.ent_id_ or e.text} for e in nlp(glossed).ents]
    outcome = dialogue.respond("action_answer", Turn(intent, glossed, entities, {}, message.get(LANGUAGE)))
    return message.get(LANGUAGE), "\n".join(reply.text for reply in outcome.replies)


def amounts(text: str) -> set[str]:
    return set(re.findall(r"\d[\d.]*", text))


# An OMM entry-salary question in each language (the role name stays as users type it)
ENTRY_SALARY = {
    "en": "How much does an Online Marketing Manager earn at the start?",
    "fr": "Combien gagne un Online Marketing Manager au début de sa carrière ?",
    "es": "¿Cuánto gana un Online Marketing Manager al principio?",
    "it": "Quanto guadagna un Online Marketing Manager all'inizio della carriera?",
    "tr": "Online Marketing Manager başlangıçta ne kadar maaş alır?",
    "pl": "Dzień dobry, ile zarabia Online Marketing Manager na początku?",
    "ru": "Сколько зарабатывает Online Marketing Manager в начале карьеры?",
    "uk": "Скільки заробляє Online Marketing Manager на початку?",
    "ar": "كم راتب مدير التسويق الإلكتروني في البداية؟",
}
# How long the KfD apprenticeship lasts
DURATION = {
    "en": "How long does the apprenticeship as Kaufmann für Dialogmarketing take?",
    "fr": "Combien de temps dure la formation de Kaufmann für Dialogmarketing ?",
    "es": "¿Cuánto dura la formación de Kaufmann für Dialogmarketing?",
    "it": "Quanto dura la formazione come Kaufmann für Dialogmarketing?",
    "tr": "Kaufmann für Dialogmarketing eğitimi ne kadar sürer?",
    "pl": "Jak długo trwa nauka zawodu Kaufmann für Dialogmarketing?",
    "ru": "Сколько длится обучение на Kaufmann für Dialogmarketing?",
    "uk": "Скільки триває навчання на Kaufmann für Dialogmarketing?",
    "ar": "كم تستغرق مدة التدريب Kaufmann für Dialogmarketing؟",
}
# What a KfD apprentice earns in the first year
FIRST_YEAR_PAY = {
    "en": "How much do apprentices in Dialogmarketing earn in the first year?",
    "fr": "Combien gagne un apprenti Kaufmann für Dialogmarketing la première année ?",
    "es": "¿Cuánto gana un aprendiz de Kaufmann für Dialogmarketing en el primer año?",
    "it": "Quanto guadagna un apprendista Kaufmann für Dialogmarketing nel primo anno?",
    "tr": "Kaufmann für Dialogmarketing çırakları ilk yılda ne kadar kazanır?",
    "pl": "Ile zarabia uczeń Kaufmann für Dialogmarketing w pierwszym roku?",
    "ru": "Сколько получает ученик Kaufmann für Dialogmarketing на первом году?",
    "uk": "Скільки заробляє учень на Kaufmann für Dialogmarketing у перший рік?",
    "ar": "كم يكسب المتدرب Kaufmann für Dialogmarketing في السنة الأولى؟",
}


def test_every_glossed_language_has_a_note_and_questions_here() -> None:
    assert set(GLOSSED) < set(language.NOTES)
    assert set(ENTRY_SALARY) == set(DURATION) == set(FIRST_YEAR_PAY) == set(GLOSSED)


@pytest.mark.parametrize("code, text", [("sv", "Hej, hur mycket tjänar en online marketing manager i Tyskland?"),
                                        ("zh", "你好，德国在线营销经理的工资是多少？")])
def test_a_language_without_a_gloss_gets_its_note(nlp, dialogue: Dialogue, code: str, text: str) -> None:
    found, reply = ask(nlp, dialogue, "ask_salary", text)
    assert found == code and reply.startswith(language.NOTES[code])


@pytest.mark.parametrize("code", sorted(ENTRY_SALARY))
def test_an_entry_salary_question_gets_the_note_and_the_figure(nlp, dialogue: Dialogue, kb: KnowledgeBase,
                                                                code: str) -> None:
    found, text = ask(nlp, dialogue, "ask_salary", ENTRY_SALARY[code])
    assert found == code
    assert text.startswith(language.NOTES[code])
    (omm_entry,) = kb.salary_figures("omm", ["entry"])
    assert fmt.figure(omm_entry) in text
    kfd_entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    assert fmt.figure(kfd_entry) not in text


@pytest.mark.parametrize("code", sorted(DURATION))
def test_a_training_duration_question_gets_the_note_and_the_years(nlp, dialogue: Dialogue, kb: KnowledgeBase,
                                                                  code: str) -> None:
    found, text = ask(nlp, dialogue, "ask_training", DURATION[code])
    regulation = kb.training("kfd").regulation
    assert found == code and text.startswith(language.NOTES[code])
    assert f"{regulation.duration_years} Jahre" in text and "Kaufmann/Kauffrau für Dialogmarketing" in text


@pytest.mark.parametrize("code", sorted(FIRST_YEAR_PAY))
def test_a_first_year_training_pay_question_gets_that_year(nlp, dialogue: Dialogue, kb: KnowledgeBase,
                                                           code: str) -> None:
    found, text = ask(nlp, dialogue, "ask_training_pay", FIRST_YEAR_PAY[code])
    assert found == code and text.startswith(language.NOTES[code])
    (first,) = kb.salary_figures("kfd", ["apprenticeship"], training_year=1)
    assert fmt.figure(first) in text
    (omm_entry,) = kb.salary_figures("omm", ["entry"])
    assert not amounts(fmt.figure(omm_entry)) & amounts(text)


@pytest.mark.parametrize("code, text, german", [
    ("fr", "Combien gagne un Online Marketing Manager après 10 ans ?", "wie viel verdient ein Online Marketing Manager nach 10 Jahren ?"),
    ("tr", "Online Marketing Manager 10 yıl sonra ne kadar kazanır?", "Online Marketing Manager nach 10 Jahren wie viel verdient?"),
    ("ar", "كم يكسب مدير التسويق الإلكتروني بعد ١٠ سنوات؟", "wie viel verdient Online Marketing Manager nach 10 Jahren?"),
    ("uk", "Що таке маркетинг відносин?", "was ist Beziehungsmarketing?"),
    # function words no phrase holds are dropped: the German search would read them as words asked with
    ("en", "What are the 8 Ps of relationship marketing?", "was sind 8 Ps Beziehungsmarketing?"),
    ("en", "minimum apprentice pay in the first and in the third year?",
     "Mindestausbildungsvergütung im ersten Lehrjahr im dritten Lehrjahr?"),
    ("tr", "Kaufmann für Dialogmarketing eğitimi bittikten sonra ayda ne kadar kazanılır?",
     "Kaufmann für Dialogmarketing nach der Ausbildung im Monat wie viel verdient?"),
])
def test_numbers_and_terms_are_glossed(code: str, text: str, german: str) -> None:
    assert gloss(text, code) == german


def test_the_longest_phrase_wins_and_unknown_languages_pass_unchanged() -> None:
    assert gloss("formation continue", "fr") == "Weiterbildung"  # not 'Ausbildung continue'
    assert gloss("Wie viel verdient ein OMM?", "de") == "Wie viel verdient ein OMM?"


def test_a_question_about_a_whole_topic_gets_all_of_it(nlp, dialogue: Dialogue, kb: KnowledgeBase) -> None:
    """'the' and 'of' are no words asked with: the 8 Ps, not two lines that share a word with the question."""
    found, text = ask(nlp, dialogue, "ask_glossary", "What are the 8 Ps of relationship marketing (Beziehungsmarketing)?")
    assert found == "en"
    assert all(p.text in text for p in kb.glossary_topic("acht_ps").points if p.label)


def test_a_mostly_german_question_with_polish_function_words_gets_the_note(nlp, dialogue: Dialogue,
                                                                          kb: KnowledgeBase) -> None:
    found, text = ask(nlp, dialogue, "ask_requirements",
                      "Czy do Ausbildung Kaufmann für Dialogmarketing wystarczy Hauptschulabschluss?")
    minimum = kb.training("kfd").school_requirements[0].certificate
    assert found == "pl" and text.startswith(language.NOTES["pl"]) and minimum in text


@pytest.mark.parametrize("code, text", [
    ("tr", "2025'te başlayan çıraklar için birinci yıl asgari eğitim ücreti ne kadar?"),
    ("ru", "Какая минимальная оплата для учеников, начавших обучение в 2025 году, в первый год?"),
    ("uk", "Яка мінімальна оплата для учнів, які почали навчання у 2025 році, в перший рік?"),
    ("es", "¿Cuál es el salario mínimo de los aprendices que empiezan en 2025, en el primer año?"),
    ("fr", "Quel est le salaire minimum d'un apprenti qui commence en 2025, en première année ?"),
])
def test_the_legal_floor_for_a_start_year_is_asked_in_every_language(nlp, dialogue: Dialogue, kb: KnowledgeBase,
                                                                     code: str, text: str) -> None:
    found, reply = ask(nlp, dialogue, "ask_training_pay", text)
    (floor,) = kb.salary_figures(None, ["minimum_training_pay"], training_year=1, cohort_start_year=2025)
    others = kb.salary_figures(None, ["minimum_training_pay"], training_year=1)
    assert found == code and fmt.euro(floor.amount_min) in reply
    assert not any(fmt.euro(f.amount_min) in reply for f in others if f.cohort_start_year != 2025)


def test_after_the_training_in_polish_asks_the_salary_after_it(nlp, dialogue: Dialogue, kb: KnowledgeBase) -> None:
    found, text = ask(nlp, dialogue, "ask_training_pay",
                      "Ile zarabia Kaufmann für Dialogmarketing po zakończeniu szkolenia zawodowego?")
    entry = next(f for f in kb.salary_figures("kfd", ["entry"]) if f.period == "month")
    assert found == "pl" and fmt.figure(entry) in text


@pytest.mark.parametrize("code, intent, text, fact", [
    ("en", "ask_training", "Hi, I'm from Poland. In the apprenticeship Kaufmann für Dialogmarketing, do you also learn "
                           "about data protection?", ("kfd", "Datenschutz")),
    ("en", "ask_tasks", "Does an online marketing manager work together with agencies and other departments?",
     ("omm", "Stakeholder")),
    ("it", "ask_tasks", "Quali materie scolastiche sono importanti per diventare Kaufmann für Dialogmarketing?",
     ("kfd", "Wirtschaft")),
])
def test_a_detail_asked_in_another_language_is_that_detail(nlp, dialogue: Dialogue, kb: KnowledgeBase, code: str,
                                                           intent: str, text: str, fact: tuple[str, str]) -> None:
    """Data protection, agencies, school subjects: the terms of the knowledge base's line, not the role's profile."""
    role, word = fact
    found, answered = ask(nlp, dialogue, intent, text)
    assert found == code and language.NOTES[code] in answered
    summary = kb.facts(role, ["summary"])[0]
    assert word in answered and summary.text not in answered


def test_what_one_needs_in_spanish_asks_what_one_needs() -> None:
    glossed = gloss("¿Qué necesito para ser Online Marketing Manager?", "es")
    assert glossed == "¿was braucht man als Online Marketing Manager?"


def test_russian_in_latin_letters_gets_the_russian_note(nlp, dialogue: Dialogue) -> None:
    found, answered = ask(nlp, dialogue, "ask_salary", "privet, skolko platyat v dialogmarketing?")
    assert found == "ru" and language.NOTES["ru"] in answered
