"""Ukrainian → German gloss table ('Скільки триває навчання?' → 'wie lange dauert Ausbildung?'); the
engine is bot.nlp.gloss. Ukrainian declines its nouns, so most entries match a stem and whatever
follows it (`\\w*`); the apostrophe may be typed ', ’ or ʼ."""
from __future__ import annotations

# Ukrainian phrase → German words; where matches overlap the longest wins; `\d+` keeps its number.
PHRASES: dict[str, str] = {
    r"мінімальн\w*|мінімум\w*": "Mindest", r"оплат\w*|винагород\w*": "Vergütung",
    r"(?:які |хто )?поча\w* (?:навчання )?(?:у|в) (\d{4})(?: році)?": r"Ausbildungsbeginn \1",
    r"скільки (?:можна )?(?:заробля|отриму|плат)\w*": "wie viel verdient",
    r"(?:скільки|як довго) (?:часу )?(?:триває|продовжується|йде)": "wie lange dauert",
    r"як довго|скільки часу": "wie lange", r"скільки": "wie viel",
    r"заробля\w*|отриму\w*": "verdient", r"зарплат\w*|заробітн\w* плат\w*|оклад\w*|дох[іо]д\w*|заробіт\w*": "Gehalt",
    r"(?:стартов|початков)\w* зарплат\w*": "Einstiegsgehalt",
    r"на початку(?: кар['’ʼ]?єри)?|на старті|початківц\w*|початківець|випускник\w*": "Einstieg",
    r"(?:через|після) (\d+) (?:рок\w*|літ)": r"nach \1 Jahren", r"(?:через|після) десят\w* рок\w*": "nach 10 Jahren",
    r"(?:через|після) п['’ʼ]?ят\w* рок\w*": "nach 5 Jahren", r"з досвідом (?:роботи )?(\d+) (?:рок\w*|літ)": r"mit \1 Jahren Berufserfahrung",
    r"(?:на|в|у) першому (?:році|курсі)|(?:в|у) перший рік": "im ersten Lehrjahr",
    r"(?:на|в|у) другому (?:році|курсі)|(?:в|у) другий рік": "im zweiten Lehrjahr",
    r"(?:на|в|у) третьому (?:році|курсі)|(?:в|у) третій рік": "im dritten Lehrjahr",
    r"на місяць|щомісяця|(?:в|у) місяць|місячн\w*": "im Monat", r"на рік|щороку|(?:в|у) рік|річн\w*": "im Jahr",
    r"брутто|до сплати податків": "brutto", r"нетто|на руки|чистими": "netto", r"середн\w*": "Durchschnitt",
    r"учень|учн\w*|практикант\w*": "Azubi", r"стажер\w*|стажист\w*": "Trainee",
    r"зарплат\w* учн\w*|стипенді\w*": "Ausbildungsvergütung",
    r"(?:професійн\w* )?навчанн\w*|профнавчанн\w*|підготовк\w*": "Ausbildung",
    r"атестат\w*|шкільн\w* освіт\w*|освіт\w*|диплом\w*": "Schulabschluss",
    r"потрібн\w*|треба": "braucht man", r"вимог\w*|умов\w*": "Voraussetzungen",
    r"іспит\w*|екзамен\w*": "Prüfung", r"триває|тривалість|продовжується": "dauert",
    r"завдан\w*|обов['’ʼ]?язк\w*|чим займа\w*|що робить": "Aufgaben", r"навичк\w*|умінн\w*|компетенц\w*": "Kenntnisse",
    r"інструмент\w*": "Tools", r"іноземн\w* мов\w*|мови": "Sprachen", r"кар['’ʼ]?єр\w*|підвищенн\w*": "Karriere",
    r"підвищенн\w* кваліфікації|додатков\w* освіт\w*|курс\w*": "Weiterbildung",
    r"університет\w*|вищ\w* освіт\w*|виш\w*": "Studium",
    r"змін\w* професії|без освіти|перекваліфікац\w*": "Quereinstieg",
    r"робоч\w* час\w*|графік\w* роботи|годин на тиждень": "Arbeitszeit",
    r"код\w* (?:професії|kldb)": "Berufskennziffer", r"що таке|що це": "was ist",
    r"клієнт\w*": "Kunden", r"маркетинг\w* відносин": "Beziehungsmarketing",
    r"(?:діалогов|прям)\w* маркетинг\w*": "Dialogmarketing", r"точк\w* контакт\w*": "Kundenkontaktpunkte",
    r"менеджер\w* з (?:інтернет|онлайн)[- ]маркетингу|(?:інтернет|онлайн)[- ]маркетолог\w*": "Online Marketing Manager",
    r"(?:в|у) німеччині": "in Deutschland", r"привіт|добрий день|вітаю": "Hallo",
    r"після навчання": "nach der Ausbildung", r"як(?:і|ий|а|е)": "welche", r"для": "für",
}
# Words that mark Ukrainian (the Cyrillic script already sets it apart from the Latin-script languages).
WORDS = ("скільки", "як", "що", "це", "на", "в", "у", "після", "через", "потрібно", "який", "які", "чи")
