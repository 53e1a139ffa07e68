"""German wording for the entities that are not knowledge-base names: training year,
years of experience, career stage, period and start year. Each pattern's id is the
normalised value the actions receive (e.g. 'dritten Lehrjahr' → training_year '3')."""
from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any

from bot.text import key, stem, words

Pattern = dict[str, Any]

_NUMBER_WORDS = {
    1: ["eins", "ein", "einem", "einen"], 2: ["zwei"], 3: ["drei"], 4: ["vier"], 5: ["fünf", "fuenf"],
    6: ["sechs"], 7: ["sieben"], 8: ["acht"], 9: ["neun"], 10: ["zehn"], 11: ["elf"], 12: ["zwölf", "zwoelf"],
    15: ["fünfzehn", "fuenfzehn"], 20: ["zwanzig"], 25: ["fünfundzwanzig"], 30: ["dreißig", "dreissig"],
}
# Start years in words ('zweitausendfünfundzwanzig'), 2020–2039 as the digits' rule.
_UNITS = ["", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]
_YEARS_IN_WORDS = {2000 + 10 * tens + unit: [word, word.replace("ü", "ue").replace("ß", "ss")]
                   for tens, ten in ((2, "zwanzig"), (3, "dreißig")) for unit, one in enumerate(_UNITS)
                   for word in [f"zweitausend{one + 'und' if one else ''}{ten}"]}
_ORDINALS = {
    1: ["erste", "ersten", "erstes", "erster", "1.", "1te", "1ten", "1tes"],
    2: ["zweite", "zweiten", "zweites", "zweiter", "2.", "2te", "2ten", "2tes"],
    3: ["dritte", "dritten", "drittes", "dritter", "3.", "3te", "3ten", "3tes"],
    4: ["vierte", "vierten", "viertes", "vierter", "4.", "4te", "4ten", "4tes"],
}
# An exam part named by its number: 'Teil 3', 'Prüfungsteil 2', '3. Teil', 'den dritten Teil'.
_PART_NUMBER = re.compile(r"\b(?:pr(?:ü|ue)fungs)?teil\s*(\d)\b", re.I)
_PART_ORDINAL = re.compile(r"(\S+)\s+(?:pr(?:ü|ue)fungs)?teil\b", re.I)
_ORDINAL_OF = {w: n for n, ws in _ORDINALS.items() for w in ws}


# One part asked by its title: 'der …-Teil' or 'der Teil …' said once – not a part against another ('länger als der
# Projektmanagement-Teil', 'oder'), not 'einen Teil', 'jeder Teil' ('Wie lang ist der WiSo-Teil?', 'Wie lange dauert
# der Teil Projektmanagement?').
ONE_PART = re.compile(r"^(?!.*teil\b.*teil\b)"
                      r"(?!.*\b(l(ä|ae)nger|k(ü|ue)rzer|l(ä|ae)ngst\w*|k(ü|ue)rzest\w*|vergleich\w*|oder|als|vs)\b)"
                      r".*\b(der|den|dem|im)\s+(\w+e[nrm]?\s+)?(\S+-)?teil\b", re.I | re.S)


def part_named(text: str) -> int | None:
    """The one numbered part a message names ('sorry, ich meinte Teil 3' → 3), if it names exactly one."""
    named = {int(m.group(1)) for m in _PART_NUMBER.finditer(text)}
    named |= {_ORDINAL_OF[m.group(1).lower()] for m in _PART_ORDINAL.finditer(text)
              if m.group(1).lower() in _ORDINAL_OF}
    return named.pop() if len(named) == 1 else None


_TRAINING_YEAR_NOUNS = ["lehrjahr", "lehrjahres", "ausbildungsjahr", "ausbildungsjahres", "ausbildungsjahren",
                        "jahr", "jahres", "azubijahr", "azubi-jahr", "lehrjahren"]
LAST_TRAINING_YEAR = "last"
_YEAR_NOUNS = ["jahren", "jahre", "jahr", "jahrn", "jahrenn", "berufsjahren", "berufsjahre", "arbeitsjahren", "jobjahren"]
_EXPERIENCE_NOUNS = ["berufserfahrung", "erfahrung", "berufsjahre", "berufsjahren", "im", "beruf"]

_STAGES = {
    "apprenticeship": ["ausbildungsvergütung", "ausbildungsverguetung", "ausbildungsgehalt", "azubigehalt",
                       "azubi-gehalt", "lehrlingsgehalt", "azubi", "azubis", "auszubildende", "auszubildender",
                       "lehrling", "lehrlinge", "lehrlingsentschädigung", "lehrlingsentschaedigung", "lehrlingslohn",
                       "während der ausbildung", "in der ausbildung", "von der ausbildung", "von der lehre",
                       "ausbildungsgeld", "lehrlingsgeld",
                       "azubigeld", "azubi-geld"],
    "minimum_training_pay": ["mindestausbildungsvergütung", "mindestausbildungsverguetung", "mindestvergütung",
                             "mindestverguetung", "gesetzliche mindestvergütung", "mindestlohn für azubis",
                             "gesetzliche untergrenze", "mindestlohn", "azubi-mindestlohn", "mindestens zahlen",
                             "mindestausbildungsvergutung", "mindestvergutung", "gesetzlich", "mindestbetrag",
                             "gesetzliche minimum", "gesetzliches minimum", "gesetzlichen minimum", "miav"],
    "trainee": ["trainee", "traineeship", "traineeprogramm", "als trainee"],
    "entry": ["einstieg", "einstiegsgehalt", "einstiegsgehälter", "einstiegsgehaelter", "berufseinstieg",
              "berufsanfänger", "berufsanfaenger", "berufsanfängerin", "berufseinsteiger", "berufseinsteigerin",
              "berufseinsteigers", "berufseinsteigern", "berufsanfängers", "berufsanfängern", "einsteigers",
              "am anfang", "zum anfang", "zu beginn", "am beginn", "anfangsgehalt", "nach der ausbildung",
              "nach ausbildung", "nach lehre", "zum start",
              "einsteiger", "frisch ausgelernt",
              "ausbildung fertig", "ausgelernt", "nach der lehre", "nach abschluss der ausbildung",
              "ausgelernte", "ausgelernten", "ausgelernter", "frisch ausgelernte", "frisch ausgelernten",
              "einsteigen", "direkteinstieg", "direkt einsteigt", "fertige", "fertiger", "fertige kauffrau",
              "fertiger kaufmann",
              "fertige kaufleute", "erstes gehalt", "ersten gehalt", "erste gehalt", "richtiges gehalt",
              "richtigen gehalt", "richtige gehalt", "erstes richtiges gehalt", "ersten richtigen gehalt", "neu anfängt", "neu anfaengt",
              "neu anfange", "neu anfangen", "neu einsteigt", "berufsneuling", "neuling", "anfang vs", "anfang vs.",
              "start vs", "start vs.", "anfang bis nach", "lehre rum", "ausbildung rum", "lehre vorbei",
              "ausbildung vorbei", "lehre fertig", "entry level", "entry-level"],
    "entry_experienced": ["mit berufserfahrung", "mit erfahrung", "schon erfahrung", "bereits erfahrung",
                          "mit vorerfahrung", "quereinstieg mit erfahrung", "vorher schon", "vorher als", "zuvor als", "berufserfahrung als",
                          "erfahrung als"],
    "top_earners": ["spitzenverdiener", "spitzenverdienerin", "spitzengehalt", "spitzengehälter", "spitzengehaelter",
                    "maximal", "höchstes gehalt", "hoechstes gehalt", "top-gehalt", "topgehalt", "maximum",
                    "am meisten", "nach oben", "ganz oben", "spitzenverdienern", "höchstens drin",
                    "top-verdiener", "topverdiener", "spitze", "in der spitze", "an der spitze", "top-leute",
                    "topleute", "top leute", "spitzenleute", "spitzenkräfte", "spitzenkraefte"],
    "median": ["median", "durchschnitt", "durchschnittlich", "durchschnittsgehalt", "entgeltatlas",
               "arbeitsagentur", "agentur für arbeit", "bundesagentur", "statistik", "offizielle zahlen", "im schnitt",
               "quartil", "quartile", "unteres quartil", "oberes quartil", "mittleres gehalt", "mittlere gehalt",
               "mittelwert", "amtliche zahlen", "amtlich", "viertel", "unteres viertel", "oberes viertel",
               "bundesagentur für arbeit", "durchschnittsverdienst", "mittleres einkommen", "mittlere einkommen",
               "oberen 25 prozent", "obersten 25 prozent", "unteren 25 prozent", "untersten 25 prozent", "laut ba",
               "der ba", "ba-statistik", "ba statistik", "offizielle zahlen", "offiziellen zahlen", "statistisch",
               "amtlichen zahlen"],
}
_PERIODS = {
    "month": ["im monat", "pro monat", "monatlich", "monatsgehalt", "monatsbrutto", "monatliche", "monat",
              "den monat", "je monat", "/monat", "mtl.", "monatswerte", "monatswert", "monatszahlen", "monatsbeträge",
              "monatlichen", "monatlicher", "monatliches"],
    "year": ["im jahr", "pro jahr", "jährlich", "jaehrlich", "jahresgehalt", "jahresbrutto", "jahreseinkommen",
             "p.a.", "jahresverdienst", "aufs jahr", "im jahr gerechnet", "jahr gerechnet", "jahreswerte", "jahreswert",
             "jahreszahlen", "jährliche", "jährlichen", "jährlicher", "jaehrliche", "jaehrlichen"],
}


