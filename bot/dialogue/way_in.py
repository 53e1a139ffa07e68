"""Career changers: a message that says where the asker comes from (a job, a study, a branch) and
asks only whether or how they get into a role ('Ich bin Fachinformatiker und will ins Online-Marketing.
Wie komme ich da hin?') asks for the way in – the lateral-entry topic – not for a fact that shares a
word with the asker's past ('Informatik' is also a study subject)."""
from __future__ import annotations

import re
from typing import Callable

from bot.answers.facts import FactLine
from bot.answers.search import FactSearch
from bot.dialogue.ranking import MIN_STRENGTH
from bot.kb.models import Occupation
from bot.kb.queries import KnowledgeBase
from bot.text import asked_sentences, terms

# Where the asker comes from: their job ('Ich bin Grafikdesignerin', 'als Webentwickler', 'seit 12 Jahren
# Lokaljournalist'), a branch ('Ich komme aus dem Vertrieb', 'fünf Jahre im Kundenservice') or a study
# ('Informatikstudium abgebrochen', 'Kommunikationswissenschaft nach vier Semestern').
_JOB = (r"[a-zäöüß-]{3,}(?:er|erin|or|orin|ist|istin|ent|entin|eur|eurin|kraft|frau|mann|loge|login|iker|ikerin|"
        r"managerin|manager|angestellte[rn]?)")
_NO_JOB = {"aber", "sicher", "unsicher", "besser", "leider", "immer", "wieder", "später", "älter", "jünger", "weiter",
           "lieber", "eher", "neuer", "senior", "junior", "schlechter", "super", "sauer", "unter", "hier", "oder",
           "schwanger", "klarer", "langsamer", "schneller", "jetzt", "nicht", "selbst", "erst", "fest", "bereit",
           "student", "studentin"}
# The field a job title names ('Kauffrau für Büromanagement'), so a role's own title is no background.
_FIELD = r"(?P<field>\s+(?:für|fuer|im|in)\s+[\w-]+)?"
BACKGROUND = re.compile(
    rf"\b(?:ich\s+bin|bin|ich\s+war|war|arbeite\s+als|als)\s+(?:(?:aber|auch|schon|jetzt|eigentlich)\s+)?"
    rf"(?:seit\s+(?:\S+\s+)?jahren\s+|\S+\s+jahre\s+(?:lang\s+)?)?"
    rf"(?:eine?\s+|gelernte[rn]?\s+|ausgebildete[rn]?\s+|(?:eigentlich|gelernter|gelernte)\s+)?(?P<job>{_JOB})\b{_FIELD}|"
    r"\bkomme?\s+(?:ursprünglich\s+|urspruenglich\s+|eigentlich\s+)?aus\s+(?:dem|der)\s+\w+|"
    r"\b(?:seit\s+(?:\S+\s+)?jahren|\S+\s+jahre(?:n)?\s+(?:erfahrung|lang))\s+(?:als|im|in\s+der|bei|an\s+der|hinter\s+der)\b|"
    r"\b(?:studium|studiert|semestern?)\b.{0,30}\b(?:abgebrochen|hingeschmissen|geschmissen|aufgegeben|beendet)\b|"
    r"\b\w+studium\s+(?:abgebrochen|hingeschmissen|aufgegeben)\b|\bnach\s+\S+\s+semestern\b|"
    # 'Ich habe BWL studiert und danach 5 Jahre im Einkauf gearbeitet.'
    r"\bhabe?\s+\w+\s+studiert\b|\b\S+\s+jahre\s+(?:lang\s+)?(?:als|im|in\s+der|bei)\b.{0,40}\bgearbeitet\b", re.I)
# A job that opens the message on its own ('Versicherungskaufmann, 15 Jahre Außendienst.', 'webentwickler (html css
# js …) will mehr richtung marketing', 'Hotelfachfrau hier, …').
LEADING_JOB = re.compile(rf"^\W*(?P<job>{_JOB}){_FIELD}\s*(?:[,(:]|hier\b)", re.I)
# Whether or how to get in, and nothing more specific: 'Geht das?', 'Kann ich OMM werden?', 'Wie komme ich da hin?',
# 'Wie werde ich Schritt für Schritt OMM?', 'Hab ich ne Chance?', 'Ist das für mich realistisch?', 'Welcher Weg ins
# Online Marketing passt?', 'Wie komme ich in Richtung Online Marketing?'.
WAY_IN = re.compile(
    r"\bgeht\s+das\b|\b(?:kann|könnte|koennte|darf)\s+ich\b.{0,60}\b(?:werden|wechseln|einsteigen|umsteigen|umschulen)\b|"
    r"\bkomm(?:e|t)?\s+(?:ich|man)\b.{0,40}\b(?:hin|rein|ins|in\s+die|in\s+das|zum|zur|dahin|richtung)\b|\bchance\b|"
    r"\bwie\s+werde\s+ich\b|\brealistisch\b|\bmachbar\b|\bgute[n]?\s+karten\b|\bwege?\s+(?:ins|in\s+die|zum|zur)\b|"
    r"\bwechsel\s+(?:ins|in\s+die|zum|zur)\b|\bwas\s+f(?:ü|ue)r\s+mich\b|\bausnahme\b|\bz(?:ä|ae)hlt\s+das\b|"
    r"\b(?:besonderen|(?:ü|ue)blichen|typischen|richtigen|besten)\s+weg\b|\bgibt(?:\s+es|s|'s)\s+(?:einen|nen)\s+weg\b|"
    r"\bf(?:ü|ue)r\s+(?:leute|jemanden|menschen|einen)\s+wie\s+mich\b|"
    # whether the asker's past counts: 'Zählt meine Ausbildung da überhaupt was?', 'Hilft mir das, wenn ich wechsle?',
    # 'Bringt mir das was?', 'Ist das eine gute Voraussetzung?', 'Bin ich da richtig?'
    r"\bz(?:ä|ae)hl(?:t|en)\s+(?:meine?|mein)\b|\b(?:hilft|bringt|nützt|nuetzt)\s+(?:mir|ihm|ihr)\s+(?:das|sowas|meine?)\b|"
    r"\bbringt\s+(?:das|sowas)\s+(?:(?:mir|ihm|ihr)\s+)?(?:was|etwas)\b|\bgute\s+voraussetzung|"
    r"\bhilft\s+(?:das|sowas)\b|"  # 'Ich bin Steuerfachangestellte … Hilft das als OMM?'
    r"\bbin\s+ich\b.{0,40}\brichtig\b|\bpasst\b.{0,30}\bzu\s+mir\b|"
    # whether what the asker can is wanted: 'Ich kann schreiben. Ist das als OMM gefragt?'
    r"\bist\s+(?:das|sowas|so\s+was)\b.{0,40}\bgefragt\b|"
    # whether the asker brings what it takes, or the role is their next step: 'Bringe ich die Eigenschaften für KfD
    # mit?', 'Ist der OMM der logische nächste Schritt?'
    r"\bbringe?\s+ich\b.{0,60}\bmit\b|\bn(?:ä|ae)chste[rn]?\s+(?:schritt|karriereschritt)\b|"
    # whether the role would suit: 'Wäre Dialogmarketing was?', 'wär das was für jemanden wie mich?'
    r"\bw(?:ä|ae)re?\b.{0,50}\bwas\s*(?:[?!.]|$)", re.I)


