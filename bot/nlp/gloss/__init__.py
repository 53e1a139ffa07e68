"""Questions in other languages read as German: a phrase-by-phrase gloss into the words the German
pipeline knows ('Combien gagne un Online Marketing Manager au début de sa carrière ?' → 'wie viel
verdient ein Online Marketing Manager Einstieg ?'). Not a translator – just enough for the question's
topic, role, stage, year and period; words a table does not know stay as they are. One small module
per language (`en.py`, `fr.py` …), each with its phrase table (PHRASES) and a few function words
that mark the language (WORDS). Used by bot.rasa.language before anything else reads a message."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import import_module

# ISO 639-1 codes with a phrase table: every language of bot.answers.language.LANGUAGES but German
GLOSSED = ("en", "fr", "es", "it", "tr", "pl", "ru", "uk", "ar")
# Arabic-Indic and Persian digits read as 0–9 (the German rules see '10', not '١٠'); Arabic punctuation as Latin
_NORMALISE = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹؟،؛", "01234567890123456789?,;")
_WORD = re.compile(r"\w+")

Table = list[tuple[re.Pattern[str], str]]


@lru_cache(maxsize=None)
def _table(code: str) -> Table:
    phrases: dict[str, str] = import_module(f"{__name__}.{code}").PHRASES
    return [(re.compile(rf"(?<!\w){pattern}(?!\w)", re.IGNORECASE), german) for pattern, german in phrases.items()]


@lru_cache(maxsize=None)
def _words(code: str) -> frozenset[str]:
    return frozenset(import_module(f"{__name__}.{code}").WORDS)


def gloss(text: str, code: str) -> str:
    """The German gloss of a message in language `code` (unchanged for a language without a table).

    Every phrase of the table is looked for; where matches overlap, the longest wins, so
    'formation continue' is 'Weiterbildung', not 'Ausbildung' + 'continue'. Numbers are kept, the
    language's function words that no phrase holds are dropped.
    """
    if code not in GLOSSED:
        return text
    text = text.translate(_NORMALISE)
    found = [(m.start(), m.end(), german, m) for pattern, german in _table(code)
             for m in pattern.finditer(text) if m.end() > m.start()]
    taken: list[tuple[int, int, str]] = []
    for start, end, german, match in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if all(end <= s or e <= start for s, e, _ in taken):
            taken.append((start, end, match.expand(german)))
    out, last = [], 0
    for start, end, german in sorted(taken):
        out += [_without_markers(text[last:start], code), german]
        last = end
    return re.sub(r"(?<=\S) {2,}", " ", "".join(out + [_without_markers(text[last:], code)]))


def _without_markers(text: str, code: str) -> str:
    """Text between glossed phrases without the function words of its language: the German search would
    read 'the' or 'of' as words asked with ('What are the 8 Ps of relationship marketing?')."""
    return _WORD.sub(lambda m: "" if m.group().lower() in _words(code) else m.group(), text)


def marker_counts(text: str) -> dict[str, int]:
    """How many of the message's words are function words of each glossed language ('combien',
    'un', 'en' → French 3, Spanish 2): what the message is written in, whatever names it quotes."""
    tokens = _WORD.findall(text.lower())
    return {code: sum(token in _words(code) for token in tokens) for code in GLOSSED}