# The median inside a compound ('Medianentgelt Dialogmarketing Fachkraft').
_MEDIAN_COMPOUNDS = "Medianentgelt Mediangehalt Medianeinkommen Medianlohn Medianverdienst Medianwert"
# Words that ask for money: a question with a training year but none of these ("Wo verbringt man das
# dritte Lehrjahr?") is about the training, not about pay.
_PAY_WORDS = words(
    "verdienen verdient verdiene verdienst Verdienst Geld Gehalt Gehälter Gehaltsspanne Lohn Vergütung "
    "Ausbildungsvergütung bezahlt Bezahlung zahlen zahlt Kohle Euro brutto netto Einkommen Jahreseinkommen "
    "drin Monatsgehalt Jahresgehalt Einstiegsgehalt Ausbildungsgeld Mindestvergütung Mindestlohn Mindestbetrag "
    "verdint verdiehnt verdinen kriegen kriegt kriege krigt kricht kriagt bekommen bekomt bekommt bekomme verlangen "
    "verlange "
    "Gehaltsvorstellung Azubilohn salary "
    "Lehrlingslohn Lehrlingsentschädigung Lehrlingsentschaedigung "
    "Median Quartil Statistik Entgeltatlas Spanne Spitzengehalt Urlaubsgeld Weihnachtsgeld "
    "kassieren kassiert Almosen finanziell " + _MEDIAN_COMPOUNDS)
PAY_STEMS = frozenset(stem(w) for w in _PAY_WORDS)
# A long money word misspelt ('Ausbildungsvergüting', 'Einstiegsgehallt') still asks for money.
_LONG_PAY_WORDS = [w for w in _PAY_WORDS if len(w) >= 8]
_MISSPELT_CUTOFF = 0.88


_ORDINAL_RE = re.compile(r"(?<![\w.])(" + "|".join(
    sorted((re.escape(f) for forms in _ORDINALS.values() for f in forms), key=len, reverse=True)) + r")(?!\w)")
_ORDINAL_YEAR = {f: year for year, forms in _ORDINALS.items() for f in forms}


def ordinals_in(text: str) -> set[int]:
    """Every training year a message counts: 'im 3. und im 4. Ausbildungsjahr' → {3, 4} (the
    entity rules mark only the ordinal next to its noun); 'vom ersten bis zum vierten' → {1, 2, 3, 4}."""
    found = list(_ORDINAL_RE.finditer(text.lower()))
    years = {_ORDINAL_YEAR[m.group(1)] for m in found}
    for first, last in zip(found, found[1:]):
        if _RANGE.search(text.lower()[first.end():last.start()]):
            years |= set(range(_ORDINAL_YEAR[first.group(1)], _ORDINAL_YEAR[last.group(1)] + 1))
    return years


_RANGE = re.compile(r"^\W*(\w+\W+)?(bis|-|–)\W*(zum|zu|ins|in das)?\W*$")


def with_training_year(text: str, year: int) -> str:
    """A question with another training year in place of the one it counts ('Wo ist man im dritten Lehrjahr?' →
    'Wo ist man im 1. Lehrjahr?'); unchanged when it counts none or several."""
    found = _ORDINAL_RE.search(text.lower())
    if found is None or len(ordinals_in(text)) != 1:
        return text
    return f"{text[:found.start()]}{year}.{text[found.end():]}"


def money_stages_in(text: str) -> set[str]:
    """Money-only stages a message names inside a compound the entity rules cannot see
    ('Entgeltatlas-Zahlen', 'Arbeitsagentur-Statistik')."""
    folded = words(text)
    found = set(folded) | {a + b for a, b in zip(folded, folded[1:])}  # 'Top-Verdienern' → 'topverdienern'
    stages = {stage for stage, names in _UNMISTAKABLE.items() if found & names}
    return stages - {"median"} if agency_funds(text) else stages


def agency_funds(text: str) -> bool:
    """Whether a message asks who pays for a course – the Arbeitsagentur ('Kann die Arbeitsagentur mir eine
    Weiterbildung bezahlen?', not its pay statistics) or anyone ('Wer bezahlt die Umschulung?')."""
    return bool(_VOUCHER.search(text) or _VIA_AGENCY.search(text) or (
        (_AGENCY.search(text) or _WHO.search(text)) and _COURSE.search(text) and _FUNDS.search(text)))


def names_agency_only(text: str) -> bool:
    """Whether a message names the Bundesagentur only as an agency ('Die Arbeitsagentur hat Online Marketing
    erwähnt'), without a word of its statistics or a figure."""
    return bool(_AGENCY.search(text)) and "median" not in money_stages_in(_AGENCY.sub(" ", text)) \
        and not re.search(r"\d{3}", text)


_AGENCY = re.compile(r"\b(arbeitsagentur|agentur f(ü|ue)r arbeit|bundesagentur|arbeitsamt|jobcenter|vom\s+amt)\b", re.I)
# A course – or the way in of a career changer ('Förderung für Quereinsteiger von der Arbeitsagentur?')
_COURSE = re.compile(r"\b(weiterbildung|fortbildung|umschul|kurs|lehrgang|bildungsgutschein|qualifizierung|quereinst)",
                     re.I)
_WHO = re.compile(r"\bwer\b", re.I)
# 'kann ich über die Arbeitsagentur OMM werden?' – a way in the agency funds
_VIA_AGENCY = re.compile(r"\b(?:über|ueber|durch|mit\s+hilfe\s+(?:der|des|vom))\s+(?:die\s+|das\s+|den\s+)?"
                         + _AGENCY.pattern, re.I)
_FUNDS = re.compile(r"\b(be)?zahl|\b(ü|ue)bernimm|\b(ü|ue)bernehm|finanzier|f(ö|oe)rder|gutschein|\bkosten|unterst(ü|ue)tz|zuschuss",
                    re.I)
# 'Kann er für eine Weiterbildung einen Bildungsgutschein bekommen?' – the voucher is always the agency's funding of a
# course (it is a course word and a funding word itself)
_VOUCHER = re.compile(r"bildungsgutschein", re.I)


def stages_named(text: str) -> set[str]:
    """The stages a message names by one word, also inside a hyphenated compound the entity rules
    cannot see ('OMM-Azubi')."""
    folded = set(words(text))
    return {stage for stage, names in _STAGES.items() if folded & {n for n in names if " " not in n}}


