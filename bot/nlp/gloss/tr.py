"""Turkish → German gloss table ('Online Marketing Manager başlangıçta ne kadar maaş alır?' → 'Online
Marketing Manager Einstieg wie viel verdient?'); the engine is bot.nlp.gloss. Turkish adds its
endings to the word, so most entries match a stem and whatever follows it (`\\w*`)."""
from __future__ import annotations

# Turkish phrase → German words; where matches overlap the longest wins; `\d+` keeps its number.
PHRASES: dict[str, str] = {
    r"asgari\w*|en az": "Mindest", r"(\d{4})'?(?:te|ta|de|da)\s+başla\w*": r"Ausbildungsbeginn \1",
    r"ne kadar (?:maaş|para|ücret) al\w*|ne kadar kazan\w*|kaç para kazan\w*": "wie viel verdient",
    r"ne kadar sür\w*|kaç y[ıi]l sür\w*": "wie lange dauert", r"ne kadar|kaç para": "wie viel",
    r"kazan\w*": "verdient", r"maaş\w*|ücret\w*|gelir\w*": "Gehalt",
    r"(?:başlangıç|giriş) maaş\w*": "Einstiegsgehalt",
    r"başlang[ıi]ç\w*|ilk başta|işe (?:ilk )?başla\w*|kariyerin(?:in)? başında|yeni mezun\w*": "Einstieg",
    r"(\d+) y[ıi]l sonra": r"nach \1 Jahren", r"on y[ıi]l sonra": "nach 10 Jahren", r"beş y[ıi]l sonra": "nach 5 Jahren",
    r"(\d+) y[ıi]ll[ıi]k (?:iş )?deneyim\w*": r"mit \1 Jahren Berufserfahrung",
    r"(?:ilk|birinci|1\.) y[ıi]l\w*": "im ersten Lehrjahr", r"(?:ikinci|2\.) y[ıi]l\w*": "im zweiten Lehrjahr",
    r"(?:üçüncü|3\.) y[ıi]l\w*": "im dritten Lehrjahr",
    r"ayl[ıi]k|ayda": "im Monat", r"y[ıi]ll[ıi]k|y[ıi]lda": "im Jahr",
    r"brüt": "brutto", r"net": "netto", r"ortalama": "Durchschnitt",
    r"ç[ıi]rak\w*|meslek öğrenci\w*": "Azubi", r"stajyer\w*": "Trainee",
    r"ç[ıi]rak maaş\w*|eğitim ücret\w*|ç[ıi]raklık ücret\w*": "Ausbildungsvergütung",
    r"mesleki eğitim\w*|meslek eğitim\w*|eğitim\w*|ç[ıi]rakl[ıi]k\w*": "Ausbildung",
    r"diploma\w*|okul bitirme\w*|mezuniyet\w*|okul belgesi\w*": "Schulabschluss", r"lise\w*": "Abitur",
    r"gerek\w*|lazım": "braucht man", r"şart\w*|koşul\w*|ön koşul\w*": "Voraussetzungen",
    r"s[ıi]nav\w*": "Prüfung", r"sür\w*": "dauert",
    r"görev\w*|ne iş yap\w*|ne yapar": "Aufgaben", r"beceri\w*|yetenek\w*|yetkinlik\w*": "Kenntnisse",
    r"araç\w*|yazılım\w*|program\w*": "Tools", r"kullan\w*": "nutzt", r"yabancı dil\w*|diller\w*": "Sprachen",
    r"kariyer\w*|terfi\w*|yüksel\w*": "Karriere", r"ileri eğitim\w*|sürekli eğitim\w*|kurs\w*": "Weiterbildung",
    r"üniversite\w*|lisans\w*|okumak": "Studium",
    r"meslek değiştir\w*|sektör değiştir\w*|kariyer değişikliği\w*|eğitimsiz|diplomasız": "Quereinstieg",
    r"çalışma saat\w*|mesai\w*|haftada kaç saat": "Arbeitszeit", r"(?:meslek|kldb) kod\w*": "Berufskennziffer",
    r"nedir|ne demek": "was ist", r"müşteri\w*": "Kunden", r"ilişki pazarlama\w*": "Beziehungsmarketing",
    r"diyalog pazarlama\w*|doğrudan pazarlama\w*": "Dialogmarketing", r"temas noktas\w*": "Kundenkontaktpunkte",
    r"(?:online|çevrim ?içi|dijital|internet) pazarlama (?:müdür|yönetici|uzman)\w*": "Online Marketing Manager",
    r"almanya'?da": "in Deutschland", r"merhaba|selam": "Hallo",
    r"(?:eğitim|ç[ıi]rakl[ıi]k)\w* (?:bit\w* )?sonra\w*": "nach der Ausbildung", r"hangi": "welche", r"olarak": "als",
    r"için": "für",
}
# Function words that mark Turkish: bot.answers.language counts them.
WORDS = ("ne", "kadar", "nedir", "kaç", "için", "bir", "mı", "mi", "mu", "mü", "nasıl", "hangi", "alır",
         "kazanır", "ve", "olarak", "sonra", "var", "mıdır", "midir")
