"""Finding names in free text: which keys of an index (aliases, fields, career-step titles, marketing
topics; built by `KnowledgeBase` from its tables) a message spells – whole, as a run of words, with
ordinals folded, or closely misspelt. Pure functions over plain dicts."""
from __future__ import annotations

import re

from bot.text import STOPWORDS, key, match_key, words

MAX_ALIAS_WORDS = 6

_DIGIT_ORDINAL = re.compile(r"^(\d+)(?:te|ten|tes|ter|tem)$")


# 'dem 7. und dem 8. P': both ordinals name a P
SHARED_P = re.compile(r"\b(\d)\.?\s+((?:und|oder|bis|vs\.?|versus|mit)\s+(?:dem\s+|das\s+)?\d\.?\s*Ps?\b)", re.I)


def beside_titles(text: str, index: dict[str, str], titles: dict[str, str]) -> list[str]:
    """The values of `index` free text names, a role's title (`titles`, the alias index) taking its words
    first: 'Online Marketing Manager' names no step 'Marketing Manager', 'Kaufmann für Dialogmarketing' no
    topic 'Dialogmarketing'."""
    both = {**{k: f"+{v}" for k, v in index.items()}, **titles}
    for tokens in (words(text), ordinal_folded(words(text))):  # 'zum 7ten P' folded when nothing is named as typed
        found = [v[1:] for v in spelled(tokens, both) if v.startswith("+")]
        if found:
            return found
    return []


def ordinal_folded(tokens: list[str]) -> list[str]:
    """'7ten' → '7' (the key of '7. P'), 'siebten' → 'siebte': ordinal inflections aliases do not list."""
    out = []
    for token in tokens:
        digits = _DIGIT_ORDINAL.match(token)
        out.append(digits.group(1) if digits else
                   token[:-1] if len(token) > 5 and token.endswith(("ten", "ter", "tem", "tes")) and token[-3] == "t" else token)
    return out


def resolve_all(text: str, index: dict[str, str]) -> list[str]:
    """Every value whose key a run of words spells exactly, longest runs first, runs not overlapping;
    with ordinals folded when the words as typed name nothing ('zum 7ten P')."""
    found = spelled(words(text), index)
    return found or spelled(ordinal_folded(words(text)), index)


# Words that join two names sharing a word ('Dialogmarketing Fachkraft vs. Spezialist').
_JOINING = {"vs", "versus", "oder", "und", "gegen", "gegenueber"}


def spelled(tokens: list[str], index: dict[str, str]) -> list[str]:
    """The values whose keys runs of `tokens` spell, in order of appearance (see `resolve_all`); a lone word
    joined to a run names the run with that word in place of its last or first one: 'Dialogmarketing Fachkraft
    vs. Spezialist' names the Spezialist im Dialogmarketing too, 'Fachkraft oder Spezialist im Dialogmarketing'
    the Fachkraft."""
    taken = [False] * len(tokens)
    found: list[tuple[int, str]] = []
    runs: list[tuple[int, int]] = []
    for n in range(min(MAX_ALIAS_WORDS, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            if any(taken[i:i + n]):
                continue
            value = index.get("".join(tokens[i:i + n]))
            if value is not None:
                taken[i:i + n] = [True] * n
                found.append((i, value))
                runs.append((i, n))
    for i, n in runs:
        if n < 2:
            continue
        run = tokens[i:i + n]
        after, before = i + n + 1, i - 2  # the lone word beyond a joining word
        if after < len(tokens) and not taken[after] and tokens[after - 1] in _JOINING:
            value = index.get("".join(run[:-1] + [tokens[after]]))
            if value is not None:
                taken[after] = True
                found.append((after, value))
        if before >= 0 and not taken[before] and tokens[before + 1] in _JOINING:
            value = index.get("".join([tokens[before]] + run[1:]))
            if value is not None:
                taken[before] = True
                found.append((before, value))
    return list(dict.fromkeys(value for _, value in sorted(found)))


def resolve(text: str, index: dict[str, str]) -> str | None:
    """Exact key, then the longest run of words that is a known key, then a close spelling – of a run that
    neither starts nor ends with a word that carries no name: 'die Marketing-Spezialisten' is a close spelling
    of no 'Dialogmarketing Spezialisten', 'Marketing-Spezialisten' is one of 'Marketing Spezialist'."""
    whole = key(text)
    if whole in index:
        return index[whole]
    tokens = words(text)
    runs = [tokens[i:i + n] for n in range(min(MAX_ALIAS_WORDS, len(tokens)), 0, -1)
            for i in range(len(tokens) - n + 1)]
    for joined in map("".join, runs):
        if joined in index:
            return index[joined]
    for run in runs:
        found = None if _nameless_edge(run) else match_key("".join(run), index)
        if found:
            return found
    return None


def _nameless_edge(run: list[str]) -> bool:
    """A run of words that starts or ends with a word no name starts or ends with ('die', 'fuer'); the
    gender suffix of 'Manager*in' is a name's last word."""
    return run[0] in STOPWORDS or (run[-1] in STOPWORDS and run[-1] != "in")
