"""Text normalisation shared by alias matching, the spaCy rules and the tests.

People type "Kaufmann fuer Dialog-Marketing", "online marketing managerin" or "OMM";
all of these must meet the same key, so matching works on a folded form."""
from __future__ import annotations

import difflib
import re
import threading
from functools import lru_cache
from typing import Callable

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e"})
_WORD = re.compile(r"[0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case and spell umlauts out (ä → ae) so both spellings compare equal."""
    return text.lower().translate(_FOLD)


def words(text: str) -> list[str]:
    """Folded words, with hyphens, slashes, gender stars and punctuation dropped."""
    return _WORD.findall(fold(text))


def key(text: str) -> str:
    """A separator-free key: 'Online-Marketing-Manager' == 'Onlinemarketing Manager'."""
    return "".join(words(text))


FUZZY_CUTOFF = 0.88
FUZZY_MIN_LENGTH = 8


def match_key(joined: str, index: dict[str, str], fuzzy: bool = True) -> str | None:
    """The value of an exact key, else of a close spelling ('onlinemarketngmanager');
    short keys never match fuzzily, so 'OMM' cannot turn into 'Oma'."""
    if joined in index:
        return index[joined]
    if not fuzzy or len(joined) < FUZZY_MIN_LENGTH:
        return None
    keys = [k for k in index if len(k) >= FUZZY_MIN_LENGTH and abs(len(k) - len(joined)) <= 3]
    close = difflib.get_close_matches(joined, keys, n=1, cutoff=FUZZY_CUTOFF)
    return index[close[0]] if close else None


# Words that carry no topic in a question; they never decide which fact is asked for.
STOPWORDS = frozenset(words("""
aber alle alles als also am an auch auf aus bei beim bin bis bist da dabei dafuer damit dann das dass dem den denn der des
die dies diese dieser dir doch dort du durch ein eine einem einen einer eines er es etwa euch eure fuer gibt gibts hab habe
haben hat hatte hier ich ihm ihn ihr ihre im in ist ja jetzt kann kannst koennen man mal mein meine mich mir mit muss
muessen nach nicht noch nur ob oder schon sehr sein seine sich sie sind so soll sollte um und uns unter viel viele vom
von vor war was weil welche welcher welches welchen welchem wenn wer werden wie wieviel wird wo zu zum zur ueber eigentlich genau bitte
denn halt eher gerne gern ungefaehr circa ca sagen sag mir weiss wissen erklaer erklaeren moechte will wollen fuers ins aufs ums vors uebers steht stehen heisst heissen
waren gewesen wurde wurden darueber ueberhaupt bedeutet bedeuten meint meinen gemeint geht gehts reicht reichen reichts kurz knapp grob beschreib beschreibe beschreiben job jobs beruf berufe nochmal ganz ganze ganzen ganzer ganzes mehr nen to paar einige einigen mehrere etwas normal normale normaler normalen anders andere anderer anderen davor genauer liegt liegen ne dich dein deine ab
davon wovon daran darin darauf dadurch brauche brauchst braucht brauchen
"""))
_STEMMER = None
_STEMMER_LOCK = threading.Lock()


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """German Snowball stem of one folded word ('Kanälen' → 'kanal', 'Prüfungsteile' → 'prufungsteil').
    Cached: every turn stems the same knowledge-base keywords and names again (pure Python Snowball)."""
    global _STEMMER
    with _STEMMER_LOCK:  # the stemmer keeps its word in its own fields; the actions run in worker threads
        if _STEMMER is None:
            import snowballstemmer

            _STEMMER = snowballstemmer.stemmer("german")
        return _STEMMER.stemWord(word)


# Ordinals and small numbers as digits, so "das siebte P", "7tes P" and "7. P" meet.
_NUMBER_STEMS = {"erst": "1", "zweit": "2", "zwei": "2", "dritt": "3", "drei": "3", "viert": "4", "vier": "4",
                 "funft": "5", "funf": "5", "sech": "6", "siebt": "7", "sieb": "7", "acht": "8"}
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:te|ten|tes|ter|tem|s)$")


