"""Polish → German gloss table ('Ile zarabia Online Marketing Manager na początku?' → 'wie viel
verdient Online Marketing Manager Einstieg?'); the engine is bot.nlp.gloss. Polish declines its
nouns, so most entries match a stem and whatever follows it (`\\w*`)."""
from __future__ import annotations

# Polish phrase → German words; where matches overlap the longest wins; `\d+` keeps its number.
PHRASES: dict[str, str] = {
    r"minimaln\w*|minimum": "Mindest", r"po zakończeniu (?:nauki zawodu|szkolenia|kształcenia|praktyk)\w*(?: zawodow\w*)?": "nach der Ausbildung",
    r"(?:któr\w* )?zacz\w* (?:naukę |szkolenie )?w (\d{4})(?: roku)?": r"Ausbildungsbeginn \1",
    r"ile (?:można |mogę |się )?zarabia\w*|ile (?:można |mogę )?zarobi\w*": "wie viel verdient",
    r"(?:ile|jak długo) (?:czasu )?trwa\w*": "wie lange dauert", r"jak długo": "wie lange", r"ile": "wie viel",
    r"zarabia\w*|zarobi\w*": "verdient", r"zarobk\w*|pensj\w*|wynagrodze\w*|płac\w*": "Gehalt",
    r"(?:pensja|wynagrodzenie|płaca) (?:początkow\w*|na start)": "Einstiegsgehalt",
    r"na (?:początku|start)(?: kariery)?|początkując\w*|absolwen\w*": "Einstieg",
    r"po (\d+) lat(?:ach)?": r"nach \1 Jahren", r"po dziesięciu latach": "nach 10 Jahren",
    r"po pięciu latach": "nach 5 Jahren", r"z (\d+)[- ]letnim doświadczeniem": r"mit \1 Jahren Berufserfahrung",
    r"(?:w|na) pierwszym roku": "im ersten Lehrjahr", r"(?:w|na) drugim roku": "im zweiten Lehrjahr",
    r"(?:w|na) trzecim roku": "im dritten Lehrjahr",
    r"miesięcznie|na miesiąc|w miesiącu": "im Monat", r"rocznie|na rok|w roku": "im Jahr",
    r"brutto": "brutto", r"netto|na rękę": "netto", r"średni\w*": "Durchschnitt",
    r"ucz(?:eń|ni\w*)|praktykan\w*|na praktykach|w trakcie nauki zawodu": "Azubi",
    r"wynagrodzenie (?:ucznia|praktykanta|za praktyki)|pensja ucznia": "Ausbildungsvergütung",
    r"nauk\w* zawodu|(?:szkoleni|kształceni)\w* zawodow\w*|praktyk\w* zawodow\w*|szkoleni\w*": "Ausbildung",
    r"świadectw\w*|wykształceni\w*|dyplom\w*": "Schulabschluss", r"matur\w*": "Abitur",
    r"potrzebuję|potrzeba|trzeba": "braucht man", r"wymaga\w*|warunki\w*": "Voraussetzungen",
    r"egzamin\w*": "Prüfung", r"trwa\w*|czas trwania": "dauert",
    r"zadani\w*|obowiązk\w*|czym się zajmuje|co robi": "Aufgaben", r"umiejętnoś\w*|kompetencj\w*": "Kenntnisse",
    r"narzędzi\w*|oprogramowani\w*": "Tools", r"język\w* obc\w*|język\w*": "Sprachen",
    r"karier\w*|awans\w*|rozwój\w*": "Karriere", r"dokształcani\w*|kurs\w*": "Weiterbildung",
    r"studi\w*|uczelni\w*|uniwersytet\w*": "Studium",
    r"przekwalifikowani\w*|zmian\w* zawodu|bez wykształcenia": "Quereinstieg",
    r"godzin\w* pracy|czas pracy|godzin (?:w|na) tydzień|tygodniowo": "Arbeitszeit",
    r"kod (?:zawodu|kldb)": "Berufskennziffer", r"co to (?:jest|są)|czym jest": "was ist",
    r"klien\w*": "Kunden", r"marketing\w* relacj\w*": "Beziehungsmarketing",
    r"marketing\w* (?:dialogow|bezpośredni)\w*": "Dialogmarketing", r"punkt\w* kontaktu": "Kundenkontaktpunkte",
    r"(?:menedżer|specjalist|kierownik)\w* (?:ds\. )?marketingu (?:internetowego|online|cyfrowego)": "Online Marketing Manager",
    r"w niemczech": "in Deutschland", r"dzień dobry|cześć": "Hallo",
    r"po (?:nauce zawodu|szkoleniu|praktykach)": "nach der Ausbildung", r"jaki[e]?|jaka|któr\w*": "welche",
    r"jako": "als", r"dla": "für", r"wystarcz\w*": "reicht",
}
# Function words that mark Polish: bot.answers.language counts them.
WORDS = ("ile", "jak", "jaki", "jaka", "jakie", "czy", "się", "na", "po", "jako", "zarabia", "trwa", "dla",
         "co", "potrzebuję", "w", "jest", "są", "mogę", "można", "wystarczy")