def compound_stages(text: str) -> set[str]:
    """The stages named only inside hyphenated compounds, which the entity rules see as one word ('OMM-Trainee')."""
    return stages_named(" ".join(_COMPOUND.findall(text)))


_COMPOUND = re.compile(r"\w+(?:-\w+)+")
# With money asked, the long run is the top of a career ('Langfristig gedacht: Wo verdient man mehr …?'); without, it
# asks no figure ('Ist OMM langfristig ein sicherer Job?').
_LONG_RUN = re.compile(r"\b(langfristig\w*|auf\s+(lange|l(ä|ae)ngere)\s+sicht|auf\s+dauer)\b", re.I)


def long_run_stages(text: str) -> set[str]:
    """The stage a money question means by the long run: the top earners."""
    return {"top_earners"} if _LONG_RUN.search(text) else set()


# Words that name a money-only stage wherever they stand ('gesetzlich' or 'maximal' alone do not).
_UNMISTAKABLE = {
    "median": set(words("Entgeltatlas Arbeitsagentur Bundesagentur Median Quartil Quartile Durchschnittsgehalt "
                        "Statistik Statistiken amtlich amtliche amtlichen " + _MEDIAN_COMPOUNDS)),
    "minimum_training_pay": set(words("Mindestausbildungsvergütung Mindestausbildungsverguetung Mindestvergütung MiAV MAV")),
    "top_earners": set(words("Spitzenverdiener Spitzenverdienern Spitzenverdienerin Spitzenverdienerinnen Spitzengehalt "
                             "Spitzengehälter Topverdiener Topverdienern Topverdienerin Topverdienerinnen")),
}


# One quartile of the statistics asked alone ('oberes Quartil', 'das 75er Quartil', '25%-Quartil', after the
# statistics 'ich wollte das untere'): that quartile leads the statistics, the other one is left out.
_QUARTILE_WORD = re.compile(r"quartil", re.I)
_SIDES = {"quartile_25": re.compile(r"\bunter(?:e[snr]?|st(?:e[snr]?)?)\b|\b25\s*(?:%|prozent|er\b)", re.I),
          "quartile_75": re.compile(r"\bober(?:e[snr]?|st(?:e[snr]?)?)\b|\b75\s*(?:%|prozent|er\b)", re.I)}
_MEDIAN_TOO = re.compile(r"\bmedian|\bmittlere[sn]?\s+(gehalt|einkommen|wert)", re.I)
SIDE_ONLY_WORDS = 6  # 'und unteres?', 'falsch gefragt, ich wollte das untere' right after the statistics
# A quartile said as a quarter of the earners ('die besser bezahlten 25 Prozent', 'das untere Viertel').
_QUARTER = re.compile(r"\b25\s*(%|prozent)|\b(ober|unter|best|schlechtest|h(ö|oe)chst|niedrigst)\w*\s+viertel\b", re.I)
_QUARTER_SIDES = {"quartile_25": re.compile(r"\b(unter|schlechte|niedrig|gering|wenigs)\w*", re.I),
                  "quartile_75": re.compile(r"\b(ober|besser|best|höchs|hoechs|top|meis)\w*", re.I)}


def asked_statistic(text: str, after_statistics: bool = False) -> str | None:
    """The one quartile a message asks for ('quartile_25', 'quartile_75'), none when it names both or the median;
    right `after_statistics` a short message need not say 'Quartil'."""
    if _MEDIAN_TOO.search(text):
        return None
    if _QUARTILE_WORD.search(text) or (after_statistics and len(words(text)) <= SIDE_ONLY_WORDS):
        sides = _SIDES
    elif _QUARTER.search(text):
        sides = _QUARTER_SIDES
    else:
        return None
    found = [stat for stat, side in sides.items() if side.search(text)]
    return found[0] if len(found) == 1 else None


# What the Bundesagentur's statistics count, asked right after them ('Auf wie vielen Beschäftigten beruht dieser
# Wert?', 'sind da azubis mit drin?'): the statistics again, which say it.
STATISTICS_BASIS = re.compile(r"\b(mit\s+drin|enthalten|ber(ü|ue)cksichtigt|gez(ä|ae)hlt|erfasst|erhoben|beruh\w*|"
                              r"basier\w*|grundlage|datenbasis|besch(ä|ae)ftigte[nr]?)\b", re.I)


_START_YEAR = re.compile(r"\b20[2-3]\d\b")


# The legal floor set aside ('nicht die gesetzliche – ich meinte, was man tatsächlich bekommt').
FLOOR_DENIED = re.compile(r"\b(nicht|kein(e|en)?)\s+(die|das|den|der)?\s*(gesetzlich\w*|mindest\w*|minimum)\b", re.I)
# What is really paid, after the legal floor ('und was wird im 3. Jahr tatsächlich gezahlt?', 'was zahlen die Betriebe
# wirklich?', 'was Kaufleute für Dialogmarketing tatsächlich so bekommen').
_REALLY = r"\b(tats(ä|ae)chlich|wirklich|in\s+der\s+praxis|normalerweise|(ü|ue)blicherweise|typisch\w*)\b"
_PAID = r"\b((ge|be)?zahl|bekomm|bekam|verdien|krieg|erh(ä|ae|a)lt)"
ACTUAL_PAY = re.compile(rf"{_REALLY}.{{0,30}}{_PAID}|{_PAID}\w*\b.{{0,30}}{_REALLY}", re.I)


def asks_minimum_pay(text: str, pay_context: bool = False) -> bool:
    """'Wie viel muss ein Betrieb mindestens zahlen?', 'Azubi-Mindestlohn': the legal floor; after
    a pay answer also 'und das gesetzliche Minimum?' – not when the floor is set aside."""
    if FLOOR_DENIED.search(text):
        return False
    stems = [form for w in words(text) for form in (w, stem(w))]  # 'Mindest-Azubilohn': 'mindest' stems to 'mind'
    if pay_context and any(s.startswith(("mindest", "minim", "gesetz", "untergrenz")) for s in stems):
        return True
    floor = any(s.startswith(("mindestausbild", "mindestvergut", "mindestlohn", "mindestbetrag", "untergrenz"))
                for s in stems)
    trainee = any(s.startswith(("azubi", "ausbild", "lehr", "betrieb")) for s in stems)
    start_year = bool(_START_YEAR.search(text))
    dated = start_year or any(s.startswith(("lehrjahr", "ausbildungsjahr")) for s in stems)
    # pay at least, for a trainee or a start year ('Ich hab 2024 angefangen … Was muss mir mindestens gezahlt werden?')
    at_least = any(s.startswith(("mindest", "gesetz")) for s in stems)
    # … or whether the pay is allowed ('zahlt mir 600 euro im ersten jahr, angefangen 2024. ist das erlaubt')
    allowed = any(s.startswith(("erlaubt", "legal", "illegal", "rechtens", "zulaessig", "unzulaessig")) for s in stems)
    if asks_pay(text) and (floor or ((trainee or start_year) and at_least) or ((trainee or dated) and allowed)):
        return True
    # without a money word: a floor for a start year or training year ('MAV-Untergrenze im dritten Ausbildungsjahr',
    # 'Start 2025, 4. Lehrjahr: was ist das Minimum?') or what the law makes the employer pay at least ('Was muss der
    # Betrieb mir laut Gesetz mindestens geben?') – 'Was muss man mindestens mitbringen?' names neither; a start
    # year with a year of the training stands for the trainee ('hätte ich 2025 angefangen wäre ich jetzt im dritten
    # jahr, was wäre da das minimum gewesen')
    lower = {s for s in stems if s.startswith(("mindest", "minim", "untergrenz"))}
    trainee = trainee or (start_year and bool(ordinals_in(text)))
    return trainee and bool(lower) and bool(dated or any(s.startswith("gesetz") for s in stems))


