"""Messages the bot cannot read as German: another language (answered with a short note in that
language – the bot answers in German) or keyboard mashing (answered with "nicht verstanden")."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from bot.text import words

# lingua (low-accuracy mode: 24 MB, < 1 ms a message) limited to German and the languages of
# people who most often ask German career services in another language. docs/nlu-evaluation.md
LANGUAGES = ("GERMAN", "ENGLISH", "TURKISH", "POLISH", "RUSSIAN", "UKRAINIAN", "ARABIC", "FRENCH", "SPANISH", "ITALIAN")
MIN_WORDS = 4
MIN_CONFIDENCE = 0.8
# Two of these and the message is German, whatever English words it borrows ('Was ist owned traffic?').
GERMAN_WORDS = frozenset(words("was ist wie der die das und ich du man nicht mit für ein eine kann bei im auf welche "
                               "wo wer sind gibt es mein meine muss soll"))
NOTES = {
    "en": "Note: I can only answer in German.",
    "tr": "Not: Yalnızca Almanca cevap verebiliyorum.",
    "pl": "Uwaga: odpowiadam tylko po niemiecku.",
    "ru": "Примечание: я отвечаю только на немецком языке.",
    "uk": "Примітка: я відповідаю лише німецькою мовою.",
    "ar": "ملاحظة: أجيب باللغة الألمانية فقط.",
    "fr": "Remarque : je réponds uniquement en allemand.",
    "es": "Nota: solo respondo en alemán.",
    "it": "Nota: rispondo solo in tedesco.",
}
_NON_LATIN = re.compile(r"[\u0400-\u04ff\u0600-\u06ff]")
_VOWELS = re.compile(r"[aeiouyäöü]")
_CONSONANT_RUN = re.compile(r"[^aeiouyäöü\W\d_]{5,}")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return (LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in LANGUAGES))
            .with_low_accuracy_mode().build())


def foreign(text: str) -> str | None:
    """The ISO code of a message clearly written in another language than German, else None."""
    if not _NON_LATIN.search(text) and (len(text.split()) < MIN_WORDS or len(GERMAN_WORDS & set(words(text))) >= 2):
        return None
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return None
    top = values[0]
    code = top.language.iso_code_639_1.name.lower()
    return code if code != "de" and top.value >= MIN_CONFIDENCE and code in NOTES else None


def note(code: str) -> str:
    return f"{NOTES[code]} (Ich antworte auf Deutsch.)"


def looks_like_gibberish(text: str, known: Callable[[str], bool]) -> bool:
    """Most words have no vowel or a long consonant run ('jkhsdf lkjlkj'), and none is a word the
    bot knows – 'kfd' and 'OMM' are known, so they never count as mashing."""
    tokens = [w for w in words(text) if len(w) >= 3 and not w.isdigit()]
    if not tokens or any(known(w) for w in tokens):
        return False
    odd = [w for w in tokens if not _VOWELS.search(w) or _CONSONANT_RUN.search(w)]
    return len(odd) * 2 >= len(tokens)