def background(text: str, names_role: Callable[[str], bool]) -> bool:
    """Whether a message says where the asker comes from: a job, a branch or a study – not one of the roles
    or their own training ('als Kaufmann für Dialogmarketing', 'ich bin Servicefachkraft für Dialogmarketing'),
    which `names_role`."""
    for match in [*BACKGROUND.finditer(text), *LEADING_JOB.finditer(text)]:
        job = match.group("job")
        if job is None or (job.lower() not in _NO_JOB and not names_role(job + (match.group("field") or ""))):
            return True
    return False


def asks_way_in(text: str, names_role: Callable[[str], bool]) -> bool:
    """Whether a message says where the asker comes from and asks whether or how they get in."""
    return bool(WAY_IN.search(asked_sentences(text))) and background(text, names_role)


# The role a message wants to become: named in the last words before 'werden'.
_BECOME = re.compile(r"\b(zu\s+)?werden\b", re.I)
BECOME_WINDOW = 5
_EITHER = {"oder", "und", "bzw", "bzw.", "/"}
# What the asker says about themselves that a requirement or skill line meets this strongly leads the
# way in ('Ich war bisher Lagerist und bin eher schüchtern. Kann ich trotzdem KfD werden?' – the traits).
LEAD_STRENGTH = 4.0
LEAD_TOPICS = {"requirements", "skills", "career"}
# … and a study subject line, when the asker says they studied ('hab kowi studiert, kann ich damit omm werden?' –
# not 'Ich bin Softwareentwickler …', whose job only shares a word with the subject Informatik)
_STUDIED = re.compile(r"\bstudi\w*|\w+studium\b|\bsemester\w*|\bbachelor\w*|\bmaster\w*", re.I)


class WayIn:
    """The career changer's way in, for `Answering`."""

    kb: KnowledgeBase
    search: FactSearch
    _title_words: Callable[[], dict[str, str]]  # from `Roles`

    def _names_role(self, title: str) -> bool:
        """Whether a job title is one of the roles or names one ('Kaufmann', 'Servicefachkraft für Dialogmarketing')."""
        return bool(self.kb.occupations_in(title)) or bool(set(terms(title)) & self._title_words().keys())

    def _asks_way_in(self, text: str) -> bool:
        """Whether a message says where the asker comes from and asks only whether or how they get in."""
        return asks_way_in(text, self._names_role)

    def _way_in_role(self, text: str) -> list[Occupation]:
        """The role of the way in that the asker's background meets, when they name none ('Ich bin Informatiker und
        hab Lust auf was mit Marketing. Geht das?' – the course for IT people leads to the OMM)."""
        hits = [h for h in self.search.search(text, None, roles_only=True) if h.line.topic == "lateral_entry"]
        role = self.kb.occupation(hits[0].line.occupation or "") if hits and hits[0].strength >= MIN_STRENGTH else None
        return [role] if role else []

    def _what_fits(self, text: str, occupation: Occupation) -> list[FactLine]:
        """The requirement or skill line that what the asker says about themselves meets clearly."""
        asked = asked_sentences(text)
        said = text.replace(asked, " ") if asked != text else text
        topics = LEAD_TOPICS | ({"study"} if _STUDIED.search(said) else set())
        hits = [h for h in self.search.search(said, occupation.id, roles_only=True) if h.line.topic in topics]
        return [hits[0].line] if hits and hits[0].strength >= LEAD_STRENGTH else []

    def _becoming(self, text: str) -> list[Occupation]:
        """The one role a message wants to become – named right before 'werden' – when it names
        another as where it comes from ('Ich bin Kauffrau für Dialogmarketing. Kann ich OMM werden?')."""
        match = _BECOME.search(text)
        before = text[:match.start()].split() if match else []
        for n in range(1, min(BECOME_WINDOW, len(before)) + 1):  # the shortest tail that names a role
            named = self.kb.occupations_in(" ".join(before[-n:]))
            if named:  # 'KfD oder OMM werden' wants either
                return [] if len(before) > n and before[-n - 1].lower() in _EITHER else named[:1]
        return []