# A request to make something rather than a question about it: an application, a letter, a website ('Schreib mir
# bitte eine Bewerbung als KfD', 'Kannst du mir eine Website für meinen Onlineshop programmieren?', 'wie schreib ich ne
# kündigung', 'Erstell mir einen Marketingplan', 'kannst du meine Hausaufgaben machen') – the bot informs, it writes
# nothing for anyone. Not 'Erstellt ein OMM Werbetexte?', a question about the job.
_MAKE = (r"(?:(?:um|neu)?schreib|(?:um)?formulier|erstell|entwirf|entwerf|verfass|programmier|bau|übersetz|uebersetz|korrigier|"
         r"(?:ü|ue)berarbeit|verbesser|optimier|mach)")
_MADE = (r"\b(?:bewerbung|anschreiben|lebenslauf|motivationsschreiben|kündigung|kuendigung|brief|gedicht|aufsatz|referat|"
         r"hausaufgabe|website|webseite|homepage|app|code|programm|skript|script|werbetext|slogan|rezept|rede\b|"
         r"marketingplan|businessplan|konzept)")
WORK_REQUEST = re.compile(
    rf"(?:^|[.!?,:;]\s*|\bbitte\s+){_MAKE}e?\s+(?:mir|uns|bitte|mal|du)\b.{{0,60}}?{_MADE}|"
    rf"\b(?:kannst|könntest|koenntest|würdest|wuerdest)\s+du\b.{{0,60}}?{_MADE}\w*\b.{{0,40}}?\b{_MAKE}|"
    rf"\bwie\s+{_MAKE}e?\s+ich\b.{{0,30}}?{_MADE}", re.I)
# Small talk about the bot itself ('Wie geht's dir?', 'na, wie läuft's bei dir?') – not 'Wie geht es nach der Ausbildung weiter?'.
HOW_ARE_YOU = re.compile(r"\bwie\s+geht['’]?s?\s+(es\s+)?(dir|ihnen|euch)\b|\bwie\s+geht['’]?s\s*(so\s*)?[?!.]*\s*$|"
                         r"\bwie\s+l(ä|ae)uft['’]?s\s+(so\s+)?bei\s+dir\b|\balles\s+(gut|fit|klar)\s+bei\s+dir\b", re.I)
# Words that insult the bot or the people of a job ('Nutzlose KI, echt jetzt.', 'Blöder Bot', 'ihr Abzocker').
INSULT = re.compile(r"\b(nutzlos\w*|dumm\w*|bl(ö|oe)d\w*|doof\w*|bescheuert\w*|idiot\w*|versager\w*|"
                    r"schei(ß|ss)\w*|schrott\w*|m(ü|ue)ll\w*|nervst|nervig\w*|vollpfosten|depp\w*|trottel\w*|"
                    r"opfer|lappen|spast\w*|arsch\w*|kacke?|kack\w*|bullshit|abzocke\w*|l(ä|ae)cherlich\w*|"
                    r"spinner|betr(ü|ue)ger\w*|schw(ä|ae)tzer|penner|behindert|verarsch\w*|\w*terror\w*|loser|"
                    r"l(ü|ue)gner\w*|l(ü|ue)gt|verpiss\w*|d(ü|ue)mmer\w*|d(ü|ue)mmst\w*|parasit\w*|versagt|nervt|"
                    r"\w*sklave\w*|\w*fuzzis?|nervens(ä|ae)ge\w*|frechheit\w*|unversch(ä|ae)mt\w*|gelaber\w*|"
                    r"schlaumeier\w*|besserwisser\w*|spie(ß|ss)er\w*|verr(ä|ae)ter\w*|\w*spam\w*|kropf|cringe\w*|"
                    r"lahme[rns]?|h(ä|ae)sslich\w*|mudda|deine\s+mutter|geh(ö|oe)r\w* verboten|verkack\w*|"
                    r"useless|stupid|suck|sucks|monkeys?|fuck\w*|fck|bravo|riesen-?ego|ganz\s+gro(ß|ss)es\s+kino)\b|"
                    r"\bnot\W*$|[🙄🖕🤮🤡👏]", re.I)  # an eye-roll, slow applause or a closing 'Not.' says it too
# A message that asks something ('?', a question word or an indirect 'ob') – not only a correction or an insult;
# 'Wer so was lernt, ist doch …' says something about whoever does it, 'klingt wie …' compares, 'wer macht sowas
# freiwillig' scorns.
QUESTION = re.compile(r"\?|(?<!klingt )(?<!genau )(?<!so )\bwie\b|"
                      r"\b(was|wos|wat|wann|wo|woher|wohin|welche[rsmn]?|warum|wieso|weshalb|wen|wem|wieviele?|wielange|"
                      r"ob)\b|"
                      r"\bwer\b(?![^?]*,\s*(ist|is|sind|hat|der|die|das|soll|muss|kann)\b)(?![^?]*\bfreiwillig\b)", re.I)


def asks(text: str) -> bool:
    """Whether a message asks something – also with the verb first and no question mark ('wird der callcenter job
    nicht eh bald durch ki ersetzt'); a tag question that only seeks agreement does not ('Dialogmarketing ist doch
    ein Idiotenberuf, oder?', '…, stimmt's?'), nor does an exclamation ('Was für ein Müll!'); a request asks too
    ('Dann sag mir doch mal die Mindestvergütung …, Schlaumeier.')."""
    text = _EXCLAMATION.sub("", _TAG_QUESTION.sub("", text))
    return bool(QUESTION.search(text) or _REQUEST.search(text)) or \
        any(_VERB_FIRST.match(s) for s in re.split(r"[.!;:,]\s*", text))  # 'wtf, muss ein omm html können oder nicht'


# … also a demand ('ich will den scheiß Median von der Arbeitsagentur')
_REQUEST = re.compile(r"\b(sag|sagt|nenn|nennt|gib|erkl(ä|ae)r|zeig)\s+(mir|uns)\b|"
                      r"\bich\s+will\s+(den|die|das|endlich|jetzt)\b", re.I)


# A yes/no question starts with its verb ('Gibt es …', 'Lohnt sich …') – not 'Ist doch …', 'Kann sein'.
_VERB_FIRST = re.compile(r"\s*(wird|werden|ist|sind|bist|kann|kannst|können|koennen|muss|müssen|muessen|gibt|gibts|"
                         r"braucht|lohnt|reicht|darf|soll|sollte|zählt|zaehlt|verdient|verdienen|bekommt|kriegt)\b"
                         r"(?!\s+(doch|ja|halt|eh|sein|mir\s+egal)\b)\s+\S", re.I)


# 'braucht man Abi oder nicht?' asks; '…, oder nicht?' after a statement seeks agreement; 'Was für ein Müll!' and
# 'das is was für Loser' exclaim
_TAG_QUESTION = re.compile(r"[,\s]*\b(oder|stimmt['’]?s|gell|ne|nicht\s+wahr|oder\s+was)\s*\?+\s*$|"
                           r",\s*oder\s+nicht\s*\?+\s*$|"
                           r"[,\s]*\bgib['’]?s\s+zu\W*$", re.I)  # '… kein echter Beruf lol, gibs zu'
_EXCLAMATION = re.compile(r"\bwas\s+f(ü|ue)r\s+(ein|eine|einen)\b[^?.!]*[.!]|"
                          r"\b(ist|is|sind)\s+(\w+\s+)?was\s+f(ü|ue)r\b", re.I)  # '… ist was für Loser
# What a claim denies or narrows ('kein echter Beruf', 'nur Leute nerven').
_DENIES = re.compile(r"\b(kein\w*|nicht|nur|bloß|bloss)\b", re.I)


def disputes(text: str) -> bool:
    """Whether a message seeks agreement with a claim that denies or narrows what something is ('OMM ist doch kein
    echter Beruf, gibs zu', 'Dialogmarketing heißt doch nur Leute am Telefon nerven, oder?') – a claim a fact can
    answer; 'OMM = Instagram-Poster mit Riesen-Ego, stimmt's?' only mocks."""
    return bool(_TAG_QUESTION.search(text)) and bool(_DENIES.search(_TAG_QUESTION.sub("", text)))


