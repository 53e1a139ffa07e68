"""Arabic → German gloss table ('كم راتب مدير التسويق الإلكتروني؟' → 'wie viel verdient Online
Marketing Manager?'); the engine is bot.nlp.gloss. Arabic joins articles and prepositions to the
word ('للتدريب' = 'for the training'), so most entries match a stem with whatever is joined to it."""
from __future__ import annotations

# Arabic phrase → German words; where matches overlap the longest wins; `\d+` keeps its number.
PHRASES: dict[str, str] = {
    r"الحد الأدنى\w*|أدنى": "Mindest",
    r"كم (?:هو |هي )?(?:ال)?(?:راتب|أجر|مرتب)|ما (?:هو )?(?:ال)?راتب|كم (?:يكسب|يربح|يتقاضى|يحصل)\w*": "wie viel verdient",
    r"كم (?:من الوقت |سنة |سنوات )?(?:تستغرق|تدوم|يستغرق|يدوم)|ما (?:هي )?مدة": "wie lange dauert", r"كم": "wie viel",
    r"يكسب\w*|يربح\w*|يتقاضى|يحصل": "verdient", r"\w*رواتب|\w*راتب\w*|الأجر|أجور|\w*مرتب\w*": "Gehalt",
    r"(?:ال)?راتب (?:ال)?(?:مبدئي|ابتدائي|أولي)|راتب البداية": "Einstiegsgehalt",
    r"في البداية|في بداية (?:ال)?مسير\w*(?: المهنية)?|عند البدء|\w*مبتدئ\w*|حديث\w* التخرج": "Einstieg",
    r"بعد (\d+) (?:سنوات|سنة|عام|أعوام)": r"nach \1 Jahren", r"بعد عشر سنوات": "nach 10 Jahren",
    r"بعد خمس سنوات": "nach 5 Jahren", r"(?:مع|ب)خبرة (\d+) (?:سنوات|سنة|أعوام)": r"mit \1 Jahren Berufserfahrung",
    r"(?:في )?(?:السنة الأولى|العام الأول)": "im ersten Lehrjahr", r"(?:في )?(?:السنة الثانية|العام الثاني)": "im zweiten Lehrjahr",
    r"(?:في )?(?:السنة الثالثة|العام الثالث)": "im dritten Lehrjahr",
    r"\w*شهري\w*|في الشهر|بالشهر": "im Monat", r"\w*سنوي\w*|في السنة|في العام|بالسنة": "im Jahr",
    r"\w*إجمالي\w*": "brutto", r"\w*صافي\w*": "netto", r"\w*متوسط\w*": "Durchschnitt",
    r"\w*متدرب\w*": "Azubi", r"(?:راتب|أجر|مكافأة) (?:ال)?(?:متدرب\w*|تدريب)": "Ausbildungsvergütung",
    r"\w*تدريب\w*(?: (?:ال)?مهني\w*)?|\w*تكوين (?:ال)?مهني": "Ausbildung",
    r"\w*شهادة\w*(?: (?:ال)?مدرسية| (?:ال)?ثانوية)?|\w*مؤهل\w*": "Schulabschluss",
    r"(?:\w*شروط\w*|\w*متطلبات\w*)(?: (?:ال)?مطلوب\w*)?": "Voraussetzungen", r"أحتاج|يحتاج|يلزم": "braucht man",
    r"\w*امتحان\w*|\w*اختبار\w*": "Prüfung", r"تستغرق|تدوم|\w*مدة": "dauert",
    r"\w*مهام\w*|\w*واجبات\w*|ماذا يفعل|ما عمل": "Aufgaben", r"\w*مهارات\w*|\w*كفاءات\w*": "Kenntnisse",
    r"\w*أدوات\w*": "Tools", r"\w*لغات\w*": "Sprachen", r"\w*مسير\w* (?:ال)?مهني\w*|\w*ترقي\w*": "Karriere",
    r"\w*تعليم (?:ال)?مستمر|\w*دورات\w*": "Weiterbildung", r"\w*جامع\w*|\w*دراسة\w*": "Studium",
    r"تغيير (?:ال)?مهنة|بدون (?:تدريب|مؤهل)": "Quereinstieg", r"ساعات (?:ال)?عمل|ساعة في الأسبوع|\w*دوام": "Arbeitszeit",
    r"(?:رمز|كود) (?:ال)?مهنة": "Berufskennziffer", r"ما هو|ما هي|ما معنى": "was ist",
    r"\w*عملاء|\w*زبائن|\w*عميل": "Kunden", r"(?:ال)?تسويق (?:ب)?(?:ال)?علاقات": "Beziehungsmarketing",
    r"\w*تسويق (?:ال)?(?:حواري|مباشر)|\w*تسويق بالحوار": "Dialogmarketing", r"نقاط (?:ال)?(?:اتصال|تماس)": "Kundenkontaktpunkte",
    r"\w*مدير\w* (?:ال)?تسويق (?:ال)?(?:إلكتروني|رقمي|عبر الإنترنت)|مسؤول (?:ال)?تسويق (?:ال)?إلكتروني": "Online Marketing Manager",
    r"في ألمانيا": "in Deutschland", r"مرحبا|السلام عليكم": "Hallo",
    r"بعد (?:ال)?تدريب\w*": "nach der Ausbildung",
}
# Words that mark Arabic (the script already sets it apart from the Latin-script languages).
WORDS = ("كم", "ما", "هو", "هي", "في", "من", "هل", "بعد", "مع", "على")
