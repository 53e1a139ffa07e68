"""English → German gloss table ('How much does an apprentice earn in the first year?' → 'wie viel
Azubi verdient im ersten Lehrjahr?'); the engine is bot.nlp.gloss."""
from __future__ import annotations

# English phrase → German words; where matches overlap the longest wins; `\d+` keeps its number.
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
    # 'in the first and in the third year': each ordinal before 'and' is a year of its own
    r"(?:in )?the first(?= and (?:in )?the \w+ year)": "im ersten Lehrjahr",
    r"(?:in )?the second(?= and (?:in )?the \w+ year)": "im zweiten Lehrjahr",
    r"(?:in )?the third(?= and (?:in )?the \w+ year)": "im dritten Lehrjahr",
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
    r"(?:kldb |occupation |job )code": "Berufskennziffer", r"in germany": "in Deutschland", r"what is": "was ist", r"what are": "was sind",
    r"customer": "Kunden", r"relationship marketing": "Beziehungsmarketing", r"touch ?points?": "Kundenkontaktpunkte",
    r"after (?:the|your|an?|my) (?:apprenticeship|training)": "nach der Ausbildung",
    r"data protection|data security|privacy": "Datenschutz", r"job titles?|titles?": "Berufsbezeichnungen",
    r"agenc(?:y|ies)|service providers?|other departments?|departments?": "Stakeholder Dienstleister",
    r"employees|staff": "Mitarbeiter", r"customer (?:loyalty|retention)": "Kundenbindung",
    r"service (?:sector|industry)": "Dienstleistung", r"school subjects?": "Schulfächer",
}
# Function words that mark English (none of them German): bot.answers.language counts them.
WORDS = ("what", "which", "how", "the", "does", "do", "is", "are", "can", "you", "my", "much", "long",
         "need", "earn", "after", "of", "with", "and", "to", "there", "should", "would",
         "anyone", "anybody", "someone", "hello", "here", "please", "whats", "for", "your", "about", "this", "that",
         "from")