# Words that ask what a term means ('Was ist das?', 'worum geht's?', 'Begriff … erklären', 'auf Deutsch'),
# with the small words such a question comes with ('kurz', 'einfach') – first of all 'was ist …'.
WHAT_IS = re.compile(r"\bwas\s+(ist|sind|hei(ss|ß)t|bedeute[nt]|meint|versteht\s+man)\b", re.I)
DEFINITION = re.compile(
    WHAT_IS.pattern + "|"
    r"\bwas\s+(das|es|die|der|den)(\s+\w+)?\s+(ist|sind|bedeute[nt]|hei(ss|ß)t)\b|\bworum\s+geht\w*(['’]s\b|\s+es\b)?|"
    r"\berkl(ä|ae)r\w*|\bdefinier\w*|\bbegriff\w*|\bauf\s+deutsch\b|\b(kurz|knapp|einfach|grob|mal)\b|"
    r"\bin\s+(einem|zwei|drei|ein\s+paar|wenigen|\d+)\s+s(ä|ae|a)tze?n?\b", re.I)
# Words that ask about a job as a whole ('Erzähl mir was über den Job', 'was ein KfD eigentlich macht',
# 'Was ist das für ein Beruf?'), and the small words such a question comes with ('ich hab null Ahnung davon').
PROFILE = re.compile(r"\berz(ä|ae)hl\w*|\bbeschreib\w*|\bvorstellen\b|\berkl(ä|ae)r\w*|\beigentlich\b|"
                     r"\bf(ü|ue)r\s+ein(en)?\s+(beruf|job)\b|\beckdaten\b|\bzusammenfass\w*|\bsteckbrief\b|\bkurzprofil\b|"
                     r"\b(die|das)\s+wichtigsten?\b|"
                     # 'worum gehts beim OMM, in 2 sätzen', 'OMM in Stellenanzeigen – was steckt da dahinter?'
                     r"\bworum\s+geht\w*|\bwas\s+steckt\b[^?.!]{0,30}\bdahinter\b|"
                     # 'Was sollte ich als Mutter darüber wissen?'
                     r"\bwas\s+(muss|m(ü|ue)ssen|sollte|sollten|soll)\s+(ich|man|wir|er|sie)\b"
                     r"(?=[^?.!]*\bwissen\b)", re.I)
PROFILE_FILLER = re.compile(r"\b(beruf|berufsbild|ausbildungsberuf|job|t(ä|ae)tigkeit|macht|machen|tut|tun|genau|davon|ahnung|bitte)\b", re.I)
# Whether a job needs a degree ('Muss man für OMM studiert haben?', 'Braucht man ein Studium?', 'Geht das ohne
# Studium?') – not which subject or what after the training ('Welches Studium passt?', 'Kann ich danach studieren?').
_STUDY_NEEDED = re.compile(r"\b(muss|m(ü|ue)ssen|braucht|brauche|ben(ö|oe)tigt|n(ö|oe)tig|notwendig|pflicht|zwingend)\b"
                           r"[^?.!]*\bstudi(um|ert|eren)\b|\bohne\s+(ein\s+)?studium\b|\b(nicht|nie)\s+studiert\b|"
                           r"\bkein(en)?\s+studium\b|"
                           # 'Studium oder Ausbildung – was ist für OMM der bessere Weg?'
                           r"\bstudium\s+oder\s+(eine\s+)?(ausbildung|lehre)\b|"
                           r"\b(ausbildung|lehre)\s+oder\s+(ein\s+)?studium\b|"
                           # 'Ist ein Studium Pflicht, um KfD zu werden?'
                           r"\b(ein|das)\s+studium\b[^?.!]*\b(pflicht|n(ö|oe)tig|notwendig|zwingend|erforderlich|"
                           r"voraussetzung|vorausgesetzt)\b", re.I)
# … to get on later ('Brauche ich als KfD ein Studium, um weiterzukommen?' asks about the career).
_GETTING_ON = re.compile(r"\b(weiter\w*|aufst\w*|aufzusteigen|karriere\w*|danach|nach\s+der\s+(ausbildung|lehre))\b",
                         re.I)

# The time after a training named before ('überleg ich die ausbildung kfd. was verdien ich dann danach').
AFTER_THE_TRAINING = re.compile(r"\b(ausbildung|lehre)\w*\b.*\b(danach|hinterher|anschlie(ß|ss)end)\b", re.I | re.S)

# The career guide the seed figures come from, named as a source ('laut Ratgeber', 'im OMM-Artikel').
GUIDE = re.compile(r"\b(karriere)?ratgeber\w*|\bartikel\b", re.I)

# Which subject to study ('Was sollte er am besten studieren?', 'Welche Studienrichtungen gelten als einschlägig?',
# 'alle Studienfächer') – not whether a degree is needed, not 'nie was mit Marketing studiert' (something), not
# fields of a degree or a training ('in welchen Bereichen sollte man studiert oder gelernt haben' – the requirements).
# What a study has to be about ('Muss das Studium was mit Marketing zu tun haben oder geht auch Wirtschaftsinformatik?').
_STUDY_ABOUT = re.compile(r"\bstudium\b[^?.!]{0,30}\bmit\s+[^?.!]{1,30}\bzu\s+tun\b", re.I)
_WHICH_SUBJECT = re.compile(r"(?<!\bnie\s)(?<!\bnoch\s)(?<!\bschon\s)\b(was|welche[snmr]?)\b[^?.!]{0,40}\bstudier\w*|"
                            r"\bstudien(fach|f(ä|ae)cher\w*|richtung\w*|g(a|ä|ae)ng\w*)\b|"
                            r"\bwelche[snmr]?\s+(fach|f(ä|ae)cher|studium)\b|" + _STUDY_ABOUT.pattern, re.I)
_NOT_ONLY_STUDY = re.compile(r"\b(gelernt|ausbildung|lehre)\b", re.I)


def asks_which_subject(text: str) -> bool:
    """Whether a question asks which subject to study for a job."""
    return bool(_WHICH_SUBJECT.search(text)) and not _NOT_ONLY_STUDY.search(text)


# Whether a role has a regulated training at all ('Gibt es für OMM einen festen Studiengang oder eine geregelte
# Ausbildung?', '… einen speziellen Studiengang oder eine eigene Ausbildung?', 'Bei welchem Beruf gibt es eine
# richtige Ausbildung mit IHK-Abschluss?', '… als Ausbildung machen wie eine Lehre?').
REGULATED_TRAINING = re.compile(r"\b(geregelte|anerkannte|eigene|spezielle)[nrs]?\s+(ausbildung\w*|lehre)\b|"
                                # 'Gibt es eine richtige Ausbildung zum OMM …?' – not 'Lohnt sich die richtige Ausbildung?'
                                r"\b(eine|keine)\s+(richtige|offizielle)\s+(ausbildung|lehre)\b|"
                                r"\bihk-?abschluss\b|\bwie\s+eine\s+lehre\b|"
                                # 'Ist KfD ein Studiengang an der Uni oder eine Ausbildung?'
                                r"\bist\b.{0,60}\b(studiengang|studium)\b.{0,30}\boder\s+(eine\s+)?"
                                r"(ausbildung|lehre)\b|"
                                r"\bist\b.{0,60}\b(ausbildung|lehre)\b.{0,30}\boder\s+(ein\s+)?(studiengang|studium)\b",
                                re.I)
# A school certificate named ('oder reicht ein Schulabschluss?', 'reicht Realschule?').
SCHOOL_CERTIFICATE = re.compile(r"\b(schulabschluss|abi|abitur|fachabi|fachabitur|realschul\w*|hauptschul\w*|quali|"
                                r"mittlere[n]?\s+reife)\b", re.I)


