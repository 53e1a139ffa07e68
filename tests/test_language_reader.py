"""The first NLU component: a foreign message is marked with its language, an English one is read
as its German gloss – so 'How much can I earn after 10 years?' reaches the German pipeline with
the words it knows. Checked with the real trained model's pipeline pieces, without a server."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlp.english import gloss
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


def test_other_languages_are_marked_but_not_rewritten() -> None:
    text = "Bonjour, combien gagne un manager du marketing en ligne par mois?"
    message = read(text)
    assert message.get(LANGUAGE) == "fr" and message.get(TEXT) == text


@pytest.mark.parametrize("text", ["Was verdient ein OMM im Jahr?", "Was ist owned traffic?", "/restart", "ok"])
def test_german_text_and_intents_pass_unchanged(text: str) -> None:
    message = read(text)
    assert message.get(LANGUAGE) is None and message.get(TEXT) == text


def test_a_phrase_is_glossed_once_and_numbers_are_kept() -> None:
    assert gloss("after 12 years") == "nach 12 Jahren"
    assert gloss("apprenticeship") == "Ausbildung"  # the longer phrase, not 'apprentice' + 'ship'
