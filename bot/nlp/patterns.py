"""Entity-ruler patterns generated from the knowledge base, so a new alias in data/kb/
is recognised after `make nlp` without a single new training example."""
from __future__ import annotations

import itertools
from typing import Any, Callable, Iterable

from bot.text import fold

Pattern = dict[str, Any]
GENDER_SUFFIXES = ("", "*in", ":in", "/in", "_in", "In")
JOINERS = (" ", "-", "")


def spellings(alias: str) -> set[str]:
    """'Online Marketing Manager' → also 'Online-Marketing-Manager', 'Onlinemarketingmanager',
    'Online Marketing-Manager', … and the gender forms '…Manager*in', '…Manager/in'."""
    parts = alias.split()
    variants = set()
    for joiners in itertools.product(JOINERS, repeat=len(parts) - 1):
        text = parts[0] + "".join(j + p for j, p in zip(joiners, parts[1:]))
        variants.update(text + suffix for suffix in GENDER_SUFFIXES if not text.endswith(("in", "In")) or not suffix)
    return variants


def _token(text: str) -> Pattern:
    lower = text.lower()
    return {"LOWER": {"IN": sorted({lower, fold(lower)})}}


def _phrases(spelling: str, make_doc: Callable) -> list[str] | None:
    """Every umlaut/folded combination of a spelling as lower-case text, tokenised exactly like the
    spelling – or None where folding would change the tokens (then a token pattern is used)."""
    doc = make_doc(spelling)
    options = [sorted({t.lower_, fold(t.lower_)}) for t in doc]
    texts = []
    for combo in itertools.product(*options):
        text = "".join(word + t.whitespace_ for word, t in zip(combo, doc))
        if [t.lower_ for t in make_doc(text)] != list(combo):
            return None
        texts.append(text)
    return texts


def alias_patterns(label: str, aliases: Iterable[tuple[str, str]], make_doc: Callable) -> list[Pattern]:
    """Phrase patterns (the ruler matches them on LOWER, which is far cheaper than thousands of
    token patterns); umlauts match both 'ü' and 'ue'."""
    seen: set[tuple[str, str]] = set()
    patterns: list[Pattern] = []
    for alias, target in aliases:
        for spelling in sorted(spellings(alias)):
            phrases = _phrases(spelling, make_doc)
            if phrases is None:
                patterns.append({"label": label, "id": target, "pattern": [_token(t.text) for t in make_doc(spelling)]})
                continue
            for phrase in phrases:
                if (phrase, target) not in seen:
                    seen.add((phrase, target))
                    patterns.append({"label": label, "id": target, "pattern": phrase})
    return patterns