def asks_if_study_needed(text: str) -> bool:
    """Whether a question asks if a job needs a degree to get in."""
    return bool(_STUDY_NEEDED.search(text)) and not _GETTING_ON.search(text) and not _STUDY_ABOUT.search(text)


# Whether a job or its training is worth it ('Lohnt sich die Ausbildung im Dialogmarketing überhaupt?' – not the
# noun 'Lohn', which is pay), and what such a question comes with ('noch', 'oder ist der Markt voll?').
WORTH = re.compile(r"\blohn(t|en|enswert)\b", re.I)
WORTH_FILLER = re.compile(r"\b(ausbildung|lehre|danach|(ü|ue)berhaupt|noch|heute|heutzutage|wirklich|werden|markt|"
                          r"zukunft)\b", re.I)


# What one can become after the training: the career, not the training ('Was kann man nach der Ausbildung zum KfD noch werden?').
# … or do, or how it goes on ('was kann ich nach meiner Dialogmarketing-Ausbildung machen?', 'Welche Optionen bestehen
# nach der Ausbildung …?', 'wie es nach der Ausbildung im Dialogmarketing weitergehen kann').
BECOME_AFTER_TRAINING = re.compile(r"\bnach\s+(der|meiner|deiner|dem)\s+\S*(ausbildung|lehre|abschluss)\b[^?.]*"
                                   r"\b(werden|machen|weitergehen|weitergeht)\b|"
                                   r"\b(wege|m(ö|oe)glichkeiten|optionen)\s+(\w+\s+)?nach\s+(der|meiner|deiner|dem)\s+"
                                   r"\S*(ausbildung|lehre)\b|"
                                   r"\bwas\s+kann\s+(man|ich)\b[^?.]*\bnoch\s+werden\b|"
                                   # 'ich bin grad im 3. lehrjahr kfd. kann ich danach an die uni?'
                                   r"\b(ausbildung|lehre|lehrjahr|azubi)\w*\b.*\bdanach\b[^?.]*"
                                   r"\b(uni|universit(ä|ae)t|hochschule|fh|studier\w*|studium)\b", re.I)

# Every stage's pay at once: 'OMM gehalt komplett, von anfang bis ganz oben', 'alles von der Ausbildung bis nach dem
# Abschluss', 'vom Azubi bis zum Chef', 'vom ersten Azubijahr bis nach der Ausbildung'.
WHOLE_RANGE = re.compile(r"\bkomplett\b|\bvon\s+(der|dem|anfang|beginn|start|azubi|ausbildung|lehre|trainee)\b.{0,40}\bbis\b|"
                         r"\bvom\s+(\w+\s+){1,2}bis\b|\balle[n]?\s+(gehalts|lohn|verdienst)\w+|"
                         r"\b(ausbildung|lehre)\s+und\s+(danach|nach\s+der\s+(ausbildung|lehre))\b", re.I)
# A day at work: the whole list of tasks ('Wie sieht so ein Tag als Kauffrau für Dialogmarketing aus?', 'Wie sieht
# der Alltag als KfD aus?') – not one task that shares a word with the question ('Was macht man so im Digital Marketing
# den ganzen Tag?' asks what the job is: the profile).
DAY_AT_WORK = re.compile(r"\b(arbeits|berufs)?alltag\s+(als|eines|einer|von)\b|\btagesablauf\b|"
                         r"\bwie\s+sieht\b.{0,40}\b(arbeits|berufs)?(all)?tag\b.{0,40}\baus\b|"
                         r"\btypische[rnm]?\s+(arbeits)?tag\b|"  # 'wie lauft so ein typischer tag … ab'
                         # 'mach mir mal ne liste was ein omm alles tun muss' – not how to become one
                         r"\bwas\b[^?.!]{0,30}\balles\s+(tun|machen|erledigen)\b(?![^?.!]*\bwerden\b)", re.I)
# Whether a follow-up asks only for more of what was just answered ('und sonst noch welche?', 'noch andere?', 'gibt es
# noch weitere?').
MORE_OF_IT = re.compile(r"^\W*(und\s+)?(?=.*\b(noch|sonst|andere|weitere)\b)(sonst\s+)?(gibt\s*(es|s|'s)\s+)?(noch\s+)?"
                        r"(welche|andere|weitere|mehr)(\s+(noch|davon|dazu))?\W*$", re.I)
# Whether a role is only the one thing people think it is ('Ist KfD nur telefonieren oder macht man auch andere
# Sachen?', 'Ist Kaufmann für Dialogmarketing nicht einfach nur Callcenter-Agent …?') – the role as a whole.
ONLY_THAT = re.compile(r"\bnur\b[^?.!]{0,40}\b(oder|bzw)\b[^?.!]{0,40}\b(mehr|andere[snmr]?|sonst\w*|noch\s+(was|etwas))\b|"
                       r"\b(ist|sind)\b[^?.!]{0,60}\bnur\s+(ein(e|en)?\s+)?(callcenter|telefon)\w*", re.I)
# What one does all day ('Was genau machen die da den ganzen Tag?') – the profile: what the role is, every task.
WHOLE_DAY = re.compile(r"\b(mach|tu)\w*\b[^?.!]{0,30}\bden\s+ganzen\s+tag\b|"
                       r"\bden\s+ganzen\s+tag\b[^?.!]{0,20}\b(mach|tu)\w*", re.I)

# What one does in a role, asked as a whole ('Was macht ein Online Marketing Manager?', 'Was macht man da?').
WHAT_ONE_DOES = re.compile(r"\bwas\s+(macht|machen|tut|tun)\s+(man|er|sie|ein|eine|einer|der|die|kaufleute)\b|"
                           r"\bwas\s+(man|er|sie|der|die)\s+(so\s+)?(macht|tut)\b", re.I)  # … 'erzähl, was der macht'

# Words that ask for the whole of one topic ('Gib mir einen Überblick über die Ausbildung').
_OVERVIEW_NOUN = r"\b((ü|ue)berblick|(ü|ue)bersicht|zusammenfassung)\b"
# 'kurzer Überblick', 'Zusammenfassung' – the overview asked for, as said at a message's end
OVERVIEW_REQUEST = re.compile(r"\b(kurze[nrms]?\s+)?" + _OVERVIEW_NOUN, re.I)
OVERVIEW = re.compile(_OVERVIEW_NOUN + r"|\balles\s+(ü|ue)ber\b|"
                      r"\b(die|das)\s+ganze\s+(anleitung|thema|liste|programm)\b|\balles\s+dazu\b|"
                      # 'Welche Fähigkeiten braucht man als KfD – komplette Liste'
                      r"\b(komplette|vollst(ä|ae)ndige)[nr]?\s+liste\b|"
                      r"\bdas\s+ganze\s*(?=[?.!]|$)|"  # 'Erklär mal das Ganze.'
                      r"\bschritt\s+f(ü|ue)r\s+schritt\b|"
                      # 'Liste mir alle Fähigkeiten auf', 'Zähl mal die 8 P auf'
                      r"\blist\w*\s+(mir|uns|mal|bitte)\b|\baufz(ä|ae)hl\w*|\bz(ä|ae)hl\w*\s+(mir\s+|mal\s+|bitte\s+)*(die|alle)\b[^?.!]{0,40}\bauf\b|"
                      # 'Was für Karrierewege gibt es alles?', 'Was lernt man alles …? Alle Lernbereiche bitte.'
                      r"\b(gibt\s*(es|s)|lernt\s+man|macht\s+man|muss\s+man)\s+(da\s+)?alles\b|\balle\s+\w+\s+bitte\b|"
                      # 'Wie läuft die Ausbildung im Dialogmarketing ab?', 'Wie würde denn eine Ausbildung … laufen?'
                      r"\bwie\s+(l(ä|ae)uft|w(ü|ue)rde)\s+(denn\s+|so\s+)?(die|eine|so\s+eine|ne)\s+ausbildung\b|"
                      # 'Erklär mir den Ablauf der KfD-Ausbildung'
                      r"\bablauf\s+(der|einer|deiner|meiner|seiner|ihrer)\s+(\w+-)?ausbildung\b|"
                      # 'Fass bitte alles Wichtige zur Ausbildung … zusammen', 'Erzähl mal was über die Fähigkeiten …',
                      # 'Was gibt's über die Prüfungen zu wissen?'
                      r"\bfass\w*\b[^?.!]{0,60}\bzusammen\b|\bzusammenfass\w*|\balles\s+wichtige\b|"
                      r"\berz(ä|ae)hl\w*\s+(mir\s+|mal\s+|doch\s+|bitte\s+)*(was|etwas)\s+(ü|ue)ber\b|"
                      r"\bwas\s+gibt'?\s*(s|es)\s+(ü|ue)ber\b[^?.!]{0,60}\bzu\s+wissen\b|"
                      # 'Gib mir die wichtigsten Punkte zu Beziehungsmarketing.'
                      r"\b(die\s+)?wichtigsten\s+(punkte|fakten|infos|informationen|eckdaten)\b",
                      re.I)

