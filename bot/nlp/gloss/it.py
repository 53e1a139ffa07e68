"""Italian → German gloss table ('Quanto guadagna un apprendista il primo anno?' → 'wie viel verdient
ein Azubi im ersten Lehrjahr?'); the engine is bot.nlp.gloss."""
from __future__ import annotations

# Italian phrase → German words; where matches overlap the longest wins; `\d+` keeps its number.
PHRASES: dict[str, str] = {
    r"minim[oaie]": "Mindest", r"(?:che )?inizi\w* nel (\d{4})": r"Ausbildungsbeginn \1",
    r"quanto (?:si |posso |può |possono )?(?:guadagn(?:a|ano|are|o)|prende(?:re)?)": "wie viel verdient",
    r"quanto (?:tempo )?dura(?:no)?": "wie lange dauert", r"quanto tempo": "wie lange", r"quanto": "wie viel",
    r"guadagn(?:a|ano|are)": "verdient", r"stipendi[oi]?|salari[oi]?|retribuzione|paga": "Gehalt",
    r"stipendio (?:iniziale|d'ingresso|di partenza)": "Einstiegsgehalt",
    r"all'inizio(?: della carriera)?|agli inizi|per iniziare|neolaureat[oi]|principianti?": "Einstieg",
    r"dopo (\d+) anni": r"nach \1 Jahren", r"dopo dieci anni": "nach 10 Jahren", r"dopo cinque anni": "nach 5 Jahren",
    r"con (\d+) anni di esperienza": r"mit \1 Jahren Berufserfahrung",
    r"(?:nel |al |il )?primo anno": "im ersten Lehrjahr", r"(?:nel |al |il )?secondo anno": "im zweiten Lehrjahr",
    r"(?:nel |al |il )?terzo anno": "im dritten Lehrjahr",
    r"al mese|mensil(?:e|i|mente)": "im Monat", r"all'anno|annu(?:o|i|ale|ali|almente)": "im Jahr",
    r"lord[oi]": "brutto", r"nett[oi]": "netto", r"medi[oa]": "Durchschnitt",
    r"apprendist[ai]": "Azubi", r"(?:stipendio|paga|retribuzione) (?:degli |dell'|di un )apprendist[ai]": "Ausbildungsvergütung",
    r"apprendistato|formazione(?: professionale)?": "Ausbildung",
    r"titolo di studio|diploma|licenza media|maturità": "Schulabschluss",
    r"serv(?:e|ono)|ho bisogno": "braucht man", r"requisiti|necessari[oa]?": "Voraussetzungen",
    r"esam[ei]|prov[ae] finali?": "Prüfung", r"durata|dura(?:no)?": "dauert",
    r"compiti|mansioni|cosa fa (?:una?|il|la)": "Aufgaben", r"competenze|capacità|conoscenze": "Kenntnisse",
    r"materie(?: scolastiche)?": "Schulfächer",
    r"strumenti|software": "Tools", r"lingue": "Sprachen", r"carriera|crescita professionale": "Karriere",
    r"formazione continua|aggiornamento professionale|corsi di specializzazione": "Weiterbildung",
    r"studi(?: universitari)?|università|laurea|studiare": "Studium",
    r"cambio di (?:carriera|professione)|senza formazione|riconversione": "Quereinstieg",
    r"orari[oi](?: di lavoro)?|ore (?:a|alla|per) settimana": "Arbeitszeit",
    r"codice (?:kldb|della professione)": "Berufskennziffer",
    r"(?:che )?cos(?:a |')è": "was ist", r"(?:che )?cosa sono": "was sind",
    r"clienti": "Kunden", r"marketing relazionale": "Beziehungsmarketing",
    r"marketing diretto|marketing del dialogo": "Dialogmarketing", r"punti di contatto": "Kundenkontaktpunkte",
    r"responsabile (?:del )?marketing (?:online|digitale)": "Online Marketing Manager",
    r"in germania": "in Deutschland", r"una?": "ein", r"ciao|buongiorno": "Hallo",
    r"dopo (?:la |l'|il )(?:formazione|apprendistato)": "nach der Ausbildung", r"quali?": "welche",
    r"per diventare|come": "als", r"per": "für", r"dopo": "nach",
}
# Function words that mark Italian: bot.answers.language counts them.
WORDS = ("quanto", "quanta", "quale", "come", "che", "il", "lo", "gli", "un", "una", "del", "della", "con",
         "dopo", "guadagna", "serve", "è", "dura", "cosa", "sono", "nel", "quali", "ciao", "buongiorno", "parli",
         "parla", "parlate", "italiano")
