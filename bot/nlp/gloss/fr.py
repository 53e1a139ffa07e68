"""French → German gloss table ('Combien gagne un apprenti la première année ?' → 'wie viel verdient
ein Azubi im ersten Lehrjahr ?'); the engine is bot.nlp.gloss."""
from __future__ import annotations

# French phrase → German words; where matches overlap the longest wins; `\d+` keeps its number.
PHRASES: dict[str, str] = {
    r"minimum|minimale?s?": "Mindest", r"(?:qui )?commenc\w* en (\d{4})": r"Ausbildungsbeginn \1",
    r"combien (?:est-ce qu'on |peut-on |puis-je |on |je )?(?:gagne(?:nt|s|r)?|touche(?:nt|s|r)?)": "wie viel verdient",
    r"combien de temps(?: dure(?:nt)?)?": "wie lange dauert", r"combien": "wie viel",
    r"gagn(?:e|es|ent|er)|touch(?:e|ent|er)": "verdient", r"salaires?|rémunérations?|paye|paie": "Gehalt",
    r"salaire (?:de départ|d'entrée|de début|d'embauche)": "Einstiegsgehalt",
    r"au début(?: de (?:sa|la|ma|leur) carrière)?|en début de carrière|débutants?|au départ|à l'embauche|jeunes? diplômée?s?": "Einstieg",
    r"après (\d+) ans": r"nach \1 Jahren", r"après dix ans": "nach 10 Jahren", r"après cinq ans": "nach 5 Jahren",
    r"avec (\d+) ans d'expérience": r"mit \1 Jahren Berufserfahrung",
    r"(?:en |pendant la |la )?(?:première|1re|1ère) année": "im ersten Lehrjahr",
    r"(?:en |pendant la |la )?(?:deuxième|seconde|2e|2ème) année": "im zweiten Lehrjahr",
    r"(?:en |pendant la |la )?(?:troisième|3e|3ème) année": "im dritten Lehrjahr",
    r"par mois|mensuel(?:le)?s?|mensuellement": "im Monat", r"par an|par année|annuel(?:le)?s?|annuellement": "im Jahr",
    r"bruts?": "brutto", r"nets?": "netto", r"moyen(?:ne)?s?": "Durchschnitt",
    r"apprentie?s?|alternante?s?": "Azubi", r"en apprentissage|en formation": "in der Ausbildung",
    r"salaire (?:d'une? |des )?apprentie?s?|rémunération (?:de l'|d'une? |des )?apprentie?s?": "Ausbildungsvergütung",
    r"apprentissage|formation(?: professionnelle)?|alternance": "Ausbildung",
    r"diplôme|certificat (?:scolaire|de fin d'études)|niveau d'études|brevet": "Schulabschluss", r"bac": "Abitur",
    r"(?:il )?faut-il|(?:ai-je|a-t-on) besoin": "braucht man", r"prérequis|conditions(?: d'accès)?|exigences|requis": "Voraussetzungen",
    r"examens?|épreuves?": "Prüfung", r"dur(?:e|ent|ée)": "dauert",
    r"tâches|missions|que fait (?:une?|le|la)|quotidien": "Aufgaben", r"compétences|qualités": "Kenntnisse",
    r"outils|logiciels?": "Tools", r"langues?": "Sprachen", r"carrière|évolution|perspectives": "Karriere",
    r"formation continue|perfectionnement": "Weiterbildung", r"études(?: supérieures)?|université|licence|master": "Studium",
    r"reconversion|sans formation|changer de métier": "Quereinstieg",
    r"horaires(?: de travail)?|heures par semaine|temps de travail": "Arbeitszeit",
    r"code (?:kldb|du métier|de (?:la )?profession)": "Berufskennziffer",
    r"qu'est-ce que(?: c'est que)?|c'est quoi|que (?:veut dire|signifie)": "was ist",
    r"clients?|clientèle": "Kunden", r"marketing relationnel": "Beziehungsmarketing",
    r"marketing direct|marketing de dialogue": "Dialogmarketing", r"points? de contact": "Kundenkontaktpunkte",
    r"(?:responsable|chef de projet|manager) (?:du )?marketing (?:en ligne|digital|numérique|web)": "Online Marketing Manager",
    r"en allemagne": "in Deutschland", r"une?": "ein", r"bonjour|salut": "Hallo",
    r"après (?:la |sa |l'|mon |son )(?:formation|apprentissage)": "nach der Ausbildung", r"quel(?:le)?s?": "welche",
    r"pour devenir|en tant que|comme": "als", r"pour": "für", r"après": "nach",
}
# Function words that mark French: bot.answers.language counts them.
WORDS = ("combien", "quel", "quelle", "quels", "comment", "est", "le", "les", "un", "une", "du", "des", "au",
         "pour", "avec", "après", "je", "gagne", "faut", "qu", "que", "sa", "son", "en", "ce", "dure", "bonjour",
         "parlez", "parles", "français", "francais")
