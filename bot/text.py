"""Text normalisation shared by alias matching, the spaCy rules and the tests.

People type "Kaufmann fuer Dialog-Marketing", "online marketing managerin" or "OMM";
all of these must meet the same key, so matching works on a folded form."""
from __future__ import annotations

import difflib
import re

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