# How long an answer should be ('in 1-2 Sätzen', 'in drei Worten', 'Schritt für Schritt') and 'den ganzen Tag' (all day) say nothing
# about the fact asked.
_NO_FACT = re.compile(r"\b(\d+|ein(em)?|zwei|drei|paar|wenigen)(\s*[-–]\s*\d+)?\s+(s(ä|ae)tze?n?|worte?n?|zeilen)\b|"
                     r"\b(den\s+)?ganzen\s+tag\b|\bjeden\s+tag\b|\bschritt\s+f(ü|ue)r\s+schritt\b", re.I)


# 'achten' is the verb ('Worauf achten Arbeitgeber?', 'Worauf muss man achten?') unless an article or
# preposition makes it the ordinal ('im achten Monat', 'das achte P').
_ORDINAL_BEFORE = frozenset(words("der die das den dem des im am zum zur vom beim ein eine einem einen einer und"))


def _attending(word: str, previous: str) -> bool:
    return word == "achtet" or (word == "achten" and previous not in _ORDINAL_BEFORE)


def terms(text: str) -> list[str]:
    """The stems of a text's content words, in order (stopwords dropped, numbers as digits, phrases that
    ask no fact – 'in 1-2 Sätzen', 'den ganzen Tag' – left out)."""
    out = []
    folded = words(_NO_FACT.sub(" ", text))
    for previous, word in zip(["", *folded], folded):
        if word in STOPWORDS or _attending(word, previous):
            continue
        digits = _ORDINAL_DIGITS.match(word)
        stemmed = digits.group(1) if digits else "1" if word == "eins" else stem(word)
        out.append(stemmed if word == "erst" else _NUMBER_STEMS.get(stemmed, stemmed))  # 'erst 2026': not the 1st
    return out


# A sentence ends after '?' or '!', or after a '.' that follows a word of three letters or more
# ('z. B.' and 'ca.' do not end one).
_SENTENCE_END = re.compile(r"(?<=[?!])\s+|(?<=\w{3}\.)\s+")
_COLON = re.compile(r"(?<=:)\s+")


# 'Zwischen- und Abschlussprüfung', 'Online- oder Offline-Aktivitäten': a first part that borrows the second's head
_ELLIPSIS = re.compile(r"\b(\w+)-\s+(und|oder|bzw\.?|sowie|bis)\s+([^\W\d_]+(?:-[^\W\d_]+)*)")
_MIN_HEAD = 5


def expand_ellipses(text: str, is_word: Callable[[str], bool]) -> str:
    """The text with each truncated compound written out ('Zwischen- und Abschlussprüfung' → 'Zwischenprüfung und
    Abschlussprüfung'): the head is the second word's last hyphenated part, else its longest ending that `is_word`."""
    def written_out(match: re.Match[str]) -> str:
        first, joiner, second = match.groups()
        if "-" in second:
            return f"{first}-{second.rsplit('-', 1)[1]} {joiner} {second}"
        head = next((second[i:] for i in range(1, len(second) - _MIN_HEAD + 1) if is_word(second[i:])), None)
        return f"{first}{head} {joiner} {second}" if head else match.group(0)
    return _ELLIPSIS.sub(written_out, text)


def sentences(text: str) -> list[str]:
    """A message's sentences, split after '.', '!' and '?'."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def parts(text: str) -> list[str]:
    """A message's sentences and what a colon sets apart ('Beantworte meine Frage, du Idiot: Reicht …?')."""
    return [p for s in sentences(text) for p in _COLON.split(s) if p]


# A short lead that says who asks: 'Als Umschüler Mitte 30: Wie lange …?', 'Als Informatikerin: Welche …?'.
_WHO_ASKS = re.compile(r"^\s*als\s+[^:?.!]{1,40}:\s*(?=\S)", re.I)


