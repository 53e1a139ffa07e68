"""Messages the bot cannot read as German: another language (answered with a short note in that
language – the bot answers in German) or keyboard mashing (answered with "nicht verstanden")."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from bot.nlp.gloss import GLOSSED, marker_counts
from bot.text import words

# lingua (low-accuracy mode: 17 MB, < 1 ms a message) limited to German and the languages of
# people who most often ask German career services in another language – the first nine with a
# phrase table (bot.nlp.gloss). docs/nlu-evaluation.md
LANGUAGES = ("GERMAN", "ENGLISH", "TURKISH", "POLISH", "RUSSIAN", "UKRAINIAN", "ARABIC", "FRENCH", "SPANISH", "ITALIAN")
# … and more of them, answered with the note alone: the detector among all of them is less sure of each and mistakes
# German for Dutch ('ach nee, ich fange erst 2025 an'), so it decides only when the first ones find no language, for
# a longer message without German words that it is very sure of ('Hej, hur mycket tjänar en online marketing manager
# i Tyskland?') – or for one in another script than Latin (Persian, not Arabic; Greek; Chinese).
MORE_LANGUAGES = ("PORTUGUESE", "DUTCH", "GREEK", "CZECH", "SLOVAK", "SWEDISH", "DANISH", "ALBANIAN", "ROMANIAN",
                  "CROATIAN", "BOSNIAN", "SERBIAN", "HUNGARIAN", "BULGARIAN", "PERSIAN", "VIETNAMESE", "CHINESE",
                  "JAPANESE", "KOREAN")
MORE_MIN_WORDS = 6
MORE_MIN_CONFIDENCE = 0.94
MIN_WORDS = 4
MIN_CONFIDENCE = 0.8
# English words in another language's message without German words are mostly role names ('Quante ore alla
# settimana lavora un online marketing manager?'): with English next, the language before it needs less.
BESIDE_ENGLISH_CONFIDENCE = 0.6
# Letters German never writes ('Bună ziua, vorbiți românește?', 'Dzień dobry', 'Merhaba, nasılsın'): not German, so
# the detector among all languages decides however short the message.
_FOREIGN_LETTERS = re.compile(r"[ăâîșşțţąćęłńśźżğıøåæœřěůčšžďťňőűđ]")  # matched lower-cased: no re.I, or 'i' is 'ı'
# Two of these and the message is German, whatever English words it borrows ('Was ist owned traffic?').
GERMAN_WORDS = frozenset(words("was ist wie der die das und ich du man nicht mit für ein eine kann bei im auf welche "
                               "wo wer sind gibt es mein meine muss soll als hat viel viele"))
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
    "pt": "Nota: só respondo em alemão.",
    "nl": "Let op: ik antwoord alleen in het Duits.",
    "el": "Σημείωση: απαντώ μόνο στα γερμανικά.",
    "cs": "Poznámka: odpovídám pouze v němčině.",
    "sk": "Poznámka: odpovedám iba po nemecky.",
    "sv": "Obs: jag svarar bara på tyska.",
    "da": "Bemærk: jeg svarer kun på tysk.",
    "sq": "Shënim: përgjigjem vetëm në gjermanisht.",
    "ro": "Notă: răspund doar în limba germană.",
    "hr": "Napomena: odgovaram samo na njemačkom.",
    "bs": "Napomena: odgovaram samo na njemačkom.",
    "sr": "Напомена: одговарам само на немачком.",
    "hu": "Megjegyzés: csak németül válaszolok.",
    "bg": "Забележка: отговарям само на немски.",
    "fa": "توجه: فقط به زبان آلمانی پاسخ می‌دهم.",
    "vi": "Lưu ý: tôi chỉ trả lời bằng tiếng Đức.",
    "zh": "注意：我只用德语回答。",
    "ja": "注意：ドイツ語でのみ回答します。",
    "ko": "참고: 독일어로만 답변합니다.",
}
# Greek, Cyrillic, Arabic, Japanese kana, Chinese characters, Hangul
_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0600-\u06ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
# This many function words of one language, more than of any other (German included), decide the
# language where lingua cannot: role names pull towards English ('Ile zarabia Online Marketing
# Manager?') and a short lower-case English question may look German to it.
MIN_MARKERS = 2
# A script other than Latin is foreign for sure; lingua then only tells Russian from Ukrainian, Arabic from Persian.
MIN_SCRIPT_CONFIDENCE = 0.5
_VOWELS = re.compile(r"[aeiouyäöü]")
_CONSONANT_RUN = re.compile(r"[^aeiouyäöü\W\d_]{5,}")
# Letters typed along one row of a German or English keyboard ('qwertz', 'uiop', 'asdf'): mashing.
_KEYBOARD_ROWS = ("qwertzuiopue", "qwertyuiop", "asdfghjkloeae", "yxcvbnm", "zxcvbnm")
KEYBOARD_RUN = 4


@lru_cache(maxsize=2)
def _detector(names: tuple[str, ...] = LANGUAGES):
    from lingua import Language, LanguageDetectorBuilder

    return (LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in names))
            .with_low_accuracy_mode().build())


def foreign(text: str) -> str | None:
    """The ISO code of a message clearly written in another language than German, else None.

    A message in another script (Cyrillic, Arabic, Greek, Chinese …) is judged by its words in that
    script alone, so a German role name in it ('Скільки триває навчання на Kaufmann für
    Dialogmarketing?') does not count; a Latin-script one by its function words first ('what is the …
    code for …', 'combien … un … en …'), then, unless it is shorter than `MIN_WORDS`, by lingua – and
    only then, when that finds no language, by lingua over `MORE_LANGUAGES` too.
    """
    if _NON_LATIN.search(text):
        script = " ".join(w for w in text.split() if _NON_LATIN.search(w))
        return _more(script) or _by_markers(script, 0) or _detected(script, MIN_SCRIPT_CONFIDENCE)
    german = len(GERMAN_WORDS & set(words(text)))
    if german >= 2:
        return None
    if not german and _FOREIGN_LETTERS.search(text.lower()):
        return _by_markers(text, german) or _detected(text) or _more(text)
    if len(text.split()) < MIN_WORDS:  # too short for lingua alone: its function words ('What is Dialogmarketing?')
        return None if german else _by_markers(text, german)
    return _by_markers(text, german) or _detected(text, beside_english=not german) or (
        _more(text) if not german and len(text.split()) >= MORE_MIN_WORDS else None)


def _more(text: str) -> str | None:
    """One of MORE_LANGUAGES, when the detector among all languages is very sure of it."""
    code = _detected(text, MORE_MIN_CONFIDENCE, LANGUAGES + MORE_LANGUAGES)
    return code if code not in GLOSSED else None


def _by_markers(text: str, german: int) -> str | None:
    counts = sorted(marker_counts(text).items(), key=lambda item: -item[1])
    (code, best), (_, second) = counts[0], counts[1]
    return code if best >= MIN_MARKERS and best > max(second, german) and code in NOTES else None


def _detected(text: str, minimum: float = MIN_CONFIDENCE, names: tuple[str, ...] = LANGUAGES,
              beside_english: bool = False) -> str | None:
    values = _detector(names).compute_language_confidence_values(text)
    if not values:
        return None
    top = values[0]
    code = top.language.iso_code_639_1.name.lower()
    if beside_english and len(values) > 1 and values[1].language.name == "ENGLISH" and code != "en":
        minimum = min(minimum, BESIDE_ENGLISH_CONFIDENCE)
    return code if code != "de" and top.value >= minimum and code in NOTES else None


# A German question whether the bot answers in another language ('Kannst du auch auf Englisch antworten?', 'Sprichst
# du Türkisch?') – not whether the job needs it ('Muss ich als OMM auf Englisch schreiben können?').
_ASKS_LANGUAGE = re.compile(r"\b(kannst|k(ö|oe)nntest|kannste)\s+du\b[^?.!]{0,30}?\b(auf|in)\s+(?P<a>\w+)\b[^?.!]{0,15}"
                            r"\b(antwort\w*|schreib\w*|sprech\w*|reden|sag\w*|erkl(ä|ae)r\w*)\b|"
                            r"\bsprichst\s+du\s+(auch\s+)?(?P<b>\w+)|"
                            r"\b(antwortest|schreibst)\s+du\s+(auch\s+)?(auf|in)\s+(?P<c>\w+)", re.I)
_LANGUAGE_NAMES = {"englisch": "en", "english": "en", "tuerkisch": "tr", "polnisch": "pl", "russisch": "ru",
                   "ukrainisch": "uk", "arabisch": "ar", "franzoesisch": "fr", "spanisch": "es", "italienisch": "it"}


def language_asked(text: str) -> tuple[str, str] | None:
    """The code of the language a German message asks the bot to answer in, if it names one of its notes, and the
    message without that request."""
    match = _ASKS_LANGUAGE.search(text)
    if not match:
        return None
    code = _LANGUAGE_NAMES.get(words(next(w for w in match.group("a", "b", "c") if w))[0])
    return (code, text[:match.start()] + text[match.end():]) if code else None


def note(code: str) -> str:
    return f"{NOTES[code]} (Ich antworte auf Deutsch.)"


def looks_like_gibberish(text: str, known: Callable[[str], bool]) -> bool:
    """Most words have no vowel or a long consonant run ('jkhsdf lkjlkj'), and none is a word the
    bot knows – 'kfd' and 'OMM' are known, so they never count as mashing."""
    tokens = [w for w in words(text) if len(w) >= 3 and not w.isdigit()]
    if not tokens or any(known(w) for w in tokens):
        return False
    odd = [w for w in tokens if not _VOWELS.search(w) or _CONSONANT_RUN.search(w) or _along_a_row(w)]
    return len(odd) * 2 >= len(tokens)


def _along_a_row(word: str) -> bool:
    """Whether a folded word of at least KEYBOARD_RUN letters is a run of neighbouring keys."""
    return len(word) >= KEYBOARD_RUN and any(word in row for row in _KEYBOARD_ROWS)
