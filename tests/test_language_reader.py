"""The first NLU component: a foreign message is marked with its language and read as its German
gloss – so 'How much can I earn after 10 years?' reaches the German pipeline with the words it
knows. Checked with the real trained model's pipeline pieces, without a server; every language end
to end: tests/test_gloss.py."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlp.gloss import gloss
from bot.rasa.language import LANGUAGE, ForeignLanguageReader


def read(text: str) -> Message:
    (message,) = ForeignLanguageReader().process([Message(data={TEXT: text})])
    return message


@pytest.mark.parametrize("english, german_words", [
    ("What do you earn as an apprentice in the first year?", ["verdient", "Azubi", "im ersten Lehrjahr"]),
    ("How much can I earn after 10 years?", ["wie viel verdient", "nach 10 Jahren"]),
    ("Which school certificate do I need for the apprenticeship?", ["Schulabschluss", "Ausbildung"]),
    ("What is the starting salary per year?", ["was ist", "Einstiegsgehalt", "im Jahr"]),
])
def test_an_english_question_is_read_as_its_german_gloss(english: str, german_words: list[str]) -> None:
    message = read(english)
    assert message.get(LANGUAGE) == "en"
    assert all(word in message.get(TEXT) for word in german_words), message.get(TEXT)
    assert LANGUAGE in message.as_dict(only_output_properties=True)  # reaches the action in the parse data


def test_other_languages_are_marked_and_glossed_too() -> None:
    message = read("Bonjour, combien gagne un manager du marketing en ligne par mois?")
    assert message.get(LANGUAGE) == "fr"
    assert message.get(TEXT) == "Hallo, wie viel verdient ein Online Marketing Manager im Monat?"


@pytest.mark.parametrize("text, code", [
    ("what is the kldb code for online marketing manager", "en"),  # lower case, short: lingua says German
    ("What is Dialogmarketing?", "en"),  # too short for lingua: its function words tell
    ("hello? anyone there", "en"),
    ("hey whats the occupation code (KldB) for online marketing manager", "en"),
    ("Combien gagne un Online Marketing Manager en Allemagne ?", "fr"),  # the role name is not English
    ("¿Cuánto gana un Online Marketing Manager?", "es"),
    ("Ile zarabia Online Marketing Manager?", "pl"),
    ("Скільки триває навчання на Kaufmann für Dialogmarketing?", "uk"),  # the German role name does not count
    ("Сколько длится обучение на Kaufmann für Dialogmarketing?", "ru"),
    ("Що таке маркетинг відносин?", "uk"),
    ("Hola, ¿hablas español?", "es"),  # a greeting and whether the bot speaks the language
    ("hola que hace un kaufmann fur dialogmarketing", "es"),
    ("Bonjour, vous parlez français?", "fr"),
    # languages without a phrase table: marked for the note alone
    ("Olá, quanto ganha um gerente de marketing online na Alemanha?", "pt"),
    ("Hej, hur mycket tjänar en online marketing manager i Tyskland?", "sv"),
    ("Ahoj, kolik vydělává online marketing manager v Německu?", "cs"),
    ("Γεια σου, πόσα βγάζει ένας online marketing manager στη Γερμανία;", "el"),
    ("你好，德国在线营销经理的工资是多少？", "zh"),
    ("سلام، حقوق مدیر بازاریابی آنلاین در آلمان چقدر است؟", "fa"),
    # the English role name beside another language ('… un online marketing manager?')
    ("Quante ore alla settimana lavora un online marketing manager?", "it"),
    # letters German never writes, however short the message
    ("Bună ziua, vorbiți românește?", "ro"),
    ("Merhaba, nasılsın?", "tr"),
    ("Ciao! Parli italiano?", "it"),  # a greeting and whether the bot speaks the language
])
def test_the_language_is_the_one_the_question_is_written_in(text: str, code: str) -> None:
    assert read(text).get(LANGUAGE) == code


@pytest.mark.parametrize("text", ["Was verdient ein OMM im Jahr?", "Was ist owned traffic?", "/restart", "ok", "omm skills?",
                                  "Was ist SEO?", "Social Media Manager?", "und netto?",
                                  "Hat man als Online Marketing Manager viele Meetings?",
                                  "Welche skills und tools braucht ein OMM?", "Was ist der Unterschied zwischen owned and paid media?",
                                  "ach nee, ich fange erst 2025 an", "Spar dir dein Gelaber.", "moin moin",
                                  "asdfgh du bot bist kacke", "ciao und danke"])
def test_german_text_and_intents_pass_unchanged(text: str) -> None:
    message = read(text)
    assert message.get(LANGUAGE) is None and message.get(TEXT) == text


def test_a_phrase_is_glossed_once_and_numbers_are_kept() -> None:
    assert gloss("after 12 years", "en") == "nach 12 Jahren"
    assert gloss("apprenticeship", "en") == "Ausbildung"  # the longer phrase, not 'apprentice' + 'ship'