# A list of short fragments that closes a message without a mark ('… was sind die Basics? Gehalt, Arbeitszeit,
# Voraussetzungen') or follows a question asks like that question – without a remark after a dash.
_LISTED = re.compile(r"^\s*[\w-]+(?:\s+[\w-]+){0,2}(?:\s*,\s*[\w-]+(?:\s+[\w-]+){0,2})+"
                     r"(?:\s*(?:,|\bund\b|&)\s*[\w-]+(?:\s+[\w-]+){0,2})?\s*$")
_REMARK = re.compile(r"\s+[–-]\s+")
# A short question that points at the sentence before asks what that sentence says.
_POINTS_BACK = re.compile(r"\b(das|dies|dazu|dar(ü|ue)ber|davon)\b", re.I)
POINTING_WORDS = 7


def asked_sentences(text: str) -> str:
    """The sentences of a longer message that ask, without what it says about the asker: 'Ich hab
    grad meinen Hochschulabschluss. Welche Weiterbildung gibt es für mich?' → the second sentence,
    'Als Informatikerin: Welche technischen Kenntnisse …?' → what follows the colon.
    The whole text when it has one sentence or no question mark."""
    lead = _WHO_ASKS.match(text)
    if lead and text.rstrip().endswith("?"):
        return asked_sentences(text[lead.end():])
    said = sentences(text)
    questions = []
    for i, sentence in enumerate(said):
        listed = _REMARK.split(sentence)[0]  # '… wissen? Dauer, Schule, Geld – unser Sohn fängt bald an.'
        if sentence.rstrip().endswith("?"):
            if i and len(sentence.split()) <= POINTING_WORDS and _POINTS_BACK.search(sentence) \
                    and not said[i - 1].rstrip().endswith("?"):
                questions.append(said[i - 1])  # '… wie die Abschlussprüfung aufgebaut ist. Können Sie das kurz …?'
            questions.append(sentence)
        elif _LISTED.match(listed) and (sentence is said[-1] or said[i - 1].rstrip().endswith("?")):
            questions.append(listed)
    return " ".join(questions) if questions and questions != said else text


def listed_after_question(asked: str) -> int | None:
    """Where the list of fragments starts that follows a question ('Was müssen wir über die Ausbildung wissen?
    Dauer, Schule, Geld'): each fragment asks."""
    said = sentences(asked)
    if len(said) < 2 or not said[-2].rstrip().endswith("?") or not _LISTED.match(said[-1]):
        return None
    return asked.rfind(said[-1])


# A separable verb's particle at the end of its clause ('arbeitet … zusammen?', 'steige … ein?').
_PARTICLE = re.compile(r"\b(ab|an|auf|aus|bei|ein|mit|nach|vor|weg|zurück|zurueck|zusammen|weiter|fest|los|um|hoch|durch)"
                       r"\s*(?=[?!.,;:]|$)", re.I)


_THROUGH = re.compile(r"\b(fallen|fällt|faellt|fiel|fielen|rasseln|rasselt|kommen|kommt)\s+durch\b", re.I)


def particle_verbs(text: str) -> list[str]:
    """Stems of the separable verbs a text may hold: each word of a clause joined with the particle
    that closes it ('Wie viele brechen die Ausbildung ab?' → 'abbrech', among others)."""
    out = []
    for match in _PARTICLE.finditer(text):
        clause = re.split(r"[?!.,;:]", text[:match.start()])[-1]
        particle = fold(match.group(1))
        out += [stem(particle + w) for w in words(clause) if w not in STOPWORDS]
    # 'durch' right after its verb, before the clause ends: 'Wie viele fallen durch die Prüfung?' → 'durchfall'
    out += [stem("durch" + fold(m.group(1))) for m in _THROUGH.finditer(text)]
    return out
