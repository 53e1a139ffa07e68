"""English questions read as German: a phrase-by-phrase gloss into the words the German pipeline
knows ('How much does an apprentice earn in the first year?' → 'wie viel Azubi verdient im ersten
Lehrjahr?'). Not a translator – just enough for the question's topic, role, stage, year and period;
words it does not know stay as they are. Used by bot.rasa.language before anything else reads a message."""
from __future__ import annotations

import re

# English phrase → German words. Longer phrases are tried first; `\d+` keeps its number.
PHRASES: dict[str, str] = {
    r"how much (?:money )?(?:can|do|does|will) (?:i|you|one|they|he|she|an?|the)\b": "wie viel verdient",
    r"how much": "wie viel", r"earn(?:s|ing)?": "verdient", r"make": "verdient", r"get paid": "verdient",
    r"salar(?:y|ies)": "Gehalt", r"wages?": "Lohn", r"pay": "Gehalt", r"income": "Einkommen",
    r"starting salar(?:y|ies)": "Einstiegsgehalt", r"entry[- ]level|as a beginner|at the (?:start|beginning)|when starting|graduates?": "Einstieg",
    r"after (\d+) years?": r"nach \1 Jahren", r"with (\d+) years? of experience": r"mit \1 Jahren Berufserfahrung",
    r"after ten years?": "nach 10 Jahren", r"after five years?": "nach 5 Jahren",
    r"(?:in )?the first year": "im ersten Lehrjahr", r"(?:in )?the second year": "im zweiten Lehrjahr",
    r"(?:in )?the third year": "im dritten Lehrjahr", r"(?:in )?the fourth year": "im vierten Lehrjahr",
    r"(?:in )?(?:the )?(?:1st|year 1)": "im ersten Lehrjahr", r"(?:in )?(?:the )?(?:2nd|year 2)": "im zweiten Lehrjahr",
    r"(?:in )?(?:the )?(?:3rd|year 3)": "im dritten Lehrjahr",
    r"per month|a month|monthly": "im Monat", r"per year|a year|annual(?:ly)?|yearly": "im Jahr",
    r"gross": "brutto", r"net": "netto", r"average|median": "Durchschnitt", r"statistics?": "Statistik",
    r"minimum (?:training|apprentice(?:ship)?) (?:pay|wage|allowance)|minimum wage for apprentices": "Mindestausbildungsvergütung",
    r"apprentices?|trainees? in training": "Azubi", r"apprenticeship|vocational training|training": "Ausbildung",
    r"trainee(?:ship)?": "Trainee", r"school[- ]leaving certificate|school certificate|diploma|qualifications?": "Schulabschluss",
    r"(?:do )?i need|required|requirements?": "Voraussetzungen brauche", r"exams?|tests?": "Prüfung",
    r"how long": "wie lange", r"duration|last(?:s)?": "dauert", r"tasks?|duties|what does (?:an?|the) \w+ do": "Aufgaben",
    r"skills?": "Kenntnisse", r"tools?|software": "Tools", r"languages?": "Sprachen", r"career(?: steps?)?": "Karriere",
    r"further training|continuing education": "Weiterbildung", r"stud(?:y|ies)|degree|university": "Studium",
    r"career changers?|lateral entry|side entry": "Quereinstieg", r"working hours|hours per week": "Arbeitszeit",
    r"occupation code|job code": "Berufskennziffer", r"what is": "was ist", r"what are": "was sind",
    r"customer": "Kunden", r"relationship marketing": "Beziehungsmarketing", r"touch ?points?": "Kundenkontaktpunkte",
}
_COMPILED = [(re.compile(rf"(?<!\w){pattern}(?!\w)", re.IGNORECASE), german)
             for pattern, german in sorted(PHRASES.items(), key=lambda item: -len(item[0]))]


def gloss(text: str) -> str:
    """The German gloss of an English message; each phrase is replaced once, longest first."""
    taken: list[tuple[int, int, str]] = []
    for pattern, german in _COMPILED:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e, _ in taken):
                continue
            taken.append((match.start(), match.end(), match.expand(german)))
    out, last = [], 0
    for start, end, german in sorted(taken):
        out += [text[last:start], german]
        last = end
    return "".join(out + [text[last:]])
