"""Russian → German gloss table ('Сколько зарабатывает ученик на первом году?' → 'wie viel verdient
Azubi im ersten Lehrjahr?'); the engine is bot.nlp.gloss. Russian declines its nouns, so most
entries match a stem and whatever follows it (`\\w*`)."""
from __future__ import annotations

# Russian phrase → German words; where matches overlap the longest wins; `\d+` keeps its number.
PHRASES: dict[str, str] = {
    r"минимальн\w*|минимум\w*": "Mindest", r"оплат\w*|вознагражден\w*": "Vergütung",
    r"начавш\w* (?:обучени\w* |учёб\w* |учеб\w* )?в (\d{4})(?: году)?": r"Ausbildungsbeginn \1",
    r"сколько (?:можно )?(?:зарабатыва|получа|плат)\w*": "wie viel verdient",
    r"(?:сколько|как долго) (?:времени )?(?:длится|идёт|идет|продолжается)": "wie lange dauert",
    r"как долго|сколько времени": "wie lange", r"сколько": "wie viel",
    r"зарабатыва\w*|получа\w*": "verdient", r"зарплат\w*|заработн\w* плат\w*|оклад\w*|доход\w*|заработ\w*": "Gehalt",
    r"(?:стартов|начальн)\w* зарплат\w*": "Einstiegsgehalt",
    r"в начале(?: карьеры)?|на старте|начинающ\w*|новичк\w*|выпускник\w*": "Einstieg",
    r"(?:через|после) (\d+) (?:лет|год\w*)": r"nach \1 Jahren", r"(?:через|после) десят\w* лет": "nach 10 Jahren",
    r"(?:через|после) пят\w* лет": "nach 5 Jahren", r"с опытом (?:работы )?(\d+) (?:лет|год\w*)": r"mit \1 Jahren Berufserfahrung",
    r"(?:на|в) первом (?:году|курсе)|в первый год": "im ersten Lehrjahr",
    r"(?:на|во) втором (?:году|курсе)|во второй год": "im zweiten Lehrjahr",
    r"(?:на|в) третьем (?:году|курсе)|в третий год": "im dritten Lehrjahr",
    r"в месяц|ежемесячно|месячн\w*": "im Monat", r"в год|ежегодно|годов\w*": "im Jahr",
    r"брутто|до вычета налогов": "brutto", r"нетто|на руки|чистыми": "netto", r"средн\w*": "Durchschnitt",
    r"ученик\w*|практикант\w*": "Azubi", r"стажер\w*|стажёр\w*": "Trainee",
    r"зарплат\w* ученик\w*|стипенди\w*": "Ausbildungsvergütung",
    r"(?:профессиональн\w* )?обучени\w*|учёб\w*|учеб\w*|подготовк\w*": "Ausbildung",
    r"аттестат\w*|школьн\w* образовани\w*|образовани\w*|диплом\w*": "Schulabschluss",
    r"нужн\w*|нужен|надо": "braucht man", r"требовани\w*|требуется|услови\w*": "Voraussetzungen",
    r"экзамен\w*": "Prüfung", r"длится|длительность|продолжительность|продолжается": "dauert",
    r"задач\w*|обязанност\w*|чем занима\w*|что делает": "Aufgaben", r"навык\w*|умени\w*|компетенц\w*": "Kenntnisse",
    r"инструмент\w*": "Tools", r"язык\w*": "Sprachen", r"карьер\w*|повышени\w*": "Karriere",
    r"повышени\w* квалификации|дополнительн\w* образовани\w*|курс\w*": "Weiterbildung",
    r"университет\w*|высш\w* образовани\w*|вуз\w*": "Studium",
    r"смен\w* професси\w*|без образования|переквалификац\w*": "Quereinstieg",
    r"рабоч\w* врем\w*|график\w* работы|часов в неделю": "Arbeitszeit",
    r"код\w* (?:професси\w*|kldb)": "Berufskennziffer", r"что такое|что это": "was ist",
    r"клиент\w*": "Kunden", r"маркетинг\w* отношени\w*": "Beziehungsmarketing",
    r"(?:диалогов|прям)\w* маркетинг\w*|директ-маркетинг\w*": "Dialogmarketing", r"точк\w* контакт\w*": "Kundenkontaktpunkte",
    r"менеджер\w* по (?:интернет|онлайн)[- ]маркетингу|(?:интернет|онлайн)[- ]маркетолог\w*": "Online Marketing Manager",
    r"в германии": "in Deutschland", r"здравствуйте|привет|zdravstvuyte|privet": "Hallo",
    r"skolko (?:platyat|zarabatyvaet)|skolko": "wie viel verdient", r"zarplat\w*": "Gehalt",
    r"после (?:обучения|учёбы|учебы)": "nach der Ausbildung", r"как(?:ие|ой|ая|ое)": "welche", r"для": "für",
}
# Words that mark Russian (the Cyrillic script already sets it apart from the Latin-script languages).
# … and their Latin transliteration, as people without a Cyrillic keyboard write ('privet, skolko platyat v …?').
WORDS = ("сколько", "как", "что", "это", "на", "в", "по", "после", "через", "нужно", "какой", "какие", "ли",
         "privet", "zdravstvuyte", "skolko", "skolka", "kak", "chto", "shto", "eto", "nuzhno", "kakoy", "kakie",
         "platyat", "zarabatyvaet", "zarplata", "posle", "pozhaluysta", "spasibo")