# Words for a course that leads somewhere ('die Weiterbildung zum OMM', 'eine Schulung', 'Kurs oder Studium?'); the
# fact search and the comparison of ways in each add their own.
COURSE_WORDS = ("weiterbildung", "umschulung", "schulung", "kurs", "lehrgang")

# A question where something is or happens ('Wo ist man als Azubi im ersten Jahr?').
ASKS_WHERE = re.compile(r"\b(wo|wohin)\b", re.I)
# Where the bot has what it said ('woher hast du das?', 'woher weißt du die Zahl?', 'was ist deine Quelle?') – not
# where people come from ('Woher kommen die meisten OMM?').
SOURCE_ASKED = re.compile(r"\bwoher\s+(hast|wei(ß|ss)t|nimmst|kennst|beziehst)\s+du\b|\b(deine|ihre|die)\s+quellen?\b|"
                          r"\bwoher\s+(stammt|stammen|kommt|kommen)\s+"
                          r"(das|die\s+zahl(en)?|diese\s+zahl(en)?|die\s+info\w*|die\s+angaben?|die\s+daten)\b", re.I)


# Words that ask for a job's other names ('Wie heißt der Job noch …?', 'andere Bezeichnungen?', 'Wie nennt man den OMM noch?').
NAMES = re.compile(r"\bwie\s+(hei(ß|ss)t|nennt\s+man)\s+(der|die|das|den)?\s*(job|beruf|stelle|position|titel)\b|"
                   r"\bwie\s+(hei(ß|ss)t|nennt\s+man)\s+(der|die|den)\b[^?.]*\b(noch|sonst|alternativ)\b|"
                   r"\b(andere|weitere)[nrs]?\s+(namen|bezeichnung(en)?|berufsbezeichnung(en)?|jobtitel|titel)\b", re.I)


# Words that ask for every item of a list ('Gib mir alle', 'Alle Lernbereiche bitte', 'komplette Liste') – not 'alle'
# inside a question ('Sehen Stellenanzeigen … alle ähnlich aus?').
ALL_ASKED = re.compile(r"\balle\b(?=\s*([\w-]+\s*)?(\bbitte\b|[.!?]|$))|\bs(ä|ae)mtliche\b|"
                       r"\b(komplett|vollst(ä|ae)ndig)\w*\s+liste\b", re.I)


# Money nouns that also start compounds ('gehaltsmäßig', 'Verdienstmöglichkeiten', 'Einkommensniveau').
_PAY_HEADS = frozenset(stem(w) for w in words("Gehalt Verdienst Einkommen Vergütung"))
# 'Wie viel gibt es?' asks for money; 'Wie viele Azubis haben Abi?' counts (so the exact word, not its stem).
_HOW_MUCH = frozenset(("viel", "wieviel", "wievel"))
# The words after which 'viel' alone asks how much: 'wie viel', 'wi viel', 'so viel?', 'ist das viel?', or 'viel?' first.
_VIEL_ASKS = frozenset(("", "wie", "wi", "so", "das"))
_MISHEARD_HOW_MUCH = re.compile(r"\bwie\s*fiel\b", re.I)  # 'wie fiel bekomt man'
# … unless it measures something else: 'Wie viel Prozent haben mittlere Reife?', 'Wie viel Zeit …?'
_MEASURES = frozenset(words("Prozent Zeit Stunden Std Minuten Tage Wochen Monate Jahre Urlaub Leute Menschen Azubis "
                            "Aufgaben Teile Erfahrung Berufserfahrung Vorerfahrung Praxis Wissen Arbeit Stress Mathe "
                            "Mathematik Englisch Kenntnisse Vorwissen Ahnung"))
# What is set aside to ask something else: 'Nicht das Gehalt, sondern welche Studienfächer passen'.
_SET_ASIDE = re.compile(r"\bnicht\s+[^,.;?!]{0,40}?,?\s*(?=sondern\b)", re.I)
# How much one works is no pay: 'wie viel arbeitet man', 'wie viel der arbeitet'.
HOW_MUCH_WORK = re.compile(r"\b(wie\s*)?viel\s+(\w+\s+)?arbeit(e|et|est|en)\b", re.I)
# '96k', '60 Tsd.', '42 tausend' – thousands said short: always money.
THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3})\s?(?:k|tsd\.?|tausend)(?!\w)", re.I)
# Numbers that are measured are figures of success, not pay ('Was für Zahlen messen die?', 'Zahlen auswerten').
_MEASURED = re.compile(r"\bzahlen\b[^?.!]*\b(mess|misst|gemessen|auswert|analys|track)|"
                       r"\b(mess|misst|gemessen|auswert|analys|track)\w*\b[^?.!]*\bzahlen\b", re.I)
_NUMBERS = frozenset({stem("zahlen")})
# … and so are numbers one likes, is good with or asks the role of ('Spaß an Büroarbeit und Zahlen', 'gut mit Zahlen',
# 'liebe Zahlen', 'Zahlen sind mein Ding', 'Zahlen liegen mir', 'Spielen Zahlen und Kennzahlen da eine Rolle?')
_LIKED_NUMBERS = re.compile(r"\b(?i:an|mit)\s+(?i:zahlen)\b|\bund\s+Zahlen\b|\bZahlen\s+und\b|"
                            r"(?i:\b(lieb|mag|mög|moeg)\w*\s+zahlen\b|\bzahlen\s+(sind|liegen)\b|"
                            r"\bzahlen\b[^?.!]*\brolle\b)")
# 'zählen' (to count) stems like 'zahlen' (to pay).
_COUNTING = "zaehl"
# 'kriegen'/'bekommen' ask for money unless a thing follows the asker with its article ('krieg ich trotzdem ne
# Ausbildung?', 'Bekomme ich einen Bildungsgutschein?'); 'Bekomme ich ein 13. Gehalt?' and 'Was bekommt ein
# Trainee?' still ask for money.
_GETTING_STEMS = ("krieg", "bekomm")
_GETTING = re.compile(rf"\b((?:{'|'.join(_GETTING_STEMS)})\w*)\s+(?:ich|man|du|wir|sie|er)\s+(?:\S+\s+)?(?:ein|eine|einen|ne|nen)\s+"
                      r"(\S+(?:\s+\S+)?)", re.I)


# 'Was kann ich im Jahr erwarten?', 'Was bringt mir das im Monat?' – what one may expect or what a job brings per year
# or month is money ('im ersten Jahr' is no period).
# 'Womit kann ich beim Einstieg rechnen?' – what one may reckon with is money too ('Womit muss ich in der Prüfung
# rechnen?' is not).
_EXPECTED_PER_PERIOD = re.compile(r"\b(erwart|bring)\w*\b.*\b(im|pro)\s+(jahr|monat)\b|\b(im|pro)\s+(jahr|monat)\b.*\b(erwart|bring)|"
                                  r"\bwomit\s+(kann|darf|k(ö|oe)nnte|muss)\b[^?.!]*\brechnen\b|"
                                  r"\bmit\s+(mehr|weniger)\b[^?.!]{0,30}\brechnen\b|"  # 'mit mehr rechnen als …'
                                  # 'Was springt als Trainee im Jahr raus?' – what comes out of it is money
                                  r"\bspring\w*\b[^?.!]*\b(he)?raus\b|\b(he)?rausspring|"
                                  # 'Was steht ihm da ungefähr zu?' – what one is entitled to
                                  r"\bsteh(t|en)\s+(ihm|ihr|mir|dir|einem|uns|euch|ihnen)\b[^?.!]{0,30}\bzu\b|"
                                  r"\bzusteh\w*", re.I)


_CLAUSE = re.compile(r"[,;:?]|\bund\b")


def asks_pay_and_more(text: str) -> bool:
    """Whether a question asks about pay and, in a clause of its own, about something else ('KfD in kurz: was macht
    man, was verdient man?')."""
    clauses = [c for c in _CLAUSE.split(text) if c.strip()]
    return any(asks_pay(c) for c in clauses) and any(QUESTION.search(c) and not asks_pay(c) for c in clauses)


@lru_cache(maxsize=1 << 14)
def _misspelt_pay(word: str) -> bool:
    """A long word spelt close to a money word with the same start ('reinkommen' is no 'Einkommen')."""
    close = difflib.get_close_matches(word, _LONG_PAY_WORDS, n=3, cutoff=_MISSPELT_CUTOFF)
    return any(w[:3] == word[:3] for w in close)


def asks_pay(text: str) -> bool:
    """Whether a message asks for money – compounds count, with the money word last after a word of its
    own ('Mindestausbildungsvergütung', not 'reinkommen') or, when it is long, first ('gehaltsmäßig', 'Gehaltsvorstellung');
    who pays for a course is no pay ('Zahlt die Arbeitsagentur die Weiterbildung?')."""
    if agency_funds(text):
        return False
    text = HOW_MUCH_WORK.sub("", _SET_ASIDE.sub("", text))
    found = [w for w in words(_MISHEARD_HOW_MUCH.sub("wie viel", text)) if not w.startswith(_COUNTING)]
    things = {stem(key(m.group(1))) for m in _GETTING.finditer(text) if not asks_pay(m.group(2))}
    pairs = list(zip(found, found[1:] + [""]))
    # 'viel' alone asks only after `_VIEL_ASKS` ('wie viel', 'so viel?'), not after a verb ('telefoniere viel')
    counted = {w for before, (w, after) in zip(["", *found], pairs)
               if w in _HOW_MUCH and after not in _MEASURES and (w != "viel" or before in _VIEL_ASKS)}
    if any(w in _HOW_MUCH and after in _MEASURES for w, after in pairs):  # 'Wie viel Urlaub bekommt ein Azubi?'
        things |= {stem(w) for w in found if w.startswith(_GETTING_STEMS)}
    stems = {stem(w) for w in found} - things - (_NUMBERS if _MEASURED.search(text) or _LIKED_NUMBERS.search(text)
                                                 else set())
    return "€" in text or bool(counted) or bool(_EXPECTED_PER_PERIOD.search(text)) or bool(THOUSANDS.search(text)) or \
        any(s == p or (len(p) >= 5 and len(s) >= len(p) + 2 and s.endswith(p)) for s in stems for p in PAY_STEMS) or \
        any(s.startswith(p) for s in stems for p in _PAY_HEADS) or \
        any(_misspelt_pay(w) for w in found if len(w) >= 8)


def _lower_in(*forms: list[str]) -> Pattern:
    return {"LOWER": {"IN": sorted({f for group in forms for f in group})}}


def _phrases(label: str, value: str, phrases: list[str], make_doc) -> list[Pattern]:
    """Multi-word phrases become token patterns so they match however the tokenizer splits them."""
    out = []
    for phrase in phrases:
        tokens = [t.lower_ for t in make_doc(phrase)]
        out.append({"label": label, "id": value, "pattern": [{"LOWER": t} for t in tokens]})
    return out


def vocabulary_patterns(make_doc) -> list[Pattern]:
    patterns: list[Pattern] = []
    nouns = _lower_in(_TRAINING_YEAR_NOUNS)
    for year, forms in _ORDINALS.items():
        ordinal = _lower_in(forms)
        patterns.append({"label": "training_year", "id": str(year), "pattern": [ordinal, nouns]})
        patterns.append({"label": "training_year", "id": str(year),
                         "pattern": [_lower_in(["lehrjahr", "ausbildungsjahr"]), {"LOWER": str(year)}]})
        # the elliptical follow-up "und im zweiten?" – only right before the question mark or 'bitte'
        patterns.append({"label": "training_year", "id": str(year),
                         "pattern": [{"LOWER": "im"}, ordinal, {"IS_PUNCT": True}]})
        patterns.append({"label": "training_year", "id": str(year),
                         "pattern": [{"LOWER": "im"}, ordinal, {"LOWER": "bitte"}]})
        # 'im 2 jahr' – the number typed without its dot, singular 'Jahr' after 'im'
        patterns.append({"label": "training_year", "id": str(year),
                         "pattern": [_lower_in(["im", "ins"]), {"LOWER": str(year)}, nouns]})
        # 'ich komm ja schon ins dritte' – going into that year
        patterns.append({"label": "training_year", "id": str(year), "pattern": [{"LOWER": "ins"}, ordinal]})
    # 'im letzten Lehrjahr': the action knows how long the role's training lasts
    patterns.append({"label": "training_year", "id": LAST_TRAINING_YEAR,
                     "pattern": [_lower_in(["letzte", "letzten", "letztes", "letzter"]), nouns]})
    # 'am Ende der Ausbildung', 'gegen Ende der Lehre': the last year too
    patterns.append({"label": "training_year", "id": LAST_TRAINING_YEAR,
                     "pattern": [_lower_in(["am", "gegen", "zum"]), {"LOWER": "ende"}, {"LOWER": "der"},
                                 _lower_in(["ausbildung", "lehre", "lehrzeit", "ausbildungszeit"])]})
    for years, spelled in _NUMBER_WORDS.items():
        number = _lower_in(spelled, [str(years)])
        value = str(years)
        patterns += [
            {"label": "years_experience", "id": value,
             "pattern": [_lower_in(["nach", "mit", "ab", "bei"]), number, _lower_in(_YEAR_NOUNS)]},
            {"label": "years_experience", "id": value,
             "pattern": [_lower_in(["nach", "mit", "ab", "bei"]), number, _lower_in(_YEAR_NOUNS),
                         _lower_in(_EXPERIENCE_NOUNS)]},
            {"label": "years_experience", "id": value,
             "pattern": [number, _lower_in(_YEAR_NOUNS), _lower_in(_EXPERIENCE_NOUNS)]},
        ]
        for word in spelled[:1]:
            patterns.append({"label": "years_experience", "id": value,
                             "pattern": [{"LOWER": {"REGEX": rf"^{word}j(ä|ae)hrig(e|en|er|em)?$"}}]})
    for stage, phrases in _STAGES.items():
        patterns += _phrases("career_stage", stage, phrases, make_doc)
    for period, phrases in _PERIODS.items():
        patterns += _phrases("period", period, phrases, make_doc)
    # '2025' – also '2025.' at the end of a sentence, which the German tokenizer keeps as one token, and a date
    # ('Ausbildungsstart 01.09.2026', 'am 1.8.2025')
    patterns.append({"label": "start_year", "pattern": [{"TEXT": {"REGEX": r"^(\d{1,2}\.\d{1,2}\.)?20[2-3]\d\.?$"}}]})
    # … or in words ('Start zweitausendfünfundzwanzig')
    patterns += [{"label": "start_year", "id": str(year), "pattern": [_lower_in(spelled)]}
                 for year, spelled in _YEARS_IN_WORDS.items()]
    return patterns
